import { existsSync } from "node:fs";
import { join } from "node:path";
import { TOOLS_CACHE } from "./real-programs";
import { sharedPath } from "./shared-dir";

/** Where `npm run charts:pull` unpacks the pinned charts: `<folder>/<chart>-<version>/`. */
export const PULLED_CHARTS = join(TOOLS_CACHE, "charts");

/**
 * The folders searched for a pinned chart's source (`<folder>/<chart>-<version>/`), first
 * match wins: `$OBSERVABILITY_HELM_CHARTS` when set, then the charts `npm run charts:pull`
 * fetched, then the reference copies in `../shared/helm-charts`.
 */
export function chartSourceFolders(): string[] {
  const fromEnv = process.env.OBSERVABILITY_HELM_CHARTS;
  return [...(fromEnv ? [fromEnv] : []), PULLED_CHARTS, sharedPath("helm-charts")];
}

/** The source folder of one pinned chart, or undefined when no folder holds it. */
export function chartSource(name: string, version: string): string | undefined {
  return chartSourceFolders()
    .map((folder) => join(folder, `${name}-${version}`))
    .find((dir) => existsSync(join(dir, "Chart.yaml")));
}
