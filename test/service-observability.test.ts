import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { stringify } from "yaml";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { PlatformHandle, ServiceObservability, ServiceObservabilityProps, shippedDashboards } from "../constructs";
import { stableUid } from "../src/grafana/stable-uid";
import { withAlertingAndSlos, validateEnvironment } from "../src/config/validate-environment";
import { sloDashboard } from "../src/slo/slo-dashboard";
import { SloSpecInput } from "../src/slo/slo-spec";
import { prod } from "../stacks/environments/prod";
import { configErrorOf } from "./helpers/config-error";
import { crdErrors, crdUnknownFields } from "./helpers/crd-schemas";
import { PLATFORM_VALUES } from "./helpers/platform-values";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { readStack, resourcesOf, TerraformJson } from "./helpers/synth";
import { describeWithTools, runTool } from "./helpers/tools";

const platform = () => PlatformHandle.fromValues(PLATFORM_VALUES);

/** The brief's onboarding: one service, a team, its Slack channel (the URL in a Secret of the namespace). */
const checkout = (overrides: Partial<ServiceObservabilityProps> = {}): ServiceObservabilityProps => ({
  platform: platform(),
  service: "checkout",
  namespace: "shop",
  selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } },
  port: "http",
  profile: "starlette-prometheus",
  team: "shop",
  contactPoint: { type: "slack", webhookUrl: { secret: { name: "shop-alerting", key: "slack-url" } } },
  ...overrides,
});

/** A team repo's stack: its own providers, then whatever `onboard` adds. */
function teamStack(app: App, name: string, onboard: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(app, name);
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config", configContext: "prod" });
  new GrafanaProvider(stack, "grafana", { url: "https://grafana.example.com" });
  onboard(stack);
  return stack;
}

/** Synthesizes the given team stacks into one app; returns each stack's JSON. */
function synthTeams(teams: Record<string, (stack: TerraformStack) => void>, outdir = mkdtempSync(join(tmpdir(), "service-observability-"))): Record<string, TerraformJson> {
  const app = new App({ outdir });
  for (const [name, onboard] of Object.entries(teams)) teamStack(app, name, onboard);
  app.synth();
  return Object.fromEntries(Object.keys(teams).map((name) => [name, readStack(outdir, name)]));
}

const manifests = (stack: TerraformJson) => Object.values(resourcesOf(stack, "kubernetes_manifest")).map((r: any) => r.manifest);
const manifestOf = (stack: TerraformJson, kind: string) => manifests(stack).find((m: any) => m.kind === kind);

/** Grafana objects that exist once per organization, or under a name the platform owns. */
const ORG_WIDE = ["grafana_notification_policy", "grafana_message_template", "grafana_mute_timing", "grafana_contact_point"];

