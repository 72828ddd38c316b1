import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { AlertRule, alertAnnotations, alertLabels } from "../src/alerting/alert-rule";
import { AlertingInput, buildAlertingModel } from "../src/alerting/alerting-model";
import { CatalogAlert } from "../src/alerting/catalog";
import { alertExpression, renderPrometheusRules } from "../src/alerting/prometheus-rules";
import { describeWithTools, runTool } from "./helpers/tools";

/**
 * An environment-like configuration: two profiles, one service with a stricter threshold,
 * one on the second profile only.
 */
const ALERTING: AlertingInput = {
  catalog: {
    runbookBaseUrl: "https://runbooks.example.com/alerts/",
    profiles: ["starlette-prometheus", "otel-http"],
    services: {
      checkout: { team: "shop", errorRate: { critical: 0.02 } },
      payments: { team: "payments", profile: "otel-http" },
      // A job name with regex metacharacters, escaped in the catalog-wide rule's exclusion.
      "web.frontend": {},
    },
  },
  rules: [
    {
      name: "OrdersStalled",
      summary: "No orders for {{ $labels.job }}",
      description: "No order was placed in 30 minutes. Check the checkout funnel dashboard and the payment provider.",
      runbookUrl: "https://runbooks.example.com/alerts/orders-stalled",
      severity: "warning",
      team: "shop",
      category: "availability",
      query: "sum by (job) (increase(orders_total[30m]))",
      comparison: "==",
      threshold: 0,
      for: "10m",
      group: "shop",
    },
  ],
  contactPoints: [{ name: "platform", type: "slack", webhookUrl: { secret: { name: "alerting", key: "slack" } } }],
  policy: { contactPoint: "platform" },
};

