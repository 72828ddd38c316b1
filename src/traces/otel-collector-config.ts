import { Values } from "../helm/values";
import { escapeHelmTemplate } from "../logs/alloy-config";
import { TENANT_HEADER } from "../logs/loki-tenancy";
import { OTLP_LOG_LABELS, OTLP_STREAM } from "../logs/otlp-log-labels";
import { RED_PROFILES, RedProfile } from "../metrics/red-profiles";
import { OtelCollectorConfig } from "./otel-collector-schema";
import { SPAN_SERVICE_NAME_TAG } from "./span-service-name-tag";

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
  collectorInstance: "attributes/collector_instance",
  logLabels: "resource/log_labels",
  spanServiceName: "resource/span_service_name",
} as const;

const C = COLLECTOR_COMPONENTS;

/**
 * Processors of every pipeline, in order: refuse data before running out of memory, then
 * tag it with the sending pod's namespace, workload and labels, then batch. Listing
 * `k8s_attributes` here keeps it after `memory_limiter`: the chart's kubernetesAttributes
 * preset (which creates the RBAC it needs) only prepends it to pipelines that lack it.
 */
const PROCESSORS = [C.memoryLimiter, C.k8sAttributes, C.batch];

/** The traces pipeline's: also the span's service name as a tag Jaeger keeps ({@link SPAN_SERVICE_NAME_TAG}). */
const TRACE_PROCESSORS = [C.memoryLimiter, C.k8sAttributes, C.spanServiceName, C.batch];

/**
 * Prefix of the span metrics, pinned so their Prometheus names (`traces_span_metrics_…`,
 * the `otel-span-metrics` RED profile) do not move with the connector's default.
 */
const SPAN_METRICS_NAMESPACE = "traces.span.metrics";

/** The span metrics as Prometheus stores them: the `otel-span-metrics` RED profile. */
export const SPAN_METRICS_RED_PROFILE: RedProfile = RED_PROFILES["otel-span-metrics"];

/** One exporter per Prometheus replica (`prometheus_remote_write/0`, …), each sending everything. */
function metricsExporters(metrics: OtelCollectorConfig["metrics"]): Record<string, Values> {
  const [type, endpoints] = metrics.protocol === "remote-write" ? [C.remoteWriteExporter, metrics.urls] : [C.prometheusOtlpExporter, metrics.endpoints];
  return Object.fromEntries(endpoints.map((endpoint, i) => [endpoints.length === 1 ? type : `${type}/${i}`, { endpoint }]));
}

/**
 * The pod a span metric was computed in, as a label. Every collector replica counts the
 * spans it receives; without it their cumulative counters for the same service would be one
 * series that jumps back and forth (false resets, out-of-order samples). Queries sum it away.
 */
export const COLLECTOR_INSTANCE_LABEL = "otel_collector";

/**
 * The collector configuration the chart deep-merges over its defaults (`config`). Mappings
 * merge, lists replace: every pipeline is listed whole. The defaults we do not want are
 * deleted with null: the `debug` exporter (it would log every batch) and the Jaeger and
 * Zipkin receivers (applications send OTLP), and with `selfMonitoring` the chart's
 * `prometheus` receiver, since Prometheus then scrapes the collector itself. Without it the
 * receiver stays: it scrapes the collector's own metrics into the metrics pipeline, so they
 * reach Prometheus without a ServiceMonitor. `health_check` stays: the chart's probes need it.
 */
export function collectorConfig(config: OtelCollectorConfig): Values {
  const metricsExporterConfigs = metricsExporters(config.metrics);
  const metricsExporterIds = Object.keys(metricsExporterConfigs);
  const spanMetrics = config.spanMetrics;
  return {
    receivers: { jaeger: null, zipkin: null, ...(config.selfMonitoring ? { [C.selfScrapeReceiver]: null } : {}) },
    exporters: {
      debug: null,
      // Plaintext gRPC inside the cluster (NetworkPolicies decide who may connect).
      [C.jaegerExporter]: { endpoint: config.traces.endpoint, tls: { insecure: true } },
      ...metricsExporterConfigs,
      [C.lokiExporter]: {
        endpoint: config.logs.endpoint,
        ...(config.logs.tenantId ? { headers: { [TENANT_HEADER]: config.logs.tenantId } } : {}),
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
    processors: {
      ...(spanMetrics
        ? // the chart sets MY_POD_IP on the collector container
          { [C.collectorInstance]: { actions: [{ key: COLLECTOR_INSTANCE_LABEL, value: "${env:MY_POD_IP}", action: "upsert" }] } }
        : {}),
      [C.spanServiceName]: { attributes: [{ key: SPAN_SERVICE_NAME_TAG, from_attribute: "service.name", action: "upsert" }] },
      [C.logLabels]: {
        attributes: [
          ...Object.entries(OTLP_LOG_LABELS).map(([label, attribute]) => ({ key: label, from_attribute: attribute, action: "upsert" })),
          { key: "stream", value: OTLP_STREAM, action: "upsert" },
          // taken literally: the chart passes config through tpl, the collector expands ${…} ($$ is a literal $)
          ...Object.entries(config.logs.labels).map(([label, value]) => ({ key: label, value: escapeHelmTemplate(value.replaceAll("$", "$$$$")), action: "upsert" })),
        ],
      },
    },
    service: {
      pipelines: {
        traces: {
          receivers: [C.otlpReceiver],
          processors: TRACE_PROCESSORS,
          exporters: [C.jaegerExporter, ...(spanMetrics ? [C.spanMetrics] : [])],
        },
        metrics: {
          receivers: config.selfMonitoring ? [C.otlpReceiver] : [C.otlpReceiver, C.selfScrapeReceiver],
          processors: PROCESSORS,
          exporters: metricsExporterIds,
        },
        ...(spanMetrics
          ? {
              "metrics/span_metrics": {
                receivers: [C.spanMetrics],
                processors: [C.memoryLimiter, C.collectorInstance, C.batch],
                exporters: metricsExporterIds,
              },
            }
          : {}),
        // the agent's stream labels on OTLP logs too, after k8s_attributes has found the pod
        logs: { receivers: [C.otlpReceiver], processors: [C.memoryLimiter, C.k8sAttributes, C.logLabels, C.batch], exporters: [C.lokiExporter] },
      },
    },
  };
}
