import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { EnvironmentInput, ObservabilityEnvironment, SIZE_PROFILES } from "../constructs";
import { dev } from "../stacks/environments/dev";
import { configErrorOf } from "./helpers/config-error";
import { buildApp } from "../stacks/app";

/** A platform repo's own environment, written against the public API only. */
const shop: EnvironmentInput = {
  ...dev,
  name: "shop",
  size: "medium",
};

describe("ObservabilityEnvironment (the public environment path)", () => {
  it("creates the <env>-platform and <env>-grafana pair from one environment, the grafana stack after the platform", () => {
    const outdir = mkdtempSync(join(tmpdir(), "observability-environment-"));
    const app = new App({ outdir });
    const environment = new ObservabilityEnvironment(app, shop);
    app.synth();
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["shop-grafana", "shop-platform"]);
    expect(environment.grafana.dependencies).toContain(environment.platform);
    expect(environment.environment.size).toBe("medium");
    expect(Object.keys(SIZE_PROFILES).sort()).toEqual(["large", "medium", "small"]);
  });

  it("gives the same stacks as this repo's app", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "observability-environment-")) });
    new ObservabilityEnvironment(app, dev);
    const ours = buildApp([dev], mkdtempSync(join(tmpdir(), "observability-environment-")));
    const json = (a: App, stack: string) => JSON.stringify((a.node.findChild(stack) as any).toTerraform());
    for (const stack of ["dev-platform", "dev-grafana"]) expect(json(app, stack)).toBe(json(ours, stack));
  });

  it("refuses a bad configuration with one line naming the environment and the field, before any stack exists", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "observability-environment-")) });
    const error = configErrorOf(() => new ObservabilityEnvironment(app, { ...shop, size: "huge" } as unknown as EnvironmentInput));
    expect(error.message).toMatch(/^environment "shop".*size/);
    expect(error.message).not.toContain("\n");
    expect(app.node.children).toHaveLength(0);
  });

  it("names the environment in alerting errors too", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "observability-environment-")) });
    const alerting = { ...(shop.alerting as object), policy: { contactPoint: "nobody" } };
    const error = configErrorOf(() => new ObservabilityEnvironment(app, { ...shop, alerting } as EnvironmentInput));
    expect(error.message).toMatch(/^environment "shop".*unknown contact point "nobody"/);
    expect(app.node.children).toHaveLength(0);
  });
});
