import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { HelmChart } from "../constructs/helm-chart";
import { canonicalJson } from "../src/dashboards/normalize-dashboard";
import { ValuesDocument } from "../src/helm/values";

// counts the renders of values documents (canonical JSON), the real function behind
jest.mock("../src/dashboards/normalize-dashboard", () => {
  const actual = jest.requireActual("../src/dashboards/normalize-dashboard");
  return { ...actual, canonicalJson: jest.fn(actual.canonicalJson) };
});

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
    const render = jest.mocked(canonicalJson);
    render.mockClear();
    app.synth();
    expect(render).toHaveBeenCalledTimes(2);
    const synthesized = JSON.parse(readFileSync(join(outdir, "stacks/s/cdk.tf.json"), "utf8"));
    const release = Object.values(synthesized.resource.helm_release)[0] as { values: string[]; "//": { valuesDocuments: string[] } };
    expect(release.values).toEqual(['{"replicas":1}', '{"retention":"15d"}']);
    expect(release["//"].valuesDocuments).toEqual(["first", "late"]);
  });
});
