import { ChangeSummary, Review, StackReview } from "./review-model";

/** GitHub's limit for one comment. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const SYMBOL = { create: "+", update: "~", replace: "-/+", delete: "-" } as const;

const isUnchanged = (stack: StackReview) => !stack.resources.length;

function summaryText(summary: ChangeSummary): string {
  const parts = [
    summary.add && `${summary.add} to add`,
    summary.change && `${summary.change} to change`,
    summary.replace && `${summary.replace} to replace`,
    summary.destroy && `${summary.destroy} to destroy`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "No changes";
}

/** A fence longer than any run of backticks in the text. */
function fenceFor(lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  return "`".repeat(longest + 1);
}

/** A stack's changes as text lines: one per resource, its key-level changes indented below. */
export function stackLines(stack: StackReview): string[] {
  return stack.resources.flatMap((resource) => [
    `${SYMBOL[resource.action]} ${resource.path} (${resource.type}, ${resource.action}${resource.replacedBy ? ` forced by ${resource.replacedBy.join(", ")}` : ""})`,
    ...resource.lines.map((line) => `    ${line}`),
  ]);
}

function stackSection(stack: StackReview, lines: readonly string[], omitted: number): string {
  const fence = fenceFor(lines);
  const cut = omitted ? `\n**${omitted} more line(s) of ${stack.stack} not shown** (the comment limit); the whole review: \`cdktf-observability review --format json\`.\n` : "";
  const differ = stack.disagreements.length
    ? `\nThe plan and the synthesized diff differ on ${stack.disagreements.length} resource(s) (drift, or a plan of another revision): ${stack.disagreements.slice(0, 5).map((d) => `\`${d}\``).join("; ")}${stack.disagreements.length > 5 ? "; …" : ""}\n`
    : "";
  const note = cut + differ;
  return `<details><summary><b>${stack.stack}</b>: ${summaryText(stack.summary)} (${stack.source === "plan" ? "from the plan" : "from the synthesized diff"})</summary>\n\n${fence}diff\n${lines.join("\n")}\n${fence}\n${note}\n</details>\n`;
}

/**
 * The review as a pull-request comment: a danger banner, one summary table, and per stack
 * a collapsed section of its changes. At most `limit` characters: when the sections do not
 * fit, each stack keeps its share of lines and says how many it leaves out.
 */
export function renderMarkdown(review: Review, limit = GITHUB_COMMENT_LIMIT): string {
  const dangers = review.stacks.flatMap((stack) => stack.dangers);
  const banner = dangers.length ? `> [!CAUTION]\n> **This change loses data or access:**\n${dangers.map((danger) => `> - ${danger}`).join("\n")}\n\n` : "";
  const table =
    "| stack | add | change | replace | destroy |\n| --- | ---: | ---: | ---: | ---: |\n" +
    review.stacks
      .map(({ stack, summary }) => (summaryText(summary) === "No changes" ? `| ${stack} | No changes | | | |` : `| ${stack} | ${summary.add} | ${summary.change} | ${summary.replace} | ${summary.destroy} |`))
      .join("\n") +
    "\n\n";
  const head = `## Plan review\n\n${banner}${table}`;
  const changed = review.stacks.filter((stack) => !isUnchanged(stack) || stack.disagreements.length);
  if (!changed.length) return `${head}No changes.\n`;
  const all = changed.map((stack) => stackLines(stack));
  const full = changed.map((stack, i) => stackSection(stack, all[i], 0)).join("\n");
  if (head.length + full.length <= limit) return head + full;

  // over the limit: share the room left among the stacks, by lines, each saying what it leaves out
  const note = "> [!NOTE]\n> This review is longer than a comment can hold: sections below are cut, each says how many lines it leaves out.\n\n";
  const overhead = changed.reduce((sum, stack) => sum + stackSection(stack, [], 999999).length + 1, head.length + note.length);
  let room = Math.max(0, limit - overhead - 64);
  const sections = changed.map((stack, i) => {
    const share = Math.floor(room / (changed.length - i));
    const kept: string[] = [];
    let used = 0;
    for (const line of all[i]) {
      if (used + line.length + 1 > share) break;
      kept.push(line);
      used += line.length + 1;
    }
    room -= used;
    return stackSection(stack, kept, all[i].length - kept.length);
  });
  return head + note + sections.join("\n");
}
