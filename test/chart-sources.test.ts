import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chartSource, chartSourceFolders, PULLED_CHARTS } from "./helpers/chart-sources";
import { TOOLS_CACHE } from "./helpers/real-programs";
import { sharedPath } from "./helpers/shared-dir";

describe("where the real-chart tests find a pinned chart", () => {
  const saved = process.env.OBSERVABILITY_HELM_CHARTS;
  afterEach(() => {
    if (saved === undefined) delete process.env.OBSERVABILITY_HELM_CHARTS;
    else process.env.OBSERVABILITY_HELM_CHARTS = saved;
  });

  it("looks in $OBSERVABILITY_HELM_CHARTS, then the charts npm run charts:pull fetched, then ../shared/helm-charts", () => {
    process.env.OBSERVABILITY_HELM_CHARTS = "/somewhere";
    expect(chartSourceFolders()).toEqual(["/somewhere", join(TOOLS_CACHE, "charts"), sharedPath("helm-charts")]);
    delete process.env.OBSERVABILITY_HELM_CHARTS;
    expect(chartSourceFolders()).toEqual([PULLED_CHARTS, sharedPath("helm-charts")]);
  });

  it("takes the first folder holding <chart>-<version>/Chart.yaml", () => {
    const folder = mkdtempSync(join(tmpdir(), "charts-"));
    mkdirSync(join(folder, "demo-1.0.0"));
    writeFileSync(join(folder, "demo-1.0.0", "Chart.yaml"), "name: demo\nversion: 1.0.0\n");
    process.env.OBSERVABILITY_HELM_CHARTS = folder;
    expect(chartSource("demo", "1.0.0")).toBe(join(folder, "demo-1.0.0"));
    expect(chartSource("demo", "2.0.0")).toBeUndefined();
  });
});
