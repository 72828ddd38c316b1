/** Plain values of a platform, as a test or a repo without state access gives them. */
export const PLATFORM_VALUES = {
  environment: "prod",
  cluster: "prod-cluster",
  namespace: "monitoring",
  otlpGrpcEndpoint: "opentelemetry-collector.monitoring.svc:4317",
  otlpHttpEndpoint: "http://opentelemetry-collector.monitoring.svc:4318",
  prometheusUrl: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
  alertmanagerUrl: "http://kube-prometheus-stack-alertmanager.monitoring.svc:9093",
  lokiUrl: "http://loki-gateway.monitoring.svc:80",
  jaegerUrl: "http://jaeger.monitoring.svc:16686",
  grafanaUrl: "https://grafana.example.com",
  redProfiles: ["starlette-prometheus" as const],
  datasourceUids: { prometheus: "prometheus", loki: "loki", jaeger: "jaeger", alertmanager: "alertmanager" },
  folderUids: { root: "observability", services: "observability-services" },
};
