#!/usr/bin/env node
/**
 * Runs the app (`stacks/main.ts`) as one precompiled JavaScript bundle: the command of
 * `npm run synth` and of cdktf.json's `app` (which `cdktf synth`/`diff`/`deploy` spawn).
 * `--entry FILE` runs another entry the same way (`npm run bench` does).
 *
 * The bundle (esbuild: the app's TypeScript and its packages in one file, no type-check;
 * `npm test` does that) is cached in `node_modules/.cache/cdktf-observability-app/<entry>/`, keyed
 * by the content of every source file it was built from, package-lock.json, tsconfig.json
 * and this file; a change to any of them rebuilds it (about a second). V8's code cache of
 * the bundle is kept beside it, so later runs skip most of the parsing and compiling.
 *
 * `node scripts/run-app.js synth` (`npm run synth`) then also removes the stack folders of the
 * output directory that the app no longer writes, as `cdktf synth` does after running the app,
 * so both commands leave the same output.
 *
 * cdktf formats a stack trace for every token it creates (for error messages, read only when
 * one fails); the bundle formats them on first read instead (scripts/lazy-stack-trace.js).
 *
 * Both commands pass `--max-semi-space-size=4`: a smaller young generation keeps the peak
 * memory about 20 MiB lower (116 instead of 138 MiB) at no measurable CPU cost.
 *
 * Stack traces of unexpected errors point into the bundle; `npx tsx stacks/main.ts` runs the
 * TypeScript sources directly for TypeScript positions.
 */
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const entry = args.includes("--entry") ? args[args.indexOf("--entry") + 1] : "stacks/main.ts";
const cacheDir = path.join(root, "node_modules", ".cache", "cdktf-observability-app", entry.replace(/\W+/g, "-"));
const inputsFile = path.join(cacheDir, "inputs.json");
/** Files outside the bundle's own inputs that change what it is. */
const LAZY_STACK_TRACE = path.join(__dirname, "lazy-stack-trace.js");
const BUILD_FILES = [__filename, LAZY_STACK_TRACE, "package-lock.json", "tsconfig.json"].map((file) => path.resolve(root, file));

/** The cache key of a bundle built from `inputs`, or undefined when one of them is gone. */
function keyOf(inputs) {
  const hash = createHash("sha256");
  for (const file of [...BUILD_FILES, ...inputs]) {
    let content;
    try {
      content = fs.readFileSync(path.resolve(root, file));
    } catch {
      return undefined;
    }
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest("hex").slice(0, 20);
}

/** Writes through a temporary file and a rename, so a concurrent run never reads half a file. */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** The cached bundle of the current sources, if there is one. */
function cachedBundle() {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
  } catch {
    return undefined;
  }
  const key = keyOf(inputs);
  const file = key && path.join(cacheDir, `app-${key}.js`);
  return file && fs.existsSync(file) ? file : undefined;
}

/** Bundles scripts/lazy-stack-trace.js in place of cdktf's stack-trace module. */
const lazyStackTraces = {
  name: "lazy-stack-traces",
  setup(build) {
    build.onLoad({ filter: /[\\/]cdktf[\\/]lib[\\/]tokens[\\/]private[\\/]stack-trace\.js$/ }, () => ({
      contents: fs.readFileSync(LAZY_STACK_TRACE, "utf8"),
      loader: "js",
    }));
  },
};

/** Builds the bundle of the current sources into the cache (dropping older ones); its path. */
async function buildBundle() {
  const startedAt = Date.now();
  const result = await require("esbuild").build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    write: false,
    metafile: true,
    logLevel: "error",
    plugins: [lazyStackTraces],
  });
  const sources = Object.keys(result.metafile.inputs).filter((file) => !/(^|\/)node_modules\//.test(file));
  const built = keyOf(sources);
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const old of fs.readdirSync(cacheDir)) if (old.startsWith("app-")) fs.rmSync(path.join(cacheDir, old), { force: true });
  const file = path.join(cacheDir, `app-${built}.js`);
  writeAtomically(file, result.outputFiles[0].contents);
  // A source saved while esbuild ran may hash differently from what it compiled: then no
  // inputs list, so the next run builds again. (The margin covers the file system's coarse clock.)
  const savedDuringBuild = sources.some((source) => fs.statSync(path.resolve(root, source)).mtimeMs > startedAt - 20);
  if (savedDuringBuild) fs.rmSync(inputsFile, { force: true });
  else writeAtomically(inputsFile, JSON.stringify(sources));
  return file;
}

/**
 * Runs a CommonJS file with V8's code cache kept beside it (written after the first run), one
 * per Node version and flags: V8 rejects a cache made under other flags (`cdktf synth` sets
 * NODE_OPTIONS), and two commands would otherwise rewrite each other's.
 */
function runWithCodeCache(file) {
  const flags = createHash("sha256").update(`${process.version} ${process.execArgv.join(" ")} ${process.env.NODE_OPTIONS ?? ""}`);
  const codeCache = file.replace(/\.js$/, `.${flags.digest("hex").slice(0, 8)}.v8`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, "utf8");
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // after the run, so the functions compiled on the way are in the cache too
    process.once("exit", () => writeAtomically(codeCache, script.createCachedData()));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, file, path.dirname(file));
}

/** Removes the stack folders of the output directory that the last synth did not write. */
function removeOrphanedStacks(outdir) {
  const stacks = Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks);
  for (const folder of fs.readdirSync(path.join(outdir, "stacks"))) {
    if (!stacks.includes(folder)) fs.rmSync(path.join(outdir, "stacks", folder), { recursive: true, force: true });
  }
}

/** Runs the bundle; after `synth`, clears what the app no longer writes. */
function run(file) {
  runWithCodeCache(file);
  if (args.includes("synth") && !process.exitCode) removeOrphanedStacks(process.env.CDKTF_OUTDIR || "cdktf.out");
}

const cached = cachedBundle();
if (cached) run(cached);
else buildBundle().then(run);
