import deepmerge from "deepmerge";
import { canonicalJson } from "../dashboards/normalize-dashboard";
import { escapeTerraformTemplates } from "../terraform/escape-templates";

/** Helm values: a YAML mapping. */
export type Values = { [key: string]: unknown };

/** The values of one concern of a release (prometheus, alertmanager, grafana, overrides…). */
export interface ValuesDocument {
  /** Names the concern; listed beside the rendered documents (a JSON document has no comments). */
  readonly concern: string;
  readonly values: Values;
}

/** One values document as handed to `helm_release.values`. */
export interface RenderedValuesDocument {
  readonly concern: string;
  /** Canonical JSON (keys sorted, no whitespace), Terraform template markers escaped. */
  readonly text: string;
}

const isPlainObject = (value: unknown): value is Values =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * Merges values the way Helm merges several values files: mappings merge key by key, lists
 * and scalars of a later layer replace earlier ones. A `null` in a later layer is kept (Helm
 * then deletes the key from the chart's defaults).
 */
export function mergeValues(...layers: Values[]): Values {
  return deepmerge.all<Values>(layers, { arrayMerge: (_target, source) => source, isMergeableObject: isPlainObject });
}

/**
 * Renders each document as canonical JSON (keys sorted), in order. Handed to
 * `helm_release.values` as a list, so Helm merges them in that order (JSON is YAML to
 * Helm), and Terraform's plan renderer, which diffs a string that parses as a JSON object
 * key by key, shows a one-knob change as `key = old -> new` inside one document rather than
 * a rewritten blob. Empty documents are dropped; template markers are escaped for Terraform.
 */
export function renderValuesDocuments(documents: readonly ValuesDocument[]): RenderedValuesDocument[] {
  return documents
    .filter((doc) => Object.keys(doc.values).length > 0)
    .map((doc) => ({ concern: doc.concern, text: escapeTerraformTemplates(canonicalJson(doc.values)) }));
}
