import { Construct } from "constructs";
import { ITerraformDependable, Lazy } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { ChartRef } from "../src/helm/charts";
import { mergeValues, RenderedValuesDocument, renderValuesDocuments, Values, ValuesDocument } from "../src/helm/values";

export interface HelmChartProps {
  /** The pinned chart. */
  readonly chart: ChartRef;
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace of the release. */
  readonly namespace: string;
  /**
   * The construct's typed values, one document per concern, in merge order. A function is
   * called at synth time, so values contributed after construction (monitors, rules…) count.
   */
  readonly documents: readonly ValuesDocument[] | (() => readonly ValuesDocument[]);
  /** Raw values deep-merged last (the escape hatch), rendered as their own `overrides` document. @default none */
  readonly overrides?: Values;
  /** Seconds Helm waits for the release to become ready before rolling back. @default 600 */
  readonly timeoutSeconds?: number;
  /** Release revisions Helm keeps. @default 10 */
  readonly maxHistory?: number;
  /** What the release must wait for: its namespace, Secrets it mounts… @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A `helm_release` of a pinned chart with values rendered as several canonical JSON documents
 * (one per concern, then the overrides; the concerns listed in order under the resource's
 * `"//".valuesDocuments`), and settings that keep failed upgrades
 * recoverable: atomic (roll back on failure), cleanup on fail, wait, a timeout, bounded history.
 */
export class HelmChart extends Construct {
  readonly release: Release;
  private readonly documents: () => readonly ValuesDocument[];
  private rendered?: { key: string; documents: RenderedValuesDocument[] };

  constructor(scope: Construct, id: string, props: HelmChartProps) {
    super(scope, id);
    const typed = props.documents;
    const overrides = props.overrides ? [{ concern: "overrides", values: props.overrides }] : [];
    this.documents = () => [...(typeof typed === "function" ? typed() : typed), ...overrides];
    this.release = new Release(this, "release", {
      name: props.releaseName,
      namespace: props.namespace,
      repository: props.chart.repository,
      chart: props.chart.name,
      version: props.chart.version,
      values: Lazy.listValue({ produce: () => this.renderedValues().map((doc) => doc.text) }),
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: props.timeoutSeconds ?? 600,
      maxHistory: props.maxHistory ?? 10,
      dependsOn: props.dependsOn,
    });
    // JSON has no comments: the concerns are named in the resource's comment block, which Terraform ignores
    this.release.addOverride("//.valuesDocuments", Lazy.listValue({ produce: () => this.renderedValues().map((doc) => doc.concern) }));
  }

  /**
   * The rendered values documents. cdktf resolves a resource twice per synth (preparing the
   * stack, then writing it); the JSON is rendered again only when the documents changed.
   */
  private renderedValues(): RenderedValuesDocument[] {
    const documents = this.documents();
    const key = JSON.stringify(documents);
    if (this.rendered?.key !== key) this.rendered = { key, documents: renderValuesDocuments(documents) };
    return this.rendered.documents;
  }

  /** Every values document merged as Helm will merge them (for inspection and tests). */
  get values(): Values {
    return mergeValues(...this.documents().map((d) => d.values));
  }

  /** The values documents in merge order, overrides last. */
  get valuesDocuments(): readonly ValuesDocument[] {
    return this.documents();
  }
}
