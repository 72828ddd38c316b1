import { Testing } from "cdktf";
import { OtelCollector, OtelCollectorProps } from "../constructs/otel-collector";
import { CHARTS } from "../src/helm/charts";
import { mergeValues, Values } from "../src/helm/values";
import { COLLECTOR_COMPONENTS as C, SPAN_METRICS_RED_PROFILE } from "../src/traces/otel-collector-config";
import { COLLECTOR_JOB } from "../src/traces/otel-collector-values";
import { documentsByConcern } from "./helpers/release-values";
import { chartDefaults, chartSchemaErrors, unknownChartKeys } from "./helpers/chart-values";
import { pipelineWiringProblems } from "./helpers/collector-pipelines";
import { renderHelmTpl } from "./helpers/helm-tpl";
import { describeWithShared } from "./helpers/shared-dir";
import { configErrorOf } from "./helpers/config-error";

/** What the lead's facade passes: the Jaeger, Prometheus and Loki endpoints as plain props. */
const REPLICA_0 = "http://prometheus-kube-prometheus-stack-prometheus-0.prometheus-operated.monitoring.svc:9090";
const REPLICA_1 = "http://prometheus-kube-prometheus-stack-prometheus-1.prometheus-operated.monitoring.svc:9090";
const DESTINATIONS: Pick<OtelCollectorProps, "namespace" | "traces" | "metrics" | "logs"> = {
  namespace: "monitoring",
  traces: { endpoint: "jaeger.monitoring.svc:4317" },
  metrics: { protocol: "remote-write", urls: [`${REPLICA_0}/api/v1/write`] },
  logs: { endpoint: "http://loki-gateway.monitoring.svc/otlp" },
};

function build(props: Partial<OtelCollectorProps> = {}) {
  let collector!: OtelCollector;
  const out = JSON.parse(Testing.synthScope((scope) => (collector = new OtelCollector(scope, "otel", { ...DESTINATIONS, ...props }))));
  const release = Object.values(out.resource.helm_release as Record<string, any>)[0];
  return { collector, release, values: collector.chart.values as any, config: (collector.chart.values as any).config };
}

const errorOf = (props: Partial<OtelCollectorProps>) => configErrorOf(() => build(props)).message;

