import { z } from "zod";
import { duration, httpUrl, nonEmpty } from "../config/common-schemas";
import { lokiTenantId, TENANT_HEADER } from "../logs/loki-tenancy";
import {
  anyProfile,
  errorRatio,
  JOB_NAMESPACE_PREFIX,
  latencyQuantile,
  RED_PROFILES,
  RedProfile,
  RedProfileName,
  requestRate,
  SERVICE_NAME_LABEL,
} from "../metrics/red-profiles";
import { assertValidQuery } from "../queries/validate-query";
import { SPAN_SERVICE_NAME_TAG } from "../traces/span-service-name-tag";
import { DATASOURCE_UIDS, DatasourceKind } from "./datasource-uids";

/** Datasource names in Grafana's pickers. */
export const DATASOURCE_NAMES: Record<DatasourceKind, string> = {
  prometheus: "Prometheus",
  loki: "Loki",
  jaeger: "Jaeger",
  alertmanager: "Alertmanager",
};

/** Grafana plugin ids (`type`) of the datasources. */
export const DATASOURCE_TYPES: Record<DatasourceKind, string> = {
  prometheus: "prometheus",
  loki: "loki",
  jaeger: "jaeger",
  alertmanager: "alertmanager",
};

/**
 * Span attribute → Loki label pairs used to find a span's logs: the span's pod, which the
 * collector's k8s_attributes gives spans and OTLP logs and the log agent gives pod logs. Not
 * the service: Jaeger keeps `service.name` as no tag, and the `service_name` Loki derives for
 * pod logs is the pod's app label, which need not be the service's name.
 */
export const DEFAULT_TRACE_TO_LOGS_TAGS = [
  { key: "k8s.namespace.name", value: "namespace" },
  { key: "k8s.pod.name", value: "pod" },
] as const;

const redProfileNames = Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]];

/**
 * Where Grafana reaches Prometheus, Loki, Jaeger and Alertmanager, and how the datasources
 * link to each other. `isReference` accepts values only known at apply time (Terraform
 * references) in place of a URL.
 */
export function datasourcesSchema(isReference: (value: string) => boolean = () => false) {
  const url = z.string().refine((value) => isReference(value) || httpUrl.safeParse(value).success, "must be an http(s) URL");
  return z.strictObject({
    prometheus: z.strictObject({
      /** Prometheus HTTP API base URL as Grafana reaches it, e.g. `http://kube-prometheus-stack-prometheus.monitoring:9090`. */
      url,
      /** Scrape interval: Grafana's lower bound for `$__interval` and `$__rate_interval`. @default "30s" */
      scrapeInterval: duration.default("30s"),
    }),
    loki: z.strictObject({
      /** Loki base URL as Grafana reaches it (the gateway or the single binary). */
      url,
      /**
       * Tenant to read when Loki runs multi-tenant (`auth_enabled: true`): sent as the
       * `X-Scope-OrgID` header, whose value is kept in the datasource's secure settings.
       * @default none (single tenant)
       */
      tenantId: lokiTenantId.optional(),
    }),
    jaeger: z.strictObject({
      /** Jaeger query service base URL (the UI/API port, 16686). */
      url,
    }),
    alertmanager: z.strictObject({
      /** Alertmanager base URL (port 9093). */
      url,
      /** Also send Grafana-managed alerts to this Alertmanager. @default false */
      handleGrafanaManagedAlerts: z.boolean().default(false),
    }),
    correlations: z
      .strictObject({
        /**
         * Span attributes mapped to Loki labels for "Logs for this span": the attributes a
         * span has become the stream selector; with none of them, no link. @default
         * k8s.namespace.name→namespace, k8s.pod.name→pod
         */
        traceToLogsTags: z
          .array(z.strictObject({ key: nonEmpty, value: z.string().regex(/^[A-Za-z_]\w*$/, "must be a Loki label name").optional() }))
          .min(1)
          .default(DEFAULT_TRACE_TO_LOGS_TAGS.map((tag) => ({ ...tag }))),
        /** How long before a span's start and after its end logs and metrics are searched. @default "5m" */
        spanTimeShift: duration.default("5m"),
        /**
         * RED metrics naming of the traced services, for the trace → metrics queries: each
         * query reads every profile, a service two profiles find counted by the first. @default ["otel-http"]
         */
        redProfiles: z.array(z.enum(redProfileNames)).min(1).default(["otel-http"]),
      })
      .prefault({}),
  });
}

export type DatasourcesInput = z.input<ReturnType<typeof datasourcesSchema>>;
export type DatasourcesConfig = z.output<ReturnType<typeof datasourcesSchema>>;
type Correlations = DatasourcesConfig["correlations"];

/**
 * Where a trace id found in an exemplar leads: the Jaeger trace view of that id. Internal
 * only: Grafana queries the target datasource with the exemplar's value itself, and would
 * add a second, external link to whatever `url` held.
 */
function exemplarTraceLink(name: string) {
  return { name, datasourceUid: DATASOURCE_UIDS.jaeger, urlDisplayLabel: "View trace" };
}

/** Where a trace id found in a log line leads: the Jaeger trace view of that id. */
function derivedTraceLink(name: string, matcherType: "regex" | "label", matcherRegex: string) {
  // for a derived field's internal link `url` is the query sent to Jaeger: the matched trace id itself
  return { ...exemplarTraceLink(name), matcherType, matcherRegex, url: "${__value.raw}" };
}

