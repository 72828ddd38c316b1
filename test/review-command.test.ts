import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { reviewCommand } from "../src/review/review-command";

const ROOT = resolve(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "review-command-"));

/** Synthesizes a stand-in app: one stack `s` holding one namespace named as `name.txt` says (node_modules must be there). */
const SYNTH_SCRIPT = `
const fs = require("fs");
const name = fs.readFileSync("name.txt", "utf8").trim();
if (!fs.existsSync("node_modules/marker")) throw new Error("node_modules not linked");
fs.mkdirSync("cdktf.out/stacks/s", { recursive: true });
fs.writeFileSync("cdktf.out/manifest.json", JSON.stringify({ stacks: { s: { synthesizedStackPath: "stacks/s/cdk.tf.json", dependencies: [] } } }));
fs.writeFileSync("cdktf.out/stacks/s/cdk.tf.json", JSON.stringify({ resource: { kubernetes_namespace_v1: { ns_1234ABCD: { "//": { metadata: { path: "s/observability/namespace" } }, metadata: { name } } } } }));
`;

/** A project folder with the stand-in app synthesized for `namespace`; returns its `cdktf.out`. */
function synthesizedApp(dir: string, namespace: string): string {
  mkdirSync(join(dir, "node_modules", "marker"), { recursive: true });
  writeFileSync(join(dir, "synth.js"), SYNTH_SCRIPT);
  writeFileSync(join(dir, "name.txt"), namespace);
  execFileSync("node", ["synth.js"], { cwd: dir });
  return join(dir, "cdktf.out");
}

const base = synthesizedApp(join(work, "base"), "monitoring");
const head = synthesizedApp(join(work, "head"), "observability");

/** Runs the command in this process: its exit code, standard output and standard error. */
function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const out = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: reviewCommand(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe("cdktf-observability review", () => {
  it("writes the markdown review to standard output, or JSON to --out", () => {
    const markdown = run("--base", base, "--head", head);
    expect(markdown).toMatchObject({ code: 0, stderr: "" });
    expect(markdown.stdout).toContain("-/+ observability/namespace (kubernetes_namespace_v1, replace forced by metadata.name)\n    metadata.name: monitoring → observability\n");
    const out = join(work, "review.json");
    expect(run(`--base=${base}`, "--head", head, "--format", "json", "--out", out)).toEqual({ code: 0, stdout: "", stderr: "" });
    const review = JSON.parse(readFileSync(out, "utf8"));
    expect(review.stacks[0]).toMatchObject({ stack: "s", summary: { replace: 1 }, resources: [{ path: "observability/namespace", action: "replace" }] });
  });

  it.each([
    [["--head", "HEAD_DIR"], "--base and --head are required"],
    [["--base", "BASE_DIR", "--head", "/nonexistent/head"], "/nonexistent/head: no such directory"],
    [["--base", "BASE_DIR", "--head", "NO_MANIFEST"], "NO_MANIFEST: no manifest.json"],
    [["--base", "BASE_DIR", "--head", "HEAD_DIR", "--format", "html"], "--format html: unknown format (markdown or json)"],
    [["--base", "no-such-ref-or-dir", "--head", "HEAD_DIR"], "--base no-such-ref-or-dir: neither a directory nor a git ref"],
    [["--base", "BASE_DIR", "--head", "HEAD_DIR", "--plans", "PLANS_DIR"], 'PLANS_DIR/other.plan.json: plan of stack "other", which the head app does not have (stacks: s)'],
    [["--base", "BASE_DIR", "--head", "HEAD_DIR", "--colour"], 'unknown argument "--colour"'],
  ])("refuses %j with one line naming what and where, exit code 2, nothing written", (args, message) => {
    const noManifest = join(work, "empty");
    mkdirSync(noManifest, { recursive: true });
    const plans = join(work, "plans");
    mkdirSync(plans, { recursive: true });
    writeFileSync(join(plans, "other.plan.json"), JSON.stringify({ format_version: "1.2", resource_changes: [] }));
    const replace = (text: string) => text.replace("BASE_DIR", base).replace("HEAD_DIR", head).replace("NO_MANIFEST", noManifest).replace("PLANS_DIR", plans);
    const out = join(work, `never-${args.length}-${message.length}.md`);
    const result = run(...args.map(replace), "--out", out);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([expect.stringContaining(`cdktf-observability review: ${replace(message)}`), ""]);
    expect(existsSync(out)).toBe(false);
  });

  it("synthesizes a git ref base in a temporary worktree, with the checkout's node_modules, and removes the worktree", () => {
    const repo = join(work, "repo");
    synthesizedApp(repo, "monitoring");
    writeFileSync(join(repo, "package.json"), JSON.stringify({ name: "app", scripts: { synth: "node synth.js" } }));
    writeFileSync(join(repo, ".gitignore"), "node_modules\ncdktf.out\n");
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "base");
    writeFileSync(join(repo, "name.txt"), "observability");
    execFileSync("node", ["synth.js"], { cwd: repo });
    const result = run("--base", "HEAD", "--head", join(repo, "cdktf.out"));
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("    metadata.name: monitoring → observability\n");
    expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
  });

  it("is the package's bin, at the path `npm run build` compiles its entry to", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    const build = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")).compilerOptions;
    const entry = "src/bin/cdktf-observability.ts";
    expect(pkg.bin["cdktf-observability"]).toBe(join(build.outDir, entry.replace(/\.ts$/, ".js")));
    expect(readFileSync(join(ROOT, entry), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(pkg.scripts.review).toBe(`tsx ${entry} review`);
  });
});
