import { AlertCategory, AlertEngine, kebabCase, Severity } from "../alerting/alert-rule";
import { expressionStep, GrafanaAlertRule, GrafanaRuleGroup, GrafanaRuleGroupsOptions, grafanaRuleTitle, promqlStep } from "../alerting/grafana-rule-groups";
import { PrometheusAlertingRule, PrometheusRecordingRule, PrometheusRuleGroup } from "../alerting/prometheus-rules";
import { dnsLabel } from "../config/common-schemas";
import { ConfigError } from "../config/config-error";
import { parseConfig } from "../config/parse-config";
import { stableUid } from "../grafana/stable-uid";
import { durationBucketOf, latencyThresholdProblem, RED_PROFILES, RedProfile, RedProfileName, series } from "../metrics/red-profiles";
import { assertValidQuery } from "../queries/validate-query";
import { SloSpec, SloSpecInput, sloSpecSchema } from "./slo-spec";

/** The windows the SLI error ratio is recorded over (besides the SLO's own window): every window a burn-rate alert reads. */
export const SLI_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

/** One condition of a burn-rate alert: the error ratio above `factor` × the budget over both windows. */
export interface BurnRateCondition {
  readonly factor: number;
  readonly long: SliWindow;
  readonly short: SliWindow;
}

/** One burn-rate alert of every SLO: a page or a ticket, each firing on either of two conditions. */
export interface BurnRateAlert {
  readonly kind: "page" | "ticket";
  /** The catalog's severities: critical pages (the policy tree sends it to the paging receiver), warning is a ticket. */
  readonly severity: Severity;
  /** How long a condition must hold, so one bad scrape does not page. */
  readonly for: string;
  readonly conditions: readonly [BurnRateCondition, BurnRateCondition];
}

/**
 * The multi-window, multi-burn-rate alerts of the SRE workbook (chapter 5, "Alerting on SLOs"):
 * page when 2 % of a 30-day budget burns in an hour or 5 % in six hours, ticket when 10 % burns
 * in three days; the short window (1/12 of the long one) makes the alert stop soon after the burn does.
 */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  {
    kind: "page",
    severity: "critical",
    for: "2m",
    conditions: [
      { factor: 14.4, long: "1h", short: "5m" },
      { factor: 6, long: "6h", short: "30m" },
    ],
  },
  {
    kind: "ticket",
    severity: "warning",
    for: "15m",
    conditions: [
      { factor: 3, long: "1d", short: "2h" },
      { factor: 1, long: "3d", short: "6h" },
    ],
  },
];

/** The alert name of every SLO's burn-rate alerts (the `slo` label tells them apart). */
export const SLO_ALERT_NAME = "SloErrorBudgetBurn";

/** The recorded SLI error ratio (0–1, bad / all events) over a window, e.g. `slo:sli_error:ratio_rate5m`. */
export function sliErrorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The recorded fraction of the error budget left over the SLO's window (1 = untouched, below 0 = overspent). */
export const ERROR_BUDGET_REMAINING_RECORD = "slo:error_budget:remaining_ratio";

/** What a construct or an environment knows about the service an SLO is for. */
export interface SloContext {
  /** The service (its value of the profile's service label, e.g. `job`), when the spec names none. @default the spec's `service` */
  readonly service?: string;
  /** Kubernetes namespace of the service, when the spec names none: a `namespace` label on the recorded series and alerts (namespaced routing), and the dashboard's links narrow to it. @default the spec's */
  readonly namespace?: string;
  /** RED profile of the service's instrumentation, when the spec's indicator names none: a built-in name or a custom profile. @default the spec's */
  readonly profile?: RedProfileName | RedProfile;
  /** Team owning the alerts, when the spec names none. */
  readonly team: string;
  /** Runbook pages live at `<runbookBaseUrl>/slo-error-budget-burn`, unless the spec gives its `runbookUrl`. @default none (the spec or `runbookUrl` must give one) */
  readonly runbookBaseUrl?: string;
  /** The runbook when neither the spec's `runbookUrl` nor `runbookBaseUrl` gives one, e.g. the SLO's dashboard (may be a Terraform reference). @default none */
  readonly runbookUrl?: string;
  /** Engine of the burn-rate alerts when the spec picks none: the environment's default, so no alert fires from both. @default "prometheus" */
  readonly engine?: AlertEngine;
}

