import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { ChartRef } from "../src/helm/charts";
import { mergeValues, renderValuesDocuments, Values, ValuesDocument } from "../src/helm/values";

export interface HelmChartProps {
  /** The pinned chart. */
  readonly chart: ChartRef;
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace of the release (pass a reference so the release waits for the namespace). */
  readonly namespace: string;
  /** The construct's typed values, one document per concern, in merge order. */
  readonly documents: readonly ValuesDocument[];
  /** Raw values deep-merged last (the escape hatch), rendered as their own `overrides` document. @default none */
  readonly overrides?: Values;
  /** Seconds Helm waits for the release to become ready before rolling back. @default 600 */
  readonly timeoutSeconds?: number;
  /** Release revisions Helm keeps. @default 10 */
  readonly maxHistory?: number;
  /** Resources the release must wait for beyond the namespace (Secrets it mounts…). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A `helm_release` of a pinned chart with values rendered as several sorted YAML documents
 * (one per concern, then the overrides), and settings that keep failed upgrades
 * recoverable: atomic (roll back on failure), cleanup on fail, wait, a timeout, bounded history.
 */
export class HelmChart extends Construct {
  readonly release: Release;
  /** Every values document merged as Helm will merge them (for inspection and tests). */
  readonly values: Values;

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    const documents = [...props.documents, ...(props.overrides ? [{ concern: "overrides", values: props.overrides }] : [])];
    this.values = mergeValues(...documents.map((d) => d.values));
    this.release = new Release(this, "release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.chart.repository,
      chart: props.chart.name,
      version: props.chart.version,
      values: renderValuesDocuments(documents),
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: props.timeoutSeconds ?? 600,
      maxHistory: props.maxHistory ?? 10,
      dependsOn: props.dependsOn,
    });
  }
}
