import { z } from "zod";
import { dnsLabel, hostAndPort, httpUrl, nonEmpty, singleLine } from "../config/common-schemas";
import { templateText } from "./alert-rule";
import { DEFAULT_TEXT, DEFAULT_TITLE } from "./message-template";
import { SecretReference, secretReference } from "./secret-reference";

export const CONTACT_POINT_TYPES = ["email", "slack", "webhook", "msteams", "pagerduty", "opsgenie"] as const;
export type ContactPointType = (typeof CONTACT_POINT_TYPES)[number];

/** Alertmanager's receiver that drops everything (the chart's Watchdog and InfoInhibitor go there). */
export const NULL_RECEIVER = "null";

const common = {
  /** Unique name; routes refer to it. */
  name: dnsLabel.refine((name) => name !== NULL_RECEIVER, `"${NULL_RECEIVER}" is reserved for the receiver that drops alerts`),
  /** Also notify when the alert resolves. @default true */
  sendResolved: z.boolean().default(true),
};

/** Chat messages: the built-in template unless overridden. */
const chatText = {
  /** @default the built-in `observability.title` template */
  title: templateText.default(DEFAULT_TITLE),
  /** @default the built-in `observability.text` template (summary, description, runbook, labels per alert) */
  text: templateText.default(DEFAULT_TEXT),
};

const email = z.email("must be an e-mail address");

export const contactPointSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      ...common,
      type: z.literal("email"),
      to: z.array(email).min(1, "must list at least one address"),
      /**
       * SMTP relay for Alertmanager (Grafana sends through its own SMTP settings).
       * @default none (required when Alertmanager notifies this contact point)
       */
      smtp: z
        .strictObject({
          /** `host:port`. */
          smarthost: hostAndPort,
          from: email,
          username: singleLine(256).optional(),
          password: secretReference.optional(),
          /** @default true */
          requireTls: z.boolean().default(true),
        })
        .optional(),
      /** @default the engine's default subject */
      subject: templateText.optional(),
    }),
    z.strictObject({
      ...common,
      type: z.literal("slack"),
      /** The incoming-webhook URL (it embeds the token). */
      webhookUrl: secretReference,
      /** `#channel` or `@user`. @default the webhook's channel */
      channel: z.string().regex(/^[#@][\p{L}\p{N}._-]{1,80}$/u, "must be #channel or @user (at most 80 letters, digits, '.', '_', '-')").optional(),
      ...chatText,
    }),
    z.strictObject({
      ...common,
      type: z.literal("webhook"),
      /** The endpoint receiving Alertmanager's JSON payload. */
      url: secretReference,
      /** Sent as `Authorization: Bearer …`. @default none */
      bearerToken: secretReference.optional(),
      /** At most this many alerts per message; 0 = all. @default 0 */
      maxAlerts: z.number().int().min(0).default(0),
    }),
    z.strictObject({
      ...common,
      type: z.literal("msteams"),
      /** The Teams webhook URL. */
      webhookUrl: secretReference,
      /**
       * `workflow`: a Power Automate Workflows webhook (Alertmanager `msteamsv2`); `connector`:
       * a legacy Office 365 connector, which Microsoft is retiring. @default "workflow"
       */
      kind: z.enum(["workflow", "connector"]).default("workflow"),
      ...chatText,
    }),
    z.strictObject({
      ...common,
      type: z.literal("pagerduty"),
      /** Events API v2 integration (routing) key. */
      routingKey: secretReference,
      /** Events API endpoint, e.g. the EU one. @default PagerDuty's US endpoint */
      url: httpUrl.optional(),
    }),
    z.strictObject({
      ...common,
      type: z.literal("opsgenie"),
      apiKey: secretReference,
      /** e.g. `https://api.eu.opsgenie.com/`. @default Opsgenie's US API */
      apiUrl: httpUrl.optional(),
      /** Who gets the alert. @default the API key's team */
      responders: z
        .array(z.strictObject({ type: z.enum(["team", "user", "escalation", "schedule"]), name: nonEmpty }))
        .optional(),
      /** Templated priority, P1–P5. @default Opsgenie's default */
      priority: templateText.optional(),
    }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? `must be one of ${CONTACT_POINT_TYPES.join(", ")}` : undefined) },
);

/** A contact point as written in configuration. */
export type ContactPointInput = z.input<typeof contactPointSchema>;
/** A validated contact point with defaults filled in. */
export type ContactPoint = z.output<typeof contactPointSchema>;

/** Every credential a contact point refers to, by field path. */
export function contactPointSecrets(contactPoint: ContactPoint): Array<{ field: string; reference: SecretReference }> {
  const fields: Record<string, SecretReference | undefined> =
    contactPoint.type === "email"
      ? { "smtp.password": contactPoint.smtp?.password }
      : contactPoint.type === "webhook"
        ? { url: contactPoint.url, bearerToken: contactPoint.bearerToken }
        : contactPoint.type === "pagerduty"
          ? { routingKey: contactPoint.routingKey }
          : contactPoint.type === "opsgenie"
            ? { apiKey: contactPoint.apiKey }
            : { webhookUrl: contactPoint.webhookUrl };
  return Object.entries(fields).flatMap(([field, reference]) => (reference ? [{ field, reference }] : []));
}
