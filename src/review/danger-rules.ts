import { durationSeconds, isDuration } from "../config/duration";
import { quantityValue } from "../config/quantity";
import { mergedValues } from "./helm-values-diff";
import { SynthesizedStack } from "./synthesized-app";
import { ResourceAction } from "./terraform-plan";
import { diffValues, formatPath, formatValue, ValueChange } from "./value-diff";

type Config = Record<string, unknown>;

/** One resource's change, as the danger rules see it. */
export interface ChangeFacts {
  readonly type: string;
  readonly action: ResourceAction;
  /** Arguments before and after (absent on create / delete). */
  readonly before?: Config;
  readonly after?: Config;
}

/** Charts whose releases hold data, and what is lost with their volumes. */
const STATEFUL_CHARTS: Readonly<Record<string, string>> = {
  "kube-prometheus-stack": "Prometheus' metrics, Alertmanager's silences and Grafana's state",
  loki: "the stored logs",
  jaeger: "the stored traces",
  grafana: "Grafana's database",
};

const lost = (action: ResourceAction) => (action === "replace" ? "replaced (destroyed, then created)" : "destroyed");

const lastKey = (change: ValueChange) => [...change.path].reverse().find((segment): segment is string => typeof segment === "string") ?? "";
const pathText = (change: ValueChange) => formatPath(change.path);

/** How long a retention value keeps data, in seconds: a duration, or a number of days (Jaeger's index cleaner). */
function retentionSeconds(key: string, value: unknown): number | undefined {
  if (typeof value === "string" && isDuration(value)) return durationSeconds(value);
  if (typeof value === "number" && /days/i.test(key)) return value * 86400;
  return undefined;
}

const RETENTION_KEY = /retention$|retention_?period$|^period$|^numberOfDays$|^ttl$|^spans$/i;

/** Dangers inside a release's values: shorter retention, Loki storage or schema, volume sizes. */
function valuesDangers(chart: string, before: Config, after: Config): string[] {
  const [old, current] = [before, after].map((config) => mergedValues(config.values));
  const dangers: string[] = [];
  for (const change of diffValues(old, current)) {
    const key = lastKey(change);
    const within = change.path.filter((segment): segment is string => typeof segment === "string");
    if (RETENTION_KEY.test(key) && (within.some((s) => /retention|ttl|IndexCleaner/i.test(s)) || /retention/i.test(key))) {
      const [a, b] = [retentionSeconds(key, change.before), retentionSeconds(key, change.after)];
      if (a !== undefined && b !== undefined && b < a) {
        dangers.push(`shorter retention ${pathText(change)}: ${formatValue(change.before)} → ${formatValue(change.after)}: data older than the new retention is deleted`);
      }
    }
    if (chart === "loki" && within[0] === "loki" && (within[1] === "schemaConfig" || (within[1] === "storage" && within[2] === "type"))) {
      dangers.push(`Loki ${within[1] === "storage" ? "storage type" : "schema"} change ${pathText(change)}: ${formatValue(change.before)} → ${formatValue(change.after)}: logs written before it become unreadable unless the old store and schema stay as an earlier period`);
    }
    const isVolumeSize =
      (key === "size" && within.some((s) => /persistence|storage/i.test(s))) || (key === "storage" && within.includes("volumeClaimTemplate"));
    if (isVolumeSize && [change.before, change.after].every((v) => typeof v === "string" && quantityValue(v) !== undefined)) {
      dangers.push(`volume size ${pathText(change)}: ${formatValue(change.before)} → ${formatValue(change.after)}: a StatefulSet does not resize its volume claims; resize the PersistentVolumeClaims by hand`);
    }
  }
  if (chart === "kube-prometheus-stack" && before.version !== after.version) {
    const upgradeJob = (current as { crds?: { upgradeJob?: { enabled?: unknown } } }).crds?.upgradeJob?.enabled === true;
    const versions = `chart version ${formatValue(before.version)} → ${formatValue(after.version)}: the prometheus-operator CRDs change with it and Helm never upgrades CRDs`;
    dangers.push(
      upgradeJob
        ? `${versions}; the chart's crds.upgradeJob applies them before the upgrade: check that job succeeded`
        : `${versions}: apply the new version's CRDs by hand (kubectl apply --server-side -f the chart's charts/crds/crds/) before this release`,
    );
  }
  return dangers;
}

/** The dashboards and rule groups of a stack that live in the folder with this uid. */
function folderContents(stack: SynthesizedStack | undefined, uid: unknown): number {
  if (!stack || typeof uid !== "string") return 0;
  return [...stack.resources.values()].filter(
    ({ type, config }) => (type === "grafana_dashboard" && config.folder === uid) || (type === "grafana_rule_group" && config.folder_uid === uid),
  ).length;
}

/**
 * What in a change loses data or access: replacing or destroying the namespace, a stateful
 * release, a generated password or a folder holding dashboards; shorter retention; a Loki
 * storage or schema change; a volume size change; a kube-prometheus-stack version bump
 * (CRDs). `baseStack`: the stack before the change, to see what a folder holds.
 */
export function dangersOf(change: ChangeFacts, baseStack?: SynthesizedStack): string[] {
  const { type, action, before, after } = change;
  const gone = action === "replace" || action === "delete";
  const chart = String((after ?? before)?.chart ?? "");
  const dangers: string[] = [];
  if (gone && /^kubernetes_namespace(_v1)?$/.test(type)) {
    const name = (before?.metadata as Config | undefined)?.name ?? (before?.metadata as Config[] | undefined)?.[0]?.name;
    dangers.push(`namespace ${formatValue(name)} is ${lost(action)}: everything in it is deleted (releases, volumes, Secrets)`);
  }
  if (gone && type === "helm_release" && STATEFUL_CHARTS[chart]) {
    dangers.push(`Helm release ${formatValue(before?.name)} (${chart}) is ${lost(action)}: ${STATEFUL_CHARTS[chart]} go with its volumes`);
  }
  if (gone && type === "random_password") dangers.push(`generated password is ${lost(action)}: it rotates (Grafana's admin password changes; sessions and scripts using it fail)`);
  if (gone && type === "grafana_folder") {
    const held = folderContents(baseStack, before?.uid);
    if (held) dangers.push(`folder ${formatValue(before?.title)} holding ${held} dashboard(s) or rule group(s) is ${lost(action)}: what it holds is deleted with it`);
  }
  if (type === "helm_release" && before && after) dangers.push(...valuesDangers(chart, before, after));
  return dangers;
}
