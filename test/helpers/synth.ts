import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

export const STACK_NAMES = ["dev", "staging", "prod"].flatMap((env) => [`${env}-platform`, `${env}-grafana`]);

/** A synthesized stack: `cdk.tf.json` parsed. */
export type TerraformJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Record<string, unknown>[]>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  variable?: Record<string, { type?: string; sensitive?: boolean; description?: string }>;
  terraform: { backend?: Record<string, Record<string, unknown>>; required_providers?: Record<string, unknown> };
};

/**
 * Synthesizes the given environments (default: the shipped ones) into a fresh directory
 * (default: a new temporary one). The app is loaded on first use, so a suite that only reads
 * `shippedSynth()` never loads it.
 */
export function synthToTempDir(inputs?: readonly unknown[], outdir = mkdtempSync(join(tmpdir(), "cdktf-observability-"))): string {
  const { buildApp } = require("../../stacks/app") as typeof import("../../stacks/app");
  const { environments } = require("../../stacks/environments") as typeof import("../../stacks/environments");
  buildApp(inputs ?? environments, outdir).synth();
  return outdir;
}

const ROOT = resolve(__dirname, "../..");
/** What a synthesis of the shipped environments depends on: the app's sources and the locked packages. */
const SYNTH_INPUTS = ["src", "constructs", "stacks", ".gen", "package-lock.json"];

function hashOfSynthInputs(): string {
  const hash = createHash("sha256");
  const add = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
    } else {
      hash.update(`${relative(ROOT, path)}\0`).update(readFileSync(path)).update("\0");
    }
  };
  for (const input of SYNTH_INPUTS) add(join(ROOT, input));
  return hash.digest("hex").slice(0, 20);
}

/**
 * The shipped environments synthesized once per state of the sources and shared by every
 * suite (and later runs) that only reads them, in `node_modules/.cache/cdktf-observability-test/`
 * keyed by the hash of the sources and package-lock.json. Never write into it; a test that
 * needs a synthesis of its own (other inputs, or a fresh one to compare) uses `synthToTempDir`.
 */
export function shippedSynth(): string {
  const cache = join(ROOT, "node_modules", ".cache", "cdktf-observability-test");
  const dir = join(cache, hashOfSynthInputs());
  if (existsSync(join(dir, "manifest.json"))) return dir;
  mkdirSync(cache, { recursive: true });
  const fresh = synthToTempDir(undefined, mkdtempSync(join(cache, "synth-")));
  try {
    renameSync(fresh, dir);
    for (const old of readdirSync(cache)) if (join(cache, old) !== dir && !old.startsWith("synth-")) rmSync(join(cache, old), { recursive: true, force: true });
  } catch (error) {
    // another suite stored the same synthesis first
    if (!existsSync(join(dir, "manifest.json"))) throw error;
    rmSync(fresh, { recursive: true, force: true });
  }
  return dir;
}

export function readStack(outdir: string, stack: string): TerraformJson {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

/** Every resource of a type in a stack, keyed by logical id. */
export function resourcesOf(stack: TerraformJson, type: string): Record<string, any> {
  return stack.resource?.[type] ?? {};
}

/** The only resource of a type in a stack whose metadata path ends with `pathSuffix`. */
export function resourceAt(stack: TerraformJson, type: string, pathSuffix: string): any {
  const matches = Object.values(resourcesOf(stack, type)).filter((r: any) => r["//"]?.metadata?.path.endsWith(pathSuffix));
  if (matches.length !== 1) throw new Error(`expected one ${type} at …${pathSuffix}, found ${matches.length}`);
  return matches[0];
}
