import { SizeProfile } from "./environment-schema";

/** Container resources: requests, and a memory limit (no CPU limit: throttling hurts more than it saves). */
export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/** How big one component runs. */
export interface ComponentSize {
  readonly replicas: number;
  readonly resources: Resources;
}

export type Component =
  | "prometheus"
  | "alertmanager"
  | "grafana"
  | "operator"
  | "kubeStateMetrics"
  | "nodeExporter"
  | "postgresExporter"
  | "loki"
  | "logAgent"
  | "otelCollector"
  | "jaeger";

const size = (replicas: number, cpu: string, memory: string, memoryLimit: string): ComponentSize => ({
  replicas,
  resources: { requests: { cpu, memory }, limits: { memory: memoryLimit } },
});

/**
 * Replicas and resources of every component per size profile. `small` fits a laptop
 * cluster next to the apps; `large` is highly available (Prometheus twice, Alertmanager
 * three times for its gossip quorum, everything else at least twice).
 */
export const SIZE_PROFILES: Record<SizeProfile, Record<Component, ComponentSize>> = {
  small: {
    prometheus: size(1, "100m", "512Mi", "1Gi"),
    alertmanager: size(1, "10m", "32Mi", "64Mi"),
    grafana: size(1, "50m", "128Mi", "256Mi"),
    operator: size(1, "50m", "64Mi", "128Mi"),
    kubeStateMetrics: size(1, "10m", "32Mi", "128Mi"),
    nodeExporter: size(1, "10m", "16Mi", "64Mi"),
    postgresExporter: size(1, "10m", "16Mi", "64Mi"),
    loki: size(1, "100m", "256Mi", "1Gi"),
    logAgent: size(1, "50m", "64Mi", "256Mi"),
    otelCollector: size(1, "50m", "128Mi", "256Mi"),
    jaeger: size(1, "50m", "128Mi", "512Mi"),
  },
  medium: {
    prometheus: size(1, "500m", "2Gi", "4Gi"),
    alertmanager: size(2, "20m", "64Mi", "128Mi"),
    grafana: size(1, "100m", "256Mi", "512Mi"),
    operator: size(1, "100m", "128Mi", "256Mi"),
    kubeStateMetrics: size(1, "50m", "128Mi", "256Mi"),
    nodeExporter: size(1, "20m", "32Mi", "64Mi"),
    postgresExporter: size(1, "20m", "32Mi", "64Mi"),
    // three replicas, three copies: two would need both copies for every write (or keep only one)
    loki: size(3, "500m", "1Gi", "2Gi"),
    logAgent: size(1, "100m", "128Mi", "512Mi"),
    otelCollector: size(2, "200m", "256Mi", "512Mi"),
    jaeger: size(1, "200m", "256Mi", "1Gi"),
  },
  large: {
    prometheus: size(2, "1", "8Gi", "12Gi"),
    alertmanager: size(3, "50m", "128Mi", "256Mi"),
    // one Grafana: several replicas need a shared database instead of SQLite on a volume
    grafana: size(1, "200m", "512Mi", "1Gi"),
    operator: size(1, "200m", "256Mi", "512Mi"),
    kubeStateMetrics: size(1, "100m", "256Mi", "512Mi"),
    nodeExporter: size(1, "50m", "64Mi", "128Mi"),
    // one exporter per database: a second would double the load on it and every PostgreSQL alert
    postgresExporter: size(1, "50m", "64Mi", "128Mi"),
    loki: size(3, "1", "4Gi", "8Gi"),
    logAgent: size(1, "200m", "256Mi", "1Gi"),
    otelCollector: size(3, "500m", "512Mi", "1Gi"),
    jaeger: size(2, "500m", "1Gi", "2Gi"),
  },
};

/** Loki's memcached caches per size profile (the chart asks 8 GiB for chunks by default). */
export const LOKI_CACHES: Record<SizeProfile, { chunksMemoryMb: number; resultsMemoryMb: number; cpu: string }> = {
  small: { chunksMemoryMb: 256, resultsMemoryMb: 64, cpu: "50m" },
  medium: { chunksMemoryMb: 1024, resultsMemoryMb: 256, cpu: "200m" },
  large: { chunksMemoryMb: 4096, resultsMemoryMb: 1024, cpu: "500m" },
};
