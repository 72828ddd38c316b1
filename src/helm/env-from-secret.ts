import { SecretKeyRef } from "../config/common-schemas";

/** A container environment variable read from a key of an existing Secret: how credentials reach a chart's pods. */
export function envFromSecret(name: string, ref: SecretKeyRef): { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } } {
  return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}
