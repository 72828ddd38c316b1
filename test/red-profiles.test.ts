import { catalogSchema } from "../src/alerting/catalog";
import {
  durationBucketOf,
  errorRatio,
  JOB_NAMESPACE_PREFIX,
  latencyQuantile,
  RED_PROFILES,
  type RedProfile,
  requestRate,
  SERVICE_NAME_OF_JOB,
  withServiceName,
} from "../src/metrics/red-profiles";
import { findSyntaxError } from "../src/queries/validate-query";

describe("RED metrics profiles", () => {
  it.each(Object.values(RED_PROFILES))("build PromQL that parses for $name", (profile) => {
    for (const query of [
      requestRate(profile),
      errorRatio(profile, `${profile.serviceLabel}=~"$service"`),
      latencyQuantile(profile, 0.95, undefined, "$__rate_interval"),
    ]) {
      expect(findSyntaxError("promql", query)).toBeUndefined();
    }
  });

  it("read prometheus-fastapi-instrumentator's fine-grained histogram, whose p95 can exceed the default 1 s latency threshold", () => {
    // the library's default() metrics (7.1): http_request_duration_seconds (handler, method; buckets 0.1, 0.5, 1) and
    // http_request_duration_highr_seconds (no labels of its own; buckets 0.01 … 10, 30, 60)
    const LIBRARY_BUCKETS: Record<string, number[]> = {
      http_request_duration_seconds_bucket: [0.1, 0.5, 1],
      http_request_duration_highr_seconds_bucket: [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60],
    };
    const profile: RedProfile = RED_PROFILES["prometheus-fastapi-instrumentator"];
    const buckets = LIBRARY_BUCKETS[durationBucketOf(profile)];
    expect(buckets).toBeDefined();
    const catalogDefault = catalogSchema.parse({ runbookBaseUrl: "https://runbooks.example.com" }).thresholds.latencyP95Seconds.warning!;
    expect(Math.max(...buckets)).toBeGreaterThan(catalogDefault);
    expect(profile.largestFiniteBucketSeconds).toBe(Math.max(...buckets));
  });

  it("select server errors the way each library labels them", () => {
    expect(errorRatio(RED_PROFILES["starlette-prometheus"])).toContain('starlette_responses_total{status_code=~"5.."}');
    expect(errorRatio(RED_PROFILES["prometheus-fastapi-instrumentator"])).toContain('http_requests_total{status="5xx"}');
    expect(errorRatio(RED_PROFILES["otel-http"], 'job="api"')).toContain(
      '{__name__=~"http_server_request_duration(_seconds)?_count", http_response_status_code=~"5..", job="api"}',
    );
  });

  it("find OpenTelemetry HTTP metrics with the unit suffix (OTLP into Prometheus) and without it (the JS Prometheus exporter)", () => {
    const otel = RED_PROFILES["otel-http"];
    const spellings = ["http_server_request_duration_seconds", "http_server_request_duration"];
    // __name__=~ is anchored like every Prometheus regex matcher
    const names = (pattern: string, suffix: string) => spellings.map((s) => `${s}${suffix}`).filter((name) => new RegExp(`^(?:${pattern})$`).test(name));
    expect(names(otel.requestsTotal, "_count")).toEqual(["http_server_request_duration_seconds_count", "http_server_request_duration_count"]);
    expect(names(otel.errors.metric, "_count")).toEqual(["http_server_request_duration_seconds_count", "http_server_request_duration_count"]);
    expect(names(otel.durationBucket, "_bucket")).toEqual(["http_server_request_duration_seconds_bucket", "http_server_request_duration_bucket"]);
    expect(names(otel.durationBucket, "_count")).toEqual([]);
  });

  it("read the service name out of an OTLP job (<service.namespace>/<service.name>) and a scraped one", () => {
    // label_replace anchors its regex; RE2 and JavaScript agree on this pattern
    const name = (job: string) => new RegExp(`^(?:${SERVICE_NAME_OF_JOB})$`).exec(job)?.[1];
    expect(["shop/checkout", "checkout", "kube-state-metrics"].map(name)).toEqual(["checkout", "checkout", "kube-state-metrics"]);
    const chosen = new RegExp(`^(?:${JOB_NAMESPACE_PREFIX}checkout)$`);
    expect(["shop/checkout", "checkout", "checkout-v2", "shop/payments"].map((job) => chosen.test(job))).toEqual([true, true, false, false]);
  });

  it("add service_name to a RED query, unless the profile names services by it already", () => {
    const otel = RED_PROFILES["otel-http"];
    const query = withServiceName(otel, requestRate(otel));
    expect(query).toBe(`label_replace(${requestRate(otel)}, "service_name", "$1", "job", "${SERVICE_NAME_OF_JOB}")`);
    expect(findSyntaxError("promql", query)).toBeUndefined();
    const spans = RED_PROFILES["otel-span-metrics"];
    expect(withServiceName(spans, requestRate(spans))).toBe(requestRate(spans));
  });

  it("rejects a quantile outside (0, 1)", () => {
    expect(() => latencyQuantile(RED_PROFILES["otel-http"], 95)).toThrow("between 0 and 1");
  });
});
