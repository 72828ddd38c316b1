import { Values } from "./values";

/**
 * `topologySpreadConstraints` that keep a Deployment's replicas on different nodes: no node
 * gets a second pod while another has none, so losing a node loses one replica. Unlike
 * required anti-affinity, a one-node cluster still schedules every replica, and a rolling
 * update's new pods fit beside the old ones (the skew is counted per ReplicaSet, through
 * `pod-template-hash`); nodes whose taints the pods do not tolerate are not counted.
 */
export function spreadOverNodes(podLabels: Readonly<Record<string, string>>): Values[] {
  return [
    {
      maxSkew: 1,
      topologyKey: "kubernetes.io/hostname",
      whenUnsatisfiable: "DoNotSchedule",
      nodeTaintsPolicy: "Honor",
      labelSelector: { matchLabels: { ...podLabels } },
      matchLabelKeys: ["pod-template-hash"],
    },
  ];
}
