import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { prepareChart, removeHelmScratch } from "./helpers/helm-template";

/** A chart folder with the given dependencies in Chart.yaml, of which `bundled` sit in charts/. */
function chart(bundled: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), "chart-")), "parent");
  mkdirSync(join(dir, "charts"), { recursive: true });
  const dependencies = [
    { name: "crds", version: "0.0.0", condition: "crds.enabled" },
    { name: "grafana", version: "12.11.1", condition: "grafana.enabled" },
    { name: "minio", alias: "store", version: "5.4.0", condition: "store.enabled" },
  ];
  writeFileSync(join(dir, "Chart.yaml"), stringify({ apiVersion: "v2", name: "parent", version: "1.0.0", dependencies }));
  writeFileSync(join(dir, "values.yaml"), stringify({ crds: { enabled: true }, grafana: { enabled: true }, store: { enabled: false } }));
  for (const name of bundled) {
    mkdirSync(join(dir, "charts", name));
    writeFileSync(join(dir, "charts", name, "Chart.yaml"), stringify({ name, version: "0.0.0" }));
  }
  return dir;
}

describe("a chart made renderable offline", () => {
  afterAll(removeHelmScratch);

  it("is the source itself when every dependency is bundled", () => {
    const source = chart(["crds", "grafana", "minio"]);
    expect(prepareChart(source, {})).toEqual({ dir: source, notRendered: [], turnedOff: {} });
  });

  it("drops absent dependencies from a copy's Chart.yaml; the enabled ones are reported and turned off", () => {
    const source = chart(["crds"]);
    const prepared = prepareChart(source, {});
    expect(prepared.dir).not.toBe(source);
    expect(parse(readFileSync(join(prepared.dir, "Chart.yaml"), "utf8")).dependencies.map((d: { name: string }) => d.name)).toEqual(["crds"]);
    expect(parse(readFileSync(join(source, "Chart.yaml"), "utf8")).dependencies).toHaveLength(3);
    expect(prepared.notRendered).toEqual([{ subchart: "grafana", version: "12.11.1" }]);
    expect(prepared.turnedOff).toEqual({ grafana: { enabled: false } });
  });

  it("judges enabled by the chart's defaults with our values over them", () => {
    const prepared = prepareChart(chart(["crds"]), { grafana: { enabled: false }, store: { enabled: true } });
    expect(prepared.notRendered).toEqual([{ subchart: "store", version: "5.4.0" }]);
    expect(prepared.turnedOff).toEqual({ store: { enabled: false } });
  });
});
