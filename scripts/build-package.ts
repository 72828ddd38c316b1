/**
 * `npm run build` (also `prepare`, so an install from git is built): compiles the package
 * into a fresh `dist/`, then writes `dist/node10/`, its declaration files as TypeScript's
 * `node10` module resolution (the default of a `cdktf init` project) can follow them.
 *
 * `@grafana/grafana-foundation-sdk` declares its modules only in `exports`
 * (`@grafana/grafana-foundation-sdk/dashboard` → `dist/dashboard`), which `node10` does not
 * read: there the declarations name the SDK's files by path instead. `package.json` points
 * `types` and `typesVersions` (read by `node10` only) at this copy, and the `types` of
 * `exports` (read by `node16`/`bundler`) at the original.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const DIST = "dist";
const NODE10 = join(DIST, "node10");

/** A declaration file as `node10` resolves it: SDK modules by their path inside the SDK package. */
export function node10Declaration(text: string): string {
  return text.replace(/(["'])@grafana\/grafana-foundation-sdk\/([\w-]+)\1/g, "$1@grafana/grafana-foundation-sdk/dist/$2$1");
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? declarationFiles(path) : entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

if (require.main === module) {
  rmSync(DIST, { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { stdio: "inherit" });
  for (const file of declarationFiles(DIST)) {
    const target = join(NODE10, relative(DIST, file));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, node10Declaration(readFileSync(file, "utf8")));
  }
}
