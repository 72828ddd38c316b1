import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { parseConfig } from "../src/config/parse-config";
import { CHARTS } from "../src/helm/charts";
import { Values } from "../src/helm/values";
import { JAEGER_PORTS } from "../src/traces/jaeger-config";
import { JaegerConfig, JaegerInput, jaegerSchema } from "../src/traces/jaeger-schema";
import { jaegerServiceMonitor } from "../src/traces/jaeger-service-monitor";
import { jaegerPodLabels, jaegerValues } from "../src/traces/jaeger-values";
import { ServiceMonitorDefinition } from "../src/metrics/monitors";
import { otlpEndpoints } from "../src/traces/otlp-endpoints";
import { releaseService } from "../src/traces/release-service";
import { HelmChart } from "./helm-chart";

export interface JaegerProps extends JaegerInput {
  /** Resources the release must wait for (the namespace, storage Secrets…). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Raw chart values deep-merged last (the escape hatch). @default none */
  readonly values?: Values;
}

/**
 * Jaeger v2 (chart `jaeger` 4.x): one Deployment that receives OTLP, stores traces and
 * serves the UI and query API. Storage is typed: `memory` (dev), `badger` on a local volume
 * (one replica), or an existing Elasticsearch/OpenSearch cluster with credentials from
 * Secrets and nightly index cleanup for retention. Exposes the endpoints the collector and
 * Grafana need, computed from the release name and the namespace.
 */
export class Jaeger extends Construct {
  readonly config: JaegerConfig;
  readonly chart: HelmChart;
  /** The Service (named after the release). */
  readonly serviceName: string;
  /** UI and HTTP query API: the URL of Grafana's Jaeger datasource. */
  readonly queryUrl: string;
  /** OTLP gRPC `host:4317`, what the collector's traces exporter takes. */
  readonly otlpGrpcEndpoint: string;
  /** OTLP/HTTP base URL `http://host:4318`. */
  readonly otlpHttpEndpoint: string;
  /** Labels of the Jaeger pod, for NetworkPolicies (`MonitoringNamespace.allowIngress`). */
  readonly podSelector: Readonly<Record<string, string>>;
  /**
   * Scrapes Jaeger's own metrics (port `internal-metrics`, 8888); hand it to
   * `PrometheusStack.addServiceMonitor` (the chart has no ServiceMonitor setting).
   */
  readonly serviceMonitor: ServiceMonitorDefinition;

  constructor(scope: Construct, id: string, props: JaegerProps) {
    super(scope, id);
    const { dependsOn, values, ...input } = props;
    this.config = parseConfig(jaegerSchema, input, this.node.path);
    const service = releaseService(this.config.releaseName, CHARTS.jaeger.name, this.config.namespace);
    const otlp = otlpEndpoints(service.host);
    this.serviceName = service.name;
    this.queryUrl = `http://${service.host}:${JAEGER_PORTS.query}`;
    this.otlpGrpcEndpoint = otlp.grpc;
    this.otlpHttpEndpoint = otlp.http;
    this.podSelector = jaegerPodLabels(this.config.releaseName);
    this.serviceMonitor = jaegerServiceMonitor(this.config.releaseName, this.config.namespace);
    this.chart = new HelmChart(this, "chart", {
      chart: CHARTS.jaeger,
      releaseName: this.config.releaseName,
      namespace: this.config.namespace,
      documents: jaegerValues(this.config, service.name),
      overrides: values,
      dependsOn,
    });
  }
}
