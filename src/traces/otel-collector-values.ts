import { CHARTS } from "../helm/charts";
import { ONE_POD_AT_A_TIME } from "../helm/pod-disruption-budget";
import { spreadOverNodes } from "../helm/spread-over-nodes";
import { ValuesDocument } from "../helm/values";
import { collectorConfig } from "./otel-collector-config";
import { OtelCollectorConfig } from "./otel-collector-schema";

/**
 * The contrib distribution: the core image has none of `k8s_attributes`, `span_metrics` and
 * `prometheus_remote_write`; the `k8s` distribution has the first two but not the
 * remote-write exporter. Its entrypoint is the chart's default command.
 */
export const COLLECTOR_IMAGE = "otel/opentelemetry-collector-contrib";

/**
 * The `job` label of the collector's own metrics when Prometheus scrapes them: fixed, so
 * alerts and dashboards find the collector whatever its release (and Service) is named.
 */
export const COLLECTOR_JOB = "opentelemetry-collector";

/** Scraping the collector's metrics port (8888, where the chart's telemetry config serves them on the pod IP). */
function selfMonitoring(config: OtelCollectorConfig) {
  if (!config.selfMonitoring) return {};
  return {
    ports: { metrics: { enabled: true } },
    // appended after the operator's own relabelings, so it replaces the Service name as job
    serviceMonitor: { enabled: true, relabelings: [{ action: "replace", targetLabel: "job", replacement: COLLECTOR_JOB }] },
  };
}

/** Ports of the receivers the config deletes: closed too, so the Service only offers OTLP. */
const UNUSED_PORTS = ["jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin"];

/** Labels of the collector pods (the chart's selector labels). */
export function collectorPodLabels(releaseName: string): Record<string, string> {
  return { "app.kubernetes.io/name": CHARTS.otelCollector.name, "app.kubernetes.io/instance": releaseName };
}

function deployment(config: OtelCollectorConfig) {
  const { autoscaling } = config;
  const scaled = autoscaling !== undefined || (config.replicas ?? 1) > 1;
  return {
    mode: "deployment",
    image: { repository: COLLECTOR_IMAGE },
    replicaCount: config.replicas ?? autoscaling?.minReplicas ?? 1,
    ...(autoscaling
      ? {
          autoscaling: {
            enabled: true,
            minReplicas: autoscaling.minReplicas,
            maxReplicas: autoscaling.maxReplicas,
            targetCPUUtilizationPercentage: autoscaling.targetCpuPercent,
          },
        }
      : {}),
    // With several pods, on different nodes, drained one at a time: applications keep a receiver.
    ...(scaled ? { podDisruptionBudget: { enabled: true, ...ONE_POD_AT_A_TIME }, topologySpreadConstraints: spreadOverNodes(collectorPodLabels(config.releaseName)) } : {}),
    resources: config.resources,
  };
}

/** The opentelemetry-collector chart's values, one document per concern. */
export function otelCollectorValues(config: OtelCollectorConfig): ValuesDocument[] {
  return [
    { concern: "opentelemetry-collector: deployment", values: deployment(config) },
    {
      concern: "opentelemetry-collector: ports and presets",
      values: {
        // Adds the k8s_attributes processor's defaults and the ClusterRole to read pods, namespaces and ReplicaSets.
        presets: { kubernetesAttributes: { enabled: true } },
        ports: Object.fromEntries(UNUSED_PORTS.map((port) => [port, { enabled: false }])),
      },
    },
    { concern: "opentelemetry-collector: pipelines", values: { config: collectorConfig(config) } },
    { concern: "opentelemetry-collector: self-monitoring", values: selfMonitoring(config) },
  ];
}
