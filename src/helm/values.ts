import deepmerge from "deepmerge";
import { stringify } from "yaml";
import { escapeTerraformTemplates } from "../terraform/escape-templates";

/** Helm values: a YAML mapping. */
export type Values = { [key: string]: unknown };

/** The values of one concern of a release (prometheus, alertmanager, grafana, overrides…). */
export interface ValuesDocument {
  /** Names the concern; becomes the document's first comment line. */
  readonly concern: string;
  readonly values: Values;
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
 * Renders each document as YAML with sorted keys, headed by its concern, in order. Handed
 * to `helm_release.values` as a list, so Helm merges them in that order and a plan shows a
 * one-knob change as a one-line diff inside one document rather than a whole-blob rewrite.
 * Empty documents are dropped; template markers are escaped for Terraform.
 */
export function renderValuesDocuments(documents: readonly ValuesDocument[]): string[] {
  return documents
    .filter((doc) => Object.keys(doc.values).length > 0)
    .map((doc) =>
      escapeTerraformTemplates(`# ${doc.concern}\n${stringify(doc.values, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false })}`),
    );
}
