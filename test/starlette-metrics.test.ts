import { readFileSync } from "node:fs";
import { join } from "node:path";
import { StarletteMetrics } from "./helpers/starlette-metrics";

/** Per series name: the sorted label names, and the `le` bounds of histogram buckets. */
function shapeOf(exposition: string): Map<string, { labels: string; bounds: number[] }> {
  const shapes = new Map<string, { labels: string; bounds: number[] }>();
  for (const line of exposition.split("\n").filter((l) => l && !l.startsWith("#"))) {
    const [, name, labels = ""] = /^(\w+)(?:\{(.*)\})? \S+$/.exec(line)!;
    const pairs = [...labels.matchAll(/(\w+)="([^"]*)"/g)];
    const shape = shapes.get(name) ?? { labels: pairs.map((p) => p[1]).sort().join(","), bounds: [] };
    const le = pairs.find((p) => p[1] === "le")?.[2];
    if (le !== undefined && !shape.bounds.includes(Number(le))) shape.bounds.push(Number(le));
    shapes.set(name, shape);
  }
  return shapes;
}

describe("the loopback suites' starlette-prometheus exposition", () => {
  const real = shapeOf(readFileSync(join(__dirname, "fixtures", "starlette-prometheus-0.10.0.prom"), "utf8"));
  const metrics = new StarletteMetrics();
  metrics.observe(200, 0.004);
  metrics.observe(500, 0.2);
  const written = shapeOf(metrics.exposition());

  it("has the real library's series of requests, responses and processing time", () => {
    expect([...written.keys()].sort()).toEqual(
      [...real.keys()].filter((name) => /^starlette_(requests_total|responses_total|requests_processing_time_seconds_(bucket|count|sum))$/.test(name)).sort(),
    );
  });

  it.each(["starlette_requests_total", "starlette_responses_total", "starlette_requests_processing_time_seconds_bucket"])(
    "labels %s and buckets it as the real library does",
    (name) => {
      expect(written.get(name)).toEqual(real.get(name));
    },
  );
});
