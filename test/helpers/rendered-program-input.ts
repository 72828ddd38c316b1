import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { Values } from "../../src/helm/values";
import { cachedTool } from "./real-programs";
import { releasesOf } from "./release-values";
import { sharedPath } from "./shared-dir";
import { resourcesOf, TerraformJson } from "./synth";

/** The helm CLI `npm run tools:build` builds: v3.18.4, the Helm library the helm provider 3.1.1 embeds. */
export const HELM = cachedTool("helm-3.18.4", "bin", "helm");

/**
 * The cluster `helm template` renders for, as the reference data's chart README does: a current
 * Kubernetes with the Prometheus operator's CRDs (some charts require a minimum version).
 */
const CLUSTER = ["--kube-version", "1.33.0", "--api-versions", "monitoring.coreos.com/v1"];

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

/**
 * The manifests `helm template` renders from one template of the pinned chart source
 * (`../shared/helm-charts/<chart>-<version>/`), the values given on standard input.
 */
export function renderTemplate(release: RenderableRelease, template: string): Values[] {
  const chartDir = sharedPath("helm-charts", `${release.chart}-${release.version}`);
  const args = ["template", release.name, chartDir, "--namespace", release.namespace, "--values", "-", "--show-only", template, ...CLUSTER];
  const out = execFileSync(HELM, args, { input: JSON.stringify(release.values), encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as Values | null)
    .filter((doc): doc is Values => doc !== null);
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
