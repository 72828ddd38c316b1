import { ONE_POD_AT_A_TIME } from "../helm/pod-disruption-budget";
import { Values } from "../helm/values";
import { AUXILIARY_RESOURCES } from "../config/auxiliary-resources";
import { Resources } from "../config/size-profiles";

/**
 * Copies of each log line Loki's ingesters keep unless told: three once there are three
 * replicas, one below. Two would need both copies for every write (a quorum of 2 of 2), so a
 * single pod restart would fail pushes.
 */
export function lokiReplicationFactor(replicas: number): number {
  return replicas >= 3 ? 3 : 1;
}

/**
 * Why a replica count and replication factor cannot keep writes going through a lost pod:
 * a write needs floor(RF/2)+1 copies, each copy lives on its own replica, and more than one
 * replica with a single copy costs the pods of high availability without its redundancy.
 */
export function lokiReplicationProblems(replicas: number, replicationFactor = lokiReplicationFactor(replicas)): { path: string[]; message: string }[] {
  const quorum = Math.floor(replicationFactor / 2) + 1;
  if (replicationFactor > replicas) {
    return [{ path: ["replicationFactor"], message: `${replicationFactor} exceeds replicas (${replicas}): every copy needs its own replica` }];
  }
  if (replicationFactor > 1 && quorum === replicationFactor) {
    return [{ path: ["replicationFactor"], message: `${replicationFactor} tolerates no lost copy (a write needs ${quorum} of ${replicationFactor}): use 1, or 3 or more` }];
  }
  if (replicas > 1 && replicationFactor === 1) {
    return [
      {
        path: ["replicas"],
        message: `${replicas} replicas with replication factor 1 keep one copy of each stream, so a restarting pod fails its writes: run 1 replica, or 3 or more (replication factor 3)`,
      },
    ];
  }
  return [];
}

/**
 * Monolithic mode for every size: one StatefulSet running all targets, scaled out on object
 * storage with the memberlist ring. The chart fails unless the simple-scalable targets are
 * zeroed (their default is 3 each), and SimpleScalable itself is deprecated (gone in Loki 4).
 */
export function lokiDeploymentValues(replicas: number, replicationFactor: number): Values {
  return {
    deploymentMode: "Monolithic",
    // the chart renders the budget only for more than one replica; its default required
    // anti-affinity already puts each replica on its own node
    singleBinary: { replicas, podDisruptionBudget: { ...ONE_POD_AT_A_TIME } },
    backend: { replicas: 0 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    loki: { commonConfig: { replication_factor: replicationFactor } },
  };
}

/** Each Loki pod's resources, and its rules sidecar's. */
export function lokiResourcesValues(resources: Resources): Values {
  return { singleBinary: { resources: structuredClone(resources) }, sidecar: { resources: structuredClone(AUXILIARY_RESOURCES.configMapSidecar) } };
}

/** Each replica's volume: the WAL and index cache on object storage, everything on filesystem. */
export function lokiPersistenceValues(persistence: { enabled: boolean; size: string; storageClass?: string }): Values {
  return {
    singleBinary: {
      persistence: { enabled: persistence.enabled, size: persistence.size, ...(persistence.storageClass && { storageClass: persistence.storageClass }) },
    },
  };
}

/**
 * The canary, alone: the chart's Helm test pod has no resources setting and floats on the
 * `latest` tag, and nothing here ever runs `helm test`.
 */
export function lokiCanaryValues(enabled: boolean): Values {
  return { lokiCanary: { enabled, ...(enabled ? { resources: structuredClone(AUXILIARY_RESOURCES.exporter) } : {}) }, test: { enabled: false } };
}
