import { spawnSync } from "node:child_process";
import { EXAMPLE_STACK, synthExample } from "./helpers/example-app";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { readStack, resourcesOf } from "./helpers/synth";

describe("onboarding an app from another repo (examples/onboard-app.ts)", () => {
  const outdir = synthExample();
  const stack = readStack(outdir, EXAMPLE_STACK);

  it("declares the app's ServiceMonitor as a kubernetes_manifest", () => {
    const [monitor] = Object.values(resourcesOf(stack, "kubernetes_manifest"));
    expect(monitor.manifest).toMatchObject({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: "checkout", namespace: "shop" },
      spec: { selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } } },
    });
  });

  it("puts its dashboard in the platform's Services folder, with RED queries from the profile", () => {
    const [board] = Object.values(resourcesOf(stack, "grafana_dashboard"));
    expect(board.folder).toBe("observability-services");
    const model = JSON.parse(board.config_json.replace(/\$\$\{/g, "${"));
    expect(model.uid).toBe("checkout");
    expect(model.panels.map((p: any) => p.targets[0].expr)).toEqual([
      'sum by (job) (rate(starlette_requests_total{job="checkout"}[5m]))',
      'sum by (job) (rate(starlette_responses_total{status_code=~"5..", job="checkout"}[5m])) / sum by (job) (rate(starlette_requests_total{job="checkout"}[5m]))',
    ]);
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
