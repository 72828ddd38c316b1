import { stringify } from "yaml";
import { Values } from "../../src/helm/values";
import { chartSource, chartSourceFolders } from "./chart-sources";
import { HELM, helmTemplate, prepareChart, removeHelmScratch } from "./helm-template";
import { releasesOf } from "./release-values";
import { resourcesOf, TerraformJson } from "./synth";

export { HELM, removeHelmScratch };

/** A helm_release of a synthesized stack: what `helm template` needs to render it as Terraform would install it. */
export interface RenderableRelease {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  /** Our values documents merged, Terraform's template escapes undone. */
  readonly values: Values;
}

/** The only helm_release of `chart` in a synthesized stack. */
export function releaseOfChart(stack: TerraformJson, chart: string): RenderableRelease {
  const raw = Object.values(resourcesOf(stack, "helm_release")).filter((release) => release.chart === chart);
  if (raw.length !== 1) throw new Error(`expected one helm_release of chart ${chart}, found ${raw.length}`);
  const { name, namespace, version } = raw[0];
  const { values } = releasesOf(stack).find((release) => release.name === name)!;
  return { name, namespace, chart, version, values };
}

/** The manifests `helm template` renders from one template of the pinned chart source, as Terraform would install the release. */
export function renderTemplate(release: RenderableRelease, template: string): Values[] {
  const source = chartSource(release.chart, release.version);
  if (!source) throw new Error(`no source of chart ${release.chart} ${release.version} in ${chartSourceFolders().join(", ")}`);
  const chart = prepareChart(source, release.values);
  const valuesDocuments = [release.values, chart.turnedOff].map((values) => stringify(values));
  return helmTemplate({ helm: HELM, release: release.name, namespace: release.namespace, chartDir: chart.dir, valuesDocuments, context: release.name, showOnly: template });
}

/** One data entry of the only ConfigMap a template renders. */
export function renderedConfigMapEntry(release: RenderableRelease, template: string, key: string): string {
  const configMaps = renderTemplate(release, template).filter((doc) => doc.kind === "ConfigMap");
  if (configMaps.length !== 1) throw new Error(`${release.name}: ${template} renders ${configMaps.length} ConfigMaps`);
  const entry = (configMaps[0].data as Record<string, string> | undefined)?.[key];
  if (entry === undefined) throw new Error(`${release.name}: ${template} has no data key ${key}`);
  return entry;
}

/**
 * The environment variables a container of the workload a template renders is given. A value
 * the kubelet fills in (from a pod field or a Secret) stands as the loopback address, which
 * is both a valid host and a valid string.
 */
export function renderedContainerEnv(release: RenderableRelease, template: string, container: string): Record<string, string> {
  const containers = renderTemplate(release, template).flatMap((doc: any) => (doc.spec?.template?.spec?.containers ?? []) as any[]);
  const found = containers.filter((c) => c.name === container);
  if (found.length !== 1) throw new Error(`${release.name}: ${template} renders ${found.length} containers named ${container}`);
  return Object.fromEntries(((found[0].env ?? []) as { name: string; value?: string }[]).map((e) => [e.name, e.value ?? "127.0.0.1"]));
}
