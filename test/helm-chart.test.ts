import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { HelmChart } from "../constructs/helm-chart";
import { ValuesDocument } from "../src/helm/values";

describe("HelmChart", () => {
  it("renders its values once per synth (cdktf resolves them twice), with the values contributed after construction", () => {
    const outdir = mkdtempSync(join(tmpdir(), "helm-chart-"));
    const app = new App({ outdir });
    const documents: ValuesDocument[] = [{ concern: "first", values: { replicas: 1 } }];
    const stack = new TerraformStack(app, "s");
    new HelmProvider(stack, "helm", {});
    new HelmChart(stack, "chart", {
      chart: { repository: "https://charts.example.com", name: "thing", version: "1.0.0" },
      releaseName: "thing",
      namespace: "monitoring",
      documents: () => documents,
    });
    documents.push({ concern: "late", values: { retention: "15d" } });
    // the module object values.ts calls into (an `import * as` would be a copy)
    const stringify = jest.spyOn(require("yaml") as typeof import("yaml"), "stringify");
    try {
      app.synth();
      expect(stringify).toHaveBeenCalledTimes(2);
    } finally {
      stringify.mockRestore();
    }
    const synthesized = JSON.parse(readFileSync(join(outdir, "stacks/s/cdk.tf.json"), "utf8"));
    const release = Object.values(synthesized.resource.helm_release)[0] as { values: string[] };
    expect(release.values).toEqual(["# first\nreplicas: 1\n", "# late\nretention: 15d\n"]);
  });
});
