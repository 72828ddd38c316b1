import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { ConfigError } from "../src/config/config-error";
import { assertValidQuery, findSyntaxError } from "../src/queries/validate-query";

describe("query validation", () => {
  it("parses each distinct query once: the same text again (another environment, the alert and its panel) reuses the verdict", () => {
    const promql = jest.spyOn(promqlParser, "parse");
    const logql = jest.spyOn(logqlParser, "parse");
    try {
      const valid = 'sum(rate(memoized_total{job="a"}[5m]))';
      const invalid = "sum(rate(memoized_total[5m])";
      for (let i = 0; i < 3; i++) {
        expect(findSyntaxError("promql", valid)).toBeUndefined();
        expect(findSyntaxError("promql", invalid)).toMatchObject({ line: 1, column: 29 });
        expect(() => assertValidQuery("promql", invalid, "rule x")).toThrow(/invalid PromQL at line 1, column 29/);
      }
      expect(promql).toHaveBeenCalledTimes(2);
      // the same text in another language is another query
      expect(findSyntaxError("logql", valid)).toBeDefined();
      expect(logql).toHaveBeenCalledTimes(1);
    } finally {
      promql.mockRestore();
      logql.mockRestore();
    }
  });

  it.each([
    ["promql", 'sum by (service) (rate(http_requests_total{job="api"}[5m]))'],
    ["promql", 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service=~"$service"}[$__rate_interval])))'],
    ["logql", '{namespace="productie"} |= "UserLogin"'],
    ["logql", 'sum by (user) (count_over_time({namespace="$namespace"} |= "UserLogin" | logfmt [$__interval]))'],
  ] as const)("accepts valid %s: %s", (language, query) => {
    expect(findSyntaxError(language, query)).toBeUndefined();
  });

  it.each([
    ["promql", "sum(rate(http_requests_total[5m])", 1, 34],
    ["promql", "rate(x[5m]) >", 1, 14],
    ["logql", '{namespace="productie" |= "UserLogin"', 1, 24],
    ["logql", "", 1, 1],
  ] as const)("rejects invalid %s %j at line %i, column %i", (language, query, line, column) => {
    expect(findSyntaxError(language, query)).toMatchObject({ line, column });
  });

  it("maps positions back past Grafana variables", () => {
    const query = 'rate(x{a="$service"}[$__rate_interval]) +';
    expect(findSyntaxError("promql", query)!.column).toBe(query.length + 1);
  });

  it("names where the query is and what is wrong", () => {
    expect(() => assertValidQuery("promql", "sum(rate(x[5m])", 'dashboard "Service RED" panel "Errors"')).toThrow(ConfigError);
    expect(() => assertValidQuery("promql", "sum(rate(x[5m])", 'dashboard "Service RED" panel "Errors"')).toThrow(
      /^dashboard "Service RED" panel "Errors": expr: invalid PromQL at line 1, column 16: sum\(rate\(x\[5m\]\)⟨here⟩$/,
    );
  });
});
