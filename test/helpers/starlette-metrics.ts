import type { IncomingMessage, RequestListener } from "node:http";

/**
 * The RED metrics `starlette-prometheus` exposes at /metrics (requests, responses by status
 * code, processing time histogram), written in the Prometheus text format for the loopback
 * suites, which run no Python app: the series the `starlette-prometheus` profile reads, with
 * the names, label names and bucket bounds of the library's real exposition
 * (test/fixtures/starlette-prometheus-0.10.0.prom; test/starlette-metrics.test.ts compares
 * them), without its `_created` and in-progress gauges.
 */
export class StarletteMetrics {
  private static readonly BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
  private requests = 0;
  // both codes from the start, as the error ratio of a healthy service is then 0, not "no data"
  private readonly responses: Record<string, number> = { "200": 0, "500": 0 };
  private readonly buckets = StarletteMetrics.BOUNDS.map(() => 0);
  private count = 0;
  private sum = 0;

  /** One handled request of `GET /`. */
  observe(status: number, seconds: number): void {
    this.requests++;
    this.responses[String(status)] = (this.responses[String(status)] ?? 0) + 1;
    StarletteMetrics.BOUNDS.forEach((le, i) => (this.buckets[i] += seconds <= le ? 1 : 0));
    this.count++;
    this.sum += seconds;
  }

  /** The /metrics response body. */
  exposition(): string {
    const labels = 'method="GET",path_template="/"';
    const lines = [
      "# TYPE starlette_requests_total counter",
      `starlette_requests_total{${labels}} ${this.requests}`,
      "# TYPE starlette_responses_total counter",
      ...Object.entries(this.responses).map(([code, n]) => `starlette_responses_total{${labels},status_code="${code}"} ${n}`),
      "# TYPE starlette_requests_processing_time_seconds histogram",
      ...StarletteMetrics.BOUNDS.map((le, i) => `starlette_requests_processing_time_seconds_bucket{${labels},le="${le}"} ${this.buckets[i]}`),
      `starlette_requests_processing_time_seconds_bucket{${labels},le="+Inf"} ${this.count}`,
      `starlette_requests_processing_time_seconds_sum{${labels}} ${this.sum}`,
      `starlette_requests_processing_time_seconds_count{${labels}} ${this.count}`,
    ];
    return `${lines.join("\n")}\n`;
  }
}

/** The content type of {@link StarletteMetrics.exposition}. */
const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4";

/**
 * A service's request handler: `GET /` answers 500 to every `failEvery`-th request (0: never),
 * `/metrics` exposes the traffic as starlette-prometheus would; `onRequest` sees each answered
 * request before it is answered (inside its span, when the HTTP server is instrumented).
 */
export function starletteService(failEvery: number, onRequest: (req: IncomingMessage, status: number) => void = () => undefined): RequestListener {
  const metrics = new StarletteMetrics();
  let requests = 0;
  return (req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "content-type": EXPOSITION_CONTENT_TYPE }).end(metrics.exposition());
      return;
    }
    const started = process.hrtime.bigint();
    requests++;
    const status = failEvery > 0 && requests % failEvery === 0 ? 500 : 200;
    onRequest(req, status);
    metrics.observe(status, Number(process.hrtime.bigint() - started) / 1e9);
    res.writeHead(status).end();
  };
}
