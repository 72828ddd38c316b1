import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { AlertRuleInput } from "../../src/alerting/alert-rule";
import { catalogRules, catalogSchema } from "../../src/alerting/catalog";
import { alertExpression } from "../../src/alerting/prometheus-rules";
import { serviceSeriesSelector } from "../../src/dashboards/service-red";
import { errorRatio, latencyQuantile, RED_PROFILES, type RedProfile, type RedProfileName, requestRate } from "../../src/metrics/red-profiles";
import { runTool, type ToolResult } from "./tools";

/** The series of an exposition as promtool input: every sample a counter growing by its value each minute, under the scrape's `job`. */
export function scrapedSeries(exposition: string, job: string): Array<{ series: string; values: string }> {
  return exposition
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not an exposition sample: ${line}`);
      const [, name, labels, value] = match;
      return { series: `${name}{${[labels, `job="${job}"`].filter(Boolean).join(",")}}`, values: `0+${value}x20` };
    });
}

/**
 * Runs promtool `test rules` in `dir`, expecting `query` (grouped by `job`) to return `job`
 * after ten minutes of the exposition's series scraped under it (or, with `found` false, to
 * return nothing).
 */
export function promtoolFindsJob(dir: string, exposition: string, job: string, query: string, found = true): ToolResult {
  const file = join(dir, "test.yml");
  writeFileSync(
    file,
    stringify({
      rule_files: [],
      tests: [
        {
          interval: "1m",
          input_series: scrapedSeries(exposition, job),
          promql_expr_test: [{ expr: `group by (job) (${query})`, eval_time: "10m", exp_samples: found ? [{ labels: `{job="${job}"}`, value: 1 }] : [] }],
        },
      ],
    }),
  );
  return runTool("promtool", ["test", "rules", file], { cwd: dir });
}

/** The queries a RED dashboard asks of one scraped service: its `$service` variable, rate, error ratio and p95. */
export function dashboardQueriesOf(profile: RedProfile, job: string): Record<string, string> {
  const filter = `job=~"${job}"`;
  return {
    "service variable": serviceSeriesSelector([profile]),
    "request rate": requestRate(profile, filter),
    "error ratio": errorRatio(profile, filter),
    "p95 latency": latencyQuantile(profile, 0.95, filter),
  };
}

/** A catalog RED alert of one severity: what its query measures and the whole alert expression (query compared with the threshold). */
export interface RedAlert {
  readonly query: string;
  readonly expression: string;
}

/**
 * The catalog's RED alerts (`ServiceErrorRateHigh`, `ServiceLatencyHigh`) for an environment
 * whose catalog lists only `profile`, with the default thresholds, keyed `<alert> <severity>`.
 */
export function redAlertsOf(profile: RedProfileName): Record<string, RedAlert> {
  const rules: AlertRuleInput[] = catalogRules(catalogSchema.parse({ profiles: [profile], runbookBaseUrl: "https://runbooks.example.com" }));
  const red = rules.filter((rule) => rule.name === "ServiceErrorRateHigh" || rule.name === "ServiceLatencyHigh");
  return Object.fromEntries(
    red.map((rule) => [`${rule.name} ${rule.severity}`, { query: rule.query, expression: alertExpression({ query: rule.query, comparison: rule.comparison ?? ">", threshold: rule.threshold }) }]),
  );
}

/**
 * The tests every RED profile passes on its library's real exposition, scraped under `job`
 * (the exposition holds fast requests, some of them answered 500, at least 1 in 20): the
 * histogram has the largest bucket bound the profile states, the dashboard's queries and the
 * catalog's RED alert queries find the app, `ServiceErrorRateHigh`
 * fires at every severity and `ServiceLatencyHigh` stays silent.
 */
export function itFindsTheAppOnItsExposition(profile: RedProfileName, job: string, exposition: () => string): void {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "scraped-exposition-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const expectPromtool = (query: string, found: boolean) => {
    const result = promtoolFindsJob(dir, exposition(), job, query, found);
    expect({ query, status: result.status, output: result.output }).toEqual({ query, status: 0, output: expect.stringContaining("SUCCESS") });
  };

  it("gives the duration histogram's largest finite bucket bound the profile states", () => {
    const { durationBucket, largestFiniteBucketSeconds } = RED_PROFILES[profile] as RedProfile;
    const bounds = [...exposition().matchAll(new RegExp(`^${durationBucket}\\{(?:.*,)?le="(?<le>[^"]+)"`, "gm"))].map((m) => Number(m.groups!.le));
    expect(bounds.length).toBeGreaterThan(0);
    expect(Math.max(...bounds.filter(Number.isFinite))).toBe(largestFiniteBucketSeconds);
  });

  it.each(Object.entries(dashboardQueriesOf(RED_PROFILES[profile], job)))("the dashboard finds the app's %s", (_name, query) => expectPromtool(query, true));

  const alerts = Object.entries(redAlertsOf(profile));
  it("the catalog has an error-rate and a latency alert for the profile", () => {
    expect(alerts.map(([name]) => name.split(" ")[0])).toEqual(expect.arrayContaining(["ServiceErrorRateHigh", "ServiceLatencyHigh"]));
  });
  it.each(alerts)("the %s alert's query measures the app", (_name, alert) => expectPromtool(alert.query, true));
  it.each(alerts.filter(([name]) => name.startsWith("ServiceErrorRateHigh")))("%s fires on the app's failed requests", (_name, alert) => expectPromtool(alert.expression, true));
  it.each(alerts.filter(([name]) => name.startsWith("ServiceLatencyHigh")))("%s stays silent on the app's fast requests", (_name, alert) => expectPromtool(alert.expression, false));
}
