import { errorRatio, latencyQuantile, RED_PROFILES, requestRate } from "../src/metrics/red-profiles";
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

  it("select server errors the way each library labels them", () => {
    expect(errorRatio(RED_PROFILES["starlette-prometheus"])).toContain('starlette_responses_total{status_code=~"5.."}');
    expect(errorRatio(RED_PROFILES["prometheus-fastapi-instrumentator"])).toContain('http_requests_total{status="5xx"}');
    expect(errorRatio(RED_PROFILES["otel-http"], 'job="api"')).toContain(
      'http_server_request_duration_seconds_count{http_response_status_code=~"5..", job="api"}',
    );
  });

  it("rejects a quantile outside (0, 1)", () => {
    expect(() => latencyQuantile(RED_PROFILES["otel-http"], 95)).toThrow("between 0 and 1");
  });
});