describe("OtelCollector", () => {
  it("exposes its OTLP endpoints, computed from the release name and namespace", () => {
    const { collector, release } = build();
    expect(collector.serviceName).toBe("opentelemetry-collector");
    expect(collector.otlpGrpcEndpoint).toBe("opentelemetry-collector.monitoring.svc:4317");
    expect(collector.otlpHttpEndpoint).toBe("http://opentelemetry-collector.monitoring.svc:4318");
    expect(collector.podSelector).toEqual({ "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": "opentelemetry-collector" });
    expect(release).toMatchObject({ name: "opentelemetry-collector", namespace: "monitoring", version: CHARTS.otelCollector.version });
  });

  it("follows the chart's fullname rule for other release names", () => {
    expect(build({ releaseName: "otel" }).collector.serviceName).toBe("otel-opentelemetry-collector");
    expect(build({ releaseName: "gw-opentelemetry-collector" }).collector.serviceName).toBe("gw-opentelemetry-collector");
  });

  it("gives applications the OTLP endpoint and W3C Trace Context + Baggage propagation", () => {
    expect(build().collector.appEnvironment).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://opentelemetry-collector.monitoring.svc:4318",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_PROPAGATORS: "tracecontext,baggage",
    });
  });

  it("runs the contrib image as a deployment", () => {
    const { values } = build({ replicas: 2 });
    expect(values).toMatchObject({ mode: "deployment", image: { repository: "otel/opentelemetry-collector-contrib" }, replicaCount: 2 });
    expect(values.podDisruptionBudget).toEqual({ enabled: true, maxUnavailable: 1 });
    expect(build().values.podDisruptionBudget).toBeUndefined();
  });

  it("scales with an HPA on CPU when asked", () => {
    const { values } = build({ autoscaling: { minReplicas: 2, maxReplicas: 6 } });
    expect(values.autoscaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 80 });
    expect(values.replicaCount).toBe(2);
  });

  it("exports traces to Jaeger over plaintext OTLP gRPC, logs to Loki over OTLP/HTTP, metrics by remote write", () => {
    const { config } = build();
    expect(config.exporters[C.jaegerExporter]).toEqual({ endpoint: "jaeger.monitoring.svc:4317", tls: { insecure: true } });
    expect(config.exporters[C.lokiExporter]).toEqual({ endpoint: "http://loki-gateway.monitoring.svc/otlp" });
    expect(config.exporters[C.remoteWriteExporter]).toEqual({ endpoint: `${REPLICA_0}/api/v1/write` });
    expect(config.service.pipelines.traces.exporters).toEqual([C.jaegerExporter]);
    expect(config.service.pipelines.metrics.exporters).toEqual([C.remoteWriteExporter]);
    expect(config.service.pipelines.logs.exporters).toEqual([C.lokiExporter]);
  });

  it("sends metrics to Prometheus' OTLP receiver instead when asked", () => {
    const { config } = build({ metrics: { protocol: "otlp", endpoints: [`${REPLICA_0}/api/v1/otlp`] } });
    expect(config.exporters).not.toHaveProperty(C.remoteWriteExporter);
    expect(config.exporters[C.prometheusOtlpExporter]).toEqual({ endpoint: `${REPLICA_0}/api/v1/otlp` });
    expect(config.service.pipelines.metrics.exporters).toEqual([C.prometheusOtlpExporter]);
  });

  it("sends every sample to every Prometheus replica of an HA pair, one exporter each", () => {
    const { config } = build({ metrics: { protocol: "remote-write", urls: [`${REPLICA_0}/api/v1/write`, `${REPLICA_1}/api/v1/write`] }, spanMetrics: {} });
    const exporters = [`${C.remoteWriteExporter}/0`, `${C.remoteWriteExporter}/1`];
    expect(exporters.map((id) => config.exporters[id].endpoint)).toEqual([`${REPLICA_0}/api/v1/write`, `${REPLICA_1}/api/v1/write`]);
    expect(config.service.pipelines.metrics.exporters).toEqual(exporters);
    expect(config.service.pipelines["metrics/span_metrics"].exporters).toEqual(exporters);
  });

  it("gives OTLP logs the pod-log labels (namespace, pod…) from the metadata k8s_attributes found", () => {
    const { config } = build();
    expect(config.service.pipelines.logs.processors).toEqual(["memory_limiter", "k8s_attributes", C.logLabels, "batch"]);
    expect(config.processors[C.logLabels].attributes).toContainEqual({ key: "namespace", from_attribute: "k8s.namespace.name", action: "upsert" });
    expect(config.processors[C.logLabels].attributes).toContainEqual({ key: "app", from_attribute: "service.name", action: "upsert" });
  });

  it("labels OTLP logs stream otlp, with the static labels given (the log agent's), and none by default", () => {
    const { config } = build({ logs: { ...DESTINATIONS.logs, labels: { cluster: "eu-1", environment: "prod" } } });
    const statics = (c: any) => c.processors[C.logLabels].attributes.filter((a: any) => "value" in a);
    expect(statics(config)).toEqual([
      { key: "stream", value: "otlp", action: "upsert" },
      { key: "cluster", value: "eu-1", action: "upsert" },
      { key: "environment", value: "prod", action: "upsert" },
    ]);
    expect(statics(build().config)).toEqual([{ key: "stream", value: "otlp", action: "upsert" }]);
  });

  it("keeps a static log label's value as given through the chart's tpl pass over config", () => {
    const { config } = build({ logs: { ...DESTINATIONS.logs, labels: { team: 'a {{ .Values.mode }} "}}' } } });
    const team = config.processors[C.logLabels].attributes.find((a: any) => a.key === "team");
    expect(renderHelmTpl(team.value)).toBe('a {{ .Values.mode }} "}}');
  });

  it("keeps a static log label's value literal through the collector's own ${…} expansion", () => {
    const given = "cost-${env:HOME}-$center";
    const { config } = build({ logs: { ...DESTINATIONS.logs, labels: { team: given } } });
    const loaded = renderHelmTpl(config.processors[C.logLabels].attributes.find((a: any) => a.key === "team").value);
    // the collector expands ${…} and turns $$ into $ when it loads its config
    expect(loaded.replaceAll("$$", "")).not.toContain("${");
    expect(loaded.replaceAll("$$", "$")).toBe(given);
  });

  it("sends the Loki tenant as X-Scope-OrgID only when one is given", () => {
    const { config } = build({ logs: { endpoint: DESTINATIONS.logs.endpoint, tenantId: "platform" } });
    expect(config.exporters[C.lokiExporter].headers).toEqual({ "X-Scope-OrgID": "platform" });
    expect(build().config.exporters[C.lokiExporter]).not.toHaveProperty("headers");
  });

  it("limits memory first, then adds Kubernetes metadata, then batches, in every pipeline", () => {
    const { config, values } = build();
    for (const pipeline of Object.values(config.service.pipelines) as any[]) {
      expect(pipeline.processors.filter((p: string) => p !== C.logLabels && p !== C.spanServiceName)).toEqual(["memory_limiter", "k8s_attributes", "batch"]);
    }
    expect(values.presets.kubernetesAttributes).toEqual({ enabled: true });
  });

  it("gives spans their service name as a resource attribute Jaeger keeps as a tag (it makes service.name the process name)", () => {
    const { config } = build();
    expect(config.service.pipelines.traces.processors).toContain(C.spanServiceName);
    expect(config.processors[C.spanServiceName]).toEqual({ attributes: [{ key: "service_name", from_attribute: "service.name", action: "upsert" }] });
    expect(config.service.pipelines.metrics.processors).not.toContain(C.spanServiceName);
  });

  it("drops the chart's debug exporter and non-OTLP receivers, and closes their ports", () => {
    const { config, values } = build();
    expect(config.exporters.debug).toBeNull();
    expect(config.receivers).toEqual({ jaeger: null, zipkin: null });
    expect(values.ports).toEqual({
      "jaeger-compact": { enabled: false },
      "jaeger-thrift": { enabled: false },
      "jaeger-grpc": { enabled: false },
      zipkin: { enabled: false },
    });
  });

  it("derives RED metrics from spans: the connector is exported to by traces and received by metrics", () => {
    const { config, collector } = build({ spanMetrics: { dimensions: ["http.request.method"] } });
    expect(config.connectors[C.spanMetrics]).toEqual({
      namespace: "traces.span.metrics",
      histogram: { unit: "s" },
      dimensions: [{ name: "http.request.method" }],
      exemplars: { enabled: true },
    });
    expect(config.service.pipelines.traces.exporters).toEqual([C.jaegerExporter, C.spanMetrics]);
    // their own pipeline labels each series with the collector pod that counted it, so replicas' counters never mix
    expect(config.service.pipelines["metrics/span_metrics"]).toEqual({
      receivers: [C.spanMetrics],
      processors: ["memory_limiter", C.collectorInstance, "batch"],
      exporters: [C.remoteWriteExporter],
    });
    expect(config.processors[C.collectorInstance]).toEqual({ actions: [{ key: "otel_collector", value: "${env:MY_POD_IP}", action: "upsert" }] });
    expect(config.service.pipelines.metrics.receivers).not.toContain(C.spanMetrics);
    expect(config.service.pipelines.logs.receivers).not.toContain(C.spanMetrics);
    expect(collector.spanMetrics).toBe(SPAN_METRICS_RED_PROFILE);
    expect(SPAN_METRICS_RED_PROFILE.durationBucket).toBe("traces_span_metrics_duration_seconds_bucket");
  });

  it("is scraped through the chart's ServiceMonitor when asked, under one job whatever the release name, instead of pushing its own metrics", () => {
    const { values, config } = build({ selfMonitoring: true, releaseName: "otel" });
    expect(values.ports.metrics).toEqual({ enabled: true });
    expect(values.serviceMonitor).toEqual({ enabled: true, relabelings: [{ action: "replace", targetLabel: "job", replacement: COLLECTOR_JOB }] });
    // scraped by Prometheus, so a dead collector shows as down; pushing them too would store every series twice
    expect(config.receivers.prometheus).toBeNull();
    expect(config.service.pipelines.metrics.receivers).toEqual(["otlp"]);
  });

  it("pushes its own metrics through its pipeline, with no ServiceMonitor, unless asked (it needs the operator's CRDs)", () => {
    const { values, config } = build();
    expect(values.serviceMonitor).toBeUndefined();
    expect(values.ports.metrics).toBeUndefined();
    expect(config.receivers).not.toHaveProperty("prometheus");
    expect(config.service.pipelines.metrics.receivers).toEqual(["otlp", "prometheus"]);
  });

  it("leaves span metrics out unless asked", () => {
    const { config, collector } = build();
    expect(config).not.toHaveProperty("connectors");
    expect(config.service.pipelines.metrics.receivers).toEqual(["otlp", "prometheus"]);
    expect(collector.spanMetrics).toBeUndefined();
  });

  it("renders one sorted document per concern, with nothing Terraform would interpolate", () => {
    const { collector, release } = build({ values: { extraEnvs: [{ name: "X", value: "${env:HOME}" }] } });
    expect(Object.keys(documentsByConcern(collector.chart, release))).toEqual([
      "opentelemetry-collector: deployment",
      "opentelemetry-collector: ports and presets",
      "opentelemetry-collector: pipelines",
      "overrides",
    ]);
    expect(release.values.join("\n")).not.toMatch(/(?<!\$)\$\{/);
  });

  it("leaves nothing for the chart's tpl pass over config to evaluate", () => {
    const { release } = build({ logs: { endpoint: DESTINATIONS.logs.endpoint, tenantId: "team-a_(prod)" }, spanMetrics: {} });
    expect(release.values.join("\n")).not.toContain("{{");
  });

  describe("rejects", () => {
    it("a traces endpoint that is not host:port", () => {
      expect(errorOf({ traces: { endpoint: "http://jaeger:4317" } })).toBe(
        "stack/otel: traces.endpoint: must be host:port without a scheme, e.g. jaeger.monitoring.svc:4317",
      );
      expect(errorOf({ traces: { endpoint: "jaeger:99999" } })).toBe("stack/otel: traces.endpoint: must have a port up to 65535");
    });

    it("a logs or metrics endpoint that is not an http(s) URL", () => {
      expect(errorOf({ logs: { endpoint: "loki-gateway:80" } })).toBe("stack/otel: logs.endpoint: must be an http(s) URL");
      expect(errorOf({ metrics: { protocol: "remote-write", urls: ["prometheus:9090"] } })).toBe("stack/otel: metrics.urls[0]: must be an http(s) URL");
      expect(errorOf({ metrics: { protocol: "remote-write", urls: [] } })).toBe("stack/otel: metrics.urls: must list at least one URL");
    });

    it("an unknown metrics protocol, or the wrong key for the chosen one", () => {
      expect(errorOf({ metrics: { protocol: "pushgateway", url: "http://x" } as any })).toBe(
        'stack/otel: metrics.protocol: must be { protocol: "remote-write", urls } or { protocol: "otlp", endpoints }',
      );
      expect(errorOf({ metrics: { protocol: "otlp", urls: ["http://x"] } as any })).toMatch(/^stack\/otel: metrics.endpoints: .*; metrics: unknown key\(s\) urls$/);
    });

    it("static log labels that would clash with the pod-log labels or be empty", () => {
      expect(errorOf({ logs: { ...DESTINATIONS.logs, labels: { namespace: "x" } } })).toMatch(/^stack\/otel: logs\.labels\.namespace: label name must not be one the pipeline sets/);
      expect(errorOf({ logs: { ...DESTINATIONS.logs, labels: { cluster: "" } } })).toBe("stack/otel: logs.labels.cluster: must not be empty (Loki drops empty labels)");
    });

    it("a tenant Loki would refuse, and missing destinations", () => {
      expect(errorOf({ logs: { endpoint: DESTINATIONS.logs.endpoint, tenantId: "team/a" } })).toBe(
        "stack/otel: logs.tenantId: must be 1-150 letters, digits or !-_.*'()",
      );
      expect(errorOf({ traces: undefined })).toMatch(/^stack\/otel: traces: /);
    });

    it("fixed replicas together with autoscaling, and an HPA whose maximum is below its minimum", () => {
      expect(errorOf({ replicas: 2, autoscaling: { minReplicas: 2, maxReplicas: 4 } })).toBe("stack/otel: autoscaling: give either replicas or autoscaling, not both");
      expect(errorOf({ autoscaling: { minReplicas: 4, maxReplicas: 2 } })).toBe("stack/otel: autoscaling.maxReplicas: must be at least minReplicas");
    });

    it("span-metric dimensions that are not attribute names", () => {
      expect(errorOf({ spanMetrics: { dimensions: ["http request"] } })).toBe(
        "stack/otel: spanMetrics.dimensions[0]: must be an attribute name like http.request.method",
      );
    });
  });
});

