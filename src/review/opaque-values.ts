/**
 * A value the review may compare but never print: Terraform marks it sensitive, it sits in a
 * Secret's data, or its key names a credential. Printed as `(sensitive)`.
 */
export class SensitiveValue {
  constructor(readonly value: unknown) {}
}

/** A value Terraform only knows after apply (`after_unknown`). */
export class UnknownValue {}

/** Keys whose values are credentials wherever they appear (contact point settings, helm values, datasource settings). */
const CREDENTIAL_KEY = /(password|passwd|secret|token|api_?key|apikey|routing_?key|integration_?key|service_?key|webhook_?url|^api_url$|^url$|credentials?$|private_?key|authorization)/i;

/** Keys that name where a credential lives (a Secret's name, a file), not the credential itself. */
const CREDENTIAL_REFERENCE_KEY = /(_file|File|Secret|SecretName|secretKeyRef|existingSecret|_secret_name)$/;

/** Whether the value under `key` is a credential. `urlIsCredential`: contact points embed tokens in URLs, datasources do not. */
function isCredentialKey(key: string, urlIsCredential: boolean): boolean {
  if (CREDENTIAL_REFERENCE_KEY.test(key)) return false;
  if (!urlIsCredential && /^url$/i.test(key)) return false;
  return CREDENTIAL_KEY.test(key);
}

/**
 * `value` with every string, number or boolean under a credential key wrapped as sensitive,
 * and the `value` of a `{ name, value }` pair (an environment variable) whose name is one.
 */
export function hideCredentials(value: unknown, urlIsCredential: boolean, underCredential = false): unknown {
  if (value instanceof SensitiveValue || value instanceof UnknownValue) return value;
  if (Array.isArray(value)) return value.map((item) => hideCredentials(item, urlIsCredential, underCredential));
  if (value !== null && typeof value === "object") {
    const named = (value as Record<string, unknown>).name;
    const credentialPair = typeof named === "string" && isCredentialKey(named, urlIsCredential);
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        hideCredentials(item, urlIsCredential, underCredential || isCredentialKey(key, urlIsCredential) || (credentialPair && key === "value")),
      ]),
    );
  }
  return underCredential && value !== null && value !== "" ? new SensitiveValue(value) : value;
}

/**
 * `value` with what a plan marks: `true` in `sensitive` wraps the value as sensitive, `true`
 * in `unknown` makes it unknown (the masks have the value's shape, `terraform show -json`).
 */
export function applyPlanMasks(value: unknown, sensitive: unknown, unknown?: unknown): unknown {
  if (unknown === true) return new UnknownValue();
  if (sensitive === true) return new SensitiveValue(value);
  if (Array.isArray(value)) {
    const length = Math.max(value.length, Array.isArray(unknown) ? unknown.length : 0);
    return Array.from({ length }, (_, i) => applyPlanMasks(value[i], maskAt(sensitive, i), maskAt(unknown, i)));
  }
  if (value !== null && typeof value === "object") {
    const keys = new Set([...Object.keys(value), ...(isRecord(unknown) ? Object.keys(unknown).filter((key) => unknown[key] === true) : [])]);
    return Object.fromEntries([...keys].map((key) => [key, applyPlanMasks((value as Record<string, unknown>)[key], maskAt(sensitive, key), maskAt(unknown, key))]));
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function maskAt(mask: unknown, key: string | number): unknown {
  if (Array.isArray(mask)) return typeof key === "number" ? mask[key] : undefined;
  return isRecord(mask) ? mask[key] : undefined;
}
