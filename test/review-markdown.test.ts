import { GITHUB_COMMENT_LIMIT, renderMarkdown, stackLines } from "../src/review/render-markdown";
import { Review, StackReview } from "../src/review/review-model";

/** A stack with `count` updated resources of `linesEach` key-level lines each. */
function hugeStack(stack: string, count: number, linesEach: number): StackReview {
  return {
    stack,
    source: "synthesized",
    summary: { add: 0, change: count, replace: 0, destroy: 0 },
    dangers: [],
    disagreements: [],
    resources: Array.from({ length: count }, (_, i) => ({
      path: `observability/thing-${i}`,
      type: "helm_release",
      address: `helm_release.thing_${i}`,
      action: "update" as const,
      lines: Array.from({ length: linesEach }, (_, j) => `[values] key${j}: ${"x".repeat(40)} → ${"y".repeat(40)}`),
    })),
  };
}

describe("the markdown review", () => {
  it("keeps a huge review under GitHub's comment limit and says, per stack, how much it leaves out", () => {
    const review: Review = { stacks: [hugeStack("dev-platform", 400, 20), hugeStack("dev-grafana", 10, 2)] };
    const markdown = renderMarkdown(review);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("This review is longer than a comment can hold");
    const total = stackLines(review.stacks[0]).length;
    const [, omitted] = /\*\*(\d+) more line\(s\) of dev-platform not shown\*\*/.exec(markdown) ?? [];
    const shown = markdown.split("\n").filter((line) => line.startsWith("~ observability/thing-") || line.startsWith("    [values]")).length;
    // what is shown and what is said to be left out add up to the whole of both stacks
    expect(Number(omitted) + shown).toBe(total + stackLines(review.stacks[1]).length);
    // the small stack still fits whole
    expect(markdown).not.toContain("of dev-grafana not shown");
    expect(markdown).toContain("<details><summary><b>dev-grafana</b>: 10 to change");
  });

  it("puts each changed stack in a collapsed section and an unchanged one in the table as No changes", () => {
    const unchanged: StackReview = { stack: "dev-grafana", source: "plan", summary: { add: 0, change: 0, replace: 0, destroy: 0 }, dangers: [], disagreements: [], resources: [] };
    const markdown = renderMarkdown({ stacks: [hugeStack("dev-platform", 1, 1), unchanged] });
    expect(markdown).toContain("| dev-grafana | No changes | | | |");
    expect(markdown).toContain("| dev-platform | 0 | 1 | 0 | 0 |");
    expect(markdown).toContain("<details><summary><b>dev-platform</b>: 1 to change (from the synthesized diff)</summary>");
    expect(markdown).not.toContain("<b>dev-grafana</b>");
    expect(markdown).not.toContain("longer than a comment");
  });

  it("fences text holding backticks with a longer fence", () => {
    const stack = hugeStack("s", 1, 0);
    const withTicks: StackReview = { ...stack, resources: [{ ...stack.resources[0], lines: ["text: ``` → ````"] }] };
    expect(renderMarkdown({ stacks: [withTicks] })).toContain("`````diff\n");
  });
});
