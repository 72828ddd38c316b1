import { Values } from "./values";

/**
 * How many pods of a replicated workload a voluntary disruption (a node drain, a cluster
 * upgrade) may take at once: one. Loki's write quorum of 2 of 3 copies survives exactly one
 * lost pod, Alertmanager's gossip and Prometheus' pair keep a member, and a drain still
 * proceeds. Charts' own budget keys take this; `minAvailable: null` deletes a chart default.
 */
export const ONE_POD_AT_A_TIME = { maxUnavailable: 1 } as const;

/** A PodDisruptionBudget object for charts that have none of their own (through their `extraObjects`). */
export function podDisruptionBudget(name: string, podLabels: Readonly<Record<string, string>>): Values {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name },
    spec: { ...ONE_POD_AT_A_TIME, selector: { matchLabels: { ...podLabels } } },
  };
}
