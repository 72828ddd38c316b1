import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { renderMarkdown } from "../src/review/render-markdown";
import { reviewApps } from "../src/review/review-app";
import { Review, StackReview } from "../src/review/review-model";
import { loadSynthesizedApp, SynthesizedApp } from "../src/review/synthesized-app";
import { readPlans } from "../src/review/terraform-plan";
import { INSERTED_PANEL_TITLE, PANEL_DASHBOARD_PATH, PLANTED_SECRET, REVIEW_CASES, ReviewCase, synthesizeBase, synthesizeHead } from "./helpers/review-cases";

const FIXTURES = resolve(__dirname, "fixtures/review");
const work = mkdtempSync(join(tmpdir(), "review-test-"));

let base: SynthesizedApp;
const heads = new Map<string, SynthesizedApp>();

beforeAll(() => {
  synthesizeBase(join(work, "base"));
  base = loadSynthesizedApp(join(work, "base"));
  for (const reviewCase of REVIEW_CASES) {
    synthesizeHead(reviewCase, join(work, reviewCase.name), join(work, "base"));
    heads.set(reviewCase.name, loadSynthesizedApp(join(work, reviewCase.name)));
  }
});

const caseNamed = (name: string): ReviewCase => REVIEW_CASES.find((c) => c.name === name)!;

/** The review of a case from its Terraform plans (`withPlans`) or from the synthesized diff alone. */
function reviewOf(name: string, withPlans: boolean): Review {
  const head = heads.get(name)!;
  return reviewApps(base, head, withPlans ? readPlans(join(FIXTURES, name), [...head.stacks.keys()]) : undefined);
}

const stackOf = (review: Review, stack: string): StackReview => review.stacks.find((s) => s.stack === stack)!;
const resourceAt = (review: Review, stack: string, path: string) => stackOf(review, stack).resources.find((r) => r.path === path);
/** Every stack's resources as `path: action`. */
const verdicts = (review: Review) => review.stacks.map((s) => ({ stack: s.stack, summary: s.summary, resources: s.resources.map((r) => `${r.path}: ${r.action}`) }));