const model = buildAlertingModel(ALERTING);
const rulesMap = renderPrometheusRules(model.rules);
const ruleById = (id: string): AlertRule => {
  const rule = model.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}; rules: ${model.rules.map((r) => r.id).join(", ")}`);
  return rule;
};

describe("Prometheus rule rendering", () => {
  it("renders every PromQL rule evaluated by Prometheus, one rule set per group, and no LogQL rule", () => {
    const rendered = Object.values(rulesMap).flatMap((entry) => entry.groups.flatMap((group) => group.rules));
    expect(rendered).toHaveLength(model.rules.filter((r) => r.engine === "prometheus").length);
    expect(rendered.map((r) => r.alert)).not.toContain("RootShellOpened");
    expect(Object.keys(rulesMap)).toEqual(
      expect.arrayContaining(["service-red", "kubernetes-resources", "kubernetes-workloads", "scrape-targets", "postgres", "observability-pipeline", "shop"]),
    );
    for (const [key, entry] of Object.entries(rulesMap)) expect(entry.groups.map((g) => g.name)).toEqual([key]);
  });

  it("puts query, comparison and threshold in expr, and severity/team/category and the runbook on every rule", () => {
    const [critical] = rulesMap["service-red"].groups[0].rules;
    expect(critical).toMatchObject({
      alert: "ServiceErrorRateHigh",
      for: "5m",
      labels: { severity: "critical", team: "platform", category: "availability" },
      annotations: { runbook_url: "https://runbooks.example.com/alerts/service-error-rate-high" },
    });
    expect(critical.expr).toMatch(/^\(\(sum by \(job\) .*\) or \(sum by \(job\) .*\)\) > 0\.05$/);
    expect(alertExpression({ query: "up", comparison: "==", threshold: 0 })).toBe("up == 0");
  });

  it("gives listed services their own rules and excludes them from the catalog-wide one", () => {
    expect(ruleById("service-error-rate-high-critical").query).toContain('job!~"checkout|payments|web\\\\.frontend"');
    expect(ruleById("service-error-rate-high-checkout-critical")).toMatchObject({ threshold: 0.02, team: "shop" });
    expect(ruleById("service-error-rate-high-checkout-warning")).toMatchObject({ threshold: 0.01, team: "shop" });
    expect(ruleById("service-error-rate-high-payments-warning").query).toContain('{__name__=~"http_server_request_duration(_seconds)?_count"');
  });

  it("applies environment thresholds, disables alerts and keeps LogQL rules on Grafana", () => {
    const tuned = buildAlertingModel({
      ...ALERTING,
      rules: [],
      defaultEngine: "grafana",
      catalog: {
        runbookBaseUrl: "https://runbooks.example.com",
        thresholds: { errorRate: { critical: null }, cpuSaturation: { warning: 0.8 } },
        disabled: ["PostgresDown", "PostgresConnectionsNearLimit"],
        engines: { ServiceErrorRateHigh: "prometheus" },
      },
    });
    const ids = tuned.rules.map((r) => r.id);
    expect(ids).not.toContain("service-error-rate-high-critical");
    expect(ids.filter((id) => id.startsWith("postgres"))).toEqual([]);
    expect(tuned.rules.find((r) => r.id === "container-cpu-saturated-warning")).toMatchObject({ threshold: 0.8, engine: "grafana" });
    expect(tuned.rules.find((r) => r.id === "service-error-rate-high-warning")?.engine).toBe("prometheus");
    expect(tuned.rules.filter((r) => r.language === "logql").map((r) => r.engine)).toEqual(["grafana", "grafana"]);
  });
});

/** An alert expected at the fixture's eval time: the rule that raises it, its series labels, its rendered `$value`. */
interface ExpectedAlert {
  readonly rule: string;
  readonly labels: Record<string, string>;
  readonly value?: string;
}

/** promtool unit test data for one built-in alert: series that make it fire, and series that must not. */
interface RuleFixture {
  readonly alert: CatalogAlert;
  readonly evalTime: string;
  readonly firing: { readonly series: Record<string, string>; readonly alerts: readonly ExpectedAlert[] };
  readonly quiet: Record<string, string>;
}

const api = { job: "api" };
const container = { namespace: "shop", pod: "api-1", container: "api" };

const FIXTURES: RuleFixture[] = [
  {
    alert: "ServiceErrorRateHigh",
    evalTime: "10m",
    firing: {
      series: {
        'starlette_requests_total{job="api", path_template="/"}': "0+100x20",
        'starlette_responses_total{job="api", path_template="/", status_code="200"}': "0+90x20",
        'starlette_responses_total{job="api", path_template="/", status_code="500"}': "0+10x20",
        'starlette_requests_total{job="checkout", path_template="/"}': "0+100x20",
        'starlette_responses_total{job="checkout", path_template="/", status_code="503"}': "0+3x20",
        'http_server_request_duration_seconds_count{job="payments", http_response_status_code="200"}': "0+98x20",
        'http_server_request_duration_seconds_count{job="payments", http_response_status_code="500"}': "0+2x20",
        'starlette_requests_total{job="search", path_template="/"}': "0+1000x20",
        'starlette_responses_total{job="search", path_template="/", status_code="500"}': "0+5x20",
        // on the second profile only (as the OpenTelemetry JS Prometheus exporter names it)
        'http_server_request_duration_count{job="orders", http_response_status_code="200"}': "0+80x20",
        'http_server_request_duration_count{job="orders", http_response_status_code="503"}': "0+20x20",
        // api also on the second profile (OTLP spelling, 50 % errors there): one alert per severity, not two
        'http_server_request_duration_seconds_count{job="api", http_response_status_code="200"}': "0+50x20",
        'http_server_request_duration_seconds_count{job="api", http_response_status_code="500"}': "0+50x20",
      },
      alerts: [
        { rule: "service-error-rate-high-critical", labels: api, value: "10%" },
        { rule: "service-error-rate-high-critical", labels: { job: "orders" }, value: "20%" },
        { rule: "service-error-rate-high-warning", labels: api, value: "10%" },
        { rule: "service-error-rate-high-warning", labels: { job: "orders" }, value: "20%" },
        { rule: "service-error-rate-high-checkout-critical", labels: { job: "checkout" }, value: "3%" },
        { rule: "service-error-rate-high-checkout-warning", labels: { job: "checkout" }, value: "3%" },
        { rule: "service-error-rate-high-payments-warning", labels: { job: "payments" }, value: "2%" },
      ],
    },
    quiet: {
      'starlette_requests_total{job="api", path_template="/"}': "0+1000x20",
      'starlette_responses_total{job="api", path_template="/", status_code="500"}': "0+5x20",
      'starlette_requests_total{job="checkout", path_template="/"}': "0+100x20",
    },
  },
  {
    alert: "ServiceLatencyHigh",
    evalTime: "15m",
    firing: {
      series: {
        'starlette_requests_processing_time_seconds_bucket{job="api", le="0.5"}': "0+10x20",
        'starlette_requests_processing_time_seconds_bucket{job="api", le="1"}': "0+20x20",
        'starlette_requests_processing_time_seconds_bucket{job="api", le="2.5"}': "0+100x20",
        'starlette_requests_processing_time_seconds_bucket{job="api", le="+Inf"}': "0+100x20",
        // api also on the second profile, faster there: one alert, not two
        'http_server_request_duration_seconds_bucket{job="api", le="0.5"}': "0+100x20",
        'http_server_request_duration_seconds_bucket{job="api", le="+Inf"}': "0+100x20",
        // on the second profile only
        'http_server_request_duration_bucket{job="orders", le="1"}': "0+10x20",
        'http_server_request_duration_bucket{job="orders", le="5"}': "0+100x20",
        'http_server_request_duration_bucket{job="orders", le="+Inf"}': "0+100x20",
      },
      alerts: [
        { rule: "service-latency-high-warning", labels: api, value: "2.406s" },
        { rule: "service-latency-high-warning", labels: { job: "orders" }, value: "4.778s" },
      ],
    },
    quiet: {
      'starlette_requests_processing_time_seconds_bucket{job="api", le="0.5"}': "0+99x20",
      'starlette_requests_processing_time_seconds_bucket{job="api", le="+Inf"}': "0+100x20",
    },
  },
  {
    alert: "ContainerCpuSaturated",
    evalTime: "25m",
    firing: {
      series: {
        'container_cpu_usage_seconds_total{namespace="shop", pod="api-1", container="api", job="kubelet"}': "0+57x30",
        'container_cpu_usage_seconds_total{namespace="shop", pod="api-1", container="POD", job="kubelet"}': "0+60x30",
        'kube_pod_container_resource_limits{namespace="shop", pod="api-1", container="api", resource="cpu", unit="core"}': "1x30",
        'kube_pod_container_resource_limits{namespace="shop", pod="api-1", container="api", resource="memory", unit="byte"}': "1000x30",
      },
      alerts: [{ rule: "container-cpu-saturated-warning", labels: container, value: "95%" }],
    },
    quiet: {
      'container_cpu_usage_seconds_total{namespace="shop", pod="api-1", container="api"}': "0+30x30",
      'kube_pod_container_resource_limits{namespace="shop", pod="api-1", container="api", resource="cpu"}': "1x30",
    },
  },
  {
    alert: "ContainerMemorySaturated",
    evalTime: "20m",
    firing: {
      series: {
        'container_memory_working_set_bytes{namespace="shop", pod="api-1", container="api"}': "950x30",
        'kube_pod_container_resource_limits{namespace="shop", pod="api-1", container="api", resource="memory"}': "1000x30",
        'container_memory_working_set_bytes{namespace="shop", pod="api-2", container="api"}': "980x30",
        'kube_pod_container_resource_limits{namespace="shop", pod="api-2", container="api", resource="memory"}': "1000x30",
      },
      alerts: [
        { rule: "container-memory-saturated-critical", labels: { ...container, pod: "api-2" }, value: "98%" },
        { rule: "container-memory-saturated-warning", labels: container, value: "95%" },
        { rule: "container-memory-saturated-warning", labels: { ...container, pod: "api-2" }, value: "98%" },
      ],
    },
    quiet: {
      'container_memory_working_set_bytes{namespace="shop", pod="api-1", container="api"}': "500x30",
      'kube_pod_container_resource_limits{namespace="shop", pod="api-1", container="api", resource="memory"}': "1000x30",
      'container_memory_working_set_bytes{namespace="shop", pod="no-limit", container="api"}': "5000x30",
    },
  },
  {
    alert: "NodeCpuSaturated",
    evalTime: "25m",
    firing: {
      series: {
        'node_cpu_seconds_total{instance="node-1", cpu="0", mode="idle"}': "0+3x30",
        'node_cpu_seconds_total{instance="node-1", cpu="1", mode="idle"}': "0+3x30",
        'node_cpu_seconds_total{instance="node-1", cpu="0", mode="user"}': "0+57x30",
      },
      alerts: [{ rule: "node-cpu-saturated-warning", labels: { instance: "node-1" }, value: "95%" }],
    },
    quiet: { 'node_cpu_seconds_total{instance="node-1", cpu="0", mode="idle"}': "0+30x30" },
  },
  {
    alert: "NodeMemorySaturated",
    evalTime: "20m",
    firing: {
      series: {
        'node_memory_MemAvailable_bytes{instance="node-1", job="node-exporter"}': "50x30",
        'node_memory_MemTotal_bytes{instance="node-1", job="node-exporter"}': "1000x30",
        'node_memory_MemAvailable_bytes{instance="node-2", job="node-exporter"}': "20x30",
        'node_memory_MemTotal_bytes{instance="node-2", job="node-exporter"}': "1000x30",
      },
      alerts: [
        { rule: "node-memory-saturated-critical", labels: { instance: "node-2", job: "node-exporter" }, value: "98%" },
        { rule: "node-memory-saturated-warning", labels: { instance: "node-1", job: "node-exporter" }, value: "95%" },
        { rule: "node-memory-saturated-warning", labels: { instance: "node-2", job: "node-exporter" }, value: "98%" },
      ],
    },
    quiet: {
      'node_memory_MemAvailable_bytes{instance="node-1", job="node-exporter"}': "600x30",
      'node_memory_MemTotal_bytes{instance="node-1", job="node-exporter"}': "1000x30",
    },
  },
  {
    alert: "PodCrashLooping",
    evalTime: "20m",
    firing: {
      series: {
        'kube_pod_container_status_waiting_reason{namespace="shop", pod="api-1", container="api", reason="CrashLoopBackOff", job="kube-state-metrics"}':
          "1x30",
      },
      alerts: [{ rule: "pod-crash-looping-warning", labels: container }],
    },
    quiet: {
      'kube_pod_container_status_waiting_reason{namespace="shop", pod="api-1", container="api", reason="ContainerCreating"}': "1x30",
      'kube_pod_container_status_waiting_reason{namespace="shop", pod="api-2", container="api", reason="CrashLoopBackOff"}': "1x10 0x20",
    },
  },
  {
    alert: "PodRestartingFrequently",
    evalTime: "20m",
    firing: {
      series: { 'kube_pod_container_status_restarts_total{namespace="shop", pod="api-1", container="api", job="kube-state-metrics"}': "0+1x30" },
      alerts: [{ rule: "pod-restarting-frequently-warning", labels: container, value: "15" }],
    },
    quiet: { 'kube_pod_container_status_restarts_total{namespace="shop", pod="api-1", container="api"}': "0+1x5 5x25" },
  },
  {
    alert: "TargetDown",
    evalTime: "10m",
    firing: {
      series: { 'up{job="api", instance="10.0.0.1:8000", namespace="shop"}': "0x15", 'up{job="api", instance="10.0.0.2:8000", namespace="shop"}': "1x15" },
      alerts: [{ rule: "target-down", labels: { job: "api", instance: "10.0.0.1:8000", namespace: "shop" } }],
    },
    quiet: { 'up{job="api", instance="10.0.0.1:8000"}': "1x5 0x2 1x8" },
  },
  {
    // one collector pod crash-looping (scraped, down), the other gone (no target at all): none left to receive telemetry
    alert: "CollectorDown",
    evalTime: "10m",
    firing: {
      series: {
        'up{job="opentelemetry-collector", instance="10.0.0.7:8888", namespace="monitoring"}': "0x15",
        'up{job="opentelemetry-collector", instance="10.0.0.8:8888", namespace="monitoring"}': "1x2 stale",
        'up{job="loki", instance="10.0.0.9:3100", namespace="monitoring"}': "1x15",
      },
      alerts: [{ rule: "collector-down", labels: {} }],
    },
    // one of two pods down is TargetDown's; the collector still receives
    quiet: {
      'up{job="opentelemetry-collector", instance="10.0.0.7:8888", namespace="monitoring"}': "0x15",
      'up{job="opentelemetry-collector", instance="10.0.0.8:8888", namespace="monitoring"}': "1x15",
    },
  },
  {
    alert: "PostgresDown",
    evalTime: "5m",
    firing: {
      series: { 'pg_up{job="postgres-exporter", instance="10.0.0.5:9187", namespace="db"}': "0x10" },
      alerts: [{ rule: "postgres-down", labels: { job: "postgres-exporter", instance: "10.0.0.5:9187", namespace: "db" } }],
    },
    quiet: { 'pg_up{job="postgres-exporter", instance="10.0.0.5:9187", namespace="db"}': "1x10" },
  },
  {
    alert: "PostgresConnectionsNearLimit",
    evalTime: "10m",
    firing: {
      series: {
        'pg_stat_database_numbackends{job="pg", instance="a:9187", namespace="db", datname="app"}': "80x15",
        'pg_stat_database_numbackends{job="pg", instance="a:9187", namespace="db", datname="postgres"}': "5x15",
        'pg_settings_max_connections{job="pg", instance="a:9187", namespace="db"}': "100x15",
        'pg_stat_database_numbackends{job="pg", instance="b:9187", namespace="db", datname="app"}': "95x15",
        'pg_settings_max_connections{job="pg", instance="b:9187", namespace="db"}': "100x15",
      },
      alerts: [
        { rule: "postgres-connections-near-limit-critical", labels: { job: "pg", instance: "b:9187", namespace: "db" }, value: "95%" },
        { rule: "postgres-connections-near-limit-warning", labels: { job: "pg", instance: "a:9187", namespace: "db" }, value: "85%" },
        { rule: "postgres-connections-near-limit-warning", labels: { job: "pg", instance: "b:9187", namespace: "db" }, value: "95%" },
      ],
    },
    quiet: {
      'pg_stat_database_numbackends{job="pg", instance="a:9187", namespace="db", datname="app"}': "40x15",
      'pg_settings_max_connections{job="pg", instance="a:9187", namespace="db"}': "100x15",
    },
  },
  {
    alert: "LokiIngestionFailing",
    evalTime: "15m",
    firing: {
      series: {
        'loki_request_duration_seconds_count{namespace="loki", job="loki/loki", route="loki_api_v1_push", status_code="204"}': "0+90x20",
        'loki_request_duration_seconds_count{namespace="loki", job="loki/loki", route="loki_api_v1_push", status_code="500"}': "0+6x20",
        'loki_request_duration_seconds_count{namespace="loki", job="loki/loki", route="loki_api_v1_push", status_code="429"}': "0+4x20",
        'loki_request_duration_seconds_count{namespace="loki", job="loki/loki", route="loki_api_v1_query_range", status_code="500"}': "0+50x20",
      },
      alerts: [{ rule: "loki-ingestion-failing-warning", labels: { namespace: "loki", job: "loki/loki" }, value: "10%" }],
    },
    quiet: {
      'loki_request_duration_seconds_count{namespace="loki", job="loki/loki", route="loki_api_v1_push", status_code="204"}': "0+99x20",
      'loki_request_duration_seconds_count{namespace="loki", job="loki/loki", route="loki_api_v1_push", status_code="500"}': "0+1x20",
    },
  },
  {
    alert: "LogShippingFailing",
    evalTime: "15m",
    firing: {
      series: { 'loki_write_dropped_entries_total{namespace="monitoring", pod="alloy-x1", reason="ingester_error"}': "0+60x20" },
      alerts: [{ rule: "log-shipping-failing-warning", labels: { namespace: "monitoring", pod: "alloy-x1" }, value: "1" }],
    },
    quiet: { 'loki_write_dropped_entries_total{namespace="monitoring", pod="alloy-x1"}': "7x20" },
  },
  {
    alert: "CollectorExportFailing",
    evalTime: "15m",
    firing: {
      series: {
        'otelcol_exporter_send_failed_spans_total{namespace="monitoring", job="otel-collector", exporter="otlp/jaeger"}': "0+120x20",
        'otelcol_exporter_sent_spans_total{namespace="monitoring", job="otel-collector", exporter="otlp/jaeger"}': "0+1000x20",
        // Loki refusing OTLP logs (a 400 for too many labels) fails the log exporter
        'otelcol_exporter_send_failed_log_records_total{namespace="monitoring", job="otel-collector", exporter="otlp_http/loki"}': "0+30x20",
      },
      alerts: [
        { rule: "collector-export-failing-warning", labels: { namespace: "monitoring", job: "otel-collector", exporter: "otlp/jaeger" }, value: "2" },
        { rule: "collector-export-failing-warning", labels: { namespace: "monitoring", job: "otel-collector", exporter: "otlp_http/loki" }, value: "500m" },
      ],
    },
    quiet: { 'otelcol_exporter_send_failed_log_records_total{namespace="monitoring", job="otel-collector", exporter="loki"}': "3x20" },
  },
  {
    alert: "LokiDiscardingLogs",
    evalTime: "15m",
    firing: {
      series: {
        'loki_discarded_samples_total{namespace="monitoring", job="loki", tenant="platform", reason="max_label_names_per_series", retention_hours="744", policy="", format="otlp"}': "0+60x20",
        'loki_discarded_samples_total{namespace="monitoring", job="loki", tenant="platform", reason="rate_limited", retention_hours="744", policy="", format="loki"}': "0+0x20",
      },
      alerts: [
        { rule: "loki-discarding-logs-warning", labels: { namespace: "monitoring", job: "loki", tenant: "platform", reason: "max_label_names_per_series" }, value: "1" },
      ],
    },
    quiet: { 'loki_discarded_samples_total{namespace="monitoring", job="loki", tenant="platform", reason="line_too_long"}': "12x20" },
  },
];

/** The annotation as Prometheus renders it: `{{ $labels.x }}` from the alert's labels, any `{{ $value … }}` as given. */
function rendered(template: string, labels: Record<string, string>, value: string | undefined): string {
  return template.replace(/\{\{\s*(.*?)\s*\}\}/g, (_all, action: string) => {
    const label = /^\$labels\.(\w+)$/.exec(action);
    if (label) {
      if (!(label[1] in labels)) throw new Error(`fixture lacks label ${label[1]} for ${template}`);
      return labels[label[1]];
    }
    if (action.includes("$value") && value !== undefined) return value;
    throw new Error(`fixture cannot render {{ ${action} }} in ${template}`);
  });
}

function expectedAlert(expected: ExpectedAlert) {
  const rule = ruleById(expected.rule);
  const templated = { ...alertLabels(rule), ...expected.labels };
  const labels = Object.fromEntries(Object.entries(templated).map(([k, v]) => [k, rendered(v, expected.labels, undefined)]));
  return {
    exp_labels: labels,
    exp_annotations: Object.fromEntries(Object.entries(alertAnnotations(rule)).map(([k, v]) => [k, rendered(v, labels, expected.value)])),
  };
}

const inputSeries = (series: Record<string, string>) => Object.entries(series).map(([name, values]) => ({ series: name, values }));

describeWithTools(["promtool"], "Prometheus rules checked by promtool", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "prometheus-rules-"));
    writeFileSync(join(dir, "rules.yml"), stringify({ groups: Object.values(rulesMap).flatMap((entry) => entry.groups) }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(rulesMap))("rule set %s passes promtool check rules", (name) => {
    const file = join(dir, `check-${name}.yml`);
    writeFileSync(file, stringify(rulesMap[name]));
    const result = runTool("promtool", ["check", "rules", file]);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
  });

  it("has a promtool unit test for every built-in PromQL alert", () => {
    const builtIn = new Set(model.rules.filter((r) => r.engine === "prometheus" && r.group !== "shop").map((r) => r.name));
    expect([...builtIn].sort()).toEqual(FIXTURES.map((f) => f.alert).sort());
  });

  it.each(FIXTURES)("$alert fires with its labels and annotations, and stays quiet otherwise", (fixture) => {
    const test = {
      rule_files: ["rules.yml"],
      evaluation_interval: "1m",
      tests: [
        {
          name: `${fixture.alert} fires`,
          interval: "1m",
          input_series: inputSeries(fixture.firing.series),
          alert_rule_test: [{ eval_time: fixture.evalTime, alertname: fixture.alert, exp_alerts: fixture.firing.alerts.map(expectedAlert) }],
        },
        {
          name: `${fixture.alert} stays quiet`,
          interval: "1m",
          input_series: inputSeries(fixture.quiet),
          alert_rule_test: [{ eval_time: fixture.evalTime, alertname: fixture.alert, exp_alerts: [] }],
        },
      ],
    };
    const file = join(dir, `test-${fixture.alert}.yml`);
    writeFileSync(file, stringify(test));
    const result = runTool("promtool", ["test", "rules", file], { cwd: dir });
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
  });

  it("fails a promtool unit test whose expected labels are wrong (the tests can fail)", () => {
    const fixture = FIXTURES[0];
    const wrong = { ...expectedAlert(fixture.firing.alerts[0]) };
    wrong.exp_labels = { ...wrong.exp_labels, team: "nobody" };
    const file = join(dir, "test-wrong.yml");
    writeFileSync(
      file,
      stringify({
        rule_files: ["rules.yml"],
        tests: [
          {
            interval: "1m",
            input_series: inputSeries(fixture.firing.series),
            alert_rule_test: [{ eval_time: fixture.evalTime, alertname: fixture.alert, exp_alerts: [wrong] }],
          },
        ],
      }),
    );
    const result = runTool("promtool", ["test", "rules", file], { cwd: dir });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("nobody");
  });
});
