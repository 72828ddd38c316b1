import { AlertingModel } from "./alerting-model";
import { CatalogAlert } from "./catalog";

/**
 * kube-prometheus-stack's default alerts that a built-in rule replaces: the same condition,
 * or the same name (TargetDown) with another expression. Left on, both would reach the
 * same receivers.
 */
const SUPERSEDED: Partial<Record<CatalogAlert, readonly string[]>> = {
  TargetDown: ["TargetDown"],
  PodCrashLooping: ["KubePodCrashLooping"],
  NodeMemorySaturated: ["NodeMemoryHighUtilization"],
  NodeCpuSaturated: ["NodeCPUHighUsage"],
};

/** The chart's default alerts to turn off because the model's rules replace them, sorted. */
export function supersededChartAlerts(model: AlertingModel): string[] {
  return [...new Set(model.rules.flatMap((rule) => SUPERSEDED[rule.name as CatalogAlert] ?? []))].sort();
}
