import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { dnsLabel } from "../src/config/common-schemas";
import { check } from "../src/config/config-error";
import { parseConfig } from "../src/config/parse-config";
import { CHARTS } from "../src/helm/charts";
import { Values, ValuesDocument } from "../src/helm/values";
import { LokiConfig, LokiConfigInput, lokiConfigSchema } from "../src/logs/loki-config";
import { lokiEndpoints } from "../src/logs/loki-gateway";
import { lokiTenantHeaders } from "../src/logs/loki-tenancy";
import { lokiValuesDocuments } from "../src/logs/loki-values";
import { HelmChart } from "./helm-chart";

export type LokiProps = LokiConfigInput & {
  /** Namespace of the release (plain name; service URLs are built from it). */
  readonly namespace: string;
  /** What the release waits for (its namespace…). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Raw chart values deep-merged last (the escape hatch). @default none */
  readonly values?: Values;
};

/**
 * Loki (grafana-community chart) in Monolithic mode: on a filesystem volume for a laptop
 * cluster, or scaled out on S3, GCS or Azure object storage with credentials from existing
 * Secrets or workload identity. TSDB schema v13, retention through the compactor, optional
 * multi-tenancy. Clients reach it through the gateway URLs this construct exposes.
 */
export class Loki extends Construct {
  readonly releaseName: string;
  /** Namespace name of the release. */
  readonly namespace: string;
  /** The gateway Service every client goes through. */
  readonly gatewayService: string;
  readonly gatewayPort: number;
  /** Base URL for queries: Grafana's Loki datasource URL. */
  readonly queryUrl: string;
  /** Push API URL (Alloy `loki.write`, Promtail clients). */
  readonly pushUrl: string;
  /** OTLP/HTTP endpoint for logs (the collector's `otlphttp` exporter appends `/v1/logs`). */
  readonly otlpEndpoint: string;
  /** Tenant every client sends as `X-Scope-OrgID`; undefined for a single-tenant Loki. */
  readonly tenantId?: string;
  /** Headers every push and query carries: `{ "X-Scope-OrgID": tenantId }` or none. */
  readonly tenantHeaders: Readonly<Record<string, string>>;
  /** Labels of the gateway pods, for `MonitoringNamespace.allowIngress` rules. */
  readonly gatewayPodLabels: Readonly<Record<string, string>>;
  /** The validated configuration, defaults filled in. */
  readonly config: LokiConfig;
  /** The typed values documents, as rendered into the release (before Terraform escaping). */
  readonly documents: readonly ValuesDocument[];
  readonly chart: HelmChart;

  constructor(scope: Construct, id: string, props: LokiProps) {
    super(scope, id);
    const { namespace, values, dependsOn, ...rest } = props;
    check(dnsLabel.safeParse(namespace).success, this.node.path, "namespace", "must be a DNS label (a plain namespace name)");
    this.config = parseConfig(lokiConfigSchema, rest, this.node.path);

    const endpoints = lokiEndpoints(this.config.releaseName, namespace);
    this.releaseName = this.config.releaseName;
    this.namespace = namespace;
    this.gatewayService = endpoints.gatewayService;
    this.gatewayPort = endpoints.gatewayPort;
    this.queryUrl = endpoints.queryUrl;
    this.pushUrl = endpoints.pushUrl;
    this.otlpEndpoint = endpoints.otlpEndpoint;
    this.gatewayPodLabels = endpoints.gatewayPodLabels;
    this.tenantId = this.config.tenancy.mode === "multi" ? this.config.tenancy.tenantId : undefined;
    this.tenantHeaders = lokiTenantHeaders(this.config.tenancy);

    this.documents = lokiValuesDocuments(this.config);
    this.chart = new HelmChart(this, "chart", {
      chart: CHARTS.loki,
      releaseName: this.releaseName,
      namespace: this.namespace,
      documents: this.documents,
      overrides: values,
      dependsOn,
    });
  }
}
