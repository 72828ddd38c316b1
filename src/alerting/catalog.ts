import { z } from "zod";
import { dnsLabel, duration, httpUrl, labelName, nonEmpty } from "../config/common-schemas";
import { anyProfile, DEFAULT_RED_PROFILE_NAMES, errorRatio, latencyQuantile, latencyThresholdProblem, RED_PROFILES, RedProfile, RedProfileName } from "../metrics/red-profiles";
import { COLLECTOR_JOB } from "../traces/otel-collector-values";
import { regexAlternation } from "./regex-alternation";
import { ALERT_ENGINES, AlertCategory, AlertRuleInput, Comparison, kebabCase, Severity, SEVERITIES } from "./alert-rule";

/** The alert names of the built-in rules. */
export const CATALOG_ALERTS = [
  "ServiceErrorRateHigh",
  "ServiceLatencyHigh",
  "ContainerCpuSaturated",
  "ContainerMemorySaturated",
  "NodeCpuSaturated",
  "NodeMemorySaturated",
  "PodCrashLooping",
  "PodRestartingFrequently",
  "TargetDown",
  "RootShellOpened",
  "PostgresDown",
  "PostgresConnectionsNearLimit",
  "LokiIngestionFailing",
  "LokiDiscardingLogs",
  "LogShippingFailing",
  "CollectorExportFailing",
  "CollectorDown",
] as const;
export type CatalogAlert = (typeof CATALOG_ALERTS)[number];

/** Per severity, the value above which the alert fires (`null`: no alert at that severity), and `for`. */
const thresholds = (defaults: { warning: number | null; critical: number | null; for: string }) =>
  z
    .strictObject({
      warning: z.number().nullable().default(defaults.warning),
      critical: z.number().nullable().default(defaults.critical),
      for: duration.default(defaults.for),
    })
    .default(() => ({ ...defaults }));

/** A yes/no condition: its severity and `for`. */
const condition = (defaults: { severity: Severity; for: string }) =>
  z
    .strictObject({ severity: z.enum(SEVERITIES).default(defaults.severity), for: duration.default(defaults.for) })
    .default(() => ({ ...defaults }));

/** Partial per-service overrides of the service thresholds. */
const serviceThresholds = z
  .strictObject({ warning: z.number().nullable().optional(), critical: z.number().nullable().optional(), for: duration.optional() })
  .optional();

const PROFILE_NAMES = Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]];

/** A source of "someone opened a shell" log lines in Loki. */
const shellSourceSchema = z.strictObject({
  /** Becomes the `source` label and part of the rule id. */
  name: dnsLabel,
  /** LogQL stream selector, e.g. `{namespace="falco"}`. */
  selector: z.string().regex(/^\{.*\}$/s, "must be a LogQL stream selector like {namespace=\"falco\"}"),
  /** RE2 line filter every matching line contains (rendered as |~ `pattern`). */
  pattern: nonEmpty.refine((p) => !p.includes("`"), "must not contain a backtick"),
  /** LogQL pipeline stages after the line filter (parsers, label filters, label_format). @default none */
  pipeline: z.string().default(""),
  /** Labels of one alert (one per shell). */
  by: z.array(labelName).min(1),
});

/**
 * Falco's "Terminal shell in container" rule (JSON output, as the Falco chart ships to
 * stdout) with the user being root, and Kubernetes audit events of an interactive `exec`
 * running a shell. Both normalized to `target_namespace`, `target_pod`, `user`.
 */
export const DEFAULT_SHELL_SOURCES: z.input<typeof shellSourceSchema>[] = [
  {
    name: "falco",
    selector: '{namespace="falco", container="falco"}',
    pattern: "Terminal shell in container",
    pipeline:
      '| json | output_fields_user_name="root" | label_format target_namespace="{{.output_fields_k8s_ns_name}}", target_pod="{{.output_fields_k8s_pod_name}}", user="{{.output_fields_user_name}}"',
    by: ["target_namespace", "target_pod", "user"],
  },
  // `pods/exec` is `create` over SPDY (a POST) and `get` over WebSockets (a GET, kubectl's
  // default since 1.30). The API server logs one event per stage of a request; exec is a
  // long-running request, so its stages are RequestReceived, ResponseStarted (its connection
  // upgraded, status 101: the shell is open) and ResponseComplete (only when the shell exits,
  // possibly hours later). Counting ResponseStarted with 101 counts each opened shell once,
  // right away, and neither a refused exec (403) nor RequestReceived, which many policies omit.
  {
    name: "kubernetes-audit",
    selector: '{job="kubernetes-audit"}',
    pattern: '"subresource":"exec"',
    pipeline:
      '| json | verb=~"create|get" | stage="ResponseStarted" | responseStatus_code="101" | requestURI=~".*command=(%2F(usr%2F)?bin%2F)?(ba|z|a|da)?sh(&.*)?$" | label_format target_namespace="{{.objectRef_namespace}}", target_pod="{{.objectRef_name}}", user="{{.user_username}}"',
    by: ["target_namespace", "target_pod", "user"],
  },
];

