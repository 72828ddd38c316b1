import { z } from "zod";
import { dnsLabel } from "../config/common-schemas";

/** A key of an existing Kubernetes Secret in the monitoring namespace. */
export interface KubernetesSecretReference {
  readonly secret: { readonly name: string; readonly key: string };
}

/** A sensitive Terraform variable (`TF_VAR_<name>`), for Grafana-managed alerting. */
export interface TerraformVariableReference {
  readonly variable: string;
}

/**
 * Where a contact point's credential (webhook URL, routing key, API key, SMTP password)
 * comes from. Never the value itself: configuration ends up in plans, Helm values and
 * Terraform state, so a literal would leak.
 */
export type SecretReference = KubernetesSecretReference | TerraformVariableReference;

const LITERAL =
  'a literal secret is not allowed: reference an existing Kubernetes Secret ({ secret: { name, key } }) or a sensitive Terraform variable ({ variable: "name" })';

export const secretReference = z.union(
  [
    z.strictObject({
      secret: z.strictObject({
        name: dnsLabel,
        key: z.string().regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret key (letters, digits, '-', '_', '.')"),
      }),
    }),
    z.strictObject({
      // the name is also the key of the Secret that holds the value for Alertmanager
      variable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,252}$/, "must be a Terraform variable name (at most 253 letters, digits, '_')"),
    }),
  ],
  {
    error: (issue) =>
      typeof issue.input === "string"
        ? LITERAL
        : 'must be a reference: { secret: { name, key } } (an existing Kubernetes Secret) or { variable: "name" } (a sensitive Terraform variable)',
  },
);

export function isKubernetesSecret(reference: SecretReference): reference is KubernetesSecretReference {
  return "secret" in reference;
}
