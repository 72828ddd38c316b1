import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runApp } from "../stacks/app";
import { dev } from "../stacks/environments/dev";

const ROOT = resolve(__dirname, "..");

/** Runs the app entry (`runApp`) in a child process, as `cdktf synth` does, with the given environments. */
function runWith(environmentsSource: string) {
  const dir = mkdtempSync(join(tmpdir(), "cdktf-observability-cli-"));
  const script = join(dir, "main.ts");
  writeFileSync(
    script,
    `import { runApp } from ${JSON.stringify(join(ROOT, "stacks/app"))};\n` +
      `import { environments } from ${JSON.stringify(join(ROOT, "stacks/environments"))};\n` +
      `const [dev, staging, prod] = environments;\nrunApp(${environmentsSource});\n`,
  );
  const result = spawnSync(join(ROOT, "node_modules/.bin/tsx"), [script], {
    cwd: dir,
    env: { ...process.env, CDKTF_OUTDIR: join(dir, "cdktf.out") },
    encoding: "utf8",
  });
  return { ...result, outdir: join(dir, "cdktf.out") };
}

/**
 * Runs the app entry in this process, as the child above does: what it prints on stderr, the
 * exit code it sets, and its output directory.
 */
function runInProcess(environmentInputs: readonly unknown[]) {
  const outdir = join(mkdtempSync(join(tmpdir(), "cdktf-observability-cli-")), "cdktf.out");
  const printed: string[] = [];
  const { CDKTF_OUTDIR } = process.env;
  const error = jest.spyOn(console, "error").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
  process.env.CDKTF_OUTDIR = outdir;
  try {
    runApp(environmentInputs);
    return { status: process.exitCode ?? 0, stderr: printed.map((line) => `${line}\n`).join(""), outdir };
  } finally {
    process.exitCode = undefined;
    error.mockRestore();
    if (CDKTF_OUTDIR === undefined) delete process.env.CDKTF_OUTDIR;
    else process.env.CDKTF_OUTDIR = CDKTF_OUTDIR;
  }
}

describe("the app entry", () => {
  it("synthesizes valid environments", () => {
    const run = runWith("[dev]");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(existsSync(join(run.outdir, "stacks", "dev-platform", "cdk.tf.json"))).toBe(true);
  });

  it("fails an invalid environment with one line naming it and the field, writing nothing", () => {
    const run = runWith(`[dev, staging, { ...prod, grafana: { url: "not a url" } }]`);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual(['Invalid configuration: environment "prod": grafana.url: must be an http(s) URL (only the characters RFC 3986 allows)']);
    expect(existsSync(run.outdir)).toBe(false);
  });

  it("fails a literal Slack webhook in the alerting configuration, naming the environment, the contact point and the field", () => {
    const literal = "https://hooks.slack.com/services/T000/B000/planted-literal";
    const alerting = dev.alerting!;
    const run = runInProcess([{ ...dev, alerting: { ...alerting, contactPoints: alerting.contactPoints.map((cp) => (cp.type === "slack" ? { ...cp, webhookUrl: literal } : cp)) } }]);
    expect(run.status).not.toBe(0);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: environment "dev": contact point "team-slack": webhookUrl: a literal secret is not allowed/);
    expect(existsSync(run.outdir)).toBe(false);
  });

  it("fails a route to an undefined contact point", () => {
    const run = runInProcess([{ ...dev, alerting: { ...dev.alerting, policy: { contactPoint: "nobody" } } }]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/^Invalid configuration: environment "dev": .*nobody/);
  });

  it("reports a construct's error with the environment and the construct path, writing no stack", () => {
    // any duration passes the environment schema; Loki's construct wants at least its daily index period
    const run = runInProcess([{ ...dev, retention: { ...dev.retention, logs: "1h" } }]);
    expect(run.status).not.toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^Invalid configuration: environment "dev": dev-platform\/observability\/loki: retention: must be at least the index period/),
    ]);
    // cdktf's App creates the (empty) output folders when it is constructed; no file is written
    const written = readdirSync(run.outdir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(written).toEqual([]);
  });
});
