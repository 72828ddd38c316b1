import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../../stacks/app";
import { environments } from "../../stacks/environments";

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

/** Synthesizes the given environments (default: the shipped ones) into a fresh temporary directory. */
export function synthToTempDir(inputs: readonly unknown[] = environments): string {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-observability-"));
  buildApp(inputs, outdir).synth();
  return outdir;
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
