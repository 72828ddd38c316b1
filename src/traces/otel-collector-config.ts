import { Values } from "../helm/values";
import { RedProfile } from "../metrics/red-profiles";
import { OtelCollectorConfig } from "./otel-collector-schema";

/**
 * Component ids, in the snake_case names collector 0.158 uses (`otlp_grpc`, `otlp_http`,
 * `k8s_attributes`, `span_metrics`, `prometheus_remote_write`): the old spellings are
 * deprecated aliases that log a warning on every start. `otlp` (receiver), `prometheus`
 * (the collector's self-scrape), `memory_limiter` and `batch` come from the chart's defaults.
 */
export const COLLECTOR_COMPONENTS = {
  otlpReceiver: "otlp",
  selfScrapeReceiver: "prometheus",
  memoryLimiter: "memory_limiter",
  k8sAttributes: "k8s_attributes",
  batch: "batch",
  jaegerExporter: "otlp_grpc/jaeger",
  remoteWriteExporter: "prometheus_remote_write",
  prometheusOtlpExporter: "otlp_http/prometheus",
  lokiExporter: "otlp_http/loki",
  spanMetrics: "span_metrics",
} as const;

const C = COLLECTOR_COMPONENTS;

/**
 * Processors of every pipeline, in order: refuse data before running out of memory, then
 * tag it with the sending pod's namespace, workload and labels, then batch. Listing
 * `k8s_attributes` here keeps it after `memory_limiter`: the chart's kubernetesAttributes
 * preset (which creates the RBAC it needs) only prepends it to pipelines that lack it.
 */
const PROCESSORS = [C.memoryLimiter, C.k8sAttributes, C.batch];

/** Prefix of the span metrics, pinned so the Prometheus names below do not move with the connector's default. */
const SPAN_METRICS_NAMESPACE = "traces.span.metrics";
const SPAN_METRICS_PREFIX = SPAN_METRICS_NAMESPACE.replaceAll(".", "_");

/**
 * The span metrics as Prometheus stores them (remote write and the OTLP receiver both add
 * unit and `_total` suffixes and turn dots into underscores), as a RED profile for
 * dashboards and alerts. They count spans of every kind: filter on
 * `span_kind="SPAN_KIND_SERVER"` for the requests a service serves.
 */
export const SPAN_METRICS_RED_PROFILE: RedProfile = {
  name: "otel-span-metrics",
  requestsTotal: `${SPAN_METRICS_PREFIX}_calls_total`,
  errors: { metric: `${SPAN_METRICS_PREFIX}_calls_total`, matcher: 'status_code="STATUS_CODE_ERROR"' },
  durationBucket: `${SPAN_METRICS_PREFIX}_duration_seconds_bucket`,
  serviceLabel: "service_name",
};

function metricsExporter(metrics: OtelCollectorConfig["metrics"]): [string, Values] {
  return metrics.protocol === "remote-write"
    ? [C.remoteWriteExporter, { endpoint: metrics.url }]
    : [C.prometheusOtlpExporter, { endpoint: metrics.endpoint }];
}

/**
 * The collector configuration the chart deep-merges over its defaults (`config`). Mappings
 * merge, lists replace: every pipeline is listed whole. The defaults we do not want are
 * deleted with null: the `debug` exporter (it would log every batch) and the Jaeger and
 * Zipkin receivers (applications send OTLP). The chart's `prometheus` receiver stays: it
 * scrapes the collector's own metrics into the metrics pipeline, so they reach Prometheus
 * without a ServiceMonitor. `health_check` stays too: the chart's probes need it.
 */
export function collectorConfig(config: OtelCollectorConfig): Values {
  const [metricsExporterId, metricsExporterConfig] = metricsExporter(config.metrics);
  const spanMetrics = config.spanMetrics;
  return {
    receivers: { jaeger: null, zipkin: null },
    exporters: {
      debug: null,
      // Plaintext gRPC inside the cluster (NetworkPolicies decide who may connect).
      [C.jaegerExporter]: { endpoint: config.traces.endpoint, tls: { insecure: true } },
      [metricsExporterId]: metricsExporterConfig,
      [C.lokiExporter]: {
        endpoint: config.logs.endpoint,
        ...(config.logs.tenantId ? { headers: { "X-Scope-OrgID": config.logs.tenantId } } : {}),
      },
    },
    ...(spanMetrics
      ? {
          connectors: {
            [C.spanMetrics]: {
              namespace: SPAN_METRICS_NAMESPACE,
              histogram: { unit: "s" },
              dimensions: spanMetrics.dimensions.map((name) => ({ name })),
              exemplars: { enabled: true },
            },
          },
        }
      : {}),
    service: {
      pipelines: {
        traces: {
          receivers: [C.otlpReceiver],
          processors: PROCESSORS,
          exporters: [C.jaegerExporter, ...(spanMetrics ? [C.spanMetrics] : [])],
        },
        metrics: {
          receivers: [C.otlpReceiver, C.selfScrapeReceiver, ...(spanMetrics ? [C.spanMetrics] : [])],
          processors: PROCESSORS,
          exporters: [metricsExporterId],
        },
        logs: { receivers: [C.otlpReceiver], processors: PROCESSORS, exporters: [C.lokiExporter] },
      },
    },
  };
}
