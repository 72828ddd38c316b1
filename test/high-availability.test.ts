import { Values } from "../src/helm/values";
import { describeWithShared } from "./helpers/shared-dir";
import { readStack, shippedSynth } from "./helpers/synth";
import { DeployedRelease, releasesOf } from "./helpers/release-values";

const at = (values: unknown, path: string): any => path.split(".").reduce<any>((node, key) => node?.[key], values);
const HOSTNAME = "kubernetes.io/hostname";

/** A PodDisruptionBudget's spec as a chart renders it (null entries dropped, as Helm drops them). */
type Budget = { minAvailable?: number | string; maxUnavailable?: number | string };

/** One workload a release can run with several replicas: how many, the budget the chart renders, how its pods are placed. */
interface Workload {
  readonly name: string;
  readonly replicas: (v: Values) => number;
  /** The rendered budget, undefined when the chart renders none. */
  readonly budget: (v: Values) => Budget | undefined;
  /** Whether the scheduler keeps the replicas on different nodes (hard anti-affinity or a DoNotSchedule spread). */
  readonly spread: (v: Values) => boolean;
  /** The rollout: false when it stops every replica at once (`Recreate`). @default true */
  readonly rollsOneByOne?: (v: Values) => boolean;
}

const definedEntries = (budget: Values): Budget =>
  Object.fromEntries(Object.entries(budget).filter(([key, value]) => value !== null && value !== undefined && ["minAvailable", "maxUnavailable"].includes(key)));

/** The chart's `podDisruptionBudget` block when it is enabled and says something. */
const enabledBudget = (block: Values | undefined): Budget | undefined => {
  if (!block || block.enabled === false) return undefined;
  const budget = definedEntries(block);
  return Object.keys(budget).length ? budget : undefined;
};

/** A PodDisruptionBudget in the chart's `extraObjects` selecting the given pod labels. */
const extraObjectBudget = (v: Values, podLabels: Record<string, string>): Budget | undefined => {
  const pdb = ((v.extraObjects as Values[] | undefined) ?? []).find(
    (o) => o.kind === "PodDisruptionBudget" && Object.entries(podLabels).every(([k, l]) => at(o, "spec.selector.matchLabels")?.[k] === l),
  );
  return pdb && definedEntries(pdb.spec as Values);
};

/** Required pod anti-affinity on the node, or a topology spread over nodes that refuses to schedule a skewed pod. */
const spreadByPodSpec = (affinity: unknown, constraints: unknown): boolean =>
  ((at(affinity, "podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution") as Values[] | undefined) ?? []).some((term) => term.topologyKey === HOSTNAME) ||
  ((constraints as Values[] | undefined) ?? []).some((c) => c.topologyKey === HOSTNAME && c.whenUnsatisfiable === "DoNotSchedule");

const prometheusOperated = (component: "prometheus" | "alertmanager"): Workload => ({
  name: component,
  replicas: (v) => at(v, `${component}.${component}Spec.replicas`),
  budget: (v) => enabledBudget(at(v, `${component}.podDisruptionBudget`)),
  spread: (v) => at(v, `${component}.${component}Spec.podAntiAffinity`) === "hard" || spreadByPodSpec(at(v, `${component}.${component}Spec.affinity`), undefined),
});

/** Charts' own PDB blocks that render whatever they hold (`{}` renders none). */
const plainChartWorkload = (name: string, prefix: string, replicasKey = "replicas"): Workload => ({
  name,
  replicas: (v) => at(v, `${prefix}${replicasKey}`) ?? 1,
  budget: (v) => enabledBudget(at(v, `${prefix}podDisruptionBudget`)),
  spread: (v) => spreadByPodSpec(at(v, `${prefix}affinity`), at(v, `${prefix}topologySpreadConstraints`)),
});

/** Loki's helper renders a component's PDB only when enabled, with more than one replica and minAvailable or maxUnavailable set. */
const lokiComponent = (name: string, key: string): Workload => ({
  name,
  replicas: (v) => at(v, `${key}.replicas`) ?? 1,
  budget: (v) => enabledBudget(at(v, `${key}.podDisruptionBudget`)),
  spread: (v) => spreadByPodSpec(at(v, `${key}.affinity`), at(v, `${key}.topologySpreadConstraints`)),
});

