import { ServiceMonitorDefinition } from "../metrics/monitors";
import { jaegerPodLabels } from "./jaeger-values";

/** The jaeger chart's Service port in front of Jaeger's own metrics (`service.telemetry`, 8888). */
export const JAEGER_METRICS_PORT_NAME = "internal-metrics";

/**
 * A ServiceMonitor on the Jaeger Service's `internal-metrics` port: Jaeger v2's own
 * collector metrics (spans received and stored). The chart has no ServiceMonitor of its
 * own, so it goes through kube-prometheus-stack's `additionalServiceMonitors`; its `job` is
 * the Service name.
 */
export function jaegerServiceMonitor(releaseName: string, namespace: string): ServiceMonitorDefinition {
  return {
    name: releaseName,
    namespace,
    selector: { matchLabels: jaegerPodLabels(releaseName) },
    endpoints: [{ port: JAEGER_METRICS_PORT_NAME }],
  };
}