/** An SLO with everything it needs resolved. */
export interface ResolvedSlo {
  readonly spec: SloSpec;
  readonly service: string;
  readonly namespace?: string;
  readonly team: string;
  readonly engine: AlertEngine;
  readonly runbookUrl: string;
  /** `availability` for availability and ratio SLOs, `performance` for latency SLOs (routes match on it as on catalog alerts). */
  readonly category: AlertCategory;
  /** The error budget: the fraction of events allowed to be bad (1 − objective). */
  readonly budget: number;
  /**
   * The label matchers of every recorded series of this SLO, and of none of another SLO of the
   * same name (a team's, the platform's): `{slo="<name>", service="<service>", namespace="<namespace>"}`,
   * `namespace=""` (no such label) when it has none.
   */
  readonly selector: string;
  /** The SLI error ratio over a window, from the raw metrics (the expression recorded for that window). */
  readonly errorRatio: (window: string) => string;
}

/** What the Prometheus and Grafana engines run for one SLO. */
export interface SloRules {
  readonly slo: ResolvedSlo;
  /**
   * The `additionalPrometheusRulesMap` entry (key: `slo-<name>`): one group with the recording
   * rules and, when Prometheus evaluates the alerts, the burn-rate alerts after them.
   */
  readonly prometheus: { readonly name: string; readonly rules: { groups: PrometheusRuleGroup<PrometheusRecordingRule | PrometheusAlertingRule>[] } };
  /** The Grafana-managed burn-rate alerts, when Grafana evaluates them (over the same recorded series). */
  readonly grafana?: GrafanaRuleGroup;
}

/** Rounds away binary noise: 1 − 99.9/100 is 0.001, not 0.0009999999999998899. */
const round = (value: number) => Number(value.toPrecision(12));

/** The error budget in percent of events, e.g. 0.1 for a 99.9 % objective. */
export function budgetPercent(slo: ResolvedSlo): number {
  return round(slo.budget * 100);
}

/**
 * Validates an SLO spec and fills it in from its context. Throws a one-line ConfigError
 * naming the SLO and the field.
 */
export function resolveSlo(input: SloSpecInput, context: SloContext): ResolvedSlo {
  const name = typeof (input as { name?: unknown })?.name === "string" ? (input as { name: string }).name : "?";
  const where = `SLO "${name}"`;
  // what the context fills in is checked as if the spec said it
  const given = input as Partial<SloSpecInput> | null;
  const filled = typeof given === "object" && given !== null ? { ...given, service: given.service ?? context.service, team: given.team ?? context.team } : given;
  const spec = parseConfig(sloSpecSchema, filled, where);
  const fail = (field: string, problem: string): never => {
    throw new ConfigError(where, [{ field, problem }]);
  };
  const service = spec.service ?? fail("service", "must name the service (its job label value)");
  const namespace = spec.namespace ?? context.namespace;
  if (context.namespace !== undefined && !dnsLabel.safeParse(context.namespace).success) fail("namespace", `"${context.namespace}" must be a namespace name (DNS label)`);
  const runbookUrl =
    spec.runbookUrl ??
    (context.runbookBaseUrl ? `${context.runbookBaseUrl.replace(/\/+$/, "")}/${kebabCase(SLO_ALERT_NAME)}` : (context.runbookUrl ?? fail("runbookUrl", "must be given (there is no runbook base URL)")));
  const indicator = spec.indicator;
  let errorRatio: (window: string) => string;
  if (indicator.type === "ratio") {
    errorRatio = (window) => `1 - sum(rate(${indicator.good}[${window}])) / sum(rate(${indicator.total}[${window}]))`;
  } else {
    const choice = indicator.profile ?? context.profile ?? fail("indicator.profile", "must name the service's RED profile");
    const profile: RedProfile = typeof choice === "string" ? (RED_PROFILES[choice] ?? fail("indicator.profile", `unknown RED profile "${choice}"`)) : choice;
    const filter = `${profile.serviceLabel}=${JSON.stringify(service)}`;
    if (indicator.type === "availability") {
      const all = (window: string) => `sum(rate(${series(profile.requestsTotal, filter)}[${window}]))`;
      // no error series at all (none answered 5xx yet) is a ratio of 0, not no data
      errorRatio = (window) => `(sum(rate(${series(profile.errors.metric, profile.errors.matcher, filter)}[${window}])) or ${all(window)} * 0) / ${all(window)}`;
    } else {
      const problem = latencyThresholdProblem(profile, indicator.thresholdSeconds);
      if (problem) fail("indicator.thresholdSeconds", problem);
      const bounds = profile.bucketBoundsSeconds;
      if (bounds && !bounds.includes(indicator.thresholdSeconds)) {
        fail("indicator.thresholdSeconds", `${indicator.thresholdSeconds} s is no bucket bound of the ${profile.name} histogram (${bounds.join(", ")}): the SLI counts the requests within one`);
      }
      const bucket = durationBucketOf(profile);
      const within = `le=~${JSON.stringify(bucketBound(indicator.thresholdSeconds))}`;
      errorRatio = (window) => `1 - sum(rate(${series(bucket, filter, within)}[${window}])) / sum(rate(${series(bucket, filter, 'le="+Inf"')}[${window}]))`;
    }
  }
  assertValidQuery("promql", errorRatio("5m"), where, "indicator");
  return {
    spec,
    service,
    namespace,
    team: spec.team ?? context.team,
    engine: spec.engine ?? context.engine ?? "prometheus",
    runbookUrl,
    category: indicator.type === "latency" ? "performance" : "availability",
    budget: round(1 - spec.objective / 100),
    // every label the SLO's series carry: another SLO of the same name (a team's, the platform's) differs in one
    selector: `{${Object.entries({ slo: spec.name, service, namespace: namespace ?? "" })
      .map(([label, value]) => `${label}=${JSON.stringify(value)}`)
      .join(", ")}}`,
    errorRatio,
  };
}

