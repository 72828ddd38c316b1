import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { mergeValues, Values } from "../src/helm/values";
import { validateApp } from "../stacks/app";
import { dev } from "../stacks/environments/dev";
import { readStack, resourcesOf, shippedSynth } from "./helpers/synth";
import { describeWithTools, runTool } from "./helpers/tools";

const outdir = shippedSynth();

/** The kube-prometheus-stack values an environment's platform stack deploys, merged as Helm merges them. */
function prometheusStackValues(env: string): any {
  const release = Object.values(resourcesOf(readStack(outdir, `${env}-platform`), "helm_release")).find((r) => r.chart === "kube-prometheus-stack");
  // Terraform hands `$${` to Helm as `${`
  return mergeValues(...(release.values as string[]).map((doc) => parse(doc.replace(/\$\$\{/g, "${")) as Values));
}

const PAGING: Record<string, string> = { dev: "oncall-email", staging: "oncall-email", prod: "oncall-pagerduty" };

describe.each(["dev", "staging", "prod"])("alerting of %s, Prometheus engine", (env) => {
  const values = prometheusStackValues(env);

  it("replaces the chart's routing with the model's receivers, mounting the credentials Secret", () => {
    expect(values.alertmanager.config.receivers.map((r: { name: string }) => r.name).sort()).toEqual(
      ["null", "team-slack", "ciso-email", PAGING[env]].sort(),
    );
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["alerting-credentials"]);
    expect(Object.keys(values.alertmanager.templateFiles)).not.toHaveLength(0);
  });

  it("turns off the chart's default alerts that built-in rules replace, so nobody is told twice", () => {
    expect(values.defaultRules.disabled).toEqual({ KubePodCrashLooping: true, NodeCPUHighUsage: true, NodeMemoryHighUtilization: true, TargetDown: true });
  });

  it("gives Grafana the same SMTP server for Grafana-managed e-mail, the password from the credentials Secret", () => {
    expect(values.grafana["grafana.ini"].smtp).toMatchObject({ enabled: true, host: "smtp.example.com:587", from_address: "alerts@example.com" });
    expect(values.grafana.envValueFrom.GF_SMTP_PASSWORD).toEqual({ secretKeyRef: { name: "alerting-credentials", key: "smtp_password" } });
  });

  it("renders the catalog's PromQL rules, including the API error-rate alerts at 1 % and 5 %", () => {
    const rules = Object.values(values.additionalPrometheusRulesMap as Record<string, { groups: Array<{ rules: any[] }> }>).flatMap((set) =>
      set.groups.flatMap((g) => g.rules),
    );
    const errorRate = rules.filter((r) => /ErrorRate/.test(r.alert));
    expect(errorRate.map((r) => [r.labels.severity, r.expr.match(/> (0\.\d+)$/)?.[1]]).sort()).toEqual([
      ["critical", "0.05"],
      ["warning", "0.01"],
    ]);
    expect(rules.filter((r) => r.alert).every((r) => r.annotations.runbook_url && r.annotations.description)).toBe(true);
  });
});

describeWithTools(["amtool", "promtool"], "every environment's alerting, checked by Prometheus' own tools", () => {
  describe.each(["dev", "staging", "prod"])("%s", (env) => {
    const dir = mkdtempSync(join(tmpdir(), `alerting-${env}-`));
    const values = prometheusStackValues(env);
    mkdirSync(join(dir, "templates"));
    for (const [file, text] of Object.entries(values.alertmanager.templateFiles as Record<string, string>)) writeFileSync(join(dir, "templates", file), text);
    const config = { ...values.alertmanager.config, templates: [join(dir, "templates", "*.tmpl")] };
    const configFile = join(dir, "alertmanager.yml");
    writeFileSync(configFile, stringify(config));
    const rulesFile = join(dir, "rules.yml");
    writeFileSync(rulesFile, stringify({ groups: Object.values(values.additionalPrometheusRulesMap as Record<string, { groups: unknown[] }>).flatMap((s) => s.groups) }));

    it("passes amtool check-config", () => {
      const result = runTool("amtool", ["check-config", configFile]);
      expect(result.output).toContain("SUCCESS");
      expect(result.status).toBe(0);
    });

    it("passes promtool check rules", () => {
      const result = runTool("promtool", ["check", "rules", rulesFile]);
      expect(result.output).toContain("SUCCESS");
      expect(result.status).toBe(0);
    });

    it.each([
      ["critical → the paging receiver", ["alertname=ServiceErrorRateHigh", "severity=critical", "category=availability", "team=platform"], PAGING[env]],
      ["security → the CISO", ["alertname=RootShellOpened", "severity=critical", "category=security", "team=security"], "ciso-email"],
      ["a warning → the team", ["alertname=ServiceErrorRateHigh", "severity=warning", "category=availability", "team=platform"], "team-slack"],
      ["the chart's own alerts → the team", ["alertname=KubePodCrashLooping", "severity=warning", "namespace=kube-system"], "team-slack"],
    ])("routes %s", (_title, labels, receiver) => {
      const result = runTool("amtool", ["config", "routes", "test", `--config.file=${configFile}`, `--verify.receivers=${receiver}`, ...labels]);
      expect({ status: result.status, receivers: result.stdout.trim() }).toEqual({ status: 0, receivers: receiver });
    });
  });
});

describe("RED alerts of an environment", () => {
  const serviceQueries = (env: object) => {
    const [{ alerting }] = validateApp([env]);
    return alerting!.rules.filter((r) => r.name.startsWith("Service")).map((r) => r.query);
  };

  it("cover every RED profile the environment lists, not only the first", () => {
    for (const query of serviceQueries(dev)) {
      expect(query).toMatch(/starlette_/);
      expect(query).toContain("http_server_request_duration(_seconds)?_");
    }
  });

  it("follow the environment's own list of RED profiles", () => {
    const otelOnly = { ...dev, grafana: { ...dev.grafana, dashboards: { redProfiles: ["otel-http"] } } };
    for (const query of serviceQueries(otelOnly)) {
      expect(query).not.toMatch(/starlette_/);
      expect(query).toContain("http_server_request_duration(_seconds)?_");
    }
  });

  it("reject catalog profiles that name services by different labels, naming the environment", () => {
    const mixed = { ...dev, alerting: { ...dev.alerting, catalog: { ...dev.alerting!.catalog!, profiles: ["otel-http", "otel-span-metrics"] } } };
    expect(() => validateApp([mixed])).toThrow(/dev.*catalog.*profiles.*different labels/s);
  });
});
