import { z } from "zod";
import { dnsLabel, httpUrl, resources } from "../config/common-schemas";
import { SIZE_PROFILES } from "../config/size-profiles";
import { lokiTenantId } from "../logs/loki-tenancy";
import { staticLabels } from "../logs/static-labels";

/** `host:port`, as an OTLP gRPC exporter takes it. */
const hostPort = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:\d{1,5}$/, { error: "must be host:port without a scheme, e.g. jaeger.monitoring.svc:4317", abort: true })
  .refine((endpoint) => Number(endpoint.split(":")[1]) <= 65_535, "must have a port up to 65535");

/** An attribute name, e.g. `http.request.method`. */
const attributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "must be an attribute name like http.request.method");

/** Props of the OpenTelemetry Collector gateway (chart `opentelemetry-collector`, deployment mode). */
export const otelCollectorSchema = z
  .strictObject({
    /** Namespace of the release (plain name; service URLs are built from it). */
    namespace: dnsLabel,
    /**
     * Helm release name. The default contains the chart name, so the Service is named
     * exactly that; another name gives `<release>-opentelemetry-collector`. @default "opentelemetry-collector"
     */
    releaseName: dnsLabel.default("opentelemetry-collector"),
    /** Where traces go: Jaeger's OTLP gRPC endpoint (`jaeger.otlpGrpcEndpoint`), plaintext inside the cluster. */
    traces: z.strictObject({ endpoint: hostPort }),
    /**
     * Where metrics go: Prometheus' remote-write receivers (`…/api/v1/write`) or its OTLP
     * receivers (`…/api/v1/otlp`; the exporter appends `/v1/metrics`). One per Prometheus
     * replica: each replica of an HA pair must get every sample, which a Service in front of
     * them would split between them (`PrometheusStack.remoteWriteUrls`, `.otlpUrls`).
     */
    metrics: z.discriminatedUnion(
      "protocol",
      [
        z.strictObject({ protocol: z.literal("remote-write"), urls: z.array(httpUrl).min(1, "must list at least one URL") }),
        z.strictObject({ protocol: z.literal("otlp"), endpoints: z.array(httpUrl).min(1, "must list at least one endpoint") }),
      ],
      { error: 'must be { protocol: "remote-write", urls } or { protocol: "otlp", endpoints }' },
    ),
    /** Where logs go: Loki's OTLP endpoint (`http://<gateway>/otlp`), with the tenant when Loki has auth on. */
    logs: z.strictObject({
      endpoint: httpUrl,
      /** Sent as `X-Scope-OrgID`. @default none (Loki with auth_enabled: false) */
      tenantId: lokiTenantId.optional(),
      /**
       * Static labels on every log record, e.g. `{ cluster: "eu-1", environment: "prod" }`: the
       * log agent's `extraLabels`, so OTLP streams carry the same ones. Set as resource
       * attributes; Loki must index them (the Loki construct's `staticLabels`). @default {}
       */
      labels: staticLabels.default({}),
    }),
    /**
     * RED metrics computed from every span (the `span_metrics` connector): request rate,
     * errors and duration per service and operation, also for services that export no
     * metrics of their own. @default off
     */
    spanMetrics: z
      .strictObject({
        /** Span attributes added as metric labels (mind the cardinality). @default none */
        dimensions: z.array(attributeName).default([]),
      })
      .optional(),
    /** Fixed number of collector pods. @default 1 (or the HPA's, with autoscaling) */
    replicas: z.number().int().min(1).max(20).optional(),
    /** A HorizontalPodAutoscaler on CPU instead of fixed replicas. @default none */
    autoscaling: z
      .strictObject({
        minReplicas: z.number().int().min(1),
        maxReplicas: z.number().int().min(1).max(50),
        /** Average CPU, in % of the request, the HPA aims at. @default 80 */
        targetCpuPercent: z.number().int().min(10).max(100).default(80),
      })
      .refine((a) => a.minReplicas <= a.maxReplicas, { path: ["maxReplicas"], message: "must be at least minReplicas" })
      .optional(),
    /**
     * The chart's ServiceMonitor on the collector's metrics port, so Prometheus scrapes it
     * like every other component and a dead collector shows as down (instead of the collector
     * pushing its own metrics through its pipeline). Needs the prometheus-operator CRDs
     * installed first (put their release in `dependsOn`). @default false
     */
    selfMonitoring: z.boolean().default(false),
    /** Container resources; the memory limit also sizes `memory_limiter` and `GOMEMLIMIT`. @default the `small` size profile's otelCollector resources */
    resources: resources.default(SIZE_PROFILES.small.otelCollector.resources),
  })
  .refine((c) => c.replicas === undefined || c.autoscaling === undefined, {
    path: ["autoscaling"],
    message: "give either replicas or autoscaling, not both",
  });

export type OtelCollectorInput = z.input<typeof otelCollectorSchema>;
export type OtelCollectorConfig = z.output<typeof otelCollectorSchema>;
