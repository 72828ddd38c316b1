import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ReviewInputError } from "./review-input-error";

function git(cwd: string, args: readonly string[]) {
  return spawnSync("git", args, { cwd, encoding: "utf8" });
}

/** The root of the git checkout holding `dir`, if any. */
export function checkoutRoot(dir: string): string | undefined {
  const run = git(dir, ["rev-parse", "--show-toplevel"]);
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** Whether `ref` names a commit in the checkout at `root`. */
export function isGitRef(root: string, ref: string): boolean {
  return !ref.startsWith("-") && git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).status === 0;
}

/**
 * Synthesizes the app as of git `ref` in a temporary worktree of the checkout at `root`, the
 * way `npm run synth` does (`cdktf synth` when the project has no `synth` script), with the
 * checkout's `node_modules` linked in. Calls `use` with the output folder, then removes the worktree.
 */
export function withSynthesizedRef<T>(root: string, ref: string, use: (outdir: string) => T): T {
  const parent = mkdtempSync(join(tmpdir(), "cdktf-observability-review-"));
  const worktree = join(parent, "base");
  const add = git(root, ["worktree", "add", "--detach", worktree, ref]);
  if (add.status !== 0) throw new ReviewInputError(`--base ${ref}: git worktree add failed: ${add.stderr.trim()}`);
  try {
    if (existsSync(join(root, "node_modules"))) symlinkSync(join(root, "node_modules"), join(worktree, "node_modules"), "dir");
    const scripts = JSON.parse(readFileSync(join(worktree, "package.json"), "utf8")).scripts ?? {};
    const [command, args] = scripts.synth ? ["npm", ["run", "--silent", "synth"]] : ["npx", ["--no-install", "cdktf", "synth"]];
    const synth = spawnSync(command, args, { cwd: worktree, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    if (synth.status !== 0) {
      const reason = `${synth.stderr}${synth.stdout}`.trim().split("\n").filter(Boolean).pop() ?? `exit ${synth.status}`;
      throw new ReviewInputError(`--base ${ref}: synthesizing it failed: ${reason}`);
    }
    const cdktfJson = join(worktree, "cdktf.json");
    const output = (existsSync(cdktfJson) && JSON.parse(readFileSync(cdktfJson, "utf8")).output) || "cdktf.out";
    return use(join(worktree, output));
  } finally {
    git(root, ["worktree", "remove", "--force", worktree]);
    rmSync(parent, { recursive: true, force: true });
  }
}
