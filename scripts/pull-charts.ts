/**
 * npm run charts:pull: fetches every pinned chart (src/helm/charts.ts) with
 * `helm pull <chart> --repo <repository> --version <version> --untar` into the folder the
 * real-chart tests look in first after $OBSERVABILITY_HELM_CHARTS:
 * `<tools cache>/charts/<chart>-<version>/`. A published chart package carries its
 * dependencies in `charts/`, so every subchart renders. Needs internet; charts already
 * there are kept. Helm: $HELM, else the one `npm run tools:build` built, else `helm` on PATH.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CHARTS } from "../src/helm/charts";
import { PULLED_CHARTS } from "../test/helpers/chart-sources";
import { cachedTool } from "../test/helpers/real-programs";

const built = cachedTool("helm-3.18.4", "bin", "helm");
const helm = process.env.HELM ?? (existsSync(built) ? built : "helm");

const versionIn = (dir: string): string | undefined => (existsSync(join(dir, "Chart.yaml")) ? parse(readFileSync(join(dir, "Chart.yaml"), "utf8")).version : undefined);

mkdirSync(PULLED_CHARTS, { recursive: true });
let failed = 0;
for (const chart of Object.values(CHARTS)) {
  const target = join(PULLED_CHARTS, `${chart.name}-${chart.version}`);
  if (versionIn(target) === chart.version) {
    console.log(`charts:pull: cached ${target}`);
    continue;
  }
  // helm unpacks into <untardir>/<chart>/ (it refuses when <untardir>/<chart>-<version>.tgz exists): a fresh folder beside the target
  const staging = mkdtempSync(join(PULLED_CHARTS, ".pull-"));
  const args = ["pull", chart.name, "--repo", chart.repository, "--version", chart.version, "--untar", "--untardir", staging];
  const result = spawnSync(helm, args, { stdio: "inherit" });
  const unpacked = join(staging, chart.name);
  if (result.status === 0 && versionIn(unpacked) === chart.version) {
    rmSync(target, { recursive: true, force: true });
    renameSync(unpacked, target);
    console.log(`charts:pull: ${chart.name} ${chart.version} -> ${target}`);
  } else {
    console.error(`charts:pull: FAILED ${helm} ${args.join(" ")}${result.error ? ` (${result.error.message})` : ""}`);
    failed++;
  }
  rmSync(staging, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
