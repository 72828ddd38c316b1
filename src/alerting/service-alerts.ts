import { z } from "zod";
import { duration, httpUrl } from "../config/common-schemas";
import { ConfigError } from "../config/config-error";
import { parseConfig } from "../config/parse-config";
import { RedProfileName } from "../metrics/red-profiles";
import { ALERT_ENGINES, AlertEngine, AlertRule, alertRuleSchema, resolveAlertRule, ruleWhere } from "./alert-rule";
import { catalogSchema, listedServiceRules } from "./catalog";

/** Per-severity thresholds of one RED alert; what is left out comes from the catalog. */
const thresholdOverrides = z
  .strictObject({
    /** @default the catalog's */
    warning: z.number().nullable().optional(),
    /** @default the catalog's */
    critical: z.number().nullable().optional(),
    /** @default the catalog's */
    for: duration.optional(),
  })
  .optional();

/** The RED alerts of one service, as its team writes them. */
export const serviceAlertsSchema = z.strictObject({
  /**
   * Who evaluates the rules: Prometheus (a PrometheusRule, notified through an
   * AlertmanagerConfig in the service's namespace) or Grafana (Grafana-managed rules that
   * notify the team's contact point directly). Only with Prometheus do the service's alerts
   * mute the environment's catch-all ones for it (they meet in the platform's Alertmanager;
   * Grafana's alerts go to Grafana's own). @default "prometheus", as an environment's alerting
   */
  engine: z.enum(ALERT_ENGINES).default("prometheus"),
  /** Runbook pages live at `<runbookBaseUrl>/<alert-name-in-kebab-case>`. @default the service's dashboard */
  runbookBaseUrl: httpUrl.optional(),
  /** Window of the rates and ratios. @default "5m" */
  rateWindow: duration.default("5m"),
  /** Fraction of requests answered 5xx. @default the catalog's: warning 0.01, critical 0.05, for 5m */
  errorRate: thresholdOverrides,
  /** p95 request latency in seconds. @default the catalog's: warning 1, for 10m */
  latencyP95Seconds: thresholdOverrides,
});

export type ServiceAlertsInput = z.input<typeof serviceAlertsSchema>;
export type ServiceAlerts = z.output<typeof serviceAlertsSchema>;

/** The service the alerts are about. */
export interface AlertedService {
  /** The service's value of the profile's service label (`job`). */
  readonly service: string;
  /** Its namespace: every alert carries it as the `namespace` label. */
  readonly namespace: string;
  /** Owning team (`team` label). */
  readonly team: string;
  readonly profile: RedProfileName;
}

/** Stands in for a runbook base URL known only at apply (the service's dashboard): the rules are validated with it, then given the real one. */
const PLACEHOLDER_RUNBOOK = "https://runbook.invalid";

/**
 * The catalog's RED alerts (error ratio, latency) of one service, with the catalog's
 * thresholds or the team's, validated as every rule is (the query parsed with the official
 * grammar): the team and `namespace` labels on every alert, one rule group per service
 * (named after it), so two services of a team never share a group. Problems are reported
 * on the `alerts.…` fields.
 *
 * @param runbookUrl the runbook link when `runbookBaseUrl` is not given (may be a Terraform reference)
 */
export function serviceAlertRules(service: AlertedService, alerts: ServiceAlerts, runbookUrl: string, where: string): AlertRule[] {
  const own = { team: service.team, profile: service.profile, errorRate: alerts.errorRate, latencyP95Seconds: alerts.latencyP95Seconds };
  const catalog = catalogSchema.safeParse({
    runbookBaseUrl: alerts.runbookBaseUrl ?? PLACEHOLDER_RUNBOOK,
    team: service.team,
    profiles: [service.profile],
    rateWindow: alerts.rateWindow,
    services: { [service.service]: own },
  });
  if (!catalog.success) {
    // the catalog names the service's entry (`services.<service>.…`); the team wrote `alerts.…`
    const prefix = ["services", service.service];
    throw new ConfigError(
      where,
      catalog.error.issues.map((issue) => {
        const path = prefix.every((part, i) => issue.path[i] === part) ? issue.path.slice(prefix.length) : issue.path;
        return { field: ["alerts", ...path.map(String)].join("."), problem: issue.message };
      }),
    );
  }
  return listedServiceRules(catalog.data).map((input) => {
    const rule = { ...input, group: service.service, labels: { ...input.labels, namespace: service.namespace } };
    const resolved = resolveAlertRule(parseConfig(alertRuleSchema, rule, ruleWhere(rule)), alerts.engine as AlertEngine);
    return alerts.runbookBaseUrl ? resolved : { ...resolved, runbookUrl };
  });
}