describe("ServiceObservability, Prometheus engine (the default)", () => {
  const { team } = synthTeams({ team: (stack) => new ServiceObservability(stack, "checkout", checkout()) });

  it("scrapes the service with a ServiceMonitor in its namespace", () => {
    expect(manifestOf(team, "ServiceMonitor")).toMatchObject({
      metadata: { name: "checkout", namespace: "shop", labels: { team: "shop" } },
      spec: { selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } }, endpoints: [{ port: "http", path: "/metrics" }] },
    });
  });

  it("alerts on the service's error ratio and latency with the catalog's thresholds, from a PrometheusRule with the team label", () => {
    const rule = manifestOf(team, "PrometheusRule");
    expect(rule.metadata).toEqual({ name: "checkout-red", namespace: "shop", labels: { team: "shop" } });
    const rules = rule.spec.groups.flatMap((g: any) => g.rules);
    expect(rules.map((r: any) => `${r.alert}/${r.labels.severity}`)).toEqual([
      "ServiceErrorRateHigh/critical",
      "ServiceErrorRateHigh/warning",
      "ServiceLatencyHigh/warning",
    ]);
    for (const r of rules) {
      expect(r.labels).toMatchObject({ team: "shop", namespace: "shop", service: "checkout" });
      expect(r.expr).toContain('job="checkout"');
      expect(r.expr).toContain("starlette_");
    }
    // the catalog's: 5 % critical, 1 % warning, p95 above 1 s
    expect(rules.map((r: any) => r.expr.split(" ").slice(-2).join(" "))).toEqual(["> 0.05", "> 0.01", "> 1"]);
  });

  it("routes the team's alerts with an AlertmanagerConfig in its namespace: one route, one receiver reading the Secret there", () => {
    const config = manifestOf(team, "AlertmanagerConfig");
    expect(config.apiVersion).toBe("monitoring.coreos.com/v1alpha1");
    expect(config.metadata).toMatchObject({ name: "checkout", namespace: "shop" });
    expect(config.spec.route).toEqual({
      receiver: "shop",
      matchers: [
        { name: "team", value: "shop", matchType: "=" },
        { name: "service", value: "checkout", matchType: "=" },
      ],
    });
    expect(config.spec.receivers).toEqual([
      {
        name: "shop",
        slackConfigs: [
          expect.objectContaining({ apiURL: { name: "shop-alerting", key: "slack-url" }, sendResolved: true, title: expect.stringContaining("observability.title") }),
        ],
      },
    ]);
  });

  it("owns no org-wide Grafana object and no routing of the platform", () => {
    for (const type of ORG_WIDE) expect(resourcesOf(team, type)).toEqual({});
    expect(resourcesOf(team, "grafana_rule_group")).toEqual({});
  });

  it("puts the RED dashboard in the team's folder under the platform's Services folder", () => {
    const [folder] = Object.values(resourcesOf(team, "grafana_folder")) as any[];
    expect(folder).toMatchObject({ title: "shop", parent_folder_uid: "observability-services" });
    const [board] = Object.values(resourcesOf(team, "grafana_dashboard")) as any[];
    expect(board.folder).toMatch(/^\$\{grafana_folder\./);
    expect(board.overwrite).toBe(false);
    const model = JSON.parse(board.config_json.replace(/\$\$\{/g, "${"));
    expect(model.title).toBe("checkout RED");
    const exprs = model.panels.flatMap((p: any) => p.targets ?? []).map((t: any) => t.expr);
    expect(exprs.length).toBeGreaterThan(0);
    for (const expr of exprs) expect(expr).toContain('job="checkout"');
    expect(model.templating?.list ?? []).toEqual([]);
  });

  describeWithShared("the manifests against the prometheus-operator CRDs", () => {
    it.each(["ServiceMonitor", "PrometheusRule", "AlertmanagerConfig"] as const)("%s is valid", (kind) => {
      expect(crdErrors(kind, manifestOf(team, kind))).toEqual([]);
      expect(crdUnknownFields(kind, manifestOf(team, kind))).toEqual([]);
    });
    it("the AlertmanagerConfig schema catches a credential given as a value instead of a Secret key", () => {
      const config = structuredClone(manifestOf(team, "AlertmanagerConfig"));
      config.spec.receivers[0].slackConfigs[0].apiURL = "https://hooks.slack.com/x";
      expect(crdErrors("AlertmanagerConfig", config)).toEqual(["/spec/receivers/0/slackConfigs/0/apiURL must be object"]);
    });
  });

  describeWithTools(["promtool"], "the PrometheusRule, checked by promtool", () => {
    it("passes promtool check rules", () => {
      const dir = mkdtempSync(join(tmpdir(), "service-rules-"));
      const file = join(dir, "rules.yaml");
      writeFileSync(file, stringify({ groups: manifestOf(team, "PrometheusRule").spec.groups }));
      const result = runTool("promtool", ["check", "rules", file]);
      expect(result.output).toContain("SUCCESS: 3 rules found");
    });
  });
});