/**
 * The `le` values of a bucket bound as client libraries write it: `0.5`, `1` (Go) or `1.0`
 * (Python), as an RE2 pattern.
 */
function bucketBound(seconds: number): string {
  const [whole, fraction] = String(seconds).split(".");
  return fraction ? `${whole}\\.${fraction}0*` : `${whole}(\\.0+)?`;
}

/** How the Grafana-managed alerts of a team's SLOs differ from the platform's (see `renderGrafanaRuleGroups`). */
export type SloGrafanaOptions = Pick<GrafanaRuleGroupsOptions, "uidScope" | "contactPoint">;

/**
 * Everything both engines run for one SLO: recording rules of the SLI error ratio over every
 * alert window and the SLO's window plus the budget left (always in Prometheus), and the
 * page and ticket burn-rate alerts for the chosen engine only, so no alert fires twice.
 */
export function buildSloRules(input: SloSpecInput, context: SloContext, grafana: SloGrafanaOptions = {}): SloRules {
  const slo = resolveSlo(input, context);
  const name = `slo-${slo.spec.name}`;
  const alerts = slo.engine === "prometheus" ? BURN_RATE_ALERTS.map((alert) => prometheusAlert(slo, alert)) : [];
  return {
    slo,
    prometheus: { name, rules: { groups: [{ name, rules: [...recordingRules(slo), ...alerts] }] } },
    grafana: slo.engine === "grafana" ? { name, intervalSeconds: 60, rule: BURN_RATE_ALERTS.map((alert) => grafanaAlert(slo, alert, grafana)) } : undefined,
  };
}

/** The labels every recorded series of an SLO carries (and so its alerts): the SLO, the service and, when known, its namespace. */
function sloLabels(slo: ResolvedSlo): Record<string, string> {
  return { slo: slo.spec.name, service: slo.service, ...(slo.namespace ? { namespace: slo.namespace } : {}) };
}

function recordingRules(slo: ResolvedSlo): PrometheusRecordingRule[] {
  const labels = sloLabels(slo);
  const window = slo.spec.timeWindow;
  const fiveMinutes = `${sliErrorRatioRecord("5m")}${slo.selector}`;
  return [
    ...SLI_WINDOWS.map((w) => ({ record: sliErrorRatioRecord(w), expr: slo.errorRatio(w), labels })),
    // a rate over weeks of raw counters is costly; the mean of the 5m ratio is what Sloth records too
    { record: sliErrorRatioRecord(window), expr: `avg_over_time(${fiveMinutes}[${window}])`, labels },
    { record: ERROR_BUDGET_REMAINING_RECORD, expr: `1 - ${sliErrorRatioRecord(window)}${slo.selector} / ${slo.budget}`, labels },
  ];
}

/** The id of an SLO's alert rule: `slo-error-budget-burn-<slo>-<severity>`. */
function sloAlertId(slo: ResolvedSlo, alert: BurnRateAlert): string {
  return `${kebabCase(SLO_ALERT_NAME)}-${slo.spec.name}-${alert.severity}`;
}

/** The burn-rate threshold of a condition: the error ratio at `factor` × the budget. */
function burnThreshold(slo: ResolvedSlo, condition: BurnRateCondition): number {
  return round(condition.factor * slo.budget);
}

/** The recorded error ratio of an SLO over a window. */
export function recordedErrorRatio(slo: ResolvedSlo, window: string): string {
  return `${sliErrorRatioRecord(window)}${slo.selector}`;
}

function alertLabels(slo: ResolvedSlo, alert: BurnRateAlert): Record<string, string> {
  return { ...sloLabels(slo), severity: alert.severity, team: slo.team, category: slo.category };
}

/** The service by its label, not spelled out: a service name is data, never part of a template. */
const SERVICE = "{{ $labels.service }}";

function summary(slo: ResolvedSlo, alert: BurnRateAlert): string {
  return `${SERVICE} burns the error budget of SLO ${slo.spec.name} too fast (${alert.kind})`;
}

