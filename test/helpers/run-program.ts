import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How a real program ended: its exit status and what it wrote to stdout and stderr. */
export interface ProgramRun {
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs a real program to completion (60 s at most) in a clean environment: only PATH and HOME
 * of ours, plus `env`, so a result never depends on the caller's shell.
 */
export function runProgram(program: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): ProgramRun {
  const run = spawnSync(program, args, { encoding: "utf8", timeout: 60_000, env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env } });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Writes `text` to a new file named `name` in a fresh temporary folder; returns its path. */
export function writeTempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "real-program-")), name);
  writeFileSync(path, text);
  return path;
}