/** The values as Helm hands them to the templates: the chart's defaults, ours over them, nulls deleted. */
function mergedCollectorConfig(values: Values): any {
  const withoutNulls = (v: unknown): unknown =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]))
      : v;
  return (withoutNulls(mergeValues(chartDefaults(CHARTS.otelCollector), values)) as any).config;
}

describeWithShared("OtelCollector values against the pinned chart", () => {
  const variants: Array<[string, Partial<OtelCollectorProps>]> = [
    ["defaults", {}],
    ["span metrics, OTLP metrics, tenant, HPA", {
      spanMetrics: { dimensions: ["http.request.method"] },
      metrics: { protocol: "otlp", endpoints: [`${REPLICA_0}/api/v1/otlp`, `${REPLICA_1}/api/v1/otlp`] },
      logs: { endpoint: DESTINATIONS.logs.endpoint, tenantId: "platform" },
      autoscaling: { minReplicas: 2, maxReplicas: 5 },
    }],
    ["fixed replicas", { replicas: 3 }],
    ["self-monitored", { selfMonitoring: true }],
  ];

  it.each(variants)("validate against the chart's strict values.schema.json (%s)", (_name, props) => {
    expect(chartSchemaErrors(CHARTS.otelCollector, build(props).values)).toEqual([]);
  });

  it("would catch a misspelt key (the schema check can fail)", () => {
    expect(chartSchemaErrors(CHARTS.otelCollector, { ...build().values, replicas: 2 })).not.toEqual([]);
    expect(chartSchemaErrors(CHARTS.otelCollector, { ...build().values, mode: "gateway" })).not.toEqual([]);
  });

  it.each(variants)("set only keys the chart knows (%s)", (_name, props) => {
    // `config` is the free-form collector config; the PDB's maxUnavailable is documented but commented out.
    expect(unknownChartKeys(build(props).values, chartDefaults(CHARTS.otelCollector), ["config", "podDisruptionBudget.maxUnavailable"])).toEqual([]);
  });

  it.each(variants)("wire every component of the merged config into a pipeline (%s)", (_name, props) => {
    const config = mergedCollectorConfig(build(props).values);
    // The kubernetesAttributes preset defines k8s_attributes when the chart renders.
    expect(pipelineWiringProblems(config, [C.k8sAttributes])).toEqual([]);
    expect(Object.keys(config.receivers).sort()).toEqual(props.selfMonitoring ? ["otlp"] : ["otlp", "prometheus"]);
    expect(config.extensions).toHaveProperty("health_check");
  });

  it.each(variants)("serve the collector's own metrics on the pod's address at the metrics port (%s)", (_name, props) => {
    const values = mergeValues(chartDefaults(CHARTS.otelCollector), build(props).values) as any;
    const [reader] = mergedCollectorConfig(build(props).values).service.telemetry.metrics.readers;
    const { host, port } = reader.pull.exporter.prometheus;
    // collector >= 0.111 listens on localhost unless told otherwise: Prometheus could not scrape that
    expect(["0.0.0.0", "${env:MY_POD_IP}"]).toContain(host);
    expect(port).toBe(values.ports.metrics.containerPort);
  });

  it("would report an exporter left out of every pipeline", () => {
    const config = mergedCollectorConfig(build().values);
    config.exporters.debug = {};
    expect(pipelineWiringProblems(config, [C.k8sAttributes])).toEqual(["exporter debug is in no pipeline"]);
  });
});
