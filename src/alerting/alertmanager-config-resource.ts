import { ConfigError } from "../config/config-error";
import { ContactPoint } from "./contact-point";
import { isKubernetesSecret, SecretReference } from "./secret-reference";

/** A key of a Secret in the AlertmanagerConfig's own namespace (the operator reads nothing else). */
type SecretKeySelector = { name: string; key: string };

/** A prometheus-operator `AlertmanagerConfig` (monitoring.coreos.com/v1alpha1), ready for `kubernetes_manifest`. */
export interface AlertmanagerConfigObject {
  readonly apiVersion: "monitoring.coreos.com/v1alpha1";
  readonly kind: "AlertmanagerConfig";
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  readonly spec: {
    readonly route: { receiver: string; matchers: Array<{ name: string; value: string; matchType: "=" }> };
    readonly receivers: Array<{ name: string } & Record<string, unknown>>;
  };
}

export interface AlertmanagerConfigResourceOptions {
  /** Object name. */
  readonly name: string;
  /** The team's namespace: the object's, and the one of every Secret its receiver reads. */
  readonly namespace: string;
  /** Labels the route matches (all of them, with `=`), e.g. `{ team, service }`. */
  readonly match: Readonly<Record<string, string>>;
  /** Labels of the object. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One team's routing as an AlertmanagerConfig in its own namespace: one route to one
 * receiver, the contact point. The operator merges it into the platform's Alertmanager
 * configuration under the root route (as the first routes, `continue: true`, so the
 * platform's own routing still sees every alert) and, with the `OnNamespace` matcher
 * strategy, adds `namespace="<its namespace>"` to the route: a team only receives alerts of
 * its own namespace. Nothing of the platform's configuration is replaced.
 *
 * Credentials are keys of Secrets in that namespace (`{ secret: { name, key } }`); the
 * operator refuses any other namespace, and cannot read Terraform variables.
 */
export function renderAlertmanagerConfigResource(contactPoint: ContactPoint, options: AlertmanagerConfigResourceOptions): AlertmanagerConfigObject {
  return {
    apiVersion: "monitoring.coreos.com/v1alpha1",
    kind: "AlertmanagerConfig",
    metadata: { name: options.name, namespace: options.namespace, ...(options.labels ? { labels: { ...options.labels } } : {}) },
    spec: {
      route: {
        receiver: contactPoint.name,
        matchers: Object.entries(options.match).map(([name, value]) => ({ name, value, matchType: "=" as const })),
      },
      receivers: [receiver(contactPoint, options.namespace)],
    },
  };
}

function receiver(contactPoint: ContactPoint, namespace: string): { name: string } & Record<string, unknown> {
  const where = `contact point "${contactPoint.name}"`;
  const secret = (reference: SecretReference, field: string): SecretKeySelector => {
    if (!isKubernetesSecret(reference)) {
      throw new ConfigError(where, [
        {
          field,
          problem: `an AlertmanagerConfig reads credentials from Secrets in its own namespace: use { secret: { name, key } } (a Secret in "${namespace}"), or the Grafana engine for a Terraform variable`,
        },
      ]);
    }
    return { name: reference.secret.name, key: reference.secret.key };
  };
  const { name } = contactPoint;
  const sendResolved = { sendResolved: contactPoint.sendResolved };
  switch (contactPoint.type) {
    case "email": {
      const { smtp } = contactPoint;
      if (!smtp) throw new ConfigError(where, [{ field: "smtp", problem: "Alertmanager needs an SMTP relay (smarthost, from) to send e-mail" }]);
      return {
        name,
        emailConfigs: [
          {
            ...sendResolved,
            to: contactPoint.to.join(", "),
            from: smtp.from,
            smarthost: smtp.smarthost,
            requireTLS: smtp.requireTls,
            ...(smtp.username ? { authUsername: smtp.username } : {}),
            ...(smtp.password ? { authPassword: secret(smtp.password, "smtp.password") } : {}),
            ...(contactPoint.subject ? { headers: [{ key: "Subject", value: contactPoint.subject }] } : {}),
          },
        ],
      };
    }
    case "slack":
      return {
        name,
        slackConfigs: [
          {
            ...sendResolved,
            apiURL: secret(contactPoint.webhookUrl, "webhookUrl"),
            ...(contactPoint.channel ? { channel: contactPoint.channel } : {}),
            title: contactPoint.title,
            text: contactPoint.text,
          },
        ],
      };
    case "webhook":
      return {
        name,
        webhookConfigs: [
          {
            ...sendResolved,
            urlSecret: secret(contactPoint.url, "url"),
            maxAlerts: contactPoint.maxAlerts,
            ...(contactPoint.bearerToken ? { httpConfig: { authorization: { type: "Bearer", credentials: secret(contactPoint.bearerToken, "bearerToken") } } } : {}),
          },
        ],
      };
    case "msteams":
      return contactPoint.kind === "workflow"
        ? { name, msteamsv2Configs: [{ ...sendResolved, webhookURL: secret(contactPoint.webhookUrl, "webhookUrl"), title: contactPoint.title, text: contactPoint.text }] }
        : { name, msteamsConfigs: [{ ...sendResolved, webhookUrl: secret(contactPoint.webhookUrl, "webhookUrl"), title: contactPoint.title, text: contactPoint.text }] };
    case "pagerduty":
      return {
        name,
        pagerdutyConfigs: [{ ...sendResolved, routingKey: secret(contactPoint.routingKey, "routingKey"), ...(contactPoint.url ? { url: contactPoint.url } : {}) }],
      };
    case "opsgenie":
      return {
        name,
        opsgenieConfigs: [
          {
            ...sendResolved,
            apiKey: secret(contactPoint.apiKey, "apiKey"),
            ...(contactPoint.apiUrl ? { apiURL: contactPoint.apiUrl } : {}),
            ...(contactPoint.responders ? { responders: contactPoint.responders.map((r) => (r.type === "user" ? { type: r.type, username: r.name } : { type: r.type, name: r.name })) } : {}),
            ...(contactPoint.priority ? { priority: contactPoint.priority } : {}),
          },
        ],
      };
  }
}
