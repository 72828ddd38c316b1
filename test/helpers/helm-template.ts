import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { mergeValues, Values } from "../../src/helm/values";
import { cachedTool } from "./real-programs";

/** A Kubernetes object as `helm template` prints it. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  readonly spec?: any;
  readonly [key: string]: unknown;
}

interface Dependency {
  readonly name: string;
  readonly version: string;
  readonly alias?: string;
  readonly condition?: string;
}

/** A chart folder ready for `helm template`, and the enabled subcharts it could not render. */
export interface PreparedChart {
  readonly dir: string;
  /** Each enabled dependency absent from the source's `charts/`: its values key (alias or name) and version. */
  readonly notRendered: readonly { readonly subchart: string; readonly version: string }[];
  /** A last values document turning those subcharts off (their conditions false); empty when none. */
  readonly turnedOff: Values;
}

const isObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Names of the subcharts a chart folder carries in `charts/` (unpacked folders or packed `.tgz`). */
function bundledSubcharts(dir: string): Set<string> {
  const chartsDir = join(dir, "charts");
  if (!existsSync(chartsDir)) return new Set();
  return new Set(
    readdirSync(chartsDir).flatMap((entry) => {
      if (entry.endsWith(".tgz")) return [entry.replace(/-\d+\.\d+\.\d+[^/]*\.tgz$/, "")];
      const chartYaml = join(chartsDir, entry, "Chart.yaml");
      return existsSync(chartYaml) ? [parse(readFileSync(chartYaml, "utf8")).name as string] : [];
    }),
  );
}

/** Helm's reading of a dependency's `condition`: the first listed path that holds a boolean decides; none: enabled. */
function isEnabled(dependency: Dependency, values: Values): boolean {
  for (const path of (dependency.condition ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const value = path.split(".").reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), values);
    if (typeof value === "boolean") return value;
  }
  return true;
}

/**
 * The chart at `source`, made renderable offline. Helm refuses to render while Chart.yaml
 * lists a dependency missing from `charts/`, so when any is missing a temporary copy drops
 * those entries from Chart.yaml: a disabled one (under the chart's defaults merged with
 * `values`) renders nothing anyway; an enabled one is reported in `notRendered` and turned
 * off by its condition (the parent's templates read the subchart's defaults, which are
 * missing with it), so the rest of the chart renders from the same values.
 */
export function prepareChart(source: string, values: Values): PreparedChart {
  const chart = parse(readFileSync(join(source, "Chart.yaml"), "utf8"));
  const dependencies: Dependency[] = chart.dependencies ?? [];
  const bundled = bundledSubcharts(source);
  const missing = dependencies.filter((d) => !bundled.has(d.name));
  if (!missing.length) return { dir: source, notRendered: [], turnedOff: {} };
  const merged = mergeValues(parse(readFileSync(join(source, "values.yaml"), "utf8")) ?? {}, values);
  const enabled = missing.filter((d) => isEnabled(d, merged));
  const notRendered = enabled.map((d) => ({ subchart: d.alias ?? d.name, version: d.version }));
  const turnedOff = mergeValues({}, ...enabled.map((d) => conditionSetTo(d, false)));
  return { dir: copyWithBundledDependencies(source, chart), notRendered, turnedOff };
}

const scratch = mkdtempSync(join(tmpdir(), "helm-template-"));
const copies = new Map<string, string>();

/** Removes the chart copies and values files of this test file (call in its `afterAll`). */
export function removeHelmScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
  copies.clear();
}

/** One temporary copy per chart source whose Chart.yaml lists only the dependencies in its charts/. */
function copyWithBundledDependencies(source: string, chart: { name: string; dependencies: Dependency[] }): string {
  let dir = copies.get(source);
  if (!dir) {
    dir = join(mkdtempSync(join(scratch, "chart-")), chart.name);
    cpSync(source, dir, { recursive: true });
    chmodSync(dir, 0o755);
    const chartYaml = join(dir, "Chart.yaml");
    chmodSync(chartYaml, 0o644);
    const bundled = bundledSubcharts(source);
    writeFileSync(chartYaml, stringify({ ...chart, dependencies: chart.dependencies.filter((d) => bundled.has(d.name)) }));
    copies.set(source, dir);
  }
  return dir;
}

/** Values that set a dependency's first condition path. */
function conditionSetTo(dependency: Dependency, value: boolean): Values {
  const path = (dependency.condition ?? "").split(",")[0].trim();
  if (!path) throw new Error(`dependency ${dependency.name} has no condition to turn it off by`);
  return path
    .split(".")
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Values;
}

/** One `helm template` run: the release as the helm provider would install it. */
export interface TemplateRun {
  readonly helm: string;
  readonly release: string;
  readonly namespace: string;
  readonly chartDir: string;
  /** Values documents, merged in order (the provider's `values` list). */
  readonly valuesDocuments: readonly string[];
  /** Names the run in an error message, e.g. the environment. */
  readonly context: string;
  /** Render only this template of the chart (`--show-only`); default: all. */
  readonly showOnly?: string;
}

/** The helm CLI `npm run tools:build` builds: v3.18.4, the Helm library the helm provider 3.1.1 embeds. */
export const HELM = cachedTool("helm-3.18.4", "bin", "helm");

/** Cluster capabilities the render assumes: a current Kubernetes with the prometheus-operator CRDs installed. */
export const KUBE_VERSION = "1.33.0";
export const API_VERSIONS = ["monitoring.coreos.com/v1"];

/** Renders a release; a chart that rejects the values (schema, `fail`, template error) or warns while merging them throws naming release and context. */
export function helmTemplate(run: TemplateRun): Manifest[] {
  const valuesDir = mkdtempSync(join(scratch, "values-"));
  const valuesFiles = run.valuesDocuments.map((doc, i) => {
    const file = join(valuesDir, `${i}.yaml`);
    writeFileSync(file, doc);
    return file;
  });
  const args = ["template", run.release, run.chartDir, "--namespace", run.namespace, "--kube-version", KUBE_VERSION];
  for (const api of API_VERSIONS) args.push("--api-versions", api);
  for (const file of valuesFiles) args.push("--values", file);
  if (run.showOnly) args.push("--show-only", run.showOnly);
  const env = { ...process.env, HELM_CACHE_HOME: join(scratch, "cache"), HELM_CONFIG_HOME: join(scratch, "config"), HELM_DATA_HOME: join(scratch, "data") };
  const result = spawnSync(run.helm, args, { encoding: "utf8", env, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`helm template of release ${run.release} (${run.context}) failed: ${result.stderr.trim()}`);
  // Helm renders on when a value of ours cannot merge with the chart's default (a scalar over a table): that is a values mistake too
  const warnings = result.stderr.split("\n").filter((line) => /^coalesce\.go:\d+: warning:/.test(line));
  if (warnings.length) throw new Error(`helm template of release ${run.release} (${run.context}) warned: ${warnings.join("; ")}`);
  // a chart may render a `v1 List` (kube-prometheus-stack's additionalServiceMonitors): Helm installs its items
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS())
    .flatMap((doc) => (isObject(doc) && doc.kind === "List" && Array.isArray(doc.items) ? doc.items : [doc]))
    .filter((doc): doc is Manifest => isObject(doc) && typeof doc.kind === "string");
}
