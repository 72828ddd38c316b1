import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { describeRequiredInCi } from "./skipped-block";

/**
 * Real Prometheus tooling (Debian packages `prometheus` and `prometheus-alertmanager`:
 * promtool, amtool, prometheus, prometheus-alertmanager). CI installs them, so there a
 * missing tool fails the run; elsewhere the tests that need it are skipped, saying so.
 */
export function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/bin", "/usr/local/bin"];
  for (const dir of dirs.filter(Boolean)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** `describe` when every tool is installed; otherwise a failing block in CI, a skipped one elsewhere. */
export function describeWithTools(tools: readonly string[], name: string, body: () => void): void {
  const missing = tools.filter((tool) => !findTool(tool));
  const notice = missing.length ? `${missing.join(", ")} not installed (apt-get install -y prometheus prometheus-alertmanager)` : undefined;
  describeRequiredInCi(name, notice, body);
}

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for failure messages. */
  readonly output: string;
}

/** Runs an installed tool to completion. */
export function runTool(tool: string, args: readonly string[], options: { cwd?: string } = {}): ToolResult {
  const path = findTool(tool);
  if (!path) throw new Error(`${tool} is not installed`);
  const result = spawnSync(path, args, { cwd: options.cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
}

/** `major.minor.patch` of a tool from its `--version` output. */
export function toolVersion(tool: string): string {
  const { output } = runTool(tool, ["--version"]);
  const match = /version (\d+\.\d+\.\d+)/.exec(output);
  if (!match) throw new Error(`cannot read the version of ${tool} from: ${output}`);
  return match[1];
}
