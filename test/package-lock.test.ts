import { readFileSync } from "node:fs";
import { resolve } from "node:path";

interface LockedPackage {
  readonly version?: string;
  readonly optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(resolve(__dirname, "../package-lock.json"), "utf8")) as {
  packages: Record<string, LockedPackage>;
};
const pkg = JSON.parse(readFileSync(resolve(__dirname, "../package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Where npm would look for `name` when `from` requires it: its own node_modules, then each parent's. */
function resolvesFrom(from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf("/node_modules/");
    dir = parent < 0 ? "" : dir.slice(0, parent);
  }
}

describe("package-lock.json is complete, so `npm ci` installs on any platform", () => {
  it("locks every direct dependency at the version package.json pins", () => {
    const unlocked = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })
      .filter(([name, version]) => lock.packages[`node_modules/${name}`]?.version !== version)
      .map(([name, version]) => `${name}@${version}`);
    expect(unlocked).toEqual([]);
  });

  it("locks every optional dependency, including other platforms' native binaries", () => {
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolvesFrom(path, name))
        .map((name) => `${name} (optional dependency of ${path || "the root"})`),
    );
    expect(missing).toEqual([]);
  });
});
