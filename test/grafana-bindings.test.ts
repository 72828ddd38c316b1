import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateGrafanaBindings, listFiles, pinnedGrafanaVersion } from "../scripts/grafana-bindings";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";

const COMMITTED = join(__dirname, "..", ".gen", "providers", "grafana");

describeWithShared("committed Grafana provider bindings", () => {
  const fresh = mkdtempSync(join(tmpdir(), "grafana-bindings-"));
  let generated: string;

  beforeAll(async () => {
    await generateGrafanaBindings(sharedPath("provider-schemas", "grafana.json"), fresh);
    generated = join(fresh, "providers", "grafana");
  });

  it("are exactly what the generator produces from the provider schema", () => {
    const files = listFiles(generated);
    expect(listFiles(COMMITTED)).toEqual(files);
    const differing = files.filter((f) => readFileSync(join(generated, f), "utf8") !== readFileSync(join(COMMITTED, f), "utf8"));
    expect(differing).toEqual([]);
  });

  it("cover every resource the schema defines and pin the version cdktf.json names", () => {
    const schema = JSON.parse(readFileSync(sharedPath("provider-schemas", "grafana.json"), "utf8"));
    const resources = Object.keys(schema.provider_schemas["registry.terraform.io/grafana/grafana"].resource_schemas);
    const directories = new Set(listFiles(COMMITTED).map((f) => f.split("/")[0]));
    for (const resource of resources) expect(directories).toContain(resource.replace(/^grafana_/, "").replace(/_/g, "-"));
    expect(readFileSync(join(COMMITTED, "provider", "index.ts"), "utf8")).toContain(`providerVersion: '${pinnedGrafanaVersion()}'`);
  });
});
