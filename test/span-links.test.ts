import { Testing } from "cdktf";
import { OtelCollector } from "../constructs/otel-collector";
import { datasourcesSchema, DatasourcesInput, jaegerJsonData } from "../src/grafana/datasources";
import { POD_LOG_LABELS, POD_LOG_RELABEL_RULES } from "../src/logs/alloy-config";
import { ScrapeConfig } from "../src/metrics/annotation-scrape-configs";
import { RED_PROFILES, RedProfileName } from "../src/metrics/red-profiles";
import { toPrometheusRelabelConfig } from "../src/metrics/relabel-rule";
import { afterPipeline, APP_RESOURCE, Labels } from "./helpers/otlp-resource";
import { relabel } from "./helpers/relabel";
import { logqlSelects, promqlReads, promqlSelects, renderLogsLinkSelector, renderSpanQuery, spanFromJaeger } from "./helpers/span-links";

/*
 * A span's "Metrics" and "Logs for this span" links, rendered the way Grafana renders them
 * for a span it read from Jaeger (see helpers/span-links.ts), must select the telemetry of
 * that span's service as it really is labelled, and no other service's.
 */

const ENDPOINTS: DatasourcesInput = {
  prometheus: { url: "http://kube-prometheus-stack-prometheus.monitoring:9090" },
  loki: { url: "http://loki-gateway.monitoring" },
  jaeger: { url: "http://jaeger-query.monitoring:16686" },
  alertmanager: { url: "http://kube-prometheus-stack-alertmanager.monitoring:9093" },
};

/** The collector's configuration, span metrics on (every pipeline present). */
const collectorConfig = (() => {
  let collector!: OtelCollector;
  Testing.synthScope(
    (scope) =>
      (collector = new OtelCollector(scope, "otel", {
        namespace: "monitoring",
        traces: { endpoint: "jaeger.monitoring.svc:4317" },
        metrics: { protocol: "remote-write", urls: ["http://prometheus-operated.monitoring.svc:9090/api/v1/write"] },
        logs: { endpoint: "http://loki-gateway.monitoring.svc/otlp" },
        spanMetrics: {},
      })),
  );
  return (collector.chart.values as any).config;
})();

/** A span of `resource`'s service, as Grafana gets it from Jaeger after the collector's traces pipeline. */
const spanOf = (resource: Labels) => spanFromJaeger(afterPipeline(collectorConfig, "traces", resource));

/** The `job` Prometheus gives OTLP metrics (collector remote write, OTLP receiver): `<service.namespace>/<service.name>`. */
const otlpJob = (resource: Labels) => (resource["service.namespace"] ? `${resource["service.namespace"]}/${resource["service.name"]}` : resource["service.name"]);

/**
 * Each profile's metric names as Prometheus stores them, how they name their service, for a
 * service of this resource, and the labels of a failed request's series (status as the
 * library writes it, a bucket bound).
 */
const SERIES: Record<RedProfileName, { metrics: readonly string[]; service: (resource: Labels) => Labels; request: Labels }> = {
  // SDK → collector → Prometheus
  "otel-http": {
    metrics: ["http_server_request_duration_seconds_count", "http_server_request_duration_seconds_bucket"],
    service: (r) => ({ job: otlpJob(r) }),
    request: { http_response_status_code: "503", le: "0.25" },
  },
  // scraped by Prometheus: the job is the scrape target's service
  "starlette-prometheus": {
    metrics: ["starlette_requests_total", "starlette_responses_total", "starlette_requests_processing_time_seconds_bucket"],
    service: (r) => ({ job: r["service.name"] }),
    request: { status_code: "503", le: "0.25" },
  },
  "prometheus-fastapi-instrumentator": {
    metrics: ["http_requests_total", "http_request_duration_highr_seconds_bucket"],
    service: (r) => ({ job: r["service.name"] }),
    request: { status: "5xx", le: "0.25" },
  },
  // computed by the collector's span_metrics connector, pushed like other OTLP metrics
  "otel-span-metrics": {
    metrics: ["traces_span_metrics_calls_total", "traces_span_metrics_duration_seconds_bucket"],
    service: (r) => ({ service_name: r["service.name"], job: otlpJob(r) }),
    request: { status_code: "STATUS_CODE_ERROR", span_kind: "SPAN_KIND_SERVER", le: "0.25" },
  },
};

const WITHOUT_NAMESPACE: Labels = Object.fromEntries(Object.entries(APP_RESOURCE).filter(([name]) => name !== "service.namespace"));
const OTHER_SERVICES = ["cart", "checkout-worker"].map((name) => ({ ...APP_RESOURCE, "service.name": name }));

