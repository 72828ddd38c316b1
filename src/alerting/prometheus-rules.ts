import { parser } from "@prometheus-io/lezer-promql";
import { AlertRule, alertAnnotations, alertLabels } from "./alert-rule";

/** One alerting rule in a Prometheus rule file. */
export type PrometheusAlertingRule = {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
};

/** One recording rule in a Prometheus rule file: `expr` stored as the series `record` (with `labels` added). */
export type PrometheusRecordingRule = {
  record: string;
  expr: string;
  labels?: Record<string, string>;
};

export type PrometheusRuleGroup<Rule = PrometheusAlertingRule> = { name: string; interval?: string; rules: Rule[] };

/**
 * kube-prometheus-stack's `additionalPrometheusRulesMap`: each entry becomes one
 * PrometheusRule object holding rule groups (the same shape as a Prometheus rule file).
 */
export type PrometheusRulesMap = Record<string, { groups: PrometheusRuleGroup[] }>;

export interface PrometheusRulesOptions {
  /** Evaluation interval of every group. @default Prometheus' global evaluation interval */
  readonly interval?: string;
}

/**
 * The query compared with the threshold, e.g. `(a / b) > 0.05`. The query is parenthesized
 * when its top-level expression is a binary operation, so the comparison applies to the
 * whole of it (comparisons bind more loosely than arithmetic but more tightly than `and`/`or`).
 */
export function alertExpression(rule: Pick<AlertRule, "query" | "comparison" | "threshold">): string {
  const top = parser.parse(rule.query).topNode.firstChild;
  const query = top?.type.name === "BinaryExpr" ? `(${rule.query})` : rule.query;
  return `${query} ${rule.comparison} ${rule.threshold}`;
}

/**
 * The Prometheus-evaluated rules as `additionalPrometheusRulesMap` entries, one per rule
 * group (keyed and named by the group), rules in model order. Grafana-managed rules are
 * left to the Grafana renderer.
 */
export function renderPrometheusRules(rules: readonly AlertRule[], options: PrometheusRulesOptions = {}): PrometheusRulesMap {
  const map: PrometheusRulesMap = {};
  for (const rule of rules.filter((r) => r.engine === "prometheus")) {
    const entry = (map[rule.group] ??= { groups: [{ name: rule.group, ...(options.interval ? { interval: options.interval } : {}), rules: [] }] });
    entry.groups[0].rules.push({
      alert: rule.name,
      expr: alertExpression(rule),
      for: rule.for,
      labels: alertLabels(rule),
      annotations: alertAnnotations(rule),
    });
  }
  return map;
}

/** A prometheus-operator `PrometheusRule`, ready for `kubernetes_manifest`. */
export interface PrometheusRuleObject {
  readonly apiVersion: "monitoring.coreos.com/v1";
  readonly kind: "PrometheusRule";
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels: Record<string, string> };
  /** Alerting rule groups, and recording rule groups (an SLO's) where the caller adds them. */
  readonly spec: { readonly groups: PrometheusRuleGroup<PrometheusAlertingRule | PrometheusRecordingRule>[] };
}

/**
 * The Prometheus-evaluated rules as one PrometheusRule object (its groups as
 * {@link renderPrometheusRules} renders them), for app repos deployed after the platform,
 * whose Prometheus selects rules in every namespace.
 */
export function prometheusRuleObject(
  rules: readonly AlertRule[],
  metadata: { name: string; namespace: string; labels: Record<string, string> },
  options: PrometheusRulesOptions = {},
): PrometheusRuleObject {
  const groups = Object.values(renderPrometheusRules(rules, options)).flatMap((entry) => entry.groups);
  return { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata, spec: { groups } };
}
