import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { GrafanaDashboard } from "../constructs/grafana-dashboard";
import { GrafanaDatasources, GrafanaDatasourcesProps } from "../constructs/grafana-datasources";
import { GrafanaFolder } from "../constructs/grafana-folder";
import { ConfigError } from "../src/config/config-error";
import { canonicalJson } from "../src/dashboards/normalize-dashboard";
import { DATASOURCE_UIDS } from "../src/grafana/datasource-uids";
import {
  alertmanagerJsonData,
  datasourcesSchema,
  jaegerJsonData,
  lokiHttpHeaders,
  lokiJsonData,
  prometheusJsonData,
  TRACE_ID_IN_LOG_LINE,
} from "../src/grafana/datasources";
import { findSyntaxError } from "../src/queries/validate-query";
import { reservedDatasourceKeys } from "./helpers/datasource-reserved-keys";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";

const ENDPOINTS: GrafanaDatasourcesProps = {
  prometheus: { url: "http://kube-prometheus-stack-prometheus.monitoring:9090" },
  loki: { url: "http://loki-gateway.monitoring" },
  jaeger: { url: "http://jaeger-query.monitoring:16686" },
  alertmanager: { url: "http://kube-prometheus-stack-alertmanager.monitoring:9093" },
};
const TENANT = "team-shop-7f3a";
const withTenant: GrafanaDatasourcesProps = { ...ENDPOINTS, loki: { ...ENDPOINTS.loki, tenantId: TENANT } };
const config = (props: GrafanaDatasourcesProps = ENDPOINTS) => datasourcesSchema().parse(props);

