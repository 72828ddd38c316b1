import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { describeRequiredInCi } from "./skipped-block";

/**
 * The cache `npm run tools:build` builds the real programs into (scripts/tools/common.sh
 * names the same folder): `<cache>/<program>-<version>/`.
 */
export const TOOLS_CACHE =
  process.env.OBSERVABILITY_TOOLS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "cdktf-observability-tools");

/** A file inside the cache folder of one program version. */
export function cachedTool(folder: string, ...path: string[]): string {
  return join(TOOLS_CACHE, folder, ...path);
}

/**
 * `describe` when every listed file of the cache exists; otherwise a failing block when
 * `CI=true` (CI builds them first), a skipped block saying what to run elsewhere.
 */
export function describeWithBuiltTools(files: readonly string[], name: string, body: () => void): void {
  const missing = files.filter((file) => !existsSync(file));
  describeRequiredInCi(name, missing.length ? `not built: ${missing.join(", ")} (run npm run tools:build)` : undefined, body);
}