function description(slo: ResolvedSlo, alert: BurnRateAlert, budgetLeft: string): string {
  const [first, second] = alert.conditions.map((c) => `${c.factor}× over ${c.long} and ${c.short}`);
  const { objective, timeWindow } = slo.spec;
  return (
    `${SERVICE} misses its ${objective} % ${slo.spec.indicator.type} objective (over ${timeWindow}) faster than it may: its error ratio exceeds ` +
    `the ${budgetPercent(slo)} % error budget ${first}, or ${second}. Error budget left over ${timeWindow}: ${budgetLeft}. ` +
    "Open the SLO's dashboard for the burn rate per window, then the service's error logs and slow traces around the start of the burn, and whether a release just went out."
  );
}

/** `a > t and b > t`: comparisons bind more tightly than `and`, `and` than `or` (as `&&` and `||` in Grafana's math). */
function conditionExpression(slo: ResolvedSlo, condition: BurnRateCondition, query: (window: SliWindow) => string): string {
  const threshold = burnThreshold(slo, condition);
  return `${query(condition.long)} > ${threshold} and ${query(condition.short)} > ${threshold}`;
}

function prometheusAlert(slo: ResolvedSlo, alert: BurnRateAlert): PrometheusAlertingRule {
  // inside the template's double-quoted string (label values hold no quotes)
  const budgetQuery = `${ERROR_BUDGET_REMAINING_RECORD}${slo.selector.replaceAll('"', "'")}`;
  return {
    alert: SLO_ALERT_NAME,
    expr: alert.conditions.map((c) => `(${conditionExpression(slo, c, (w) => recordedErrorRatio(slo, w))})`).join(" or "),
    for: alert.for,
    labels: alertLabels(slo, alert),
    annotations: {
      summary: summary(slo, alert),
      description: description(slo, alert, `{{ with query "${budgetQuery}" }}{{ . | first | value | humanizePercentage }}{{ else }}unknown{{ end }}`),
      runbook_url: slo.runbookUrl,
    },
  };
}

/** Ref ids of a Grafana burn-rate rule: the four windows' recorded ratios, the budget left, the condition. */
const GRAFANA_WINDOW_REFS = ["A", "B", "C", "D"] as const;
const BUDGET_REF = "E";
const CONDITION_REF = "F";

/**
 * The Grafana-managed twin of a Prometheus burn-rate alert: each window's recorded error
 * ratio (A–D) and the budget left (E) queried from Prometheus, and a math expression (F) with
 * the same comparisons, `&&` and `||`, as the condition.
 */
function grafanaAlert(slo: ResolvedSlo, alert: BurnRateAlert, options: SloGrafanaOptions): GrafanaAlertRule {
  const id = sloAlertId(slo, alert);
  const windows = alert.conditions.flatMap((c) => [c.long, c.short]);
  const ref = (window: SliWindow) => `$${GRAFANA_WINDOW_REFS[windows.indexOf(window)]}`;
  return {
    name: grafanaRuleTitle({ name: SLO_ALERT_NAME, id }),
    uid: stableUid(...(options.uidScope ?? []), id),
    condition: CONDITION_REF,
    for: alert.for,
    // no recorded series: the service has no traffic yet, which burns no budget
    noDataState: "OK",
    execErrState: "Error",
    labels: alertLabels(slo, alert),
    annotations: {
      summary: summary(slo, alert),
      description: description(slo, alert, `{{ humanizePercentage $values.${BUDGET_REF}.Value }}`),
      runbook_url: slo.runbookUrl,
    },
    data: [
      ...windows.map((window, i) => promqlStep(GRAFANA_WINDOW_REFS[i], byLabels(recordedErrorRatio(slo, window)))),
      promqlStep(BUDGET_REF, byLabels(`${ERROR_BUDGET_REMAINING_RECORD}${slo.selector}`)),
      expressionStep(CONDITION_REF, { type: "math", expression: grafanaCondition(slo, alert, ref) }),
    ],
    ...(options.contactPoint ? { notificationSettings: { contactPoint: options.contactPoint } } : {}),
  };
}

/**
 * A recorded series without its metric name. Grafana keeps `__name__` among a series' labels
 * and its math joins series by equal (or contained) label sets, so the windows' series, each
 * of another name, would join only by its one-series-a-side fallback, which drops the labels.
 */
function byLabels(recorded: string): string {
  return `sum by (slo, service, namespace) (${recorded})`;
}

/** The math expression of a Grafana burn-rate rule, e.g. `($A > 0.0144 && $B > 0.0144) || ($C > 0.006 && $D > 0.006)`. */
function grafanaCondition(slo: ResolvedSlo, alert: BurnRateAlert, ref: (window: SliWindow) => string): string {
  return alert.conditions.map((c) => `(${conditionExpression(slo, c, ref).replace(/ and /g, " && ")})`).join(" || ");
}
