import { readFileSync } from "node:fs";
import Ajv, { ValidateFunction } from "ajv";
import { sharedPath } from "./shared-dir";

export type CrdKind = "ServiceMonitor" | "PodMonitor" | "PrometheusRule";

const validators = new Map<CrdKind, ValidateFunction>();

/**
 * Errors of a prometheus-operator object (`{apiVersion, kind, metadata, spec}` or just its
 * spec wrapped by the caller) against the CRD's openAPIV3Schema from the reference data.
 */
export function crdErrors(kind: CrdKind, object: unknown): string[] {
  let validate = validators.get(kind);
  if (!validate) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    validate = ajv.compile(JSON.parse(readFileSync(sharedPath("crds", `${kind}.schema.json`), "utf8")));
    validators.set(kind, validate);
  }
  return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