const serviceSchema = z.strictObject({
  /** Team owning the service's alerts. @default the catalog's team */
  team: dnsLabel.optional(),
  /** RED metrics profile of the service's instrumentation. @default the catalog's profiles */
  profile: z.enum(PROFILE_NAMES).optional(),
  errorRate: serviceThresholds,
  latencyP95Seconds: serviceThresholds,
});

/**
 * Configuration of the built-in rules, per environment. Services listed under `services`
 * get their own rules (team, profile, threshold overrides); every other service is covered
 * by the catalog-wide rule.
 */
export const catalogSchema = z.strictObject({
  /** Runbook pages live at `<runbookBaseUrl>/<alert-name-in-kebab-case>`. */
  runbookBaseUrl: httpUrl,
  /** Team owning platform alerts and services not listed. @default "platform" */
  team: dnsLabel.default("platform"),
  /** Team owning security alerts. @default "security" */
  securityTeam: dnsLabel.default("security"),
  /**
   * RED metrics profiles of services: each service gets its alerts from every profile whose
   * metrics it has, once (the first listed profile that finds it). They must name services by
   * one label. @default ["starlette-prometheus", "otel-http"]
   */
  profiles: z
    .array(z.enum(PROFILE_NAMES))
    .min(1)
    .default([...DEFAULT_RED_PROFILE_NAMES])
    .superRefine((names, ctx) => {
      const labels = [...new Set(names.map((name) => RED_PROFILES[name].serviceLabel))];
      if (labels.length > 1) ctx.addIssue({ code: "custom", message: `profiles name services by different labels (${labels.join(", ")}): one alert names a service by one label` });
      if (new Set(names).size < names.length) ctx.addIssue({ code: "custom", message: "lists a profile twice" });
    }),
  /** Window of rates and ratios. @default "5m" */
  rateWindow: duration.default("5m"),
  thresholds: z
    .strictObject({
      /** Fraction of requests answered 5xx. @default warning 0.01, critical 0.05, for 5m */
      errorRate: thresholds({ warning: 0.01, critical: 0.05, for: "5m" }),
      /** p95 request latency in seconds. @default warning 1, for 10m */
      latencyP95Seconds: thresholds({ warning: 1, critical: null, for: "10m" }),
      /** CPU used / limit (containers) and busy fraction (nodes). @default warning 0.9, for 15m */
      cpuSaturation: thresholds({ warning: 0.9, critical: null, for: "15m" }),
      /** Working set / limit (containers) and used fraction (nodes). @default warning 0.9, critical 0.97, for 15m */
      memorySaturation: thresholds({ warning: 0.9, critical: 0.97, for: "15m" }),
      /** Containers waiting in CrashLoopBackOff. @default warning above 0, for 15m */
      crashLoopBackOff: thresholds({ warning: 0, critical: null, for: "15m" }),
      /** Container restarts within 15 minutes. @default warning 3, for 0s */
      podRestarts: thresholds({ warning: 3, critical: null, for: "0s" }),
      /** Connections / max_connections. @default warning 0.8, critical 0.9, for 5m */
      postgresConnections: thresholds({ warning: 0.8, critical: 0.9, for: "5m" }),
      /** Fraction of Loki push requests failing (5xx or 429). @default warning 0.05, for 10m */
      lokiPushErrors: thresholds({ warning: 0.05, critical: null, for: "10m" }),
      /** Log lines Loki discards (refused with a 4xx: limits, labels, age), per second. @default warning above 0, for 10m */
      lokiDiscardedLines: thresholds({ warning: 0, critical: null, for: "10m" }),
      /** Log entries the agent drops, per second. @default warning above 0, for 10m */
      logShippingDrops: thresholds({ warning: 0, critical: null, for: "10m" }),
      /** Spans, metric points and log records the collector fails to export, per second. @default warning above 0, for 10m */
      collectorExportFailures: thresholds({ warning: 0, critical: null, for: "10m" }),
      /** A scrape target down. @default warning, for 5m */
      targetDown: condition({ severity: "warning", for: "5m" }),
      /** No OpenTelemetry Collector pod is scraped up: applications' telemetry has nowhere to go. @default critical, for 5m */
      collectorDown: condition({ severity: "critical", for: "5m" }),
      /** postgres_exporter cannot reach the database. @default critical, for 1m */
      postgresDown: condition({ severity: "critical", for: "1m" }),
      /** A root shell opened. @default critical, for 0s */
      rootShell: condition({ severity: "critical", for: "0s" }),
    })
    .prefault({}),
  /** Services (their `job` label) with their own team, profile or thresholds. @default {} */
  services: z.record(z.string().regex(/^[^"\\\n|]+$/, "must be a job label value"), serviceSchema).default({}),
  /** Where root shells are recorded. @default Falco and Kubernetes audit events */
  shellSources: z.array(shellSourceSchema).min(1).prefault(DEFAULT_SHELL_SOURCES),
  /** Built-in alerts to leave out, e.g. `PostgresDown` where there is no database. @default [] */
  disabled: z.array(z.enum(CATALOG_ALERTS)).default([]),
  /** Engine per built-in alert, overriding the environment's default (LogQL alerts are always Grafana). @default {} */
  engines: z.partialRecord(z.enum(CATALOG_ALERTS), z.enum(ALERT_ENGINES)).default({}),
}).superRefine(checkLatencyThresholds);

/**
 * Latency thresholds a profile's histogram can cross: `histogram_quantile` reports at most
 * the largest finite bucket, so a threshold at or above it would never fire. The catalog's
 * thresholds are checked with every listed profile, each service's with its own profile (or
 * the catalog's) and its own thresholds (or, under its own profile, the catalog's).
 */
function checkLatencyThresholds(
  config: { profiles: RedProfileName[]; thresholds: { latencyP95Seconds: Thresholds }; services: Record<string, z.output<typeof serviceSchema>> },
  ctx: z.RefinementCtx,
): void {
  const check = (profileNames: readonly RedProfileName[], value: number | null | undefined, path: (string | number)[]) => {
    if (value === null || value === undefined) return;
    for (const profileName of profileNames) {
      const problem = latencyThresholdProblem(RED_PROFILES[profileName], value);
      if (!problem) continue;
      ctx.addIssue({ code: "custom", path, message: problem });
      return;
    }
  };
  for (const severity of ["warning", "critical"] as const) {
    const inherited = config.thresholds.latencyP95Seconds[severity];
    check(config.profiles, inherited, ["thresholds", "latencyP95Seconds", severity]);
    for (const [service, overrides] of Object.entries(config.services)) {
      const own = overrides.latencyP95Seconds?.[severity];
      // an inherited threshold under the catalog's profiles is reported once, on the catalog
      if (own === undefined && !overrides.profile) continue;
      check(overrides.profile ? [overrides.profile] : config.profiles, own ?? inherited, ["services", service, "latencyP95Seconds", severity]);
    }
  }
}

export type CatalogConfigInput = z.input<typeof catalogSchema>;
export type CatalogConfig = z.output<typeof catalogSchema>;
type Thresholds = CatalogConfig["thresholds"]["errorRate"];

interface RuleShape {
  readonly name: CatalogAlert;
  readonly group: string;
  readonly category: AlertCategory;
  readonly summary: string;
  readonly description: string;
  readonly query: string;
  readonly comparison?: Comparison;
  readonly team?: string;
  readonly language?: "promql" | "logql";
  readonly labels?: Record<string, string>;
  readonly id?: string;
}

/** How one catalog rule, or one per severity, is made from its shape (runbook, team and engine filled in). */
function ruleBuilders(config: CatalogConfig) {
  const runbook = (name: string) => `${config.runbookBaseUrl.replace(/\/+$/, "")}/${kebabCase(name)}`;
  const base = (shape: RuleShape) => ({
    name: shape.name,
    group: shape.group,
    category: shape.category,
    summary: shape.summary,
    description: shape.description,
    runbookUrl: runbook(shape.name),
    team: shape.team ?? config.team,
    language: shape.language ?? "promql",
    query: shape.query,
    comparison: shape.comparison ?? ">",
    labels: shape.labels ?? {},
    ...(config.engines[shape.name] ? { engine: config.engines[shape.name] } : {}),
  });
  /** One rule per severity that has a threshold. */
  const graded = (shape: RuleShape, levels: Thresholds): AlertRuleInput[] =>
    (["critical", "warning"] as const).flatMap((severity) => {
      const threshold = levels[severity];
      if (threshold === null) return [];
      return [{ ...base(shape), severity, threshold, for: levels.for, ...(shape.id ? { id: `${shape.id}-${severity}` } : {}) }];
    });
  const conditional = (shape: RuleShape, when: { severity: Severity; for: string }, threshold: number): AlertRuleInput[] => [
    { ...base(shape), severity: when.severity, threshold, for: when.for, ...(shape.id ? { id: shape.id } : {}) },
  ];

  return { graded, conditional };
}

/**
 * The RED rules of the services the catalog lists, and nothing else: what a team that
 * onboards its own services alerts on (the platform keeps the catalog-wide rule).
 */
export function listedServiceRules(config: CatalogConfig): AlertRuleInput[] {
  return serviceRules(config, ruleBuilders(config).graded, config.rateWindow, false).filter((rule) => !config.disabled.includes(rule.name as CatalogAlert));
}

/**
 * The built-in rules for an environment, in a stable order: one rule per alert and
 * severity (critical first), per-service variants for listed services.
 */
export function catalogRules(config: CatalogConfig): AlertRuleInput[] {
  const { thresholds: t, rateWindow: w } = config;
  const { graded, conditional } = ruleBuilders(config);

  const rules: AlertRuleInput[] = [...serviceRules(config, graded, w, true)];
  const push = (...more: AlertRuleInput[]) => rules.push(...more);

  const containers = 'container!="", container!="POD"';
  push(
    ...graded(
      {
        name: "ContainerCpuSaturated",
        group: "kubernetes-resources",
        category: "saturation",
        summary: "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ $value | humanizePercentage }} of its CPU limit",
        description:
          "The container is using {{ $value | humanizePercentage }} of its CPU limit and is being throttled, which slows every request it serves. Check its CPU usage and throttling in the Kubernetes dashboards, whether load grew (request rate) or a release made it costlier, then raise the limit or scale out.",
        query: `sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{${containers}}[${w}])) / sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="cpu"})`,
      },
      t.cpuSaturation,
    ),
    ...graded(
      {
        name: "ContainerMemorySaturated",
        group: "kubernetes-resources",
        category: "saturation",
        summary: "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} uses {{ $value | humanizePercentage }} of its memory limit",
        description:
          "The container's working set is {{ $value | humanizePercentage }} of its memory limit; at 100 % it is OOM-killed. Check for a leak (memory growing since the last deploy), a larger workload, or a limit set too low; raise the limit or fix the leak before it restarts.",
        query: `sum by (namespace, pod, container) (container_memory_working_set_bytes{${containers}}) / sum by (namespace, pod, container) (kube_pod_container_resource_limits{resource="memory"})`,
      },
      t.memorySaturation,
    ),
    ...graded(
      {
        name: "NodeCpuSaturated",
        group: "kubernetes-resources",
        category: "saturation",
        summary: "Node {{ $labels.instance }} CPU is {{ $value | humanizePercentage }} busy",
        description:
          "The node's CPUs are {{ $value | humanizePercentage }} busy, so every pod on it competes for CPU. Check which pods use the most CPU on the node, whether requests match real usage, and whether the cluster needs another node.",
        query: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[${w}]))`,
      },
      t.cpuSaturation,
    ),
    ...graded(
      {
        name: "NodeMemorySaturated",
        group: "kubernetes-resources",
        category: "saturation",
        summary: "Node {{ $labels.instance }} memory is {{ $value | humanizePercentage }} used",
        description:
          "Only a small fraction of the node's memory is still available; the kubelet will start evicting pods. Check which pods use the most memory on the node, pods without memory limits, and whether the cluster needs another node.",
        query: "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
      },
      t.memorySaturation,
    ),
    ...graded(
      {
        name: "PodCrashLooping",
        group: "kubernetes-workloads",
        category: "availability",
        summary: "Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} is crash-looping",
        description:
          "The container keeps crashing and Kubernetes is backing off before restarting it (CrashLoopBackOff). Check its previous logs (kubectl logs --previous, or Loki), its exit reason in kubectl describe pod (OOMKilled, a failing probe, a missing config or Secret), and the last deploy.",
        query: 'sum by (namespace, pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"})',
      },
      t.crashLoopBackOff,
    ),
    ...graded(
      {
        name: "PodRestartingFrequently",
        group: "kubernetes-workloads",
        category: "availability",
        summary: 'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} restarted {{ printf "%.0f" $value }} times in 15 minutes',
        description:
          'The container restarted {{ printf "%.0f" $value }} times in the last 15 minutes. Check its previous logs (kubectl logs --previous, or Loki), the exit reason in kubectl describe pod (OOMKilled, liveness probe failures) and recent changes to the workload.',
        query: "sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total[15m]))",
      },
      t.podRestarts,
    ),
    ...conditional(
      {
        name: "TargetDown",
        group: "scrape-targets",
        category: "observability",
        summary: "Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}",
        description:
          "The scrape of {{ $labels.instance }} (job {{ $labels.job }}) fails, so its metrics and every alert based on them are blind. Check that the pod is running and ready, that the port and path of its ServiceMonitor or prometheus.io annotations are right, and that a NetworkPolicy lets Prometheus in (Prometheus' Targets page shows the error).",
        query: "up",
        comparison: "==",
        id: "target-down",
      },
      t.targetDown,
      0,
    ),
    ...conditional(
      {
        name: "PostgresDown",
        group: "postgres",
        category: "availability",
        summary: "PostgreSQL behind {{ $labels.instance }} is unreachable",
        description:
          "postgres_exporter cannot connect to the database, so the application most likely cannot either. Check that the database is running, its logs, the exporter's logs (authentication, TLS, network), and the connection count (a full pool refuses new connections).",
        query: "pg_up",
        comparison: "==",
        id: "postgres-down",
      },
      t.postgresDown,
      0,
    ),
    ...graded(
      {
        name: "PostgresConnectionsNearLimit",
        group: "postgres",
        category: "saturation",
        summary: "PostgreSQL behind {{ $labels.instance }} uses {{ $value | humanizePercentage }} of max_connections",
        description:
          "The database is close to max_connections; new connections will be refused. Check which applications hold the connections (pg_stat_activity), idle-in-transaction sessions and connection-pool sizes before raising max_connections.",
        query:
          "sum by (namespace, job, instance) (pg_stat_database_numbackends) / max by (namespace, job, instance) (pg_settings_max_connections)",
      },
      t.postgresConnections,
    ),
    ...graded(
      {
        name: "LokiIngestionFailing",
        group: "observability-pipeline",
        category: "observability",
        summary: "Loki rejects {{ $value | humanizePercentage }} of log pushes",
        description:
          "Loki answers {{ $value | humanizePercentage }} of push requests with an error (5xx) or a rate limit (429), so logs are being lost. Check Loki's own logs, its ingestion limits (ingestion_rate_mb, per-stream limits), its storage (disk full, object store errors) and its pods' memory.",
        query: `sum by (namespace, job) (rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push|otlp_v1_logs", status_code=~"5..|429"}[${w}])) / sum by (namespace, job) (rate(loki_request_duration_seconds_count{route=~"loki_api_v1_push|api_prom_push|otlp_v1_logs"}[${w}]))`,
      },
      t.lokiPushErrors,
    ),
    ...graded(
      {
        name: "LokiDiscardingLogs",
        group: "observability-pipeline",
        category: "observability",
        summary: "Loki discards {{ $value | humanize }} log lines per second of tenant {{ $labels.tenant }}: {{ $labels.reason }}",
        description:
          "Loki refuses log lines of tenant {{ $labels.tenant }} ({{ $labels.reason }}) with a 4xx answer that only the sender sees, so they are lost. By reason: rate_limited, per_stream_rate_limit or stream_limit: raise the tenant's ingestion limits or find the noisy stream; max_label_names_per_series, invalid_labels or structured_metadata_too_many: a client sends too many or bad labels or attributes (OTLP resource attributes Loki indexes); line_too_long: the application logs huge lines; greater_than_max_sample_age or too_far_behind: a client replays old logs or its clock is wrong. Loki's own logs name the offending stream.",
        query: `sum by (namespace, job, tenant, reason) (rate(loki_discarded_samples_total[${w}]))`,
      },
      t.lokiDiscardedLines,
    ),
    ...graded(
      {
        name: "LogShippingFailing",
        group: "observability-pipeline",
        category: "observability",
        summary: "The log agent {{ $labels.namespace }}/{{ $labels.pod }} drops log entries",
        description:
          "The log agent (Alloy or Promtail) drops {{ $value | humanize }} log entries per second because it cannot deliver them to Loki. Check the agent's logs for the error Loki returns, Loki's health (LokiIngestionFailing) and the NetworkPolicy between them.",
        query: `sum by (namespace, pod) (rate({__name__=~"loki_write_dropped_entries_total|promtail_dropped_entries_total"}[${w}]))`,
      },
      t.logShippingDrops,
    ),
    ...graded(
      {
        name: "CollectorExportFailing",
        group: "observability-pipeline",
        category: "observability",
        summary: "The OpenTelemetry Collector cannot export through {{ $labels.exporter }}",
        description:
          "The collector fails to send {{ $value | humanize }} items per second (spans, metric points or log records) through exporter {{ $labels.exporter }}, so telemetry is being lost. Check the collector's logs for the exporter's error, that the backend (Jaeger, Loki, Prometheus) is up and reachable, and the collector's queue and memory.",
        query: `sum by (namespace, job, exporter) (rate({__name__=~"otelcol_exporter_send_failed_(spans|metric_points|log_records)(_total)?"}[${w}]))`,
      },
      t.collectorExportFailures,
    ),
    ...conditional(
      {
        name: "CollectorDown",
        group: "observability-pipeline",
        category: "observability",
        summary: "No OpenTelemetry Collector is up",
        description: `Prometheus scrapes no running collector (job ${COLLECTOR_JOB}): its pods are down, crash-looping or gone, so the traces, metrics and logs applications send over OTLP are lost. Check the collector's pods and their previous logs (a bad config fails at start), its Helm release, and whether it is OOM-killed (memory_limiter, limits).`,
        // no target at all (pods gone, release failed) counts as down too
        query: `sum(up{job="${COLLECTOR_JOB}"}) or vector(0)`,
        comparison: "==",
        id: "collector-down",
      },
      t.collectorDown,
      0,
    ),
    ...config.shellSources.flatMap((source) =>
      conditional(
        {
          name: "RootShellOpened",
          group: "security",
          category: "security",
          team: config.securityTeam,
          language: "logql",
          summary: "Shell opened in {{ $labels.target_namespace }}/{{ $labels.target_pod }} by {{ $labels.user }}",
          description: `${source.name} recorded an interactive shell in pod {{ $labels.target_namespace }}/{{ $labels.target_pod }} by {{ $labels.user }}. Check who opened it and why (the Kubernetes audit log names the user), whether it matches a change or incident ticket, what was run (the compliance dashboard shows the logs around it), and whether the pod's image or service account was compromised.`,
          query: `sum by (${source.by.join(", ")}) (count_over_time(${source.selector} |~ \`${source.pattern}\` ${source.pipeline} [${w}]))`,
          labels: { source: source.name },
          id: `root-shell-opened-${source.name}`,
        },
        t.rootShell,
        0,
      ),
    ),
  );
  return rules.filter((rule) => !config.disabled.includes(rule.name as CatalogAlert));
}

/**
 * Label telling a RED alert's two kinds apart: a service's own ({@link RED_COVERAGE.owned}:
 * listed in the catalog or onboarded by its team) and the catalog-wide one covering every other
 * service ({@link RED_COVERAGE.catchAll}). Alertmanager mutes a catch-all alert while an own
 * alert of the same name and service fires (the team already hears of it).
 */
export const RED_COVERAGE_LABEL = "coverage";
export const RED_COVERAGE = { owned: "owned", catchAll: "catch-all" } as const;

/** RED rules: one set per listed service, and one for every service not listed when `catalogWide`. */
function serviceRules(
  config: CatalogConfig,
  graded: (shape: RuleShape, levels: Thresholds) => AlertRuleInput[],
  window: string,
  catalogWide: boolean,
): AlertRuleInput[] {
  const listed = Object.keys(config.services);
  // The `service` label names the service on every RED alert; it also keeps each service's rules
  // distinct from the catalog-wide one (same alert name and labels would be duplicate rules).
  const catalogProfiles = config.profiles.map((name) => RED_PROFILES[name]);
  // the catalog's profiles share one service label (checked by the schema)
  const { serviceLabel } = catalogProfiles[0];
  const scopes: Array<{
    id?: string;
    service: string;
    coverage: (typeof RED_COVERAGE)[keyof typeof RED_COVERAGE];
    profiles: RedProfile[];
    label: string;
    filter?: string;
    team?: string;
    errorRate: Thresholds;
    latency: Thresholds;
  }> = [
    {
      service: `{{ $labels.${serviceLabel} }}`,
      coverage: RED_COVERAGE.catchAll,
      profiles: catalogProfiles,
      label: serviceLabel,
      filter: listed.length ? `${serviceLabel}!~${JSON.stringify(regexAlternation(listed))}` : undefined,
      errorRate: config.thresholds.errorRate,
      latency: config.thresholds.latencyP95Seconds,
    },
    ...Object.entries(config.services).map(([service, overrides]) => {
      const profiles = overrides.profile ? [RED_PROFILES[overrides.profile]] : catalogProfiles;
      return {
        id: service.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""),
        service,
        coverage: RED_COVERAGE.owned,
        profiles,
        label: profiles[0].serviceLabel,
        filter: `${profiles[0].serviceLabel}=${JSON.stringify(service)}`,
        team: overrides.team,
        errorRate: merge(config.thresholds.errorRate, overrides.errorRate),
        latency: merge(config.thresholds.latencyP95Seconds, overrides.latencyP95Seconds),
      };
    }),
  ];
  return scopes.slice(catalogWide ? 0 : 1).flatMap((scope) => [
    ...graded(
      {
        name: "ServiceErrorRateHigh",
        id: scope.id && `service-error-rate-high-${scope.id}`,
        group: "service-red",
        category: "availability",
        team: scope.team,
        summary: `{{ $value | humanizePercentage }} of requests to {{ $labels.${scope.label} }} fail`,
        description: `{{ $labels.${scope.label} }} answered {{ $value | humanizePercentage }} of its requests with a server error (5xx) over the last ${window}. Check the service's error logs in Loki around the start of the alert, whether a release just went out (roll back if so), and its dependencies (database, downstream APIs) on the service dashboard.`,
        query: anyProfile(scope.profiles, (profile) => errorRatio(profile, scope.filter, window)),
        labels: { service: scope.service, [RED_COVERAGE_LABEL]: scope.coverage },
      },
      scope.errorRate,
    ),
    ...graded(
      {
        name: "ServiceLatencyHigh",
        id: scope.id && `service-latency-high-${scope.id}`,
        group: "service-red",
        category: "performance",
        team: scope.team,
        summary: `p95 latency of {{ $labels.${scope.label} }} is {{ $value | humanizeDuration }}`,
        description: `95 % of requests to {{ $labels.${scope.label} }} took up to {{ $value | humanizeDuration }} over the last ${window}. Check slow traces in Jaeger for the slowest operation, database query times and connections, CPU throttling of the service's pods, and whether traffic grew.`,
        query: anyProfile(scope.profiles, (profile) => latencyQuantile(profile, 0.95, scope.filter, window)),
        labels: { service: scope.service, [RED_COVERAGE_LABEL]: scope.coverage },
      },
      scope.latency,
    ),
  ]);
}

function merge(defaults: Thresholds, overrides: z.output<typeof serviceThresholds>): Thresholds {
  return {
    warning: overrides?.warning !== undefined ? overrides.warning : defaults.warning,
    critical: overrides?.critical !== undefined ? overrides.critical : defaults.critical,
    for: overrides?.for ?? defaults.for,
  };
}
