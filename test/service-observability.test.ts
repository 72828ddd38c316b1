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
  const first = (stack: TerraformStack) => new ServiceObservability(stack, "checkout", checkout());
  // another team with a service of the same name, both engines in play
  const second = (stack: TerraformStack) => {
    new ServiceObservability(stack, "checkout", checkout({ team: "payments", namespace: "payments", selector: { matchLabels: { app: "checkout" } } }));
    new ServiceObservability(stack, "ledger", {
      ...checkout({ team: "payments", namespace: "payments", service: "ledger", alerts: { engine: "grafana" } }),
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
  ])("%s", (_, props, message) => {
    expect(attempt(props)).toMatch(message);
  });

  it("asks for the profile when the platform's is known only at apply", () => {
    const app = new App();
    const stack = teamStack(app, "team", () => undefined);
    const remote = PlatformHandle.fromRemoteState(stack, { environment: "prod", backend: { type: "local" } });
    const error = configErrorOf(() => new ServiceObservability(stack, "checkout", { ...checkout({ platform: remote }), profile: undefined }));
    expect(error.message).toMatch(/^team\/checkout: profile: is required/);
  });
});
