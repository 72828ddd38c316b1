import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { renderMarkdown } from "./render-markdown";
import { reviewApps } from "./review-app";
import { ReviewInputError } from "./review-input-error";
import { Review } from "./review-model";
import { loadSynthesizedApp } from "./synthesized-app";
import { checkoutRoot, isGitRef, withSynthesizedRef } from "./synthesize-git-ref";
import { readPlans } from "./terraform-plan";

/** The options of `cdktf-observability review`. */
export interface ReviewOptions {
  /** The synthesized app before the change: a folder, or a git ref synthesized in a temporary worktree. */
  readonly base: string;
  /** The synthesized app after the change (a folder). */
  readonly head: string;
  /** A folder of `<stack>.plan.json` (`terraform show -json`). @default none: actions from the synthesized diff */
  readonly plans?: string;
  /** @default "markdown" */
  readonly format: "markdown" | "json";
  /** Where to write the review. @default standard output */
  readonly out?: string;
}

export const REVIEW_USAGE = "usage: cdktf-observability review --base DIR|GITREF --head DIR [--plans DIR] [--format markdown|json] [--out FILE]";

/** Parses `review`'s arguments (`--flag value` or `--flag=value`). */
export function parseReviewArgs(args: readonly string[]): ReviewOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (!["--base", "--head", "--plans", "--format", "--out"].includes(flag)) throw new ReviewInputError(`unknown argument "${args[i]}" (${REVIEW_USAGE})`);
    const value = inline ?? args[++i];
    if (value === undefined || value === "") throw new ReviewInputError(`${flag} needs a value (${REVIEW_USAGE})`);
    values[flag.slice(2)] = value;
  }
  if (!values.base || !values.head) throw new ReviewInputError(`--base and --head are required (${REVIEW_USAGE})`);
  const format = values.format ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new ReviewInputError(`--format ${format}: unknown format (markdown or json)`);
  return { base: values.base, head: values.head, plans: values.plans, format, out: values.out };
}

/** The review of the options' base and head, rendered. */
export function runReview(options: ReviewOptions): string {
  const head = loadSynthesizedApp(options.head);
  const plans = options.plans ? readPlans(options.plans, [...head.stacks.keys()]) : undefined;
  const review = (baseDir: string): Review => reviewApps(loadSynthesizedApp(baseDir), head, plans);
  let result: Review;
  if (existsSync(options.base)) result = review(options.base);
  else {
    // the head's checkout (its node_modules are reused), else the one the command runs in
    const root = checkoutRoot(head.dir) ?? checkoutRoot(process.cwd());
    if (!root || !isGitRef(root, options.base)) throw new ReviewInputError(`--base ${options.base}: neither a directory nor a git ref of ${root ?? "a git checkout here"}`);
    result = withSynthesizedRef(root, options.base, review);
  }
  return options.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : renderMarkdown(result);
}

/**
 * `cdktf-observability review …`: writes the review to `--out` or standard output; bad input
 * is one line on standard error, exit code 2, and nothing written.
 */
export function reviewCommand(args: readonly string[]): number {
  try {
    const options = parseReviewArgs(args);
    if (options.out && !existsSync(dirname(resolve(options.out)))) throw new ReviewInputError(`--out ${options.out}: its folder does not exist`);
    const text = runReview(options);
    if (options.out) writeFileSync(options.out, text);
    else process.stdout.write(text);
    return 0;
  } catch (error) {
    if (!(error instanceof ReviewInputError)) throw error;
    process.stderr.write(`cdktf-observability review: ${error.message}\n`);
    return 2;
  }
}
