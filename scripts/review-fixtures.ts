/**
 * Regenerates test/fixtures/review/<case>/<stack>.plan.json: the Terraform plans of the review
 * test cases (test/helpers/review-cases.ts), made by the real `terraform` with the offline
 * provider stubs of ../shared/tools: the base (dev as shipped) is applied into a state, each
 * case's head is planned against it (`tf-plan.sh`), and the plans of the stacks the case
 * touches are kept, trimmed to what the review reads. Run after a change that alters them
 * (the review tests say when plans and synthesized diff disagree): `npm run review:fixtures`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REVIEW_CASES, REVIEW_TF_VARS, synthesizeBase, synthesizeHead } from "../test/helpers/review-cases";
import { sharedPath } from "../test/helpers/shared-dir";

const FIXTURES = resolve(__dirname, "../test/fixtures/review");
const env = { ...process.env, CHECKPOINT_DISABLE: "1", ...Object.fromEntries(Object.entries(REVIEW_TF_VARS).map(([name, value]) => [`TF_VAR_${name}`, value])) };

function tfPlan(args: string[]): string {
  const run = spawnSync(sharedPath("tools", "tf-plan.sh"), args, { encoding: "utf8", env });
  if (run.status !== 0) throw new Error(`tf-plan.sh ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** A plan with what the review reads: managed resources' actions, and for changed ones their values and masks. */
function trimmed(plan: any): unknown {
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    resource_changes: plan.resource_changes
      .filter((change: any) => change.mode === "managed")
      .map(({ address, mode, type, name, change }: any) => ({
        address,
        mode,
        type,
        name,
        change: change.actions.join() === "no-op" ? { actions: change.actions } : change,
      })),
  };
}

const work = mkdtempSync(join(tmpdir(), "review-fixtures-"));
try {
  synthesizeBase(join(work, "base"));
  process.stdout.write(tfPlan([join(work, "base"), "--apply", "--scratch", join(work, "base-run")]));
  for (const reviewCase of REVIEW_CASES) {
    const head = join(work, reviewCase.name);
    synthesizeHead(reviewCase, head);
    const run = join(work, `${reviewCase.name}-run`);
    const summary = tfPlan([head, "--state", join(work, "base-run", "state"), "--scratch", run]);
    process.stdout.write(`${reviewCase.name}:\n${summary}`);
    const dir = join(FIXTURES, reviewCase.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(run).filter((name) => name.endsWith(".plan.json"))) {
      const stack = file.slice(0, -".plan.json".length);
      const plan = JSON.parse(readFileSync(join(run, file), "utf8"));
      const changes = plan.resource_changes.filter((change: any) => change.mode === "managed" && change.change.actions.join() !== "no-op");
      if (changes.length && !reviewCase.stacks.includes(stack)) throw new Error(`${reviewCase.name}: ${stack} changes too; list it in the case's stacks`);
      // an unchanged case keeps its no-op plans: "No changes" from the plans is tested too
      if (!reviewCase.stacks.length || reviewCase.stacks.includes(stack)) writeFileSync(join(dir, file), `${JSON.stringify(trimmed(plan), null, 1)}\n`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
