import { Resources } from "./size-profiles";

const resources = (cpu: string, memory: string, memoryLimit: string): Resources => ({ requests: { cpu, memory }, limits: { memory: memoryLimit } });

/**
 * Resources of the containers beside the main ones (reloaders, sidecars, exporters, jobs),
 * the same in every size profile: their load does not grow with the cluster's.
 */
export const AUXILIARY_RESOURCES = {
  /** Config reloaders (prometheus-config-reloader, Alloy's): watch a file, call a reload URL. */
  configReloader: resources("10m", "50Mi", "100Mi"),
  /** k8s-sidecar (Grafana's dashboards, Loki's rules): a Python watch on ConfigMaps across namespaces. */
  configMapSidecar: resources("20m", "96Mi", "256Mi"),
  /** Metrics exporters beside a server (memcached, the Loki gateway's access log) and the Loki canary. */
  exporter: resources("10m", "32Mi", "128Mi"),
  /** Short jobs and init containers: webhook certificates, a volume's ownership, trace index cleanup. */
  job: resources("10m", "32Mi", "128Mi"),
  /** The CRD upgrade job: kubectl applies the operator's CRDs, megabytes of schema. */
  crdUpgrade: resources("50m", "128Mi", "512Mi"),
} as const satisfies Record<string, Resources>;
