import { rmSync } from "node:fs";
import { AlertingInput } from "../src/alerting/alerting-model";
import { buildApp, validateApp } from "../stacks/app";
import { dev } from "../stacks/environments/dev";
import { configErrorOf } from "./helpers/config-error";
import { InhibitRule, inhibits } from "./helpers/inhibition";
import { releasesOf } from "./helpers/release-values";
import { readStack, resourcesOf, synthToTempDir } from "./helpers/synth";

type Rule = { record?: string; alert?: string; expr: string; labels: Record<string, string> };
const SLO_NAMES = ["api-availability", "api-latency"];

/** The rule sets of the SLOs in an environment's kube-prometheus-stack values, by name. */
function sloRuleSets(outdir: string, env: string): Record<string, Rule[]> {
  const values = releasesOf(readStack(outdir, `${env}-platform`)).find((r) => r.chart === "kube-prometheus-stack")!.values;
  const map = values.additionalPrometheusRulesMap as Record<string, { groups: Array<{ rules: Rule[] }> }>;
  return Object.fromEntries(Object.entries(map).filter(([name]) => name.startsWith("slo-")).map(([name, set]) => [name, set.groups.flatMap((g) => g.rules)]));
}

const grafanaResources = (outdir: string, env: string, type: string) => Object.values(resourcesOf(readStack(outdir, `${env}-grafana`), type));

