import { parse } from "yaml";
import { mergeValues, Values } from "../../src/helm/values";
import { chartDefaults } from "./chart-values";
import { resourcesOf, TerraformJson } from "./synth";

/** A helm_release of a synthesized stack, its values as Helm sees them. */
export interface DeployedRelease {
  readonly name: string;
  readonly chart: string;
  /** Our values documents merged (Terraform's template escapes undone). */
  readonly values: Values;
  /** The chart's defaults (subcharts' under their keys) with our values merged over them. */
  readonly merged: Values;
}

/** Subcharts of a chart, by the key their values sit under, with their pinned versions. */
export const SUBCHARTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "kube-prometheus-stack": { grafana: "12.11.1", "kube-state-metrics": "8.4.0", "prometheus-node-exporter": "4.56.1" },
};

/** A chart's default values, its subcharts' defaults under their keys. */
export function chartDefaultsWithSubcharts(name: string, version: string): Values {
  const subcharts = Object.entries(SUBCHARTS[name] ?? {}).map(([key, v]) => ({ [key]: chartDefaults({ name: key, version: v, repository: "" }) }));
  return mergeValues(chartDefaults({ name, version, repository: "" }), ...subcharts);
}

/** Terraform's template escapes undone: what Helm receives of a `helm_release.values` document. */
const unescapeTerraform = (text: string) => text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");

/** A helm_release's values documents as Helm receives them, and merged in their order. */
export function releaseValues(release: { values: string[] }): { documents: string[]; values: Values } {
  const documents = release.values.map(unescapeTerraform);
  return { documents, values: mergeValues(...documents.map((doc) => (parse(doc) ?? {}) as Values)) };
}

/** Every helm_release of a stack. */
export function releasesOf(stack: TerraformJson): DeployedRelease[] {
  return Object.values(resourcesOf(stack, "helm_release")).map((release) => {
    const { values } = releaseValues(release);
    return { name: release.name, chart: release.chart, values, merged: mergeValues(chartDefaultsWithSubcharts(release.chart, release.version), values) };
  });
}
