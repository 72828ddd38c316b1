import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { node10Declaration } from "../scripts/build-package";

const ROOT = join(__dirname, "..");

interface Manifest {
  license: string;
  types: string;
  files: string[];
  scripts: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Manifest;

/** What the consumer's own app shares with the constructs: one copy each, or `instanceof` and `node._scopes` break across copies. */
const SHARED_WITH_THE_CONSUMER = [
  "cdktf",
  "constructs",
  "@cdktf/provider-helm",
  "@cdktf/provider-kubernetes",
  "@cdktf/provider-random",
  "@grafana/grafana-foundation-sdk",
];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? tsFiles(path) : entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The packages the built code loads: every non-relative, non-`node:` import of the compiled sources. */
const RUNTIME_PACKAGES = [
  ...new Set(
    ["src", "constructs", ".gen"].flatMap(tsFiles).flatMap((file) =>
      [...readFileSync(join(ROOT, file), "utf8").matchAll(/^(?:import|export)\s[^"']*?from\s+["']([^."'][^"']*)["']/gm)]
        .map((match) => match[1])
        .filter((spec) => !spec.startsWith("node:"))
        .map((spec) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/")),
    ),
  ),
];

/** The source file a built file (`./dist/<path>.js` / `.d.ts`, or its `node10` copy) comes from. */
const sourceOf = (target: string) => target.replace(/^\.\//, "").replace(/^dist\/(node10\/)?/, "").replace(/\.(js|d\.ts)$/, ".ts");

/** Every file a target with one `*` (a folder name) stands for. */
function sources(target: string): string[] {
  const source = sourceOf(target);
  if (!source.includes("*")) return [source];
  const [before, after] = source.split("*");
  return readdirSync(join(ROOT, before), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${before}${entry.name}${after}`);
}

describe("package.json: what a consumer repo installs", () => {
  it("takes cdktf, constructs, the providers and the Grafana SDK from the consumer (peerDependencies with ranges), never a nested copy", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual([...SHARED_WITH_THE_CONSUMER].sort());
    expect(SHARED_WITH_THE_CONSUMER.filter((name) => name in pkg.dependencies)).toEqual([]);
    expect(Object.values(pkg.peerDependencies).filter((range) => !/^[\^~]\d+\.\d+\.\d+$/.test(range))).toEqual([]);
  });

  it("develops against one exact version of each peer, its range's lowest or above", () => {
    for (const name of SHARED_WITH_THE_CONSUMER) {
      const [floor, pinned] = [pkg.peerDependencies[name].slice(1), pkg.devDependencies[name]];
      expect(`${name}@${pinned}`).toMatch(/@\d+\.\d+\.\d+$/);
      expect(pinned.localeCompare(floor, undefined, { numeric: true })).toBeGreaterThanOrEqual(0);
    }
  });

  it("declares every package the built code loads, exact-pinned unless the consumer shares it", () => {
    const declared = { ...pkg.dependencies, ...pkg.peerDependencies };
    expect(RUNTIME_PACKAGES.filter((name) => !(name in declared))).toEqual([]);
    expect(Object.entries(pkg.dependencies).filter(([, version]) => !/^\d+\.\d+\.\d+$/.test(version))).toEqual([]);
  });

  it("builds on install from git (prepare), ships the examples, and carries the Apache-2.0 license text", () => {
    expect(pkg.scripts.prepare).toBe("npm run build");
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "examples"]));
    expect(pkg.license).toBe("Apache-2.0");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);
  });

  it("exports the API, the Grafana provider bindings and the SDK modules, each built from a source file", () => {
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining([".", "./grafana/*", "./grafana-sdk"]));
    const targets = Object.values(pkg.exports).flatMap((target) => (typeof target === "string" ? [] : [target.types, target.default]));
    const missing = targets.flatMap(sources).filter((source) => !existsSync(join(ROOT, source)));
    expect(missing).toEqual([]);
    expect(sources("./dist/.gen/providers/grafana/*/index.js")).toContain(".gen/providers/grafana/provider/index.ts");
  });

  it("gives node10 resolution (cdktf init's default) the same entry points through types and typesVersions", () => {
    const subpaths = Object.keys(pkg.exports).filter((path) => path !== "." && path !== "./package.json");
    const mapped = pkg.typesVersions["*"];
    expect(Object.keys(mapped).map((path) => `./${path}`).sort()).toEqual(subpaths.sort());
    for (const subpath of subpaths) {
      const exported = pkg.exports[subpath] as { types: string };
      expect(mapped[subpath.slice(2)]).toEqual([exported.types.replace(/^\.\/dist\//, "dist/node10/")]);
    }
    expect(pkg.types).toBe((pkg.exports["."] as { types: string }).types.replace(/^\.\/dist\//, "dist/node10/"));
  });

  it("node10 declarations name the Grafana SDK's modules by path, which node10 finds without reading exports", () => {
    const declaration = 'import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";\nexport * as cog from \'@grafana/grafana-foundation-sdk/cog\';\nimport { x } from "./dashboard";\n';
    expect(node10Declaration(declaration)).toBe(
      'import type * as dashboard from "@grafana/grafana-foundation-sdk/dist/dashboard";\nexport * as cog from \'@grafana/grafana-foundation-sdk/dist/cog\';\nimport { x } from "./dashboard";\n',
    );
    const sdk = join(ROOT, "node_modules/@grafana/grafana-foundation-sdk");
    expect(existsSync(join(sdk, "dist/dashboard/index.d.ts"))).toBe(true);
  });
});