/**
 * A trace id in a log line, as `traceID=…`, `trace_id: …`, `"traceId":"…"`: W3C (32 hex)
 * or Jaeger's short (16 hex) form. Grafana links the first capture group.
 */
export const TRACE_ID_IN_LOG_LINE = "(?:traceID|trace_id|traceId)\\W{1,4}([0-9a-fA-F]{32}|[0-9a-fA-F]{16})\\b";

/** Prometheus: scrape interval, POST queries, exemplars whose `trace_id`/`traceID` label opens the trace in Jaeger. */
export function prometheusJsonData(config: DatasourcesConfig) {
  return {
    httpMethod: "POST",
    prometheusType: "Prometheus",
    timeInterval: config.prometheus.scrapeInterval,
    // OpenTelemetry SDKs label exemplars `trace_id`; Prometheus client libraries' examples use `traceID`
    exemplarTraceIdDestinations: [exemplarTraceLink("trace_id"), exemplarTraceLink("traceID")],
  };
}

/**
 * Loki: derived fields turning a trace id into a link to Jaeger, from the log line (regex)
 * and from the `trace_id` label or structured metadata (OTLP logs carry it there). The
 * tenant goes as a header, {@link lokiHttpHeaders}.
 */
export function lokiJsonData() {
  return {
    derivedFields: [
      derivedTraceLink("TraceID", "regex", TRACE_ID_IN_LOG_LINE),
      derivedTraceLink("trace_id", "label", "trace_id"),
    ],
  };
}

/**
 * The headers Grafana sends Loki with every query: the tenant (`X-Scope-OrgID`) when Loki
 * runs multi-tenant. The grafana provider takes headers only as `http_headers` (it writes
 * Grafana's `httpHeaderName<N>`/`httpHeaderValue<N>` settings itself, keeps the values in
 * the secure settings, and refuses those keys in the encoded settings).
 */
export function lokiHttpHeaders(config: DatasourcesConfig): Record<string, string> | undefined {
  return config.loki.tenantId === undefined ? undefined : { [TENANT_HEADER]: config.loki.tenantId };
}

/** A span's service name in a span link, as Grafana interpolates it: the tag the collector copies `service.name` to. */
const SPAN_SERVICE_NAME = `\${__span.tags.${SPAN_SERVICE_NAME_TAG}}`;

/**
 * The matcher selecting a span's service among a RED profile's series: the name itself where
 * the label holds only the name (`service_name`, the span metrics'); otherwise a `job`, which
 * OTLP metrics write as `<service.namespace>/<service.name>` and scrapes as the bare name.
 */
export function spanServiceMatcher(profile: RedProfile): string {
  return profile.serviceLabel === SERVICE_NAME_LABEL
    ? `${profile.serviceLabel}="${SPAN_SERVICE_NAME}"`
    : `${profile.serviceLabel}=~"${JOB_NAMESPACE_PREFIX}${SPAN_SERVICE_NAME}"`;
}

/** The trace → metrics queries: request rate, error ratio and p95 latency of the span's service. */
export function traceToMetricsQueries(correlations: Correlations) {
  const profiles = correlations.redProfiles.map((name) => RED_PROFILES[name]);
  const queries = [
    { name: "Request rate", query: anyProfile(profiles, (profile) => requestRate(profile, spanServiceMatcher(profile))) },
    { name: "Error ratio", query: anyProfile(profiles, (profile) => errorRatio(profile, spanServiceMatcher(profile))) },
    { name: "p95 latency", query: anyProfile(profiles, (profile) => latencyQuantile(profile, 0.95, spanServiceMatcher(profile))) },
  ];
  // the span variable sits inside a string literal: the query parses as written
  for (const { name, query } of queries) assertValidQuery("promql", query, "Jaeger datasource", `tracesToMetrics "${name}"`);
  return queries;
}

/**
 * Jaeger: "Logs for this span" in Loki (by the mapped span attributes and the trace id,
 * around the span's time), "Metrics" in Prometheus (RED queries of the span's service), and
 * the node graph of the trace.
 */
export function jaegerJsonData(config: DatasourcesConfig) {
  const { traceToLogsTags, spanTimeShift } = config.correlations;

  return {
    tracesToLogsV2: {
      datasourceUid: DATASOURCE_UIDS.loki,
      tags: traceToLogsTags,
      spanStartTimeShift: `-${spanTimeShift}`,
      spanEndTimeShift: spanTimeShift,
      filterByTraceID: true,
      filterBySpanID: false,
      customQuery: false,
    },
    tracesToMetrics: {
      datasourceUid: DATASOURCE_UIDS.prometheus,
      spanStartTimeShift: `-${spanTimeShift}`,
      spanEndTimeShift: spanTimeShift,
      queries: traceToMetricsQueries(config.correlations),
    },
    nodeGraph: { enabled: true },
  };
}

/** Alertmanager: the Prometheus implementation (the one kube-prometheus-stack runs). */
export function alertmanagerJsonData(config: DatasourcesConfig) {
  return { implementation: "prometheus", handleGrafanaManagedAlerts: config.alertmanager.handleGrafanaManagedAlerts };
}