describe.each([true, false])("the review of the fixture cases (from plans: %s)", (withPlans) => {
  it("says No changes for an unchanged environment", () => {
    const review = reviewOf("unchanged", withPlans);
    expect(review.stacks.map((s) => s.stack)).toEqual(["dev-platform", "dev-grafana"]);
    expect(review.stacks.every((s) => s.resources.length === 0 && s.dangers.length === 0)).toBe(true);
    const markdown = renderMarkdown(review);
    expect(markdown).toContain("| dev-platform | No changes |");
    expect(markdown).toContain("\nNo changes.\n");
  });

  it("shows a longer log retention as one line naming the key path, and no danger", () => {
    const review = reviewOf("logs-retention", withPlans);
    expect(stackOf(review, "dev-platform").summary).toEqual({ add: 0, change: 1, replace: 0, destroy: 0 });
    expect(resourceAt(review, "dev-platform", "observability/loki/chart/release")).toMatchObject({
      action: "update",
      lines: ["[loki: retention] loki.limits_config.retention_period: 7d → 14d"],
    });
    expect(stackOf(review, "dev-platform").dangers).toEqual([]);
    expect(renderMarkdown(review)).toContain("    [loki: retention] loki.limits_config.retention_period: 7d → 14d\n");
  });

  it("shows an alert threshold change as the rule's threshold, by rule name", () => {
    const review = reviewOf("alert-threshold", withPlans);
    expect(resourceAt(review, "dev-platform", "observability/prometheus/release/release")).toMatchObject({
      action: "update",
      lines: ['[rules] rule ServiceErrorRateHigh{severity="warning"} threshold: > 0.01 → > 0.02'],
    });
  });

  it("shows a panel inserted in the middle of a dashboard as one added panel", () => {
    const review = reviewOf("dashboard-panel", withPlans);
    expect(stackOf(review, "dev-platform").resources).toEqual([]);
    expect(stackOf(review, "dev-grafana").resources).toEqual([expect.objectContaining({ path: PANEL_DASHBOARD_PATH, action: "update", lines: [`+ panel '${INSERTED_PANEL_TITLE}'`] })]);
  });

  it("shows a new contact point and its route, never the credential planted in it", () => {
    const review = reviewOf("contact-point-secret", withPlans);
    expect(resourceAt(review, "dev-grafana", "workspace/alerting/contact-point-ops-webhook")).toMatchObject({ action: "create" });
    expect(resourceAt(review, "dev-grafana", "workspace/alerting/notification-policy")?.lines).toEqual(['policy[team="ops"]: + {"contact_point":"ops-webhook"}']);
    expect(resourceAt(review, "dev-platform", "observability/alerting-credentials")?.lines).toEqual(["data.ops_webhook_url: + (sensitive)"]);
    expect(resourceAt(review, "dev-platform", "observability/prometheus/release/release")?.lines).toContain(
      '[alertmanager] alertmanager.config.route.routes[1]: + {"matchers":["team=\\"ops\\""],"receiver":"ops-webhook"}',
    );
    for (const output of [renderMarkdown(review), JSON.stringify(review)]) {
      expect(output).not.toContain(PLANTED_SECRET);
      expect(output).not.toContain("PLANTED-REVIEW-SECRET");
    }
  });

  it("replaces everything in a renamed namespace, under a danger banner", () => {
    const review = reviewOf("namespace-rename", withPlans);
    const platform = stackOf(review, "dev-platform");
    expect(platform.summary).toEqual({ add: 0, change: 0, replace: 13, destroy: 0 });
    expect(resourceAt(review, "dev-platform", "observability/namespace/namespace")).toMatchObject({ action: "replace", lines: ["metadata.name: monitoring → observability"] });
    expect(resourceAt(review, "dev-platform", "observability/loki/chart/release")?.lines[0]).toBe("namespace: monitoring → observability");
    expect(platform.dangers).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^dev-platform `observability\/namespace\/namespace`: namespace monitoring is replaced .*everything in it is deleted/),
        expect.stringMatching(/^dev-platform `observability\/loki\/chart\/release`: Helm release loki \(loki\) is replaced/),
        expect.stringMatching(/^dev-platform `observability\/prometheus\/release\/release`: Helm release kube-prometheus-stack .* is replaced/),
        expect.stringMatching(/^dev-platform `observability\/jaeger\/chart\/release`: Helm release jaeger \(jaeger\) is replaced/),
      ]),
    );
    expect(stackOf(review, "dev-grafana").summary).toEqual({ add: 0, change: 4, replace: 0, destroy: 0 });
    const markdown = renderMarkdown(review);
    expect(markdown).toMatch(/^## Plan review\n\n> \[!CAUTION\]\n> \*\*This change loses data or access:\*\*\n> - dev-platform `observability\/namespace\/namespace`/m);
  });

  it("says a kube-prometheus-stack version bump needs its CRDs upgraded", () => {
    const review = reviewOf("chart-version-bump", withPlans);
    expect(resourceAt(review, "dev-platform", "observability/prometheus/release/release")).toMatchObject({ action: "update", lines: ["version: 88.5.3 → 88.6.0"] });
    expect(stackOf(review, "dev-platform").dangers).toEqual([expect.stringMatching(/chart version 88\.5\.3 → 88\.6\.0: the prometheus-operator CRDs change with it and Helm never upgrades CRDs/)]);
  });
});

describe("plans and synthesized diff", () => {
  it.each(REVIEW_CASES.map((c) => c.name))("agree on every resource's action and every key-level line: %s (else run `npm run review:fixtures`)", (name) => {
    const [planned, synthesized] = [reviewOf(name, true), reviewOf(name, false)];
    expect(verdicts(planned)).toEqual(verdicts(synthesized));
    expect(planned.stacks.map((s) => s.resources.map((r) => r.lines))).toEqual(synthesized.stacks.map((s) => s.resources.map((r) => r.lines)));
    expect(planned.stacks.every((s) => s.source === "plan" || !caseNamed(name).stacks.includes(s.stack))).toBe(true);
    expect(planned.stacks.flatMap((s) => s.disagreements)).toEqual([]);
  });

  it("says where a plan of another revision differs from the synthesized diff", () => {
    const head = heads.get("alert-threshold")!;
    const review = reviewApps(base, head, readPlans(join(FIXTURES, "logs-retention"), [...head.stacks.keys()]));
    expect(stackOf(review, "dev-platform").disagreements).toEqual([
      "observability/loki/chart/release: plan update, synthesized no change",
      "observability/prometheus/release/release: plan no change, synthesized update",
    ]);
    expect(renderMarkdown(review)).toContain(
      "The plan and the synthesized diff differ on 2 resource(s) (drift, or a plan of another revision): `observability/loki/chart/release: plan update, synthesized no change`; `observability/prometheus/release/release: plan no change, synthesized update`",
    );
  });
});
