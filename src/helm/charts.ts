/** A Helm chart pinned to one version. */
export interface ChartRef {
  readonly name: string;
  readonly repository: string;
  readonly version: string;
}

const PROMETHEUS_COMMUNITY = "https://prometheus-community.github.io/helm-charts";
const GRAFANA = "https://grafana.github.io/helm-charts";

/**
 * Every chart this library deploys, pinned. Bump versions here only, together with the
 * values each construct renders (tests check every key against the pinned chart's values).
 */
export const CHARTS = {
  kubePrometheusStack: { name: "kube-prometheus-stack", repository: PROMETHEUS_COMMUNITY, version: "88.5.3" },
  postgresExporter: { name: "prometheus-postgres-exporter", repository: PROMETHEUS_COMMUNITY, version: "8.2.0" },
  /** The OSS chart now lives at grafana-community; grafana.github.io's `loki` is Enterprise-only. */
  loki: { name: "loki", repository: "https://grafana-community.github.io/helm-charts", version: "18.11.0" },
  alloy: { name: "alloy", repository: GRAFANA, version: "1.11.1" },
  /** Deprecated upstream (Promtail reached end of life on 2026-03-02); opt-in only. */
  promtail: { name: "promtail", repository: GRAFANA, version: "6.17.1" },
  jaeger: { name: "jaeger", repository: "https://jaegertracing.github.io/helm-charts", version: "4.11.1" },
  otelCollector: { name: "opentelemetry-collector", repository: "https://open-telemetry.github.io/opentelemetry-helm-charts", version: "0.170.0" },
} as const satisfies Record<string, ChartRef>;
