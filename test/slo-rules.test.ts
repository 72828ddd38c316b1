import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { GrafanaAlertRule } from "../src/alerting/grafana-rule-groups";
import { RED_PROFILES, RedProfile } from "../src/metrics/red-profiles";
import { buildSloRules, SloContext, SloRules } from "../src/slo/slo-rules";
import { SloSpecInput } from "../src/slo/slo-spec";
import { configErrorOf } from "./helpers/config-error";
import { describeWithTools, runTool } from "./helpers/tools";

const CONTEXT: SloContext = { service: "api", profile: "starlette-prometheus", team: "shop", runbookBaseUrl: "https://runbooks.example.com/slo/" };
const AVAILABILITY: SloSpecInput = { name: "api-availability", objective: 99.9, timeWindow: "30d", indicator: { type: "availability" } };
const LATENCY: SloSpecInput = { name: "api-latency", objective: 99, indicator: { type: "latency", thresholdSeconds: 0.5 } };

type Rule = { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
const rulesOf = (rules: SloRules): Rule[] => rules.prometheus.rules.groups.flatMap((group) => group.rules as Rule[]);

describe("SLO rules", () => {
  const prometheus = buildSloRules(AVAILABILITY, CONTEXT);

  it("records the SLI error ratio over every burn-rate window and the SLO's window, and the budget left", () => {
    expect(rulesOf(prometheus).flatMap((r) => (r.record ? [r.record] : []))).toEqual([
      ...["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"].map((w) => `slo:sli_error:ratio_rate${w}`),
      "slo:error_budget:remaining_ratio",
    ]);
    for (const rule of rulesOf(prometheus).filter((r) => r.record)) expect(rule.labels).toEqual({ slo: "api-availability", service: "api" });
  });

  it("pages (critical) and tickets (warning) with the catalog's labels, a runbook and the budget left", () => {
    const alerts = rulesOf(prometheus).filter((r) => r.alert);
    expect(alerts.map((a) => [a.alert, a.labels])).toEqual([
      ["SloErrorBudgetBurn", { slo: "api-availability", service: "api", severity: "critical", team: "shop", category: "availability" }],
      ["SloErrorBudgetBurn", { slo: "api-availability", service: "api", severity: "warning", team: "shop", category: "availability" }],
    ]);
    for (const alert of alerts) {
      expect(alert.annotations?.runbook_url).toBe("https://runbooks.example.com/slo/slo-error-budget-burn");
      expect(alert.annotations?.description).toMatch(/budget left over 30d: \{\{ with query "slo:error_budget:remaining_ratio\{slo='api-availability', service='api', namespace=''\}" \}\}/);
    }
    expect(buildSloRules(LATENCY, CONTEXT).slo.category).toBe("performance");
  });

  it("puts the alerts in one engine only: the context's (the environment's default) unless the spec picks one", () => {
    expect(prometheus.grafana).toBeUndefined();
    const grafana = buildSloRules(AVAILABILITY, { ...CONTEXT, engine: "grafana" });
    expect(rulesOf(grafana).filter((r) => r.alert)).toEqual([]);
    expect(rulesOf(grafana).filter((r) => r.record)).toHaveLength(9);
    expect(grafana.grafana?.rule.map((r) => r.name)).toEqual(["SloErrorBudgetBurn (api-availability-critical)", "SloErrorBudgetBurn (api-availability-warning)"]);
    expect(grafana.grafana?.rule[0].labels).toEqual(rulesOf(prometheus).find((r) => r.alert)?.labels);
    // Grafana's math joins series by their labels, and keeps __name__ among them: the queries drop it
    const queries = grafana.grafana!.rule[0].data.map((step) => JSON.parse(step.model) as { expr?: string }).filter((model) => model.expr);
    expect(queries.map((q) => q.expr!.startsWith("sum by (slo, service, namespace) (slo:"))).toEqual([true, true, true, true, true]);
    const overridden = buildSloRules({ ...AVAILABILITY, engine: "grafana" }, CONTEXT);
    expect(overridden.grafana?.rule).toHaveLength(2);
  });

  it("labels the series and alerts with the service's namespace when the context knows it (namespaced routing)", () => {
    const rules = rulesOf(buildSloRules(AVAILABILITY, { ...CONTEXT, namespace: "shop" }));
    expect(rules.map((r) => r.labels?.namespace)).toEqual(rules.map(() => "shop"));
  });

  it("reads the latency SLI from the histogram bucket of the threshold, however the library writes the bound", () => {
    const expr = rulesOf(buildSloRules(LATENCY, CONTEXT)).find((r) => r.record === "slo:sli_error:ratio_rate5m")?.expr;
    expect(expr).toContain('starlette_requests_processing_time_seconds_bucket{job="api", le=~"0\\\\.50*"}');
    expect(expr).toContain('le="+Inf"');
  });
});

describe("SLO specs that cannot work", () => {
  const messageOf = (spec: unknown, context: SloContext = CONTEXT) => configErrorOf(() => buildSloRules(spec as SloSpecInput, context)).message;
  const countersOnly: RedProfile = { ...RED_PROFILES["otel-http"], name: "counters-only", durationBucket: undefined };

  it.each([
    ["an objective of 100 %", { ...AVAILABILITY, objective: 100 }, /^SLO "api-availability": objective: must be a percentage strictly between 0 and 100.*no error budget/],
    ["an objective of 0 %", { ...AVAILABILITY, objective: 0 }, /^SLO "api-availability": objective: must be a percentage strictly between 0 and 100/],
    ["a window without unit", { ...AVAILABILITY, timeWindow: "30" }, /^SLO "api-availability": timeWindow: must be days or weeks with their unit, like 28d/],
    ["a window no longer than the slow alert's", { ...AVAILABILITY, timeWindow: "3d" }, /^SLO "api-availability": timeWindow: must be longer than the 3d window/],
    ["a latency threshold the histogram cannot express", { ...LATENCY, indicator: { type: "latency", thresholdSeconds: 10 } }, /^SLO "api-latency": indicator.thresholdSeconds: 10 s cannot be detected: the starlette-prometheus histogram's largest finite bucket is 10 s/],
    ["a latency threshold between the histogram's buckets", { ...LATENCY, indicator: { type: "latency", thresholdSeconds: 0.3 } }, /^SLO "api-latency": indicator.thresholdSeconds: 0.3 s is no bucket bound of the starlette-prometheus histogram \(0.005, .*, 0.25, 0.5, .*\)/],
    ["a ratio of queries that are not counters' selectors", { ...AVAILABILITY, indicator: { type: "ratio", good: "rate(ok_total[5m])", total: "all_total" } }, /^SLO "api-availability": indicator.good: must be a series selector/],
  ])("rejects %s with one line naming the SLO and the field", (_what, spec, message) => {
    const error = messageOf(spec);
    expect(error).toMatch(message);
    expect(error).not.toContain("\n");
  });

  it("rejects a latency SLO on a profile without a duration histogram", () => {
    expect(messageOf(LATENCY, { ...CONTEXT, profile: countersOnly })).toBe('SLO "api-latency": indicator.thresholdSeconds: the counters-only profile has no request duration histogram');
  });

  it("checks what the context fills in as if the spec said it", () => {
    expect(messageOf(AVAILABILITY, { ...CONTEXT, service: "api${x}" })).toMatch(/^SLO "api-availability": service: must be a job label value/);
    expect(messageOf(AVAILABILITY, { ...CONTEXT, team: "Shop Team" })).toMatch(/^SLO "api-availability": team: /);
    expect(messageOf(AVAILABILITY, { ...CONTEXT, namespace: "Shop" })).toBe('SLO "api-availability": namespace: "Shop" must be a namespace name (DNS label)');
  });

  it("asks for a service and a runbook when neither the spec nor the context gives them", () => {
    expect(messageOf(AVAILABILITY, { team: "shop", profile: "otel-http", runbookBaseUrl: "https://runbooks.example.com" })).toMatch(/^SLO "api-availability": service: must name the service/);
    expect(messageOf(AVAILABILITY, { service: "api", team: "shop", profile: "otel-http" })).toMatch(/^SLO "api-availability": runbookUrl: must be given/);
  });
});

/**
 * The Grafana-managed rule as a Prometheus alerting rule, so promtool evaluates the same
 * queries and thresholds on the same input: each `$X` of the math condition replaced by the
 * PromQL of query X, `&&` by `and`, `||` by `or` (the same precedence: comparisons, then
 * and/&&, then or/||). Grafana's `$values` annotations have no Prometheus equivalent and are left out.
 */
function grafanaRuleAsPrometheus(rule: GrafanaAlertRule): Rule {
  const models = Object.fromEntries(rule.data.map((step) => [step.refId, JSON.parse(step.model) as { expr?: string; expression?: string; type?: string }]));
  const condition = models[rule.condition];
  expect(condition.type).toBe("math");
  const expr = condition
    .expression!.replace(/\$([A-Z])\b/g, (_all, ref: string) => models[ref].expr!)
    .replace(/ && /g, " and ")
    .replace(/ \|\| /g, " or ");
  return { alert: "SloErrorBudgetBurn", expr, for: rule.for, labels: rule.labels };
}

/** 1000 requests a minute to `api`, `errorsPerMinute` of them answered 500, for `minutes` (then as `after`). */
function traffic(errorsPerMinute: number, minutes: number, after = "") {
  return [
    { series: 'starlette_requests_total{job="api", path_template="/"}', values: `0+1000x${minutes}${after ? ` ${after}` : ""}` },
    { series: 'starlette_responses_total{job="api", path_template="/", status_code="500"}', values: `0+${errorsPerMinute}x${minutes}` },
  ];
}

const PAGE = { severity: "critical" };
const TICKET = { severity: "warning" };

describeWithTools(["promtool"], "SLO burn-rate alerts evaluated by promtool (both engines)", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "slo-rules-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const engines = {
    prometheus: () => rulesOf(buildSloRules(AVAILABILITY, CONTEXT)),
    grafana: () => {
      const rules = buildSloRules(AVAILABILITY, { ...CONTEXT, engine: "grafana" });
      return [...rulesOf(rules), ...rules.grafana!.rule.map(grafanaRuleAsPrometheus)];
    },
  };

  /**
   * Runs promtool on the engine's rules with one input and the alerts expected at each time
   * (by severity; labels checked in full). Annotations are compared only when `annotations`
   * says what they should be; otherwise the rules are written without them.
   */
  function promtool(
    engine: keyof typeof engines,
    name: string,
    series: ReturnType<typeof traffic>,
    expected: Array<[string, Array<Record<string, string>>]>,
    annotations?: (alert: Rule) => Record<string, string>,
  ) {
    const rules = engines[engine]().map((rule) => (annotations || !rule.annotations ? rule : { ...rule, annotations: undefined }));
    const rulesFile = join(dir, `${engine}-${name.replace(/\W+/g, "-")}-rules.yml`);
    writeFileSync(rulesFile, stringify({ groups: [{ name: "slo", rules }] }));
    const labels = (severity: Record<string, string>) => ({ slo: "api-availability", service: "api", team: "shop", category: "availability", ...severity });
    const test = {
      rule_files: [rulesFile],
      evaluation_interval: "1m",
      tests: [
        {
          name,
          interval: "1m",
          input_series: series,
          alert_rule_test: expected.map(([evalTime, alerts]) => ({
            eval_time: evalTime,
            alertname: "SloErrorBudgetBurn",
            exp_alerts: alerts.map((severity) => ({
              exp_labels: labels(severity),
              ...(annotations ? { exp_annotations: annotations(rules.find((r) => r.labels?.severity === severity.severity)!) } : {}),
            })),
          })),
        },
      ],
    };
    const file = join(dir, `${engine}-${name.replace(/\W+/g, "-")}.yml`);
    writeFileSync(file, stringify(test));
    const result = runTool("promtool", ["test", "rules", file], { cwd: dir });
    return { status: result.status, output: result.output };
  }
  const SUCCESS = { status: 0, output: expect.stringContaining("SUCCESS") };

  it.each(["prometheus", "grafana"] as const)("%s: a steady 15× burn pages within the 5m short window (firing once pending for 2m), no sooner", (engine) => {
    expect(promtool(engine, "fast burn", traffic(15, 20), [["2m", []], ["3m", [PAGE]], ["5m", [PAGE]]])).toEqual(SUCCESS);
  });

  it("the page says how much budget is left: a 15× burn from the start has overspent it 14 times over", () => {
    // the budget is 0.1 %; 1.5 % of requests failing over the whole window leaves 1 − 15 = −1400 %
    const rendered = (text: string) => text.replace(/\{\{ with query .*?\{\{ end \}\}/, "-1400%").replaceAll("{{ $labels.service }}", "api");
    const annotations = (alert: Rule) => ({ ...alert.annotations!, summary: rendered(alert.annotations!.summary), description: rendered(alert.annotations!.description) });
    expect(promtool("prometheus", "fast burn annotations", traffic(15, 20), [["5m", [PAGE]]], annotations)).toEqual(SUCCESS);
  });

  it.each(["prometheus", "grafana"] as const)("%s: a 1× burn (exactly the budget) stays silent for 6h", (engine) => {
    expect(promtool(engine, "budget pace", traffic(1, 400), [["1h", []], ["3h", []], ["6h", []]])).toEqual(SUCCESS);
  });

  it.each(["prometheus", "grafana"] as const)("%s: a steady 3.5× burn opens a ticket after 15m pending, and never pages", (engine) => {
    expect(promtool(engine, "slow burn", traffic(3.5, 200), [["15m", []], ["16m", [TICKET]], ["2h", [TICKET]]])).toEqual(SUCCESS);
  });

  it.each(["prometheus", "grafana"] as const)("%s: the page stops soon after the burn does (its short windows clear), the ticket stays", (engine) => {
    const series = [
      { series: 'starlette_requests_total{job="api", path_template="/"}', values: "0+1000x200" },
      { series: 'starlette_responses_total{job="api", path_template="/", status_code="500"}', values: "0+15x120 1800+0x80" },
    ];
    expect(promtool(engine, "burn stopped", series, [["2h", [PAGE, TICKET]], ["2h40m", [TICKET]]])).toEqual(SUCCESS);
  });

  it("fails when the expected alerts are wrong (the promtool tests can fail)", () => {
    expect(promtool("prometheus", "wrong", traffic(1, 60), [["30m", [PAGE]]]).status).not.toBe(0);
    expect(promtool("grafana", "wrong", traffic(15, 20), [["5m", []]]).status).not.toBe(0);
  });

  it("passes promtool check rules", () => {
    for (const engine of ["prometheus", "grafana"] as const) {
      const file = join(dir, `check-${engine}.yml`);
      writeFileSync(file, stringify({ groups: [{ name: "slo", rules: engines[engine]() }] }));
      const result = runTool("promtool", ["check", "rules", file]);
      expect({ engine, status: result.status, output: result.output }).toEqual({ engine, status: 0, output: expect.stringContaining("SUCCESS") });
    }
  });
});
