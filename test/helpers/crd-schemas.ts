import { readFileSync } from "node:fs";
import Ajv, { ValidateFunction } from "ajv";
import { parse } from "yaml";
import { sharedPath } from "./shared-dir";

export type CrdKind = "ServiceMonitor" | "PodMonitor" | "PrometheusRule" | "AlertmanagerConfig";

/** The reference data's extracted schemas, and the chart's CRD for the kinds it has none of. */
function crdSchema(kind: CrdKind): object {
  if (kind !== "AlertmanagerConfig") return JSON.parse(readFileSync(sharedPath("crds", `${kind}.schema.json`), "utf8"));
  const crd = parse(readFileSync(sharedPath("helm-charts", "kube-prometheus-stack-88.5.3", "charts", "crds", "crds", "crd-alertmanagerconfigs.yaml"), "utf8"));
  return crd.spec.versions.find((version: { name: string }) => version.name === "v1alpha1").schema.openAPIV3Schema;
}

const validators = new Map<CrdKind, ValidateFunction>();

/**
 * The CRDs' patterns are Go (RE2) regular expressions: the AlertmanagerConfig's time
 * intervals open with an inline `(?i)` flag, which JavaScript lacks; it becomes the `i` flag.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string) => (pattern.includes("(?i)") ? new RegExp(pattern.replace(/\(\?i\)/g, ""), `${flags}i`) : new RegExp(pattern, flags)),
  { code: "goRegExp" },
);

/**
 * Errors of a prometheus-operator object (`{apiVersion, kind, metadata, spec}` or just its
 * spec wrapped by the caller) against the CRD's openAPIV3Schema from the reference data.
 */
export function crdErrors(kind: CrdKind, object: unknown): string[] {
  let validate = validators.get(kind);
  if (!validate) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp } });
    validate = ajv.compile(crdSchema(kind));
    validators.set(kind, validate);
  }
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: unknown; "x-kubernetes-preserve-unknown-fields"?: boolean };

/**
 * Fields of an object the CRD does not define: the API server prunes them silently, so a
 * misspelt field (`apiUrl` for `apiURL`) would pass schema validation and do nothing.
 */
export function crdUnknownFields(kind: CrdKind, object: unknown): string[] {
  const walk = (value: unknown, schema: SchemaNode | undefined, path: string): string[] => {
    if (!schema || schema["x-kubernetes-preserve-unknown-fields"]) return [];
    if (Array.isArray(value)) return value.flatMap((item, i) => walk(item, schema.items, `${path}/${i}`));
    if (typeof value !== "object" || value === null || !schema.properties) return [];
    return Object.entries(value).flatMap(([key, child]) =>
      key in schema.properties! ? walk(child, schema.properties![key], `${path}/${key}`) : schema.additionalProperties ? [] : [`${path}/${key}`],
    );
  };
  return walk(object, crdSchema(kind) as SchemaNode, "");
}
