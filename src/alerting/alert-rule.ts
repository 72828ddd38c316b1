import { z } from "zod";
import { dnsLabel, duration, httpUrl, labelName, nonEmpty } from "../config/common-schemas";
import { ConfigError } from "../config/config-error";
import { assertValidQuery } from "../queries/validate-query";

export const SEVERITIES = ["critical", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What an alert is about; routing keys on it (security goes to the CISO). */
export const ALERT_CATEGORIES = ["availability", "performance", "saturation", "security", "observability"] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/** How the query's value is compared with the threshold; all of them exist in PromQL and Grafana math. */
export const COMPARISONS = [">", ">=", "<", "<=", "==", "!="] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * Who evaluates a rule: Prometheus (rendered into kube-prometheus-stack's rule groups,
 * notified through Alertmanager) or Grafana (a Grafana-managed rule, notified through
 * Grafana's contact points). Both notify the same people through the same policy tree.
 */
export const ALERT_ENGINES = ["prometheus", "grafana"] as const;
export type AlertEngine = (typeof ALERT_ENGINES)[number];

/** Labels every rule carries from its fields; extra labels may not set them. */
export const RULE_LABELS = ["alertname", "severity", "team", "category"] as const;


/** Alert annotations and summaries are Go templates (`{{ $labels.job }}`, `{{ $value }}`). */
export const templateText = nonEmpty.refine(hasBalancedActions, "has an unterminated or stray {{ }} template action");

function hasBalancedActions(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length - 1; i++) {
    const pair = text.slice(i, i + 2);
    if (pair === "{{" || pair === "}}") {
      if (open === (pair === "{{")) return false;
      open = !open;
      i++;
    }
  }
  return !open;
}

export const alertRuleSchema = z.strictObject({
  /** Alert name (the `alertname` label), e.g. `ServiceErrorRateHigh`; several rules may share one at different severities. */
  name: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, "must be an alert name in UpperCamelCase, like ServiceErrorRateHigh"),
  /** Unique id of the rule (Grafana UID, error messages). @default kebab-case name and severity, e.g. `service-error-rate-high-warning` */
  id: dnsLabel.optional(),
  /** One line, templated: `High error rate on {{ $labels.job }}`. */
  summary: templateText,
  /** What is wrong and what to check first, templated (`{{ $value | humanizePercentage }}`). */
  description: templateText,
  /** The runbook page for this alert. */
  runbookUrl: httpUrl,
  severity: z.enum(SEVERITIES),
  /** Owning team (`team` label); the policy tree routes on it. */
  team: dnsLabel,
  category: z.enum(ALERT_CATEGORIES),
  /** @default "promql" */
  language: z.enum(["promql", "logql"]).default("promql"),
  /** The query whose value is compared with the threshold; each resulting series is one alert. */
  query: nonEmpty,
  /** @default ">" */
  comparison: z.enum(COMPARISONS).default(">"),
  threshold: z.number().refine(Number.isFinite, "must be a finite number"),
  /** How long the condition must hold before the alert fires (Prometheus duration). @default "5m" */
  for: duration.default("5m"),
  /** Extra labels (not alertname, severity, team or category). @default {} */
  labels: z
    .record(labelName, z.string())
    .default({})
    .refine((labels) => !RULE_LABELS.some((name) => name in labels), `must not set ${RULE_LABELS.join(", ")} (they come from the rule's fields)`),
  /** Rule group (Prometheus rule group / Grafana rule group), DNS label. @default the category */
  group: dnsLabel.optional(),
  /** @default the environment's default engine; LogQL rules are always Grafana-managed */
  engine: z.enum(ALERT_ENGINES).optional(),
});

/** An alert rule as written in configuration (defaults may be omitted). */
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

/** A validated alert rule with its id, group and engine resolved. */
export type AlertRule = Omit<z.output<typeof alertRuleSchema>, "id" | "group" | "engine"> & {
  readonly id: string;
  readonly group: string;
  readonly engine: AlertEngine;
};

/** `ServiceErrorRateHigh` → `service-error-rate-high`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/** Where a rule's problems are reported. */
export function ruleWhere(rule: { id?: string; name?: unknown; severity?: unknown }): string {
  const id = rule.id ?? (typeof rule.name === "string" ? `${kebabCase(rule.name)}${typeof rule.severity === "string" ? `-${rule.severity}` : ""}` : "?");
  return `alert rule "${id}"`;
}

/**
 * Validates a rule's fields, parses its query with the official grammar and resolves its
 * id, group and engine. Throws a ConfigError naming the rule and the field.
 */
export function resolveAlertRule(rule: z.output<typeof alertRuleSchema>, defaultEngine: AlertEngine): AlertRule {
  const id = rule.id ?? `${kebabCase(rule.name)}-${rule.severity}`;
  const where = `alert rule "${id}"`;
  assertValidQuery(rule.language, rule.query, where, "query");
  if (rule.language === "logql" && rule.engine === "prometheus") {
    throw new ConfigError(where, [
      { field: "engine", problem: 'a LogQL rule cannot be evaluated by Prometheus: use engine "grafana" (or leave it out)' },
    ]);
  }
  const engine = rule.language === "logql" ? "grafana" : (rule.engine ?? defaultEngine);
  return { ...rule, id, group: rule.group ?? rule.category, engine };
}

/** The labels every engine attaches to a rule's alerts. */
export function alertLabels(rule: AlertRule): Record<string, string> {
  return { ...rule.labels, severity: rule.severity, team: rule.team, category: rule.category };
}

/** The annotations every engine attaches to a rule's alerts. */
export function alertAnnotations(rule: AlertRule): Record<string, string> {
  return { summary: rule.summary, description: rule.description, runbook_url: rule.runbookUrl };
}
