import { readFileSync } from "node:fs";
import { join } from "node:path";
import { normalizeDashboard } from "../src/dashboards/normalize-dashboard";
import { validateDashboardQueries } from "../src/dashboards/validate-dashboard-queries";
import { configErrorOf } from "./helpers/config-error";

const fixtureModel = (name: string) => JSON.parse(normalizeDashboard(JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"))));
const prometheus = { type: "prometheus", uid: "prometheus" };
const loki = { type: "loki", uid: "loki" };

const messageOf = (run: () => unknown): string => configErrorOf(run).message;

describe("validateDashboardQueries", () => {
  it("parses panel targets (rows' nested panels too), query variables and annotations in their datasource's language, each as parsed (a variable's inner selector)", () => {
    expect(validateDashboardQueries(fixtureModel("api-dashboard.json"))).toEqual([
      { where: 'dashboard "Shop checkout", panel "Checkout requests"', field: "panels[0].targets[0].expr", language: "promql", query: 'sum by (job) (rate(http_server_request_duration_seconds_count{job=~"${service}"}[$__rate_interval]))' },
      { where: 'dashboard "Shop checkout", panel "Checkout errors"', field: "panels[1].panels[0].targets[0].expr", language: "logql", query: '{namespace="shop", app="checkout"} |= "error" | logfmt' },
      { where: 'dashboard "Shop checkout", variable "service"', field: "templating.list[0].query.query (label_values selector)", language: "promql", query: 'http_server_request_duration_seconds_count{namespace="shop"}' },
      { where: 'dashboard "Shop checkout", annotation "Deploys"', field: "annotations.list[1].expr", language: "logql", query: '{namespace="shop"} |= "deployment finished"' },
    ]);
    expect(validateDashboardQueries(fixtureModel("shared-dashboard.json")).map((q) => q.language)).toEqual(["logql", "promql", "logql"]);
  });

  it("names the dashboard, the panel, the field and the position of a broken query in a collapsed row", () => {
    const model = fixtureModel("api-dashboard.json");
    model.panels[1].panels[0].targets[0].expr = '{namespace="shop"} |= "error" | logfmt | duration > ';
    expect(messageOf(() => validateDashboardQueries(model))).toMatch(
      /^dashboard "Shop checkout", panel "Checkout errors": panels\[1\]\.panels\[0\]\.targets\[0\]\.expr: invalid LogQL at line 1, column \d+: /,
    );
  });

  it("checks a target without datasource as PromQL (Grafana's default) and says so", () => {
    const model = { title: "D", panels: [{ title: "Logs", targets: [{ expr: '{app="x"} |= "boom"' }] }] };
    expect(messageOf(() => validateDashboardQueries(model))).toMatch(/^dashboard "D", panel "Logs": panels\[0\]\.targets\[0\]\.expr: invalid PromQL at line 1, column \d+: .*\(no datasource set, so Grafana's default: Prometheus\)$/);
  });

  it("follows the target's datasource over the panel's, in Mixed panels too", () => {
    const model = {
      title: "D",
      panels: [
        { title: "A", datasource: prometheus, targets: [{ datasource: loki, expr: '{app="x"} |= "boom"' }] },
        { title: "B", datasource: { type: "datasource", uid: "-- Mixed --" }, targets: [{ datasource: loki, expr: '{app="x"} | json' }, { expr: "up" }] },
      ],
    };
    expect(validateDashboardQueries(model).map((q) => `${q.field} ${q.language}`)).toEqual([
      "panels[0].targets[0].expr logql",
      "panels[1].targets[0].expr logql",
      "panels[1].targets[1].expr promql",
    ]);
  });

  it("resolves datasource variables and legacy datasource names", () => {
    const model = {
      title: "D",
      templating: { list: [{ type: "datasource", name: "logs", query: "loki" }] },
      panels: [
        { title: "A", datasource: { uid: "${logs}" }, targets: [{ expr: '{app="x"} |= "a"' }] },
        { title: "B", datasource: "$logs", targets: [{ expr: '{app="x"} |= "b"' }] },
        { title: "C", datasource: "Loki", targets: [{ expr: '{app="x"} |= "c"' }] },
      ],
    };
    expect(validateDashboardQueries(model).map((q) => q.language)).toEqual(["logql", "logql", "logql"]);
  });

  it("skips queries of other datasources (Jaeger, expressions, Grafana's own)", () => {
    const model = {
      title: "D",
      panels: [
        { title: "Trace", datasource: { type: "jaeger", uid: "jaeger" }, targets: [{ expr: "not ( promql" }] },
        { title: "Math", datasource: { type: "__expr__", uid: "__expr__" }, targets: [{ expr: "$A * 100" }] },
      ],
      annotations: { list: [{ name: "Annotations & Alerts", datasource: { type: "grafana", uid: "-- Grafana --" }, expr: "{{" }] },
    };
    expect(validateDashboardQueries(model)).toEqual([]);
  });

  it("checks the PromQL inside Grafana's variable functions and skips the functions without any", () => {
    const variable = (query: unknown, datasource: object = prometheus) => ({ title: "D", templating: { list: [{ type: "query", name: "v", datasource, query }] } });
    expect(validateDashboardQueries(variable('label_values(up{job="a",namespace=~"$ns"}, instance)'))).toHaveLength(1);
    expect(validateDashboardQueries(variable("query_result(topk(5, sum by (job) (rate(http_requests_total[5m]))))"))).toHaveLength(1);
    expect(validateDashboardQueries(variable('up{job="a"}'))).toHaveLength(1);
    for (const skipped of ["label_names()", "label_values(job)", "metrics(http_.*)", ""]) expect(validateDashboardQueries(variable(skipped))).toEqual([]);
    expect(messageOf(() => validateDashboardQueries(variable("query_result(sum(rate(x[5m]))")))).toMatch(
      /^dashboard "D", variable "v": templating\.list\[0\]\.query \(query_result argument\): invalid PromQL/,
    );
    expect(messageOf(() => validateDashboardQueries(variable('label_values(up{job="a", instance)')))).toMatch(/variable "v": templating\.list\[0\]\.query \(label_values selector\): invalid PromQL/);
  });

  it("checks the stream selector of Loki variables and skips Loki's label functions", () => {
    const variable = (query: unknown) => ({ title: "D", templating: { list: [{ type: "query", name: "pod", datasource: loki, query }] } });
    expect(validateDashboardQueries(variable('label_values({namespace="shop"}, pod)'))).toHaveLength(1);
    expect(validateDashboardQueries(variable({ type: 1, label: "pod", stream: '{namespace="shop"}' }))).toEqual([
      { where: 'dashboard "D", variable "pod"', field: "templating.list[0].query.stream", language: "logql", query: '{namespace="shop"}' },
    ]);
    expect(validateDashboardQueries(variable("label_names()"))).toEqual([]);
    expect(messageOf(() => validateDashboardQueries(variable({ type: 1, label: "pod", stream: '{namespace="shop"' })))).toMatch(/invalid LogQL/);
  });
});
