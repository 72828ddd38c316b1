import { Construct } from "constructs";
import { ITerraformDependable, TerraformVariable } from "cdktf";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { ContactPoint as GrafanaContactPointResource } from "../.gen/providers/grafana/contact-point";
import { ContactPoint } from "../src/alerting/contact-point";
import { GrafanaCredential, renderGrafanaContactPoint } from "../src/alerting/grafana-contact-points";
import { isKubernetesSecret } from "../src/alerting/secret-reference";
import { check } from "../src/config/config-error";
import { escapeTerraformTemplatesDeep } from "../src/terraform/escape-templates";

/** What {@link addGrafanaContactPoints} created. */
export interface GrafanaContactPointResources {
  readonly contactPoints: Readonly<Record<string, GrafanaContactPointResource>>;
  /** The sensitive variables credentials come from, by name: set `TF_VAR_<name>`. */
  readonly variables: Readonly<Record<string, TerraformVariable>>;
  /** The Kubernetes Secrets credentials are read from, by Secret name. */
  readonly secrets: Readonly<Record<string, DataKubernetesSecretV1>>;
}

export interface GrafanaContactPointsOptions {
  /** Namespace of the Secrets that `{ secret: { name, key } }` credentials name. @default none (then no credential may be a Secret) */
  readonly secretsNamespace?: string;
  /** Let people edit the contact points in Grafana's UI. */
  readonly disableProvenance: boolean;
  /** What the contact points need first (the message templates their texts name). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Grafana contact points in `scope`, their credentials from sensitive Terraform variables
 * (`TF_VAR_<name>`, one per name, shared by the contact points that use it; the plain name
 * as logical id) or keys of existing Kubernetes Secrets read at plan time; never literals.
 * `scope`'s path names a contact point whose Secrets have no namespace.
 */
export function addGrafanaContactPoints(scope: Construct, contactPoints: readonly ContactPoint[], options: GrafanaContactPointsOptions): GrafanaContactPointResources {
  const { secretsNamespace: namespace, disableProvenance } = options;
  const uses = credentialUses(contactPoints);
  const secretUsers = Object.values(uses.secrets).join(", ");
  check(namespace !== undefined || !secretUsers, scope.node.path, "secretsNamespace", `is required to read the Kubernetes Secrets of contact points ${secretUsers}`);
  const variables = Object.fromEntries(
    Object.entries(uses.variables).map(([name, users]) => {
      const variable = new TerraformVariable(scope, `credential-${name}`, {
        type: "string",
        sensitive: true,
        description: `Credential of Grafana contact point ${users}; set TF_VAR_${name}.`,
      });
      // the plain name, so TF_VAR_<name> is the same here and in the platform stack
      variable.overrideLogicalId(name);
      return [name, variable];
    }),
  );
  const secrets = Object.fromEntries(
    Object.keys(uses.secrets).map((name) => [name, new DataKubernetesSecretV1(scope, `secret-${name}`, { metadata: { name, namespace } })]),
  );
  const credential: GrafanaCredential = (reference) =>
    isKubernetesSecret(reference) ? secrets[reference.secret.name].data.lookup(reference.secret.key) : variables[reference.variable].stringValue;
  const resources = Object.fromEntries(
    contactPoints.map((contactPoint) => [
      contactPoint.name,
      new GrafanaContactPointResource(scope, `contact-point-${contactPoint.name}`, {
        ...escapeTerraformTemplatesDeep(renderGrafanaContactPoint(contactPoint, credential)),
        disableProvenance,
        dependsOn: options.dependsOn,
      }),
    ]),
  );
  return { contactPoints: resources, variables, secrets };
}

/**
 * Who uses each credential, for the variables' descriptions and the Secrets to read:
 * `{ variables: { slack_url: '"team-slack" (webhookUrl)' }, secrets: { … } }`. Only what the
 * Grafana contact points actually read (not Alertmanager's SMTP password).
 */
function credentialUses(contactPoints: readonly ContactPoint[]): { variables: Record<string, string>; secrets: Record<string, string> } {
  const variables: Record<string, string[]> = {};
  const secrets: Record<string, string[]> = {};
  for (const contactPoint of contactPoints) {
    renderGrafanaContactPoint(contactPoint, (reference, field) => {
      const [users, name] = isKubernetesSecret(reference) ? [secrets, reference.secret.name] : [variables, reference.variable];
      (users[name] ??= []).push(`"${contactPoint.name}" (${field})`);
      return "";
    });
  }
  const joined = (uses: Record<string, string[]>) => Object.fromEntries(Object.keys(uses).sort().map((name) => [name, uses[name].join(", ")]));
  return { variables: joined(variables), secrets: joined(secrets) };
}
