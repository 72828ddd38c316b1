import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { shippedSynth } from "./helpers/synth";

const ROOT = resolve(__dirname, "..");

/** Every file under `dir`, relative path → content. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

/** Runs a command in `cwd` with CHECKPOINT_DISABLE set, failing with its stderr when it fails. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result;
}

describe("npm run synth (the app run directly, from its cached bundle)", () => {
  const direct = mkdtempSync(join(tmpdir(), "synth-direct-"));
  const cli = mkdtempSync(join(tmpdir(), "synth-cli-"));
  beforeAll(() => {
    // a stack folder the app does not write, as left by a removed environment
    for (const outdir of [direct, cli]) mkdirSync(join(outdir, "stacks", "gone-platform"), { recursive: true });
    run("npm", ["run", "--silent", "synth"], ROOT, { CDKTF_OUTDIR: direct });
    run(join(ROOT, "node_modules/.bin/cdktf"), ["synth", "--output", cli], ROOT);
  });

  it("writes exactly what `cdktf synth` writes (which spawns cdktf.json's app)", () => {
    const app: string = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app;
    expect(app).toMatch(/^node .*scripts\/run-app\.js$/);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.synth).toBe(`${app} synth`);
    expect(filesOf(direct)).toEqual(filesOf(cli));
  });

  it("writes exactly what the TypeScript sources synthesize in-process", () => {
    const sources = filesOf(shippedSynth());
    expect(Object.keys(sources).filter((f) => f.endsWith("cdk.tf.json"))).toHaveLength(6);
    expect(filesOf(direct)).toEqual(sources);
  });

  it("removes stack folders the app no longer writes, as `cdktf synth` does", () => {
    expect(readdirSync(join(direct, "stacks"))).not.toContain("gone-platform");
    expect(readdirSync(join(cli, "stacks"))).not.toContain("gone-platform");
  });
});

describe("the bundle cache of scripts/run-app.js", () => {
  /** A project of one stack whose output names `marker`, with the repo's packages linked in. */
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "run-app-"));
    mkdirSync(join(dir, "scripts"));
    mkdirSync(join(dir, "stacks"));
    mkdirSync(join(dir, "node_modules"));
    for (const script of ["run-app.js", "lazy-stack-trace.js"]) cpSync(join(ROOT, "scripts", script), join(dir, "scripts", script));
    for (const pkg of ["esbuild", "cdktf", "constructs"]) symlinkSync(join(ROOT, "node_modules", pkg), join(dir, "node_modules", pkg));
    writeFileSync(join(dir, "package-lock.json"), "{}");
    writeFileSync(join(dir, "tsconfig.json"), "{}");
    writeFileSync(join(dir, "stacks/marker.ts"), 'export const marker: string = "one";\n');
    writeFileSync(
      join(dir, "stacks/main.ts"),
      [
        'import { App, TerraformOutput, TerraformStack } from "cdktf";',
        'import { marker } from "./marker";',
        "const app = new App();",
        'new TerraformOutput(new TerraformStack(app, "only"), "marker", { value: marker });',
        "app.synth();",
      ].join("\n"),
    );
    return dir;
  }
  const synthesizedMarker = (dir: string, env: Record<string, string> = {}) => {
    run(process.execPath, ["scripts/run-app.js"], dir, env);
    return JSON.parse(readFileSync(join(dir, "cdktf.out/stacks/only/cdk.tf.json"), "utf8")).output.marker.value;
  };
  const bundles = (dir: string) => readdirSync(join(dir, "node_modules/.cache/cdktf-observability-app/stacks-main-ts")).filter((f) => f.endsWith(".js"));

  it("is built on the first run, with V8's code cache beside it, and reused while nothing changes", () => {
    const dir = project();
    expect(synthesizedMarker(dir)).toBe("one");
    const [bundle] = bundles(dir);
    const cache = join(dir, "node_modules/.cache/cdktf-observability-app/stacks-main-ts", bundle);
    const builtAt = statSync(cache).mtimeMs;
    expect(readdirSync(dirname(cache)).filter((f) => f.endsWith(".v8"))).toHaveLength(1);
    expect(synthesizedMarker(dir)).toBe("one");
    expect(bundles(dir)).toEqual([bundle]);
    expect(statSync(cache).mtimeMs).toBe(builtAt);
  });

  it("keeps a code cache per set of Node flags, so `cdktf synth` (which sets NODE_OPTIONS) and `npm run synth` do not overwrite each other's", () => {
    const dir = project();
    synthesizedMarker(dir);
    const cacheDir = join(dir, "node_modules/.cache/cdktf-observability-app/stacks-main-ts");
    const codeCaches = () => readdirSync(cacheDir).filter((f) => f.endsWith(".v8"));
    const [plain] = codeCaches();
    const writtenAt = statSync(join(cacheDir, plain)).mtimeMs;
    expect(synthesizedMarker(dir, { NODE_OPTIONS: "--max-old-space-size=4096" })).toBe("one");
    expect(codeCaches()).toHaveLength(2);
    synthesizedMarker(dir);
    expect(statSync(join(cacheDir, plain)).mtimeMs).toBe(writtenAt);
  });

  it("is rebuilt when a source it was built from changes, and the older bundle dropped", () => {
    const dir = project();
    expect(synthesizedMarker(dir)).toBe("one");
    const [first] = bundles(dir);
    writeFileSync(join(dir, "stacks/marker.ts"), 'export const marker: string = "two";\n');
    expect(synthesizedMarker(dir)).toBe("two");
    expect(bundles(dir)).toHaveLength(1);
    expect(bundles(dir)).not.toEqual([first]);
  });

  it("is not trusted when a source was saved while it was being built: the next run builds again", () => {
    const dir = project();
    const inputs = join(dir, "node_modules/.cache/cdktf-observability-app/stacks-main-ts/inputs.json");
    // a modification time after the build started, as for a file saved during the build
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, "stacks/marker.ts"), later, later);
    expect(synthesizedMarker(dir)).toBe("one");
    expect(existsSync(inputs)).toBe(false);
    const [first] = bundles(dir);
    const firstBuilt = statSync(join(dirname(inputs), first)).mtimeMs;
    utimesSync(join(dir, "stacks/marker.ts"), new Date(0), new Date(0));
    expect(synthesizedMarker(dir)).toBe("one");
    expect(existsSync(inputs)).toBe(true);
    expect(statSync(join(dirname(inputs), bundles(dir)[0])).mtimeMs).toBeGreaterThan(firstBuilt);
  });

  it("is rebuilt when package-lock.json or tsconfig.json changes", () => {
    const dir = project();
    synthesizedMarker(dir);
    const [first] = bundles(dir);
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3}');
    synthesizedMarker(dir);
    const [second] = bundles(dir);
    expect(second).not.toBe(first);
    writeFileSync(join(dir, "tsconfig.json"), '{"compilerOptions":{}}');
    synthesizedMarker(dir);
    expect(bundles(dir)).not.toEqual([second]);
  });

  it("fails on a source that does not compile, naming the file", () => {
    const dir = project();
    writeFileSync(join(dir, "stacks/marker.ts"), "export const marker = ;\n");
    expect(() => synthesizedMarker(dir)).toThrow(/stacks\/marker\.ts/);
  });

  it("formats cdktf's token creation stacks when an error reads them, naming where the token was made", () => {
    const dir = project();
    writeFileSync(
      join(dir, "stacks/main.ts"),
      [
        'import { App, Lazy, TerraformOutput, TerraformStack } from "cdktf";',
        "function plantedTokenCreator() {",
        '  return Lazy.stringValue({ produce: () => { throw new Error("planted failure"); } });',
        "}",
        "const app = new App();",
        'new TerraformOutput(new TerraformStack(app, "only"), "marker", { value: plantedTokenCreator() });',
        "app.synth();",
      ].join("\n"),
    );
    const failed = spawnSync(process.execPath, ["scripts/run-app.js"], { cwd: dir, encoding: "utf8" });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/planted failure\.\s+Object creation stack:\s+at new LazyBase[^\n]*\n(\s+at [^\n]*\n)*?\s+at plantedTokenCreator \(/);
  });
});
