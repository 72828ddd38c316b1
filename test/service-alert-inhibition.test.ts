import { AlertingInput, buildAlertingModel } from "../src/alerting/alerting-model";
import { renderAlertmanagerConfig } from "../src/alerting/alertmanager-config";
import { PrometheusAlertingRule, prometheusRuleObject, renderPrometheusRules } from "../src/alerting/prometheus-rules";
import { serviceAlertRules, serviceAlertsSchema } from "../src/alerting/service-alerts";
import { inhibits } from "./helpers/inhibition";
import { seriesLabels } from "./helpers/series-labels";

/** An environment on the Prometheus engine that lists no service: its RED alerts are the catalog-wide ones. */
const ENVIRONMENT: AlertingInput = {
  catalog: { runbookBaseUrl: "https://runbooks.example.com/alerts" },
  contactPoints: [{ name: "platform-slack", type: "slack", webhookUrl: { secret: { name: "alerting", key: "slack" } } }],
  policy: { contactPoint: "platform-slack" },
};
const model = buildAlertingModel(ENVIRONMENT);
const inhibitRules = renderAlertmanagerConfig(model).config.inhibit_rules;

/** The service a team onboards with ServiceObservability (Prometheus engine, the catalog's thresholds). */
const CHECKOUT = { service: "checkout", namespace: "shop", team: "shop", profile: "starlette-prometheus" } as const;
const teamRules = prometheusRuleObject(serviceAlertRules(CHECKOUT, serviceAlertsSchema.parse({}), "https://grafana.example.com/d/checkout", "checkout"), {
  name: "checkout-red",
  namespace: "shop",
  labels: { team: "shop" },
})
  .spec.groups.flatMap((group) => group.rules)
  .filter((rule): rule is PrometheusAlertingRule => "alert" in rule);
const catchAllRules = Object.values(renderPrometheusRules(model.rules)).flatMap((entry) => entry.groups.flatMap((group) => group.rules));

/**
 * The labels Prometheus sends for `rule` firing on the series of the service whose `job` is
 * `job`: the query's result labels (`sum by (job)`), then the rule's labels with
 * their `{{ $labels.x }}` templates expanded, and `alertname`.
 */
function firing(rules: PrometheusAlertingRule[], alertname: string, severity: string, job: string): Record<string, string> {
  const rule = rules.find((r) => r.alert === alertname && r.labels.severity === severity);
  if (!rule) throw new Error(`no ${severity} ${alertname} rule`);
  expect([...seriesLabels("promql", rule.expr).labels]).toEqual(["job"]);
  const series = { job };
  const labels = Object.fromEntries(Object.entries(rule.labels).map(([name, value]) => [name, value.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_all, label: string) => series[label as "job"] ?? "")]));
  return { ...series, ...labels, alertname };
}

const team = (alertname: string, severity: string, job = "checkout") => firing(teamRules, alertname, severity, job);
const catchAll = (alertname: string, severity: string, job = "checkout") => firing(catchAllRules, alertname, severity, job);

describe("a service's own RED alerts mute the environment's catch-all ones for it (Alertmanager inhibition)", () => {
  it.each([
    ["ServiceErrorRateHigh", "warning"],
    ["ServiceErrorRateHigh", "critical"],
    ["ServiceLatencyHigh", "warning"],
  ])("mutes the catch-all %s (%s) of the same service while the team's fires", (alertname, severity) => {
    expect(inhibits(inhibitRules, team(alertname, severity), catchAll(alertname, severity))).toBe(true);
  });

  it("mutes the catch-all alert of either severity: the team already heard of this problem of its service, at its own thresholds", () => {
    expect(inhibits(inhibitRules, team("ServiceErrorRateHigh", "warning"), catchAll("ServiceErrorRateHigh", "critical"))).toBe(true);
    expect(inhibits(inhibitRules, team("ServiceErrorRateHigh", "critical"), catchAll("ServiceErrorRateHigh", "warning"))).toBe(true);
  });

  it("does not mute the catch-all alert of another service, nor another alert of the same service", () => {
    expect(inhibits(inhibitRules, team("ServiceErrorRateHigh", "warning"), catchAll("ServiceErrorRateHigh", "warning", "catalog"))).toBe(false);
    expect(inhibits(inhibitRules, team("ServiceErrorRateHigh", "critical"), catchAll("ServiceLatencyHigh", "warning"))).toBe(false);
    expect(inhibits(inhibitRules, team("ServiceLatencyHigh", "warning"), catchAll("ServiceErrorRateHigh", "warning"))).toBe(false);
  });

  it("lets a catch-all alert fire when no alert of the service's own fires, and never mutes the team's alert", () => {
    const catchAlls = ["ServiceErrorRateHigh", "ServiceLatencyHigh"].flatMap((alertname) => ["checkout", "catalog"].map((job) => catchAll(alertname, "warning", job)));
    for (const target of catchAlls) expect(catchAlls.filter((source) => inhibits(inhibitRules, source, target))).toEqual([]);
    expect(inhibits(inhibitRules, catchAll("ServiceErrorRateHigh", "critical"), team("ServiceErrorRateHigh", "warning"))).toBe(false);
    expect(inhibits(inhibitRules, catchAll("ServiceErrorRateHigh", "warning"), team("ServiceErrorRateHigh", "warning"))).toBe(false);
  });
});

describe("a service the environment lists with every RED threshold null (where inhibition cannot reach: the Grafana engine)", () => {
  const off = { warning: null, critical: null };
  const listed = buildAlertingModel({ ...ENVIRONMENT, catalog: { ...ENVIRONMENT.catalog!, services: { checkout: { errorRate: off, latencyP95Seconds: off } } } });
  const red = listed.rules.filter((rule) => ["ServiceErrorRateHigh", "ServiceLatencyHigh"].includes(rule.name));

  it("is left out of the catch-all RED alerts and gets none of its own", () => {
    expect(red.length).toBeGreaterThan(0);
    for (const rule of red) {
      expect(rule.labels.service).toBe("{{ $labels.job }}");
      expect(rule.query).toContain('job!~"checkout"');
    }
  });
});
