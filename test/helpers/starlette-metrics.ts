/**
 * The RED metrics `starlette-prometheus` exposes at /metrics (requests, responses by status
 * code, processing time histogram), written by hand in the Prometheus text format: the
 * library is Python, and its Debian package does not exist. Names and labels follow
 * src/metrics/red-profiles.ts's `starlette-prometheus` profile.
 */
export class StarletteMetrics {
  private static readonly BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
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
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4";
