import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { environments } from "../stacks/environments";
import { readStack, synthToTempDir } from "./helpers/synth";

const ROOT = resolve(__dirname, "..");
const WORKFLOWS = join(ROOT, ".github/workflows");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const workflowFiles = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

const scratch = mkdtempSync(join(tmpdir(), "workflows-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The complaints of `action-validator` (offline: the workflow schema compiled to WASM) about a
 * workflow: schema violations, unknown keys, a `needs` naming no job, YAML errors.
 */
function lint(text: string): string[] {
  const file = join(scratch, "workflow.yml");
  writeFileSync(file, text);
  const result = spawnSync(join(ROOT, "node_modules/.bin/action-validator"), [file], { encoding: "utf8" });
  if (result.status === 0) return [];
  if (result.status !== 1) throw new Error(`action-validator did not run: ${result.error ?? result.stderr}`);
  const { errors } = JSON.parse(result.stderr) as { errors: { path?: string; title: string }[] };
  return errors.map((e) => `${e.path ?? ""}: ${e.title}`);
}

type Step = { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown> };
type Job = { steps: Step[]; env?: Record<string, string>; strategy?: { matrix: Record<string, string[]> }; permissions?: Record<string, string>; environment?: string };
const workflow = (file: string) => parse(read(`.github/workflows/${file}`)) as { on: Record<string, unknown>; env?: Record<string, string>; jobs: Record<string, Job> };

describe("GitHub workflows", () => {
  it("are the CI and plan-review workflows", () => {
    expect(workflowFiles.sort()).toEqual(["ci.yml", "plan-review.yml"]);
  });

  it.each(workflowFiles)("%s lints clean", (file) => {
    expect(lint(read(`.github/workflows/${file}`))).toEqual([]);
  });

  it("a broken workflow fails the lint: a job without runs-on, a misspelt key, a needs naming no job, bad YAML", () => {
    const planReview = read(".github/workflows/plan-review.yml");
    expect(lint(planReview.replace("    runs-on: ubuntu-latest\n    timeout-minutes: 20\n", "    timeout-minutes: 20\n"))).toEqual([expect.stringMatching(/^\/jobs\/review: /)]);
    expect(lint(planReview.replace("timeout-minutes: 20", "timeout-minute: 20"))).toEqual([expect.stringMatching(/^\/jobs\/review: /)]);
    expect(lint(read(".github/workflows/ci.yml").replace("needs: test", "needs: tests"))).toEqual([expect.stringMatching(/^\/jobs\/real-programs\/needs: Unresolved job/)]);
    expect(lint("on: push\njobs:\n  t:\n    runs-on: [\n")).toEqual([expect.stringMatching(/Parse Error/)]);
  });

  it("pin every action to a version", () => {
    const unpinned = workflowFiles.flatMap((file) =>
      Object.values(workflow(file).jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses && !/^[\w.-]+\/[\w.-]+@v\d+(\.\d+)*$/.test(s.uses) ? [`${file}: ${s.uses}`] : []))),
    );
    expect(unpinned).toEqual([]);
  });

  it("hand secrets to commands through the environment only, never on a command line", () => {
    const inline = workflowFiles.flatMap((file) =>
      Object.values(workflow(file).jobs).flatMap((job) => job.steps.filter((s) => /\$\{\{\s*secrets\./.test(`${s.run ?? ""}${JSON.stringify(s.with ?? {})}`)).map((s) => `${file}: ${s.run ?? s.uses}`)),
    );
    expect(inline).toEqual([]);
  });

  it("install the Debian packages .ci/run installs", () => {
    const debs = /^debs=\(([^)]*)\)/m.exec(read(".ci/run"))![1].split(/\s+/).filter(Boolean);
    expect(workflow("ci.yml").env!.DEBIAN_PACKAGES.split(/\s+/).filter(Boolean)).toEqual(debs);
  });
});

describe("plan-review workflow", () => {
  const { on, jobs } = workflow("plan-review.yml");

  it("runs on pull requests only, never with the base repository's rights on a fork's code", () => {
    expect(Object.keys(on)).toEqual(["pull_request"]);
    expect(jobs.review.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("plans every environment whose state is shared, each with its GitHub environment's secrets", () => {
    const remote = environments.filter((env) => env.backend.type !== "local").map((env) => env.name);
    expect(jobs.plan.strategy!.matrix.environment).toEqual(remote);
    expect(jobs.plan.environment).toBe("${{ matrix.environment }}");
  });

  it("gives the plan every sensitive variable the planned stacks declare", () => {
    const outdir = synthToTempDir();
    const declared = jobs.plan.strategy!.matrix.environment.flatMap((env) =>
      [`${env}-platform`, `${env}-grafana`].flatMap((stack) => Object.keys(readStack(outdir, stack).variable ?? {})),
    );
    const given = Object.keys(jobs.plan.env!).filter((name) => name.startsWith("TF_VAR_")).map((name) => name.slice("TF_VAR_".length));
    expect([...new Set(declared)].sort()).toEqual(given.sort());
  });

  it("plans the platform stack before the grafana stack, which reads its state", () => {
    const plan = jobs.plan.steps.find((s) => s.run?.includes("terraform") && s.run.includes(" plan "))!.run!;
    expect(plan).toMatch(/for stack in "\$ENVIRONMENT-platform" "\$ENVIRONMENT-grafana"; do/);
    expect(plan).toContain("show -json tfplan > \"plans/$stack.plan.json\"");
  });
});

describe("the README's CI section", () => {
  const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
  const section = /\n## Reviewing a plan in CI\n([\s\S]*?)\n## /.exec(read("README.md"))![1];
  // `npm test` is short for `npm run test`
  const npmRuns = (text: string) => [...text.matchAll(/npm (?:run ([\w:-]+)|(test)\b)/g)].map((m) => m[1] ?? m[2]);

  it("and the workflows run only npm scripts that exist", () => {
    const used = [...npmRuns(section), ...workflowFiles.flatMap((file) => npmRuns(read(`.github/workflows/${file}`)))];
    expect(used).toEqual(expect.arrayContaining(["synth", "review", "test"]));
    expect([...new Set(used)].filter((name) => !scripts[name])).toEqual([]);
  });

  it("names every secret the plan job reads", () => {
    const secrets = [...read(".github/workflows/plan-review.yml").matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    expect(secrets.filter((name) => !section.includes(`\`${name}\``))).toEqual([]);
  });
});

describe("the sticky review comment", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stickyComment: (args: object) => Promise<void> = require("../.github/scripts/sticky-comment.js");
  const MARKER = "<!-- cdktf-observability-review:staging -->";

  /** A pull request's comments behind the two calls of GitHub's REST API the script makes. */
  function pullRequest(comments: { id: number; user: { type: string }; body: string }[]) {
    const calls: string[] = [];
    const github = {
      paginate: async (_list: unknown, { issue_number }: { issue_number: number }) => (issue_number === 7 ? comments : []),
      rest: {
        issues: {
          listComments: {},
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => void calls.push(`update ${comment_id}: ${body}`),
          createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => void calls.push(`create on ${issue_number}: ${body}`),
        },
      },
    };
    const post = (body: string) => stickyComment({ github, context: { repo: { owner: "o", repo: "r" }, issue: { number: 7 } }, marker: MARKER, body });
    return { calls, post };
  }

  it("updates the bot's comment carrying the marker, and leaves other comments alone", async () => {
    const { calls, post } = pullRequest([
      { id: 1, user: { type: "User" }, body: `${MARKER}\nquoted by a person` },
      { id: 2, user: { type: "Bot" }, body: "<!-- cdktf-observability-review:prod -->\nprod's review" },
      { id: 3, user: { type: "Bot" }, body: `${MARKER}\nthe last review` },
    ]);
    await post("No changes.");
    expect(calls).toEqual([`update 3: ${MARKER}\nNo changes.`]);
  });

  it("creates the comment on the first run", async () => {
    const { calls, post } = pullRequest([{ id: 2, user: { type: "Bot" }, body: "<!-- cdktf-observability-review -->\nthe offline review" }]);
    await post("No changes.");
    expect(calls).toEqual([`create on 7: ${MARKER}\nNo changes.`]);
  });

  it("cuts a review longer than GitHub's comment limit, saying so", async () => {
    const { calls, post } = pullRequest([]);
    await post("x".repeat(70_000));
    const body = calls[0].slice("create on 7: ".length);
    expect(body).toHaveLength(65_536);
    expect(body).toMatch(/cut at GitHub's comment limit: the whole review is in the job summary/);
  });
});
