import { parser as logqlParser } from "@grafana/lezer-logql";
import { ConfigError } from "../config/config-error";
import { durationSeconds, isDuration } from "../config/duration";
import { DATASOURCE_UIDS } from "../grafana/datasource-uids";
import { stableUid } from "../grafana/stable-uid";
import { AlertRule, alertAnnotations, alertLabels, Comparison, kebabCase } from "./alert-rule";

/** UID of Grafana's server-side expressions (reduce, threshold, math), in place of a datasource. */
export const GRAFANA_EXPRESSION_UID = "__expr__";

/**
 * Grafana's scheduler ticks every 10 s (`[unified_alerting] min_interval`): a group's
 * evaluation interval must be a multiple of it.
 */
export const GRAFANA_BASE_INTERVAL_SECONDS = 10;

/** What Grafana writes into every query model it stores that lacks them (ngalert `AlertQuery.PreSave`). */
const STORED_DEFAULTS = { intervalMs: 1000, maxDataPoints: 43200 };

/** Grafana's threshold expression evaluators (`pkg/expr/threshold.go`). */
const EVALUATORS: Record<Comparison, string> = { ">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "==": "eq", "!=": "ne" };

/** The query runs as an instant query at evaluation time; Grafana's editor offers the last 10 minutes. */
const QUERY_TIME_RANGE = { from: 600, to: 0 };
/** Expressions read their input queries' results; their own range is unused. */
const EXPRESSION_TIME_RANGE = { from: 0, to: 0 };

/** One query or expression of a Grafana-managed rule (a `data` block of `grafana_rule_group`). */
export interface GrafanaRuleQuery {
  readonly refId: string;
  readonly datasourceUid: string;
  /** Set when the model has a `queryType`: Grafana copies it here when it stores the rule. */
  readonly queryType?: string;
  readonly relativeTimeRange: { readonly from: number; readonly to: number };
  /** The normalized JSON model (see `normalizedModel`). */
  readonly model: string;
}

/** One rule of a `grafana_rule_group`. */
export interface GrafanaAlertRule {
  /** The rule title, which Grafana also makes the `alertname` label. */
  readonly name: string;
  readonly uid: string;
  readonly condition: string;
  readonly for: string;
  readonly noDataState: string;
  readonly execErrState: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly data: GrafanaRuleQuery[];
  /** Where the rule's alerts go, bypassing the notification policy tree. */
  readonly notificationSettings?: { readonly contactPoint: string };
}

/** A `grafana_rule_group` without its folder. */
export interface GrafanaRuleGroup {
  readonly name: string;
  readonly intervalSeconds: number;
  readonly rule: GrafanaAlertRule[];
}

export interface GrafanaRuleGroupsOptions {
  /** How often every group is evaluated (a multiple of 10 s). @default "1m" */
  readonly evaluationInterval?: string;
  /**
   * Name parts the rule UIDs are derived from besides the rule id (Grafana's rule UIDs are
   * unique across the organization): a team's rules never take the platform's. @default none
   */
  readonly uidScope?: readonly string[];
  /**
   * Send every rule's alerts straight to this contact point (the rule's
   * `notification_settings`) instead of through the organization's notification policy
   * tree, which the platform owns. @default the policy tree
   */
  readonly contactPoint?: string;
}

/**
 * The Grafana-evaluated rules (`engine: "grafana"`: every LogQL rule and the PromQL rules
 * that chose Grafana) as rule groups, one per rule group of the model, rules in model order.
 *
 * Each rule is the three-step shape Grafana's own rule editor produces, so it opens in its
 * simple "query and condition" view: A, the PromQL or LogQL query, run as an instant query
 * (the value now, as Prometheus evaluates its rules); B, `reduce` (last) of A, a no-op on an
 * instant result that the editor's simple view expects; C, a `threshold` on B with the
 * rule's comparison, the rule's condition. With a single datasource in a rule, current
 * Grafana gives `$value` the query's value (not its "[ var='B' … ]" evaluation string), so
 * the model's `{{ $value | humanizePercentage }}` summaries read the same as under Prometheus.
 */
export function renderGrafanaRuleGroups(rules: readonly AlertRule[], options: GrafanaRuleGroupsOptions = {}): GrafanaRuleGroup[] {
  const intervalSeconds = evaluationIntervalSeconds(options.evaluationInterval ?? "1m");
  const grafanaRules = rules.filter((rule) => rule.engine === "grafana");
  assertUniqueTitles(grafanaRules);
  const groups = new Map<string, GrafanaAlertRule[]>();
  for (const rule of grafanaRules) groups.set(rule.group, [...(groups.get(rule.group) ?? []), renderRule(rule, options)]);
  return [...groups].map(([name, rule]) => ({ name, intervalSeconds, rule }));
}

/**
 * The rule's title: its alert name, plus what tells its id apart (`RootShellOpened (falco)`,
 * `ServiceErrorRateHigh (critical)`). Grafana (and its Terraform provider) want titles unique
 * within a folder, while several rules of the model share an alert name at different
 * severities or for different services; the title depends on the rule alone, so adding a rule
 * never renames another one's alerts. Grafana makes the title the `alertname` label of the
 * rule's alerts (routes match on severity, team and category, which both engines share).
 */
export function grafanaRuleTitle(rule: Pick<AlertRule, "name" | "id">): string {
  const prefix = kebabCase(rule.name);
  if (rule.id === prefix) return rule.name;
  return `${rule.name} (${rule.id.startsWith(`${prefix}-`) ? rule.id.slice(prefix.length + 1) : rule.id})`;
}

function renderRule(rule: AlertRule, options: GrafanaRuleGroupsOptions): GrafanaAlertRule {
  return {
    name: grafanaRuleTitle(rule),
    uid: stableUid(...(options.uidScope ?? []), rule.id),
    condition: "C",
    for: goDuration(rule.for),
    // "no series" means nothing matches (no error requests, no shell opened): not an alert
    noDataState: "OK",
    // a failing query is its own state (the rule shows as erroring), not a firing alert
    execErrState: "Error",
    labels: alertLabels(rule),
    annotations: alertAnnotations(rule),
    data: [queryStep(rule), expressionStep("B", { type: "reduce", expression: "A", reducer: "last" }), thresholdStep(rule)],
    ...(options.contactPoint ? { notificationSettings: { contactPoint: options.contactPoint } } : {}),
  };
}

function queryStep(rule: AlertRule): GrafanaRuleQuery {
  if (rule.language === "promql") return promqlStep("A", rule.query);
  assertMetricQuery(rule);
  return {
    refId: "A",
    datasourceUid: DATASOURCE_UIDS.loki,
    queryType: "instant",
    relativeTimeRange: QUERY_TIME_RANGE,
    model: normalizedModel({ refId: "A", expr: rule.query, queryType: "instant" }),
  };
}

/** A PromQL query of a rule, run on the Prometheus datasource as an instant query (the value now, as Prometheus evaluates its rules). */
export function promqlStep(refId: string, expr: string): GrafanaRuleQuery {
  return {
    refId,
    datasourceUid: DATASOURCE_UIDS.prometheus,
    relativeTimeRange: QUERY_TIME_RANGE,
    model: normalizedModel({ refId, expr, instant: true, range: false }),
  };
}

/** A server-side expression of a rule (`reduce`, `threshold`, `math`…) over the rule's other steps. */
export function expressionStep(refId: string, fields: Record<string, unknown>): GrafanaRuleQuery {
  return { refId, datasourceUid: GRAFANA_EXPRESSION_UID, relativeTimeRange: EXPRESSION_TIME_RANGE, model: normalizedModel({ refId, ...fields }) };
}

function thresholdStep(rule: AlertRule): GrafanaRuleQuery {
  return expressionStep("C", {
    type: "threshold",
    expression: "B",
    conditions: [{ evaluator: { type: EVALUATORS[rule.comparison], params: [rule.threshold] } }],
  });
}

/**
 * The model JSON exactly as Grafana hands it back, so a re-plan shows no change:
 * - only the fields Grafana evaluates (`refId`, `expr`, `instant`/`range` for Prometheus,
 *   `queryType` for Loki; `type`, `expression`, `reducer`, `conditions[].evaluator` for
 *   expressions), none of the editor's display fields (`datasource`, `editorMode`,
 *   `legendFormat`, `hide`, the legacy `conditions[].operator/query/reducer`);
 * - `intervalMs` and `maxDataPoints` at the values Grafana writes into every model it stores
 *   without them;
 * - keys sorted at every level and no whitespace, as the provider re-encodes what it reads.
 */
export function normalizedModel(model: Record<string, unknown>): string {
  return JSON.stringify(sortKeys({ ...model, ...STORED_DEFAULTS }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** A LogQL log query returns log lines, which no threshold can compare: Grafana needs a metric query. */
function assertMetricQuery(rule: AlertRule): void {
  const expression = logqlParser.parse(rule.query).topNode.firstChild?.firstChild;
  if (expression?.type.name !== "MetricExpr") {
    throw new ConfigError(`alert rule "${rule.id}"`, [
      {
        field: "query",
        problem: "a LogQL alert needs a metric query that returns numbers, e.g. sum by (pod) (count_over_time({namespace=\"shop\"} |= \"panic\" [5m])), not a log query",
      },
    ]);
  }
}

/**
 * Grafana reads `for` as a Go duration, which has no `d`, `w` or `y`: `1d` becomes `24h`
 * (the provider compares durations, so `5m` and Grafana's `5m0s` are no change).
 */
function goDuration(duration: string): string {
  let rest = Math.round(durationSeconds(duration) * 1000);
  const units: Array<[number, string]> = [
    [3_600_000, "h"],
    [60_000, "m"],
    [1000, "s"],
    [1, "ms"],
  ];
  const parts = units.flatMap(([size, unit]) => {
    const count = Math.floor(rest / size);
    rest -= count * size;
    return count ? [`${count}${unit}`] : [];
  });
  return parts.join("") || "0s";
}

/** What is wrong with a rule group evaluation interval for Grafana, if anything. */
export function evaluationIntervalProblem(interval: string): string | undefined {
  if (!isDuration(interval)) return `"${interval}" must be a duration like 1m`;
  const seconds = durationSeconds(interval);
  if (seconds < GRAFANA_BASE_INTERVAL_SECONDS || seconds % GRAFANA_BASE_INTERVAL_SECONDS !== 0) {
    return `"${interval}" must be a multiple of Grafana's ${GRAFANA_BASE_INTERVAL_SECONDS}s scheduler interval, like 1m`;
  }
  return undefined;
}

function evaluationIntervalSeconds(interval: string): number {
  const problem = evaluationIntervalProblem(interval);
  if (problem) throw new ConfigError("Grafana rule groups", [{ field: "evaluationInterval", problem }]);
  return durationSeconds(interval);
}

function assertUniqueTitles(rules: readonly AlertRule[]): void {
  const byTitle = new Map<string, string[]>();
  for (const rule of rules) byTitle.set(grafanaRuleTitle(rule), [...(byTitle.get(grafanaRuleTitle(rule)) ?? []), rule.id]);
  const clashes = [...byTitle].filter(([, ids]) => ids.length > 1);
  if (clashes.length) {
    throw new ConfigError("alerting", [
      {
        field: "rules",
        problem: clashes.map(([title, ids]) => `rules ${ids.map((id) => `"${id}"`).join(" and ")} get the same Grafana title "${title}"`).join("; ") + " (give one of them another id)",
      },
    ]);
  }
}
