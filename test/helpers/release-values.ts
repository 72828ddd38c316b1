import { parse } from "yaml";
import { HelmChart } from "../../constructs/helm-chart";
import { mergeValues, renderValuesDocuments, Values } from "../../src/helm/values";
import { chartDefaults } from "./chart-values";
import { resourcesOf, TerraformJson } from "./synth";

/** A helm_release of a synthesized stack, its values as Helm sees them. */
export interface DeployedRelease {
  readonly name: string;
  readonly chart: string;
  /** Our values documents merged (Terraform's template escapes undone). */
  readonly values: Values;
  /** The chart's defaults (subcharts' under their keys) with our values merged over them (read from `../shared` when first asked for). */
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

/**
 * A construct's release values documents by concern, parsed as Helm reads them. The texts are
 * the synthesized release's, which must be exactly the chart's documents in order; the
 * concerns come from the chart, because `Testing.synthScope` drops the comment block
 * (`"//".valuesDocuments`) that names them in a synthesized stack.
 */
export function documentsByConcern(chart: HelmChart, release: { values: string[] }): Record<string, Values> {
  const rendered = renderValuesDocuments(chart.valuesDocuments);
  const texts = rendered.map((doc) => doc.text);
  if (JSON.stringify(texts) !== JSON.stringify(release.values)) throw new Error(`release values are not the documents of ${chart.node.path}`);
  const { documents } = releaseValues(release);
  return Object.fromEntries(rendered.map((doc, i) => [doc.concern, parse(documents[i]) as Values]));
}

/** Every helm_release of a stack. */
export function releasesOf(stack: TerraformJson): DeployedRelease[] {
  return Object.values(resourcesOf(stack, "helm_release")).map((release) => {
    const { values } = releaseValues(release);
    let merged: Values | undefined;
    return {
      name: release.name,
      chart: release.chart,
      values,
      get merged() {
        return (merged ??= mergeValues(chartDefaultsWithSubcharts(release.chart, release.version), values));
      },
    };
  });
}
