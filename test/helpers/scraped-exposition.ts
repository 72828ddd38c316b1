import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { serviceSeriesSelector } from "../../src/dashboards/service-red";
import { errorRatio, latencyQuantile, type RedProfile, requestRate } from "../../src/metrics/red-profiles";
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
 * after ten minutes of the exposition's series scraped under it.
 */
export function promtoolFindsJob(dir: string, exposition: string, job: string, query: string): ToolResult {
  const file = join(dir, "test.yml");
  writeFileSync(
    file,
    stringify({
      rule_files: [],
      tests: [
        {
          interval: "1m",
          input_series: scrapedSeries(exposition, job),
          promql_expr_test: [{ expr: `group by (job) (${query})`, eval_time: "10m", exp_samples: [{ labels: `{job="${job}"}`, value: 1 }] }],
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
