/**
 * OTLP log records (an app's SDK sending through the collector) carry Kubernetes metadata as
 * resource attributes, which Loki would index as `k8s_namespace_name`, `k8s_pod_name`…
 * Copied to the labels the log agent gives pod logs, one selector such as
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