describe("ServiceObservability, Grafana engine", () => {
  const props = checkout({ alerts: { engine: "grafana", errorRate: { critical: 0.02 } }, contactPoint: { type: "slack", webhookUrl: { variable: "shop_slack_url" } } });
  const outdir = mkdtempSync(join(tmpdir(), "service-observability-"));
  const { team } = synthTeams({ team: (stack) => new ServiceObservability(stack, "checkout", props) }, outdir);

  describeWithShared("the team stack", () => {
    it("passes terraform validate (notification_settings included)", () => {
      const run = spawnSync(sharedPath("tools", "tf-validate.sh"), [outdir], { encoding: "utf8" });
      expect(run.stdout).toContain("terraform validate: 1/1 stacks valid");
    });
  });

  it("sends Grafana-managed rules straight to the team's contact point (notification_settings), with its own thresholds", () => {
    const [group] = Object.values(resourcesOf(team, "grafana_rule_group")) as any[];
    expect(group.name).toBe("checkout");
    for (const rule of group.rule) {
      expect(rule.notification_settings).toEqual({ contact_point: "shop" });
      expect(rule.labels).toMatchObject({ team: "shop", namespace: "shop" });
    }
    const critical = group.rule.find((r: any) => r.labels.severity === "critical");
    expect(critical.data.find((d: any) => d.ref_id === "C").model).toContain('"params":[0.02]');
  });

  it("gives its rules UIDs of their own: never the platform's rule of the same id", () => {
    const [group] = Object.values(resourcesOf(team, "grafana_rule_group")) as any[];
    const platformUid = stableUid("service-error-rate-high-checkout-critical");
    expect(group.rule.map((r: any) => r.uid)).not.toContain(platformUid);
  });

  it("creates the team's contact point, its credential a sensitive variable, and no policy, template or mute timing", () => {
    const contactPoints = Object.values(resourcesOf(team, "grafana_contact_point")) as any[];
    expect(contactPoints.map((c) => c.name)).toEqual(["shop"]);
    expect(contactPoints[0].slack[0].url).toBe("${var.shop_slack_url}");
    expect(team.variable?.shop_slack_url).toMatchObject({ sensitive: true });
    for (const type of ["grafana_notification_policy", "grafana_message_template", "grafana_mute_timing"]) expect(resourcesOf(team, type)).toEqual({});
    expect(manifests(team).map((m: any) => m.kind)).toEqual(["ServiceMonitor"]);
  });
});

