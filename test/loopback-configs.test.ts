import { alertmanagerConfigOnLoopback, collectorConfigOnLoopback, ruleFileOnLoopback, withoutNulls } from "./helpers/loopback-configs";
import { comparedQuery, withVariablesResolved } from "./helpers/promql-data";

/** The rewrites the loopback suite (test/real/loopback-stack) applies to the rendered configs, and the query helpers it judges with. */
describe("configs moved onto loopback", () => {
  const config = {
    receivers: { otlp: { protocols: { grpc: { endpoint: "${env:MY_POD_IP}:4317" }, http: { endpoint: "0.0.0.0:4318" } } } },
    exporters: {
      "otlp_grpc/jaeger": { endpoint: "jaeger.monitoring.svc:4317", tls: { insecure: true } },
      "otlp_http/loki": { endpoint: "http://loki-gateway.monitoring.svc:80/otlp" },
    },
    service: { telemetry: { metrics: { readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: 8888 } } } }] } } },
  };
  const upstream = (hostPort: string) => ({ "jaeger.monitoring.svc:4317": "127.0.0.1:1111", "loki-gateway.monitoring.svc:80": "127.0.0.1:2222" })[hostPort] ?? fail(hostPort);
  const fail = (hostPort: string): never => {
    throw new Error(`nothing stands in for ${hostPort}`);
  };

  it("gives every listener a free loopback port and every exporter its stand-in, keeping paths and schemes", async () => {
    const { config: rewritten, ports } = await collectorConfigOnLoopback(config, upstream);
    expect(Object.keys(ports).sort()).toEqual(["receivers.otlp.protocols.grpc.endpoint", "receivers.otlp.protocols.http.endpoint", "service.telemetry.metrics"]);
    expect((rewritten as any).receivers.otlp.protocols.grpc.endpoint).toBe(`127.0.0.1:${ports["receivers.otlp.protocols.grpc.endpoint"]}`);
    expect((rewritten as any).service.telemetry.metrics.readers[0].pull.exporter.prometheus).toEqual({ host: "127.0.0.1", port: ports["service.telemetry.metrics"] });
    expect((rewritten as any).exporters).toEqual({
      "otlp_grpc/jaeger": { endpoint: "127.0.0.1:1111", tls: { insecure: true } },
      "otlp_http/loki": { endpoint: "http://127.0.0.1:2222/otlp" },
    });
  });

  it("refuses an exporter whose host nothing stands in for", async () => {
    const unknown = { ...config, exporters: { otlp_http: { endpoint: "https://vendor.example.com:443/v1" } } };
    await expect(collectorConfigOnLoopback(unknown, upstream)).rejects.toThrow("nothing stands in for vendor.example.com:443");
  });

  it("drops what Helm's null deletes", () => {
    expect(withoutNulls({ receivers: { jaeger: null, otlp: {} }, list: [{ a: null, b: 1 }] })).toEqual({ receivers: { otlp: {} }, list: [{ b: 1 }] });
  });

  it("moves Alertmanager's credential files and templates to the folder, receivers to loopback, and drops mute timings", () => {
    const { config: rewritten, credentials } = alertmanagerConfigOnLoopback(
      {
        receivers: [
          { name: "slack", slack_configs: [{ api_url_file: "/etc/alertmanager/secrets/alerting/slack_url" }] },
          { name: "pager", pagerduty_configs: [{ routing_key_file: "/etc/alertmanager/secrets/alerting/key" }] },
          { name: "mail", email_configs: [{ smarthost: "smtp.example.com:587", to: "a@example.com" }] },
        ],
        route: { receiver: "slack", group_wait: "30s", routes: [{ receiver: "slack", mute_time_intervals: ["weekly"] }] },
        templates: ["/etc/alertmanager/config/*.tmpl"],
      },
      { dir: "/tmp/x", pagerDutyUrl: "http://127.0.0.1:9/pagerduty", smtpAddress: "127.0.0.1:25" },
    );
    expect(credentials).toEqual([
      { secret: "alerting", key: "slack_url", path: "/tmp/x/secrets/alerting/slack_url" },
      { secret: "alerting", key: "key", path: "/tmp/x/secrets/alerting/key" },
    ]);
    expect(rewritten.receivers).toEqual([
      { name: "slack", slack_configs: [{ api_url_file: "/tmp/x/secrets/alerting/slack_url" }] },
      { name: "pager", pagerduty_configs: [{ routing_key_file: "/tmp/x/secrets/alerting/key", url: "http://127.0.0.1:9/pagerduty" }] },
      { name: "mail", email_configs: [{ smarthost: "127.0.0.1:25", to: "a@example.com" }] },
    ]);
    expect(rewritten.route).toEqual({ receiver: "slack", group_wait: "1s", group_interval: "1s", routes: [{ receiver: "slack" }] });
    expect(rewritten.templates).toEqual(["/tmp/x/templates/*.tmpl"]);
  });

  it("shortens every alert's pending time and keeps the rest of the rule", () => {
    const rule = { alert: "A", expr: "up == 0", for: "5m", labels: { severity: "warning" }, annotations: {} };
    expect(ruleFileOnLoopback({ g: { groups: [{ name: "g", rules: [rule] }] } }, "1s")).toEqual({ groups: [{ name: "g", rules: [{ ...rule, for: "1s" }] }] });
  });
});

describe("queries as the loopback suite runs them", () => {
  it.each([
    ["(sum by (job) (rate(a[5m])) / sum by (job) (rate(b[5m]))) > 0.05", "sum by (job) (rate(a[5m])) / sum by (job) (rate(b[5m]))"],
    ["(sum(up{job=\"c\"}) or vector(0)) == 0", 'sum(up{job="c"}) or vector(0)'],
    ["pg_up == 0", "pg_up"],
    ["a > b", "a > b"],
    ["rate(a[5m])", "rate(a[5m])"],
  ])("compares %s: its data is that of %s", (expr, query) => {
    expect(comparedQuery(expr)).toBe(query);
  });

  it("sets Grafana's variables to All and its interval variables to a window, leaving label_replace's $1 alone", () => {
    expect(withVariablesResolved('label_replace(rate(x{job=~"$service", i=~"${instance}"}[$__rate_interval]), "s", "$1", "job", "(.+)")', "10s")).toBe(
      'label_replace(rate(x{job=~".*", i=~".*"}[10s]), "s", "$1", "job", "(.+)")',
    );
  });
});
