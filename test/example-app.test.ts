import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_STACK, synthExample } from "./helpers/example-app";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { readStack, resourcesOf } from "./helpers/synth";

describe("onboarding an app from another repo (examples/onboard-app.ts)", () => {
  const outdir = synthExample();
  const stack = readStack(outdir, EXAMPLE_STACK);
  const manifests = Object.values(resourcesOf(stack, "kubernetes_manifest")).map((r: any) => r.manifest);

  it("takes at most ten lines of onboarding code", () => {
    const source = readFileSync(join(__dirname, "..", "examples", "onboard-app.ts"), "utf8");
    const body = source.slice(source.indexOf("super(scope, id);") + "super(scope, id);".length, source.lastIndexOf("  }\n}"));
    const lines = body.split("\n").filter((line) => line.trim() && !line.trim().startsWith("//"));
    expect(lines.length).toBeLessThanOrEqual(10);
  });

  it("reads the platform from the state of its prod-grafana stack", () => {
    const [state] = Object.values(stack.data?.terraform_remote_state ?? {}) as any[];
    expect(state).toMatchObject({ backend: "s3", config: { bucket: "acme-terraform-state", key: "cdktf-observability/prod-grafana.tfstate" } });
  });

  it("declares the app's ServiceMonitor, PrometheusRule and AlertmanagerConfig as kubernetes_manifests in its namespace", () => {
    expect(manifests.map((m) => `${m.kind} ${m.metadata.namespace}/${m.metadata.name}`).sort()).toEqual([
      "AlertmanagerConfig shop/checkout",
      "PrometheusRule shop/checkout-red",
      "ServiceMonitor shop/checkout",
    ]);
    expect(manifests.find((m) => m.kind === "ServiceMonitor").spec).toMatchObject({ selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } } });
  });

  it("puts its dashboard in the team's folder, under the platform's Services folder read from its outputs", () => {
    const [folder] = Object.values(resourcesOf(stack, "grafana_folder")) as any[];
    expect(folder.parent_folder_uid).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.folder_uids\.services\}$/);
    const board = (Object.values(resourcesOf(stack, "grafana_dashboard")) as any[]).find((d) => !d.config_json.includes('"slo"'));
    const model = JSON.parse(board.config_json.replace(/\$\$\{/g, "${"));
    expect(model.panels.flatMap((p: any) => p.targets ?? []).every((t: any) => t.expr.includes('job="checkout"'))).toBe(true);
  });

  it("links its alerts to the dashboard in the platform's Grafana", () => {
    const rule = manifests.find((m) => m.kind === "PrometheusRule");
    const [first] = rule.spec.groups[0].rules;
    expect(first.annotations.runbook_url).toMatch(/^\$\{data\.terraform_remote_state\.[^.]+\.outputs\.grafana_url\}\/d\/[a-z0-9-]+$/);
  });

  it("declares an SLO: its burn-rate alerts beside the RED alerts, its error-budget dashboard beside the RED dashboard", () => {
    const rule = manifests.find((m) => m.kind === "PrometheusRule");
    const burnRate = rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert === "SloErrorBudgetBurn");
    expect(burnRate.map((r: any) => [r.labels.slo, r.labels.severity, r.labels.namespace])).toEqual([
      ["checkout-availability", "critical", "shop"],
      ["checkout-availability", "warning", "shop"],
    ]);
    const titles = Object.values(resourcesOf(stack, "grafana_dashboard")).map((d: any) => JSON.parse(d.config_json.replace(/\$\$\{/g, "${")).title);
    expect(titles.sort()).toEqual(["SLO checkout-availability", "checkout RED"]);
  });

  it("touches nothing the platform owns", () => {
    for (const type of ["grafana_notification_policy", "grafana_message_template", "grafana_mute_timing", "grafana_contact_point", "grafana_data_source"]) {
      expect(resourcesOf(stack, type)).toEqual({});
    }
  });

  describeWithShared("the example stack", () => {
    it("passes terraform validate", () => {
      const run = spawnSync(sharedPath("tools", "tf-validate.sh"), [outdir], {
        encoding: "utf8",
      });
      expect(run.stdout).toContain("terraform validate: 1/1 stacks valid");
    });
  });
});