const WORKLOADS: Record<string, Workload[]> = {
  "kube-prometheus-stack": [
    prometheusOperated("prometheus"),
    prometheusOperated("alertmanager"),
    plainChartWorkload("grafana", "grafana."),
    plainChartWorkload("kube-state-metrics", "kube-state-metrics."),
  ],
  loki: [lokiComponent("single binary", "singleBinary"), lokiComponent("gateway", "gateway"), lokiComponent("chunks cache", "chunksCache"), lokiComponent("results cache", "resultsCache")],
  jaeger: [
    {
      name: "jaeger",
      replicas: (v) => at(v, "jaeger.replicas"),
      budget: (v) => extraObjectBudget(v, { "app.kubernetes.io/name": "jaeger", "app.kubernetes.io/component": "all-in-one" }),
      // the chart reads jaeger.topologySpreadConstraints (its values.yaml misspells the key)
      spread: (v) => spreadByPodSpec(at(v, "jaeger.affinity"), at(v, "jaeger.topologySpreadConstraints")),
      // the chart's default without jaeger.strategy is Recreate
      rollsOneByOne: (v) => (at(v, "jaeger.strategy.type") ?? "Recreate") !== "Recreate",
    },
  ],
  "opentelemetry-collector": [
    {
      ...plainChartWorkload("collector", "", "replicaCount"),
      replicas: (v) => (at(v, "autoscaling.enabled") ? at(v, "autoscaling.minReplicas") : at(v, "replicaCount")),
    },
  ],
  "prometheus-postgres-exporter": [plainChartWorkload("postgres_exporter", "", "replicaCount")],
  // DaemonSets: one pod per node, which a drain leaves alone
  alloy: [],
  promtail: [],
};

/** Pods a drain may evict at once under a budget. */
const allowedDisruptions = (replicas: number, budget: Budget): number =>
  budget.maxUnavailable !== undefined ? Number(budget.maxUnavailable) : replicas - Number(budget.minAvailable);

describeWithShared("high availability of the shipped environments", () => {
  const outdir = shippedSynth();
  const cases = ["dev", "staging", "prod"].flatMap((env) =>
    releasesOf(readStack(outdir, `${env}-platform`)).flatMap((release: DeployedRelease) =>
      (WORKLOADS[release.chart] ?? []).map((workload) => ({ env, release: release.name, workload, values: release.merged })),
    ),
  );

  it("knows the workloads of every release", () => {
    for (const env of ["dev", "staging", "prod"]) {
      for (const release of releasesOf(readStack(outdir, `${env}-platform`))) expect({ chart: release.chart, known: release.chart in WORKLOADS }).toEqual({ chart: release.chart, known: true });
    }
  });

  it("runs several replicas where the profile promises high availability", () => {
    const replicas = (env: string, release: string, workload: string) => {
      const found = cases.find((c) => c.env === env && c.release === release && c.workload.name === workload)!;
      return found.workload.replicas(found.values);
    };
    expect(["prometheus", "alertmanager"].map((w) => replicas("prod", "kube-prometheus-stack", w))).toEqual([2, 3]);
    expect(["single binary", "gateway"].map((w) => replicas("prod", "loki", w))).toEqual([3, 2]);
    expect(replicas("prod", "jaeger", "jaeger")).toBe(2);
    expect(replicas("prod", "opentelemetry-collector", "collector")).toBe(3);
  });

  /** The replicated workloads of an environment's releases, each with what `check` says of it. */
  const replicated = <T>(env: string, check: (workload: Workload, values: Values, replicas: number) => T) =>
    cases
      .filter((c) => c.env === env && c.workload.replicas(c.values) > 1)
      .map(({ release, workload, values }) => ({ release, workload: workload.name, result: check(workload, values, workload.replicas(values)) }));

  it.each(["dev", "staging", "prod"])("%s: a drain evicts one replica of a replicated workload at a time", (env) => {
    // Loki's write quorum (2 of 3 copies) survives exactly one lost pod
    const allowed = replicated(env, (workload, values, replicas) => {
      const budget = workload.budget(values);
      return budget && allowedDisruptions(replicas, budget);
    });
    expect(allowed.filter((w) => w.result !== 1)).toEqual([]);
  });

  it.each(["dev", "staging", "prod"])("%s: replicas of a workload run on different nodes", (env) => {
    expect(replicated(env, (workload, values) => workload.spread(values)).filter((w) => !w.result)).toEqual([]);
  });

  it.each(["dev", "staging", "prod"])("%s: a replicated workload rolls out without stopping every replica", (env) => {
    expect(replicated(env, (workload, values) => workload.rollsOneByOne?.(values) ?? true).filter((w) => !w.result)).toEqual([]);
  });
});
