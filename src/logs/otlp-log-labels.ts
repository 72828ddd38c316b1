import { POD_LOG_LABELS } from "./alloy-config";

/**
 * OTLP log records (an app's SDK sending through the collector) carry Kubernetes metadata as
 * resource attributes. The collector copies them to attributes named like the labels the log
 * agent gives pod logs, and Loki indexes only those, so one selector such as
 * `{namespace="productie"}` finds both kinds of log line (the compliance dashboard, the
 * traces-to-logs links). Label → resource attribute.
 */
export const OTLP_LOG_LABELS = {
  namespace: "k8s.namespace.name",
  pod: "k8s.pod.name",
  container: "k8s.container.name",
  node: "k8s.node.name",
  app: "service.name",
} as const;

/** The `stream` label of OTLP logs, where the agent's streams say `stdout` or `stderr`. */
export const OTLP_STREAM = "otlp";

/**
 * The resource attributes Loki indexes as labels, instead of its default list (which would
 * add `k8s_namespace_name`, `k8s_deployment_name`, `service_instance_id`… and push streams
 * over the label limit): the pod-log labels, the static labels every client adds, and
 * `service.name`, which becomes `service_name` (Loki derives it from `app` or `container` for
 * pushed streams). Every other attribute is kept as structured metadata.
 */
export function otlpIndexedAttributes(staticLabels: readonly string[]): string[] {
  return [...POD_LOG_LABELS, ...staticLabels, "service.name"];
}