describe("a dashboard titled like a shipped one", () => {
  it("keeps a UID of its own, namespaced by team and service", () => {
    const { team } = synthTeams({ team: (stack) => new ServiceObservability(stack, "checkout", checkout({ dashboardTitle: "Service RED" })) });
    const [board] = Object.values(resourcesOf(team, "grafana_dashboard")) as any[];
    const model = JSON.parse(board.config_json.replace(/\$\$\{/g, "${"));
    expect(model.title).toBe("Service RED");
    const shippedUids = Object.values(shippedDashboards()).map((d) => d.uid);
    expect(shippedUids).toContain(stableUid("Service RED"));
    expect(shippedUids).not.toContain(model.uid);
    expect(model.uid).toMatch(/shop/);
  });
});

describe("two teams", () => {
  const first = (stack: TerraformStack) => new ServiceObservability(stack, "checkout", checkout({ slo: CHECKOUT_AVAILABILITY }));
  // another team with a service of the same name, both engines in play
  const second = (stack: TerraformStack) => {
    new ServiceObservability(stack, "checkout", checkout({ team: "payments", namespace: "payments", selector: { matchLabels: { app: "checkout" } }, slo: CHECKOUT_AVAILABILITY }));
    new ServiceObservability(stack, "ledger", {
      ...checkout({ team: "payments", namespace: "payments", service: "ledger", alerts: { engine: "grafana" }, slo: { ...CHECKOUT_AVAILABILITY, name: "ledger-availability" } }),
      contactPoint: { type: "slack", webhookUrl: { variable: "payments_slack" } },
    });
  };

  it("a second team's stack changes nothing of the first's", () => {
    const alone = synthTeams({ shop: first }).shop;
    const together = synthTeams({ shop: first, payments: second });
    expect(together.shop).toEqual(alone);
  });

  it("never share a Grafana UID or a contact point name", () => {
    const { shop, payments } = synthTeams({ shop: first, payments: second });
    const uids = (stack: TerraformJson) => [
      ...Object.values(resourcesOf(stack, "grafana_folder")).map((f: any) => f.uid),
      ...Object.values(resourcesOf(stack, "grafana_dashboard")).map((d: any) => JSON.parse(d.config_json.replace(/\$\$\{/g, "${")).uid),
      ...Object.values(resourcesOf(stack, "grafana_rule_group")).flatMap((g: any) => g.rule.map((r: any) => r.uid)),
    ];
    expect(uids(payments).filter((uid) => uids(shop).includes(uid))).toEqual([]);
  });
});

describe("several services of one team in one stack", () => {
  it("share the team's folder and contact point", () => {
    const { team } = synthTeams({
      team: (stack) => {
        const grafana = { alerts: { engine: "grafana" as const } };
        new ServiceObservability(stack, "checkout", checkout(grafana));
        new ServiceObservability(stack, "cart", checkout({ ...grafana, service: "cart" }));
      },
    });
    expect(Object.keys(resourcesOf(team, "grafana_folder"))).toHaveLength(1);
    expect(Object.keys(resourcesOf(team, "grafana_contact_point"))).toHaveLength(1);
    expect(Object.values(resourcesOf(team, "grafana_rule_group")).map((g: any) => g.name).sort()).toEqual(["cart", "checkout"]);
  });

  it("refuse two different contact points for one team", () => {
    const stack = teamStack(new App(), "team", () => undefined);
    new ServiceObservability(stack, "checkout", checkout({ alerts: { engine: "grafana" } }));
    const error = configErrorOf(
      () => new ServiceObservability(stack, "cart", checkout({ service: "cart", alerts: { engine: "grafana" }, contactPoint: { type: "email", to: ["shop@example.com"] } })),
    );
    expect(error.message).toMatch(/^team\/cart: contactPoint: differs from team "shop"'s contact point/);
  });
});

const CHECKOUT_AVAILABILITY: SloSpecInput = { name: "checkout-availability", objective: 99.9, indicator: { type: "availability" } };
const CHECKOUT_LATENCY: SloSpecInput = { name: "checkout-latency", objective: 99, indicator: { type: "latency", thresholdSeconds: 0.5 } };
/** A team SLO named like one every shipped environment has. */
const NAMED_LIKE_SHIPPED: SloSpecInput = { name: "api-availability", objective: 99.5, indicator: { type: "availability" } };

type Rule = { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
const sloRulesOf = (stack: TerraformJson): Rule[] =>
  manifestOf(stack, "PrometheusRule")
    .spec.groups.filter((g: any) => g.name.startsWith("slo-"))
    .flatMap((g: any) => g.rules);
const dashboardsOf = (stack: TerraformJson) => Object.values(resourcesOf(stack, "grafana_dashboard")).map((d: any) => ({ ...d, model: JSON.parse(d.config_json.replace(/\$\$\{/g, "${")) }));

describe("ServiceObservability with SLOs, Prometheus engine", () => {
  const { team } = synthTeams({ team: (stack) => new ServiceObservability(stack, "checkout", checkout({ slo: [CHECKOUT_AVAILABILITY, CHECKOUT_LATENCY] })) });

  it("records the SLIs and alerts on budget burn from the team's one PrometheusRule, with the team, namespace and service labels", () => {
    expect(manifests(team).filter((m: any) => m.kind === "PrometheusRule")).toHaveLength(1);
    const rules = sloRulesOf(team);
    expect(rules.filter((r) => r.record)).toHaveLength(18);
    expect(rules.filter((r) => r.alert).map((r) => `${r.alert}/${r.labels!.slo}/${r.labels!.severity}`)).toEqual([
      "SloErrorBudgetBurn/checkout-availability/critical",
      "SloErrorBudgetBurn/checkout-availability/warning",
      "SloErrorBudgetBurn/checkout-latency/critical",
      "SloErrorBudgetBurn/checkout-latency/warning",
    ]);
    for (const r of rules) expect(r.labels).toMatchObject({ service: "checkout", namespace: "shop" });
    for (const r of rules.filter((r) => r.alert)) expect(r.labels!.team).toBe("shop");
    // the SLIs read the service's own metrics
    for (const r of rules.filter((r) => r.record?.endsWith("rate5m"))) expect(r.expr).toContain('job="checkout"');
  });

  it("routes the burn-rate alerts with the team's AlertmanagerConfig, as its RED alerts (the operator adds the namespace matcher)", () => {
    const config = manifestOf(team, "AlertmanagerConfig");
    const matchers = [...config.spec.route.matchers, { name: "namespace", value: config.metadata.namespace, matchType: "=" }];
    const alerts = sloRulesOf(team).filter((r) => r.alert);
    expect(alerts).toHaveLength(4);
    for (const alert of alerts) {
      for (const matcher of matchers) expect({ [matcher.name]: alert.labels![matcher.name] }).toEqual({ [matcher.name]: matcher.value });
    }
  });

  it("puts an error-budget dashboard per SLO in the team's folder, linked from the alerts as their runbook", () => {
    const boards = dashboardsOf(team).filter((d) => d.model.tags.includes("slo"));
    expect(boards.map((d) => d.model.title).sort()).toEqual(["SLO checkout-availability", "SLO checkout-latency"]);
    const [folder] = Object.keys(resourcesOf(team, "grafana_folder"));
    for (const board of boards) {
      expect(board.folder).toBe(`\${grafana_folder.${folder}.uid}`);
      expect(board.overwrite).toBe(false);
    }
    for (const alert of sloRulesOf(team).filter((r) => r.alert)) {
      const board = boards.find((d) => d.model.title === `SLO ${alert.labels!.slo}`)!;
      expect(alert.annotations!.runbook_url).toBe(`https://grafana.example.com/d/${board.model.uid}`);
    }
  });

  describeWithTools(["promtool"], "the PrometheusRule with SLOs, checked by promtool", () => {
    it("passes promtool check rules", () => {
      const dir = mkdtempSync(join(tmpdir(), "service-rules-"));
      const file = join(dir, "rules.yaml");
      writeFileSync(file, stringify({ groups: manifestOf(team, "PrometheusRule").spec.groups }));
      const result = runTool("promtool", ["check", "rules", file]);
      // 3 RED alerts, and per SLO 9 recording rules and 2 burn-rate alerts
      expect(result.output).toContain("SUCCESS: 25 rules found");
    });
  });
});

describe("ServiceObservability with an SLO, Grafana engine", () => {
  const props = checkout({ alerts: { engine: "grafana" }, contactPoint: { type: "slack", webhookUrl: { variable: "shop_slack_url" } }, slo: CHECKOUT_AVAILABILITY });
  const outdir = mkdtempSync(join(tmpdir(), "service-observability-"));
  const { team } = synthTeams({ team: (stack) => new ServiceObservability(stack, "checkout", props) }, outdir);
  const sloGroup = () => (Object.values(resourcesOf(team, "grafana_rule_group")) as any[]).find((g) => g.name === "slo-checkout-availability");

  it("evaluates the burn-rate alerts in Grafana, sent straight to the team's contact point", () => {
    const group = sloGroup();
    expect(group.rule.map((r: any) => r.labels.severity)).toEqual(["critical", "warning"]);
    for (const rule of group.rule) {
      expect(rule.notification_settings).toEqual({ contact_point: "shop" });
      expect(rule.labels).toMatchObject({ slo: "checkout-availability", service: "checkout", team: "shop", namespace: "shop" });
    }
    expect(group.folder_uid).toMatch(/^\$\{grafana_folder\./);
  });

  it("gives the rules UIDs of their own: never those of the platform's SLO of the same name", () => {
    const platformUids = ["critical", "warning"].map((severity) => stableUid(`slo-error-budget-burn-checkout-availability-${severity}`));
    const uids = sloGroup().rule.map((r: any) => r.uid);
    expect(uids.filter((uid: string) => platformUids.includes(uid))).toEqual([]);
  });

  it("records the SLI in a PrometheusRule of the namespace (recording rules only), and owns no policy, template or AlertmanagerConfig", () => {
    expect(manifests(team).map((m: any) => m.kind).sort()).toEqual(["PrometheusRule", "ServiceMonitor"]);
    const rules = sloRulesOf(team);
    expect(rules.filter((r) => r.alert)).toEqual([]);
    expect(rules.filter((r) => r.record)).toHaveLength(9);
    for (const type of ["grafana_notification_policy", "grafana_message_template", "grafana_mute_timing"]) expect(resourcesOf(team, type)).toEqual({});
  });

  describeWithShared("the team stack", () => {
    it("passes terraform validate", () => {
      const run = spawnSync(sharedPath("tools", "tf-validate.sh"), [outdir], { encoding: "utf8" });
      expect(run.stdout).toContain("terraform validate: 1/1 stacks valid");
    });
  });
});

describe("a team SLO named like a shipped one", () => {
  const { team } = synthTeams({ team: (stack) => new ServiceObservability(stack, "checkout", checkout({ slo: NAMED_LIKE_SHIPPED })) });
  const shipped = withAlertingAndSlos(validateEnvironment(prod)).slos.find((s) => s.slo.spec.name === NAMED_LIKE_SHIPPED.name)!;

  it("keeps a dashboard UID of its own, namespaced by team, namespace and service", () => {
    const board = dashboardsOf(team).find((d) => d.model.title === "SLO api-availability")!;
    expect(board.model.uid).not.toBe(sloDashboard(shipped.slo).uid);
    expect(board.model.uid).toMatch(/^team-shop-shop-checkout-/);
  });

  describeWithTools(["promtool"], "evaluated beside the platform's rules of that name", () => {
    /** 1000 requests a minute to a service, `errors` of them answered 500. */
    const traffic = (labels: string, errors: number) => [
      { series: `starlette_requests_total{${labels}, path_template="/"}`, values: "0+1000x30" },
      { series: `starlette_responses_total{${labels}, path_template="/", status_code="500"}`, values: `0+${errors}x30` },
    ];
    const page = (labels: Record<string, string>) => ({ exp_labels: { slo: "api-availability", severity: "critical", category: "availability", ...labels } });

    it("each reads only its own series: the team's burn pages the team, the platform's the platform", () => {
      const dir = mkdtempSync(join(tmpdir(), "named-like-shipped-"));
      // the operator writes each PrometheusRule (the chart's of the platform, the team's) into a rule file of its own
      const ruleFiles = Object.entries({ platform: shipped.prometheus.rules.groups, team: manifestOf(team, "PrometheusRule").spec.groups }).map(([owner, groups]) => {
        const file = join(dir, `${owner}.yaml`);
        const withoutAnnotations = groups.map((g: any) => ({ ...g, rules: g.rules.map(({ annotations: _annotations, ...rule }: Rule) => rule) }));
        writeFileSync(file, stringify({ groups: withoutAnnotations }));
        return file;
      });
      const tests = (name: string, series: object[], alerts: object[]) => ({
        name,
        interval: "1m",
        input_series: series,
        alert_rule_test: [{ eval_time: "10m", alertname: "SloErrorBudgetBurn", exp_alerts: alerts }],
      });
      const teamPage = page({ service: "checkout", namespace: "shop", team: "shop" });
      const platformPage = page({ service: "api", team: "platform" });
      const testFile = join(dir, "test.yaml");
      writeFileSync(
        testFile,
        stringify({
          rule_files: ruleFiles,
          evaluation_interval: "1m",
          tests: [
            tests("the team's service burns", [...traffic('job="checkout", namespace="shop"', 100), ...traffic('job="api", namespace="prod"', 0)], [teamPage]),
            tests("the platform's API burns", [...traffic('job="checkout", namespace="shop"', 0), ...traffic('job="api", namespace="prod"', 100)], [platformPage]),
          ],
        }),
      );
      const result = runTool("promtool", ["test", "rules", testFile], { cwd: dir });
      expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
    });
  });
});

describe("ServiceObservability refuses bad props with one line naming the construct and the field", () => {
  const attempt = (props: ServiceObservabilityProps) => configErrorOf(() => new ServiceObservability(teamStack(new App(), "team", () => undefined), "checkout", props)).message;

  it.each([
    ["service", checkout({ service: "Check Out" }), /^team\/checkout: service: /],
    ["team", checkout({ team: "" }), /^team\/checkout: team: /],
    ["profile", checkout({ profile: "flask" as never }), /^team\/checkout: profile: /],
    ["a literal credential", checkout({ contactPoint: { type: "slack", webhookUrl: "https://hooks.slack.com/x" as never } }), /^team\/checkout: contactPoint\.webhookUrl: a literal secret is not allowed/],
    ["a latency no histogram bucket can show", checkout({ alerts: { latencyP95Seconds: { warning: 30 } } }), /^team\/checkout: alerts\.latencyP95Seconds\.warning: 30 s cannot be detected/],
    ["an unknown alerts key", checkout({ alerts: { errorRatio: {} } as never }), /^team\/checkout: alerts: unknown key\(s\) errorRatio/],
    [
      "a Terraform variable for Alertmanager",
      checkout({ contactPoint: { type: "slack", webhookUrl: { variable: "slack" } } }),
      /^team\/checkout: contact point "shop": webhookUrl: an AlertmanagerConfig reads credentials from Secrets in its own namespace/,
    ],
    ["folderUid", checkout({ folderUid: "not a uid" }), /^team\/checkout: folderUid: /],
    ["an SLO of 100 %", checkout({ slo: { ...CHECKOUT_AVAILABILITY, objective: 100 } }), /^team\/checkout: slo\.objective: must be a percentage strictly between 0 and 100/],
    ["an SLO of a list", checkout({ slo: [CHECKOUT_AVAILABILITY, { ...CHECKOUT_LATENCY, objective: 0 }] }), /^team\/checkout: slo\[1\]\.objective: must be a percentage/],
    ["an SLO of another service", checkout({ slo: { ...CHECKOUT_AVAILABILITY, service: "cart" } }), /^team\/checkout: slo\.service: "cart" contradicts the service "checkout"/],
    ["an SLO of another team", checkout({ slo: { ...CHECKOUT_AVAILABILITY, team: "payments" } }), /^team\/checkout: slo\.team: "payments" contradicts the team "shop"/],
    ["an SLO of another namespace", checkout({ slo: { ...CHECKOUT_AVAILABILITY, namespace: "payments" } }), /^team\/checkout: slo\.namespace: "payments" contradicts the namespace "shop"/],
    [
      "an SLO of another profile",
      checkout({ slo: { ...CHECKOUT_AVAILABILITY, indicator: { type: "availability", profile: "otel-http" } } }),
      /^team\/checkout: slo\.indicator\.profile: "otel-http" contradicts the profile "starlette-prometheus"/,
    ],
    ["an SLO on another engine", checkout({ slo: { ...CHECKOUT_AVAILABILITY, engine: "grafana" } }), /^team\/checkout: slo\.engine: "grafana" contradicts the alerts' engine "prometheus"/],
    ["two SLOs of one name", checkout({ slo: [CHECKOUT_AVAILABILITY, { ...CHECKOUT_LATENCY, name: CHECKOUT_AVAILABILITY.name }] }), /^team\/checkout: slo\[1\]\.name: "checkout-availability" is taken/],
  ])("%s", (_, props, message) => {
    expect(attempt(props)).toMatch(message);
    expect(attempt(props)).not.toContain("\n");
  });

  it("asks for the profile when the platform's is known only at apply", () => {
    const app = new App();
    const stack = teamStack(app, "team", () => undefined);
    const remote = PlatformHandle.fromRemoteState(stack, { environment: "prod", backend: { type: "local" } });
    const error = configErrorOf(() => new ServiceObservability(stack, "checkout", { ...checkout({ platform: remote }), profile: undefined }));
    expect(error.message).toMatch(/^team\/checkout: profile: is required/);
  });
});
