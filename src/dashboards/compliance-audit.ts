import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as logs from "@grafana/grafana-foundation-sdk/logs";
import { z } from "zod";
import { dnsLabel, nonEmpty } from "../config/common-schemas";
import { ConfigError } from "../config/config-error";
import { parseConfig } from "../config/parse-config";
import { stableUid } from "../grafana/stable-uid";
import { findSyntaxError } from "../queries/validate-query";
import { checkCorrelationOptions, type CorrelationOptions, DATASOURCES, literalValue, lokiLabel, lokiQuery, metricTimeseries } from "./correlation-links";

/** How the user of an audit event is read from its log line, as the `user` label. */
export type UserExtraction =
  /** `| logfmt user="<field>"` / `| json user="<field>"` (a JSON path such as `actor.name`). */
  | { readonly parser: "logfmt" | "json"; readonly field: string }
  /** `| regexp` with an RE2 pattern that has a named group `user`, e.g. `user=(?P<user>\S+)`. */
  | { readonly parser: "regexp"; readonly pattern: string }
  /** No per-user breakdown: events are only counted. */
  | { readonly parser: "none" };

export interface ComplianceAuditOptions {
  /** Namespace whose logs hold the audit events. @default "productie" */
  readonly namespace?: string;
  /** Text a log line must contain to be an audit event. @default "UserLogin" */
  readonly matchString?: string;
  /** How the user is read from an event line. @default { parser: "logfmt", field: "user" } */
  readonly userExtraction?: UserExtraction;
  /** How log streams are labelled, for the namespace label and the links. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

export const COMPLIANCE_AUDIT_TITLE = "Compliance audit trail";

const schema = z.strictObject({
  namespace: dnsLabel.default("productie"),
  matchString: nonEmpty.default("UserLogin"),
  userExtraction: z
    .discriminatedUnion("parser", [
      z.strictObject({
        parser: z.enum(["logfmt", "json"]),
        field: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "must be a field name or dotted JSON path"),
      }),
      z.strictObject({
        parser: z.literal("regexp"),
        pattern: z
          .string()
          .refine((p) => /\(\?P?<user>/.test(p), "must have a named group `user`, e.g. user=(?P<user>\\S+)")
          .refine((p) => !p.includes("`"), "must not contain a backtick"),
      }),
      z.strictObject({ parser: z.literal("none") }),
    ])
    .default({ parser: "logfmt", field: "user" }),
  correlation: z.custom<CorrelationOptions>().optional(),
});

/** The LogQL stage that sets the `user` label, or "" without extraction. */
function extractionStage(extraction: z.output<typeof schema>["userExtraction"]): string {
  switch (extraction.parser) {
    case "logfmt":
    case "json":
      return ` | ${extraction.parser} user="${extraction.field}"`;
    case "regexp":
      // A raw (backtick) string keeps the pattern's backslashes as written.
      return ` | regexp \`${extraction.pattern}\``;
    case "none":
      return "";
  }
}

/**
 * The audit trail the seed asks for, over Loki: who did what when, e.g. every log line of
 * namespace `productie` containing `UserLogin` (`{namespace="productie"} |= "UserLogin"`),
 * as events per user over time and as the raw log lines.
 */
export function complianceAuditDashboard(options: ComplianceAuditOptions = {}): dashboard.Dashboard {
  const where = `dashboard "${COMPLIANCE_AUDIT_TITLE}"`;
  const { namespace, matchString, userExtraction, correlation } = parseConfig(schema, options, where);
  checkCorrelationOptions(correlation, where);

  const events = `{${lokiLabel("namespace", correlation)}="${namespace}"} |= ${JSON.stringify(matchString)}`;
  const perUser = userExtraction.parser !== "none";
  const countQuery = perUser
    ? `sum by (user) (count_over_time(${events}${extractionStage(userExtraction)} [$__interval]))`
    : `sum(count_over_time(${events} [$__interval]))`;
  const error = findSyntaxError("logql", countQuery);
  if (error) throw new ConfigError(where, [{ field: "userExtraction", problem: `makes invalid LogQL at column ${error.column}: ${error.excerpt}` }]);

  return new dashboard.DashboardBuilder(COMPLIANCE_AUDIT_TITLE)
    .uid(stableUid(COMPLIANCE_AUDIT_TITLE))
    .description(`Audit events: log lines of namespace ${namespace} containing ${JSON.stringify(matchString)}.`)
    .tags(["cdktf-observability", "compliance", "audit"])
    .time({ from: "now-24h", to: "now" })
    .withPanel(
      metricTimeseries(perUser ? "Audit events per user" : "Audit events", { namespace: literalValue(namespace) }, correlation, DATASOURCES.loki)
        .description("How many audit events each interval holds.")
        .min(0)
        .decimals(0)
        .span(24)
        .height(8)
        .drawStyle(common.GraphDrawStyle.Bars)
        .withTarget(lokiQuery(countQuery, perUser ? "{{user}}" : "events")),
    )
    .withPanel(
      new logs.PanelBuilder()
        .title("Audit trail")
        .description("The audit events themselves, newest first.")
        .datasource(DATASOURCES.loki)
        .span(24)
        .height(16)
        .showTime(true)
        .enableLogDetails(true)
        .wrapLogMessage(true)
        .sortOrder(common.LogsSortOrder.Descending)
        .withTarget(lokiQuery(events)),
    )
    .build();
}
