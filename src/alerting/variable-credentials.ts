import { AlertingModel } from "./alerting-model";
import { contactPointSecrets } from "./contact-point";
import { isKubernetesSecret } from "./secret-reference";

/** Names of the sensitive Terraform variables the model's contact points read credentials from, sorted. */
export function credentialVariables(model: AlertingModel): string[] {
  const names = model.contactPoints.flatMap((cp) => contactPointSecrets(cp).map(({ reference }) => reference));
  return [...new Set(names.flatMap((reference) => (isKubernetesSecret(reference) ? [] : [reference.variable])))].sort();
}

/**
 * The model with every `{ variable: x }` credential read from key `x` of the Secret
 * `secretName` instead: for Alertmanager, which reads credentials from mounted files, once
 * the platform has stored the variables' values in that Secret.
 */
export function withVariablesFromSecret(model: AlertingModel, secretName: string): AlertingModel {
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value !== "object" || value === null) return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === "variable" && typeof entries[0][1] === "string") {
      return { secret: { name: secretName, key: entries[0][1] } };
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, replace(v)]));
  };
  return { ...model, contactPoints: model.contactPoints.map((cp) => replace(cp) as typeof cp) };
}