describe("trace → metrics links (Jaeger tracesToMetrics)", () => {
  describe.each(Object.keys(RED_PROFILES) as RedProfileName[])("RED profile %s", (profileName) => {
    const { tracesToMetrics } = jaegerJsonData(datasourcesSchema().parse({ ...ENDPOINTS, correlations: { redProfiles: [profileName] } }));
    const { metrics, service, request } = SERIES[profileName];
    const seriesOf = (resource: Labels) => metrics.map((name) => ({ __name__: name, ...service(resource), ...request }));

    it.each(tracesToMetrics.queries.map((q) => [q.name, q.query]))("%s: selects the span's service, with or without a service namespace", (_, query) => {
      for (const resource of [APP_RESOURCE, WITHOUT_NAMESPACE]) {
        const rendered = renderSpanQuery(query, spanOf(resource));
        const read = seriesOf(resource).filter((series) => promqlReads(query, series.__name__));
        expect(read).not.toEqual([]);
        for (const series of read) expect({ rendered, series, selected: promqlSelects(rendered, series) }).toMatchObject({ selected: true });
      }
    });

    it.each(tracesToMetrics.queries.map((q) => [q.name, q.query]))("%s: selects no other service", (_, query) => {
      const rendered = renderSpanQuery(query, spanOf(APP_RESOURCE));
      for (const other of OTHER_SERVICES) {
        expect(seriesOf(other).filter((series) => promqlSelects(rendered, series))).toEqual([]);
      }
    });

    it.each(tracesToMetrics.queries.map((q) => [q.name, q.query]))("%s: selects nothing for a span that bypassed the collector (no service tag)", (_, query) => {
      const rendered = renderSpanQuery(query, spanFromJaeger(APP_RESOURCE));
      for (const resource of [APP_RESOURCE, ...OTHER_SERVICES]) {
        expect(seriesOf(resource).filter((series) => promqlSelects(rendered, series))).toEqual([]);
      }
    });
  });
});

describe("trace → logs link (Jaeger tracesToLogsV2)", () => {
  const { tracesToLogsV2 } = jaegerJsonData(datasourcesSchema().parse(ENDPOINTS));
  const span = spanOf(APP_RESOURCE);

  /** The agent's stream of a pod's stdout: its discovery labels relabelled, `stream` from CRI, `service_name` Loki discovers (app, else container). */
  const podStream = (pod: string, appLabel: string): Labels => {
    const discovered = relabel({ relabel_configs: POD_LOG_RELABEL_RULES.map(toPrometheusRelabelConfig) } as unknown as ScrapeConfig, {
      __meta_kubernetes_namespace: "shop",
      __meta_kubernetes_pod_name: pod,
      __meta_kubernetes_pod_container_name: "checkout",
      __meta_kubernetes_pod_label_app_kubernetes_io_name: appLabel,
      __meta_kubernetes_pod_node_name: "node-1",
      __meta_kubernetes_pod_uid: "1f6b2c3d-0000-4000-8000-000000000001",
    })!;
    const labels: Labels = { ...Object.fromEntries(POD_LOG_LABELS.filter((name) => discovered[name]).map((name) => [name, discovered[name]])), stream: "stdout" };
    return { ...labels, service_name: labels.app ?? labels.container };
  };
  /** The OTLP stream of a service's logs: the labels the collector copies for Loki to index, and `service_name` from `service.name`. */
  const otlpStream = (resource: Labels): Labels => {
    const after = afterPipeline(collectorConfig, "logs", resource);
    return { ...Object.fromEntries(POD_LOG_LABELS.filter((name) => after[name]).map((name) => [name, after[name]])), service_name: resource["service.name"] };
  };

  it("maps only attributes a span read from Jaeger has (Jaeger keeps service.name as no tag)", () => {
    for (const { key } of tracesToLogsV2.tags) expect({ key, present: key in span.tags }).toEqual({ key, present: true });
  });

  it("selects the span's pod's stdout and its OTLP logs, also when the pod's app label is not the service name", () => {
    const selector = renderLogsLinkSelector(span, tracesToLogsV2.tags)!;
    expect(selector).toBeDefined();
    for (const stream of [podStream(APP_RESOURCE["k8s.pod.name"], "checkout"), podStream(APP_RESOURCE["k8s.pod.name"], "shop-checkout-api"), otlpStream(APP_RESOURCE)]) {
      expect({ stream, selected: logqlSelects(selector, stream) }).toMatchObject({ selected: true });
    }
  });

  it("selects no other pod's logs", () => {
    const selector = renderLogsLinkSelector(span, tracesToLogsV2.tags)!;
    const cart = { ...APP_RESOURCE, "service.name": "cart", "k8s.pod.name": "cart-5f6d7-abcde" };
    for (const stream of [podStream(cart["k8s.pod.name"], "cart"), otlpStream(cart)]) expect({ stream, selected: logqlSelects(selector, stream) }).toMatchObject({ selected: false });
  });

  it("renders no link for a span without Kubernetes metadata, rather than one over every stream", () => {
    const bare = spanOf(Object.fromEntries(Object.entries(APP_RESOURCE).filter(([name]) => !name.startsWith("k8s."))));
    expect(renderLogsLinkSelector(bare, tracesToLogsV2.tags)).toBeUndefined();
  });
});
