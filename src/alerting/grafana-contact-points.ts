import { ContactPoint } from "./contact-point";
import { SecretReference } from "./secret-reference";

/**
 * The value Grafana receives for a credential: a reference Terraform resolves at apply time
 * (a sensitive variable, a Kubernetes Secret read by a data source), never the secret itself.
 * `field` is the contact point field the credential is for.
 */
export type GrafanaCredential = (reference: SecretReference, field: string) => string;

interface Integration {
  /** Grafana sends no "resolved" message when true. */
  readonly disableResolveMessage: boolean;
}

/** A `grafana_contact_point` with its one integration block. */
export interface GrafanaContactPoint {
  readonly name: string;
  readonly email?: Array<Integration & { addresses: string[]; singleEmail: boolean; subject?: string }>;
  readonly slack?: Array<Integration & { url: string; recipient?: string; title: string; text: string }>;
  readonly webhook?: Array<Integration & { url: string; maxAlerts?: number; authorizationScheme?: string; authorizationCredentials?: string }>;
  readonly teams?: Array<Integration & { url: string; title: string; message: string }>;
  readonly pagerduty?: Array<Integration & { integrationKey: string; url?: string }>;
  readonly opsgenie?: Array<Integration & { apiKey: string; url?: string; responders?: Array<{ type: string; name?: string; username?: string }> }>;
}

/**
 * A contact point as a Grafana contact point (`email`, `slack`, `webhook`, `teams`,
 * `pagerduty` or `opsgenie` block), its credentials through `credential`. Chat messages use
 * the model's title and text, which refer to the message templates by name.
 *
 * What Grafana configures elsewhere or not at all:
 * - e-mail `smtp`: Grafana sends e-mail through its own server settings (`[smtp]` in
 *   grafana.ini, the chart's `grafana.ini.smtp`), not per contact point, so it is ignored here;
 * - Opsgenie `priority`: Grafana has no such setting; it takes an alert's priority from its
 *   `og_priority` label or annotation;
 * - Teams `kind`: Grafana's Teams integration takes Workflows and legacy connector URLs alike.
 */
export function renderGrafanaContactPoint(contactPoint: ContactPoint, credential: GrafanaCredential): GrafanaContactPoint {
  const common = { disableResolveMessage: !contactPoint.sendResolved };
  const { name } = contactPoint;
  switch (contactPoint.type) {
    case "email":
      // one message to all addresses, as Alertmanager sends it
      return { name, email: [{ ...common, addresses: contactPoint.to, singleEmail: true, ...(contactPoint.subject ? { subject: contactPoint.subject } : {}) }] };
    case "slack":
      return {
        name,
        slack: [
          {
            ...common,
            url: credential(contactPoint.webhookUrl, "webhookUrl"),
            ...(contactPoint.channel ? { recipient: contactPoint.channel } : {}),
            title: contactPoint.title,
            text: contactPoint.text,
          },
        ],
      };
    case "webhook":
      return {
        name,
        webhook: [
          {
            ...common,
            url: credential(contactPoint.url, "url"),
            ...(contactPoint.maxAlerts ? { maxAlerts: contactPoint.maxAlerts } : {}),
            ...(contactPoint.bearerToken
              ? { authorizationScheme: "Bearer", authorizationCredentials: credential(contactPoint.bearerToken, "bearerToken") }
              : {}),
          },
        ],
      };
    case "msteams":
      return { name, teams: [{ ...common, url: credential(contactPoint.webhookUrl, "webhookUrl"), title: contactPoint.title, message: contactPoint.text }] };
    case "pagerduty":
      // the Events API v2 endpoint, as in Alertmanager's `url`
      return { name, pagerduty: [{ ...common, integrationKey: credential(contactPoint.routingKey, "routingKey"), ...(contactPoint.url ? { url: contactPoint.url } : {}) }] };
    case "opsgenie":
      return {
        name,
        opsgenie: [
          {
            ...common,
            apiKey: credential(contactPoint.apiKey, "apiKey"),
            // Alertmanager takes the API base URL, Grafana the alerts endpoint below it
            ...(contactPoint.apiUrl ? { url: `${contactPoint.apiUrl.replace(/\/+$/, "")}/v2/alerts` } : {}),
            ...(contactPoint.responders
              ? { responders: contactPoint.responders.map((r) => (r.type === "user" ? { type: r.type, username: r.name } : { type: r.type, name: r.name })) }
              : {}),
          },
        ],
      };
  }
}
