import { Values } from "../helm/values";
import { Resources } from "../config/size-profiles";

/**
 * Copies of each log line Loki's ingesters keep: three once there are three replicas, one
 * below. Two would need both replicas for every write (a quorum of 2 of 2), so a single
 * pod restart would fail pushes.
 */
export function lokiReplicationFactor(replicas: number): number {
  return replicas >= 3 ? 3 : 1;
}

/**
 * Monolithic mode for every size: one StatefulSet running all targets, scaled out on object
 * storage with the memberlist ring. The chart fails unless the simple-scalable targets are
 * zeroed (their default is 3 each), and SimpleScalable itself is deprecated (gone in Loki 4).
 */
export function lokiDeploymentValues(replicas: number): Values {
  return {
    deploymentMode: "Monolithic",
    singleBinary: { replicas },
    backend: { replicas: 0 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    loki: { commonConfig: { replication_factor: lokiReplicationFactor(replicas) } },
  };
}

export function lokiResourcesValues(resources: Resources): Values {
  return { singleBinary: { resources: structuredClone(resources) } };
}

/** Each replica's volume: the WAL and index cache on object storage, everything on filesystem. */
export function lokiPersistenceValues(persistence: { enabled: boolean; size: string; storageClass?: string }): Values {
  return {
    singleBinary: {
      persistence: { enabled: persistence.enabled, size: persistence.size, ...(persistence.storageClass && { storageClass: persistence.storageClass }) },
    },
  };
}

/** The canary and the Helm test run together: the chart fails rendering with the test but no canary. */
export function lokiCanaryValues(enabled: boolean): Values {
  return { lokiCanary: { enabled }, test: { enabled } };
}
