import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { parseConfig } from "../src/config/parse-config";
import { CHARTS } from "../src/helm/charts";
import { Values } from "../src/helm/values";
import { RedProfile } from "../src/metrics/red-profiles";
import { OtelAppEnvironment, otelAppEnvironment } from "../src/traces/app-environment";
import { SPAN_METRICS_RED_PROFILE } from "../src/traces/otel-collector-config";
import { OtelCollectorConfig, OtelCollectorInput, otelCollectorSchema } from "../src/traces/otel-collector-schema";
import { collectorPodLabels, otelCollectorValues } from "../src/traces/otel-collector-values";
import { otlpEndpoints } from "../src/traces/otlp-endpoints";
import { releaseService } from "../src/traces/release-service";
import { HelmChart } from "./helm-chart";

export interface OtelCollectorProps extends OtelCollectorInput {
  /** Resources the release must wait for (the namespace…). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Raw chart values deep-merged last (the escape hatch; the chart's strict schema still applies). @default none */
  readonly values?: Values;
}

/**
 * The OpenTelemetry Collector as the cluster's OTLP gateway (chart `opentelemetry-collector`,
 * deployment mode, contrib image): applications send traces, metrics and logs over OTLP
 * gRPC or HTTP; the collector tags them with Kubernetes metadata (`k8s_attributes`), guards
 * its memory, batches, and exports traces to Jaeger, metrics to Prometheus and logs to
 * Loki, optionally deriving RED metrics from spans. {@link appEnvironment} is what an
 * application's pods need to take part, W3C Trace Context and Baggage included.
 */
export class OtelCollector extends Construct {
  readonly config: OtelCollectorConfig;
  readonly chart: HelmChart;
  /** The Service: the release name when it contains the chart name, `<release>-opentelemetry-collector` otherwise. */
  readonly serviceName: string;
  /** OTLP gRPC `host:4317`. */
  readonly otlpGrpcEndpoint: string;
  /** OTLP/HTTP base URL `http://host:4318`. */
  readonly otlpHttpEndpoint: string;
  /** Environment for instrumented applications (OTLP endpoint and protocol, W3C propagators). */
  readonly appEnvironment: OtelAppEnvironment;
  /** Labels of the collector pods, for NetworkPolicies (`MonitoringNamespace.allowIngress`). */
  readonly podSelector: Readonly<Record<string, string>>;
  /** How dashboards and alerts query the span metrics; undefined when they are off. */
  readonly spanMetrics?: RedProfile;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    super(scope, id);
    const { dependsOn, values, ...input } = props;
    this.config = parseConfig(otelCollectorSchema, input, this.node.path);
    const service = releaseService(this.config.releaseName, CHARTS.otelCollector.name, this.config.namespace);
    const otlp = otlpEndpoints(service.host);
    this.serviceName = service.name;
    this.otlpGrpcEndpoint = otlp.grpc;
    this.otlpHttpEndpoint = otlp.http;
    this.appEnvironment = otelAppEnvironment(otlp.http);
    this.podSelector = collectorPodLabels(this.config.releaseName);
    this.spanMetrics = this.config.spanMetrics ? SPAN_METRICS_RED_PROFILE : undefined;
    this.chart = new HelmChart(this, "chart", {
      chart: CHARTS.otelCollector,
      releaseName: this.config.releaseName,
      namespace: this.config.namespace,
      documents: otelCollectorValues(this.config),
      overrides: values,
      dependsOn,
    });
  }
}
