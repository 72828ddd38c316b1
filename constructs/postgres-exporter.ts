import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { parseConfig } from "../src/config/parse-config";
import { SIZE_PROFILES } from "../src/config/size-profiles";
import { chartFullname } from "../src/helm/chart-fullname";
import { CHARTS } from "../src/helm/charts";
import { Values, ValuesDocument } from "../src/helm/values";
import { DEFAULT_RELEASE_PREFIX, PostgresExporterConfig, PostgresExporterInput, postgresExporterSchema } from "../src/metrics/postgres-exporter-config";
import { HelmChart } from "./helm-chart";

export type PostgresExporterProps = PostgresExporterInput & {
  /** Resources the release waits for (the namespace, the kube-prometheus-stack release whose CRDs its ServiceMonitor needs). @default none */
  readonly dependsOn?: ITerraformDependable[];
};

/** Port of the chart's Service (it targets the exporter's 9187). */
const SERVICE_PORT = 80;

/**
 * postgres_exporter for one database (`prometheus-postgres-exporter` chart), scraped
 * through the chart's ServiceMonitor. The password only ever comes from an existing
 * Kubernetes Secret (`passwordSecret`); a literal is refused. The ServiceMonitor needs the
 * prometheus-operator CRDs when Helm installs the release, so in the platform stack the
 * release depends on the kube-prometheus-stack release.
 */
export class PostgresExporter extends Construct {
  readonly releaseName: string;
  /** The exporter's Service in the namespace. */
  readonly serviceName: string;
  /** Port of that Service. */
  readonly servicePort = SERVICE_PORT;
  /** In-cluster URL of the metrics (e.g. for a static scrape or a probe). */
  readonly metricsUrl: string;
  readonly chart: HelmChart;
  /** The validated props with their defaults. */
  readonly config: PostgresExporterConfig;

  constructor(scope: Construct, id: string, props: PostgresExporterProps) {
    super(scope, id);
    const { dependsOn, ...input } = props;
    this.config = parseConfig(postgresExporterSchema, input, this.node.path);
    this.releaseName = this.config.releaseName ?? `${DEFAULT_RELEASE_PREFIX}${this.config.name}`;
    this.serviceName = chartFullname(this.releaseName, CHARTS.postgresExporter.name);
    this.metricsUrl = `http://${this.serviceName}.${this.config.namespace}.svc:${SERVICE_PORT}/metrics`;
    this.chart = new HelmChart(this, "release", {
      chart: CHARTS.postgresExporter,
      releaseName: this.releaseName,
      namespace: this.config.namespace,
      documents: this.documents(),
      overrides: Object.keys(this.config.values).length > 0 ? this.config.values : undefined,
      dependsOn,
    });
  }

  private documents(): ValuesDocument[] {
    const { connection, passwordSecret, serviceMonitor, replicas } = this.config;
    const extraParams = Object.entries(connection.extraParams)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join("&");
    const monitor: Values = { enabled: true, interval: serviceMonitor.interval };
    if (serviceMonitor.scrapeTimeout) monitor.timeout = serviceMonitor.scrapeTimeout;
    if (Object.keys(serviceMonitor.labels).length > 0) monitor.labels = serviceMonitor.labels;
    return [
      {
        concern: "postgres-exporter: datasource",
        values: {
          config: {
            datasource: {
              host: connection.host,
              // The chart's default is a string and its template converts with `int`.
              port: String(connection.port),
              database: connection.database,
              user: connection.user,
              sslmode: connection.sslmode,
              extraParams,
              passwordSecret: { name: passwordSecret.name, key: passwordSecret.key },
            },
          },
        },
      },
      { concern: "postgres-exporter: scraping", values: { serviceMonitor: monitor } },
      {
        concern: "resources",
        values: {
          replicaCount: replicas,
          resources: this.config.resources ?? SIZE_PROFILES.small.postgresExporter.resources,
          podDisruptionBudget: { enabled: replicas > 1 },
        },
      },
    ];
  }
}