type DataSourceBlock = Record<string, any>;
function synthDatasources(props: GrafanaDatasourcesProps): Record<string, DataSourceBlock> {
  const out = JSON.parse(Testing.synthScope((scope) => new GrafanaDatasources(scope, "datasources", props)));
  return Object.fromEntries(Object.values<DataSourceBlock>(out.resource.grafana_data_source).map((ds) => [ds.uid, ds]));
}
/** The JSON Grafana receives: Terraform turns the `$${` escapes back into `${`. */
const decode = (encoded: string) => JSON.parse(encoded.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{"));

describe("datasource settings", () => {
  it("make Prometheus exemplars with a trace_id or traceID label open the trace in Jaeger", () => {
    const json = prometheusJsonData(config());
    expect(json.httpMethod).toBe("POST");
    expect(json.timeInterval).toBe("30s");
    // internal links only: Grafana adds a second, external link to whatever `url` holds (getDataLinks in @grafana/prometheus)
    expect(json.exemplarTraceIdDestinations).toEqual([
      { name: "trace_id", datasourceUid: DATASOURCE_UIDS.jaeger, urlDisplayLabel: "View trace" },
      { name: "traceID", datasourceUid: DATASOURCE_UIDS.jaeger, urlDisplayLabel: "View trace" },
    ]);
    expect(prometheusJsonData(config({ ...ENDPOINTS, prometheus: { url: ENDPOINTS.prometheus.url, scrapeInterval: "15s" } })).timeInterval).toBe("15s");
  });

  it("make Loki turn a trace id in a log line or in the trace_id label/structured metadata into a Jaeger link", () => {
    const [fromLine, fromLabel] = lokiJsonData().derivedFields;
    expect(fromLine).toEqual({
      name: "TraceID",
      matcherType: "regex",
      matcherRegex: TRACE_ID_IN_LOG_LINE,
      datasourceUid: DATASOURCE_UIDS.jaeger,
      url: "${__value.raw}",
      urlDisplayLabel: "View trace",
    });
    expect(fromLabel).toEqual({
      name: "trace_id",
      matcherType: "label",
      matcherRegex: "trace_id",
      datasourceUid: DATASOURCE_UIDS.jaeger,
      url: "${__value.raw}",
      urlDisplayLabel: "View trace",
    });
  });

  it.each([
    ["logfmt traceID", 'level=info traceID=4bf92f3577b34da6a3ce929d0e0e4736 msg="paid"', "4bf92f3577b34da6a3ce929d0e0e4736"],
    ["JSON trace_id", '{"level":"info","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","msg":"paid"}', "4bf92f3577b34da6a3ce929d0e0e4736"],
    ["traceId with colon", "2025-11-03 INFO [checkout] traceId: 00f067aa0ba902b7 order placed", "00f067aa0ba902b7"],
  ])("find the trace id in a log line (%s)", (_, line, id) => {
    expect(new RegExp(TRACE_ID_IN_LOG_LINE).exec(line)?.[1]).toBe(id);
  });

  it.each([
    ["no id", "trace_id= msg=hello"],
    ["not hex", "traceID=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"],
    ["too short", "traceID=4bf92f35"],
  ])("find no trace id where there is none (%s)", (_, line) => {
    expect(new RegExp(TRACE_ID_IN_LOG_LINE).exec(line)).toBeNull();
  });

  it("make Jaeger spans open their logs in Loki, around the span, by pod and trace id", () => {
    expect(jaegerJsonData(config()).tracesToLogsV2).toEqual({
      datasourceUid: DATASOURCE_UIDS.loki,
      tags: [
        { key: "k8s.namespace.name", value: "namespace" },
        { key: "k8s.pod.name", value: "pod" },
      ],
      spanStartTimeShift: "-5m",
      spanEndTimeShift: "5m",
      filterByTraceID: true,
      filterBySpanID: false,
      customQuery: false,
    });
    const custom = jaegerJsonData(config({ ...ENDPOINTS, correlations: { traceToLogsTags: [{ key: "app", value: "app" }], spanTimeShift: "2m" } }));
    expect(custom.tracesToLogsV2).toMatchObject({ tags: [{ key: "app", value: "app" }], spanStartTimeShift: "-2m", spanEndTimeShift: "2m" });
  });

  it("make Jaeger spans open their service's RED metrics in Prometheus, with queries that parse", () => {
    const { tracesToMetrics, nodeGraph } = jaegerJsonData(config());
    expect(nodeGraph).toEqual({ enabled: true });
    expect(tracesToMetrics.datasourceUid).toBe(DATASOURCE_UIDS.prometheus);
    expect([tracesToMetrics.spanStartTimeShift, tracesToMetrics.spanEndTimeShift]).toEqual(["-5m", "5m"]);
    expect(tracesToMetrics.queries.map((q) => q.name)).toEqual(["Request rate", "Error ratio", "p95 latency"]);
    // the span's service from the tag the collector copies service.name to, with or without a service namespace
    expect(tracesToMetrics.queries[0].query).toBe(
      'sum by (job) (rate({__name__=~"http_server_request_duration(_seconds)?_count", job=~"(?:[^/]+/)?${__span.tags.service_name}"}[5m]))',
    );
    for (const { query } of tracesToMetrics.queries) expect(findSyntaxError("promql", query)).toBeUndefined();
    const starlette = jaegerJsonData(config({ ...ENDPOINTS, correlations: { redProfiles: ["starlette-prometheus"] } }));
    expect(starlette.tracesToMetrics.queries[0].query).toContain('starlette_requests_total{job=~"(?:[^/]+/)?${__span.tags.service_name}"}');
    const spanMetrics = jaegerJsonData(config({ ...ENDPOINTS, correlations: { redProfiles: ["otel-span-metrics"] } }));
    expect(spanMetrics.tracesToMetrics.queries[0].query).toContain('{service_name="${__span.tags.service_name}"}');
  });

  it("make Jaeger spans open the RED metrics of every listed profile, and refuse an empty list", () => {
    const both = jaegerJsonData(config({ ...ENDPOINTS, correlations: { redProfiles: ["starlette-prometheus", "otel-http"] } }));
    for (const { query } of both.tracesToMetrics.queries) {
      expect(query).toMatch(/^\(.*starlette_.*\) or \(.*http_server_request_duration\(_seconds\)\?_.*\)$/);
      expect(findSyntaxError("promql", query)).toBeUndefined();
    }
    expect(() => config({ ...ENDPOINTS, correlations: { redProfiles: [] } })).toThrow(/redProfiles/);
  });

  it("make the Alertmanager datasource the Prometheus implementation", () => {
    expect(alertmanagerJsonData(config())).toEqual({ implementation: "prometheus", handleGrafanaManagedAlerts: false });
  });

  it("send the Loki tenant as the X-Scope-OrgID header, not as json settings", () => {
    expect(lokiHttpHeaders(config(withTenant))).toEqual({ "X-Scope-OrgID": TENANT });
    expect(lokiHttpHeaders(config())).toBeUndefined();
    expect(JSON.stringify(lokiJsonData())).not.toMatch(/httpHeader|X-Scope-OrgID/);
  });
});

describe("GrafanaDatasources", () => {
  it("creates Prometheus (the default), Loki, Jaeger and Alertmanager with stable UIDs and the given URLs", () => {
    const ds = synthDatasources(ENDPOINTS);
    expect(Object.keys(ds).sort()).toEqual(["alertmanager", "jaeger", "loki", "prometheus"]);
    expect(ds.prometheus).toMatchObject({ name: "Prometheus", type: "prometheus", url: ENDPOINTS.prometheus.url, is_default: true, access_mode: "proxy" });
    expect(ds.loki).toMatchObject({ name: "Loki", type: "loki", url: ENDPOINTS.loki.url, is_default: false });
    expect(ds.jaeger).toMatchObject({ name: "Jaeger", type: "jaeger", url: ENDPOINTS.jaeger.url, is_default: false });
    expect(ds.alertmanager).toMatchObject({ name: "Alertmanager", type: "alertmanager", url: ENDPOINTS.alertmanager.url, is_default: false });
    expect(decode(ds.alertmanager.json_data_encoded)).toEqual({ handleGrafanaManagedAlerts: false, implementation: "prometheus" });
  });

  it("encodes the settings with sorted keys, the same on every synth, with Terraform template sequences escaped", () => {
    const first = synthDatasources(ENDPOINTS);
    const second = synthDatasources(ENDPOINTS);
    for (const uid of Object.keys(first)) expect(first[uid].json_data_encoded).toBe(second[uid].json_data_encoded);
    const loki = first.loki.json_data_encoded as string;
    expect(loki).toBe(canonicalJson(lokiJsonData()).replace(/\$\{/g, () => "$${"));
    expect(loki.replace(/\$\$\{/g, "")).not.toContain("${");
    expect(Object.keys(decode(first.jaeger.json_data_encoded))).toEqual(["nodeGraph", "tracesToLogsV2", "tracesToMetrics"]);
    expect(Object.keys(decode(first.jaeger.json_data_encoded).tracesToLogsV2)).toEqual([...Object.keys(decode(first.jaeger.json_data_encoded).tracesToLogsV2)].sort());
  });

  it("sends the Loki tenant through http_headers, the header name kept exactly as written", () => {
    const { loki, prometheus } = synthDatasources(withTenant);
    expect(loki.http_headers).toEqual({ "X-Scope-OrgID": TENANT });
    expect(loki.json_data_encoded).not.toContain(TENANT);
    expect(loki.secure_json_data_encoded).toBeUndefined();
    expect(prometheus.http_headers).toBeUndefined();
    expect(synthDatasources(ENDPOINTS).loki.http_headers).toBeUndefined();
  });

  it.each([
    ["single tenant", ENDPOINTS],
    ["multi-tenant", withTenant],
  ])("never puts a key the grafana provider reserves into the settings (%s)", (_, props) => {
    for (const datasource of Object.values(synthDatasources(props))) expect(reservedDatasourceKeys(datasource)).toEqual([]);
  });

  it("the reserved-key guard catches what the provider refuses (planted defects)", () => {
    const planted = {
      json_data_encoded: canonicalJson({ httpHeaderName1: "X-Scope-OrgID", enableSecureSocksProxy: true }),
      secure_json_data_encoded: canonicalJson({ httpHeaderValue1: TENANT }),
    };
    expect(reservedDatasourceKeys(planted)).toEqual([
      "json_data_encoded: httpHeaderName",
      "json_data_encoded: enableSecureSocksProxy",
      "secure_json_data_encoded: httpHeaderValue",
    ]);
    expect(reservedDatasourceKeys({ json_data_encoded: canonicalJson({ teamHttpHeaders: {} }) })).toEqual(["json_data_encoded: teamHttpHeaders"]);
    expect(reservedDatasourceKeys({ json_data_encoded: canonicalJson({ httpMethod: "POST" }), http_headers: { "X-Scope-OrgID": TENANT } })).toEqual([]);
  });

  it("accepts URLs known only at apply time (Terraform references)", () => {
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const url = new TerraformVariable(scope, "loki_url", { type: "string" }).stringValue;
        new GrafanaDatasources(scope, "datasources", { ...ENDPOINTS, loki: { url } });
      }),
    );
    const loki = Object.values<DataSourceBlock>(out.resource.grafana_data_source).find((ds) => ds.uid === "loki");
    expect(loki?.url).toBe("${var.loki_url}");
  });

  it.each([
    ["ftp://loki.monitoring", "loki.url"],
    ["not a url", "loki.url"],
    ["", "loki.url"],
  ])("rejects the URL %j naming the construct and the field", (url, field) => {
    expect(() => synthDatasources({ ...ENDPOINTS, loki: { url } })).toThrow(new RegExp(`^stack/datasources: ${field.replace(".", "\\.")}: must be an http\\(s\\) URL$`));
  });

  it("rejects bad tenants, durations and unknown keys with every field named", () => {
    let error: unknown;
    try {
      synthDatasources({
        ...ENDPOINTS,
        prometheus: { url: "http://prometheus:9090", scrapeInterval: "often" },
        loki: { url: ENDPOINTS.loki.url, tenantId: "team shop" },
        jaeger: { url: ENDPOINTS.jaeger.url, tenant: "x" } as never,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/^stack\/datasources: /);
    expect(message).toMatch(/prometheus\.scrapeInterval: must be a duration/);
    expect(message).toMatch(/loki\.tenantId: must be 1-150 letters/);
    expect(message).toMatch(/jaeger: unknown key\(s\) tenant/);
    expect(() => synthDatasources({ ...ENDPOINTS, loki: { url: ENDPOINTS.loki.url, tenantId: ".." } })).toThrow(/loki\.tenantId: must not be '\.' or '\.\.'/);
  });
});

describeWithShared("Grafana resources against the grafana provider schema", () => {
  const outdir = mkdtempSync(join(tmpdir(), "grafana-schema-"));

  beforeAll(() => {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "grafana");
    new GrafanaProvider(stack, "grafana", { url: "http://localhost:3000" });
    new GrafanaDatasources(stack, "datasources", withTenant);
    const parent = new GrafanaFolder(stack, "team", { title: "Team shop" });
    const folder = new GrafanaFolder(stack, "shop", { title: "Shop services", parentFolderUid: parent.uid });
    // the fixtures hold `${service}` and `${__value.raw}`-style text that Terraform must not read as templates
    new GrafanaDashboard(stack, "checkout", { folder: folder.uid, file: join(__dirname, "fixtures", "api-dashboard.json") });
    new GrafanaDashboard(stack, "audit", { folder: folder.uid, file: join(__dirname, "fixtures", "shared-dashboard.json") });
    app.synth();
  });

  it("passes check_tf.py (argument names and types)", () => {
    const file = join(outdir, "stacks", "grafana", "cdk.tf.json");
    const run = spawnSync("python3", [sharedPath("tools", "check_tf.py"), sharedPath("provider-schemas", "grafana.json"), file, "--strict"], { encoding: "utf8" });
    expect(run.stdout).toMatch(/checked 9 block\(s\) of grafana;.* 0 problem\(s\)/);
    expect(run.status).toBe(0);
  });

  it("passes terraform validate (which also reads every ${…} as a reference)", () => {
    const run = spawnSync(sharedPath("tools", "tf-validate.sh"), [outdir], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    expect(`${run.stdout}${run.stderr}`).toContain("terraform validate: 1/1 stacks valid");
    expect(run.status).toBe(0);
  });
});