describe("SLOs of the shipped environments", () => {
  let outdir: string;
  beforeAll(() => (outdir = synthToTempDir()));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it.each(["dev", "staging", "prod"])(
    "%s records both API SLIs in Prometheus and alerts on each from one engine: availability in Prometheus, latency in Grafana",
    (env) => {
      const sets = sloRuleSets(outdir, env);
      expect(Object.keys(sets).sort()).toEqual(SLO_NAMES.map((name) => `slo-${name}`));
      for (const rules of Object.values(sets)) expect(rules.filter((r) => r.record).length).toBeGreaterThanOrEqual(9);
      const prometheusAlerts = (slo: string) => sets[`slo-${slo}`].filter((r) => r.alert).map((r) => [r.alert, r.labels.severity, r.labels.service]);
      expect(prometheusAlerts("api-availability")).toEqual([
        ["SloErrorBudgetBurn", "critical", "api"],
        ["SloErrorBudgetBurn", "warning", "api"],
      ]);
      expect(prometheusAlerts("api-latency")).toEqual([]);
      const grafanaRules = grafanaResources(outdir, env, "grafana_rule_group").flatMap((group: any) => group.rule);
      const grafanaAlerts = (slo: string) => grafanaRules.filter((rule: any) => rule.labels.slo === slo).map((rule: any) => [rule.name.split(" ")[0], rule.labels.severity, rule.labels.service]);
      expect(grafanaAlerts("api-latency")).toEqual([
        ["SloErrorBudgetBurn", "critical", "api"],
        ["SloErrorBudgetBurn", "warning", "api"],
      ]);
      expect(grafanaAlerts("api-availability")).toEqual([]);
    },
  );

  it("lets a page of one SLO not mute the ticket of another SLO of the same service (Alertmanager's inhibition)", () => {
    const values = releasesOf(readStack(outdir, "prod-platform")).find((r) => r.chart === "kube-prometheus-stack")!.values;
    const rules = (values.alertmanager as any).config.inhibit_rules as InhibitRule[];
    const alerts = Object.values(sloRuleSets(outdir, "prod")).flatMap((set) => set.filter((r) => r.alert).map((r): Record<string, string> => ({ alertname: r.alert!, ...r.labels })));
    const page = alerts.find((a) => a.slo === "api-availability" && a.severity === "critical")!;
    const ticket = alerts.find((a) => a.slo === "api-availability" && a.severity === "warning")!;
    // the latency SLO alerts from Grafana in the shipped environments: its ticket as it would come from Prometheus
    const latencyTicket = { ...ticket, slo: "api-latency", category: "performance" };
    expect(inhibits(rules, page, ticket)).toBe(true);
    expect(inhibits(rules, page, latencyTicket)).toBe(false);
  });

  it("pages prod's API when it burns 14.4 times its 0.1 % budget (99.9 %), dev's at 14.4 times 0.5 % (99.5 %)", () => {
    const page = (env: string) => sloRuleSets(outdir, env)["slo-api-availability"].find((r) => r.labels.severity === "critical")!.expr;
    expect(page("prod")).toContain("> 0.0144");
    expect(page("dev")).toContain("> 0.072");
  });

  it.each(["dev", "staging", "prod"])("%s has an error-budget dashboard per SLO in an SLOs folder", (env) => {
    expect(grafanaResources(outdir, env, "grafana_folder").map((f: any) => f.title)).toContain("SLOs");
    const dashboards = grafanaResources(outdir, env, "grafana_dashboard").map((d: any) => ({ title: JSON.parse(d.config_json.replace(/\$\$\{/g, "${")).title, folder: d.folder }));
    expect(dashboards.filter((d) => d.title.startsWith("SLO "))).toEqual(SLO_NAMES.map((name) => ({ title: `SLO ${name}`, folder: expect.stringContaining("grafana_folder.workspace_folder-slos") })));
  });
});

describe("SLOs of an environment whose alerts Grafana evaluates", () => {
  let outdir: string;
  const alerting: AlertingInput = { ...(dev.alerting as AlertingInput), defaultEngine: "grafana" };
  beforeAll(() => (outdir = synthToTempDir([{ ...dev, alerting }])));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("keeps the recording rules in Prometheus and puts the burn-rate alerts in Grafana only, routed on the same labels", () => {
    for (const rules of Object.values(sloRuleSets(outdir, "dev"))) {
      expect(rules.filter((r) => r.alert)).toEqual([]);
      expect(rules.filter((r) => r.record).length).toBeGreaterThanOrEqual(9);
    }
    const groups = grafanaResources(outdir, "dev", "grafana_rule_group").filter((g: any) => g.name.startsWith("slo-"));
    expect(groups.map((g: any) => g.name).sort()).toEqual(SLO_NAMES.map((name) => `slo-${name}`));
    for (const group of groups) {
      expect(group.rule.map((r: any) => [r.labels.severity, r.labels.team, r.labels.service])).toEqual([
        ["critical", "platform", "api"],
        ["warning", "platform", "api"],
      ]);
      // the rules read the recorded series from the Prometheus datasource
      const exprs = group.rule[0].data.filter((d: any) => d.datasource_uid === "prometheus").map((d: any) => JSON.parse(d.model).expr);
      expect(exprs.filter((expr: string) => !/\(slo:[\w:]+\{slo="api-[a-z]+", service="api", namespace=""\}\)$/.test(expr))).toEqual([]);
    }
  });
});

describe("SLOs that cannot work in an environment", () => {
  const spec = { name: "api-availability", service: "api", objective: 99.9, indicator: { type: "availability" } };
  const messageOf = (env: object, build: (inputs: unknown[]) => unknown = validateApp) => configErrorOf(() => build([env])).message;

  it.each([
    ["an objective of 100 %", [{ ...spec, objective: 100 }], /^environment "dev": slos\[0\]\.objective: must be a percentage strictly between 0 and 100/],
    ["a window without unit", [{ ...spec, timeWindow: "30" }], /^environment "dev": slos\[0\]\.timeWindow: must be days or weeks/],
    ["two SLOs of one name", [spec, spec], /^environment "dev": slos\[1\]\.name: "api-availability" is defined twice$/],
    [
      "a latency threshold beyond the histogram",
      [{ ...spec, name: "api-latency", indicator: { type: "latency", thresholdSeconds: 10 } }],
      /^environment "dev": slos\[0\]\.indicator\.thresholdSeconds: 10 s cannot be detected: the starlette-prometheus histogram's largest finite bucket is 10 s/,
    ],
  ])("rejects %s with one line naming the environment and the field", (_what, slos, message) => {
    const error = messageOf({ ...dev, slos });
    expect(error).toMatch(message);
    expect(error).not.toContain("\n");
  });

  it("rejects Grafana-evaluated SLO alerts in an environment without alerting (no policy to route them)", () => {
    const error = messageOf({ ...dev, alerting: undefined, slos: [{ ...spec, engine: "grafana", runbookUrl: "https://runbooks.example.com/slo" }] }, (inputs) => buildApp(inputs));
    expect(error).toBe('environment "dev": dev-grafana/workspace: slos: SLO(s) "api-availability" alert through Grafana, which needs alerting (contact points, policy)');
  });
});
