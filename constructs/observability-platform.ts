import { Construct } from "constructs";
import { TerraformVariable } from "cdktf";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { AlertingModel } from "../src/alerting/alerting-model";
import { renderAlertmanagerConfig } from "../src/alerting/alertmanager-config";
import { renderPrometheusRules } from "../src/alerting/prometheus-rules";
import { SloRules } from "../src/slo/slo-rules";
import { grafanaSmtp } from "../src/alerting/grafana-smtp";
import { supersededChartAlerts } from "../src/alerting/superseded-chart-alerts";
import { credentialVariables, withVariablesFromSecret } from "../src/alerting/variable-credentials";
import { GrafanaAdminCredentials, GrafanaAdminCredentialsProps } from "./grafana-admin-credentials";
import { Jaeger, JaegerProps } from "./jaeger";
import { OtelCollector, OtelCollectorProps } from "./otel-collector";
import { LogAgent, LogAgentProps } from "./log-agent";
import { Loki, LokiProps } from "./loki";
import { MonitoringNamespace, MonitoringNamespaceProps } from "./monitoring-namespace";
import { PostgresExporter, PostgresExporterProps } from "./postgres-exporter";
import { PrometheusStack, PrometheusStackProps } from "./prometheus-stack";

/** kube-prometheus-stack props; namespace, admin Secret and ordering are filled in by the platform. */
export type PlatformPrometheusProps = Omit<PrometheusStackProps, "namespace" | "grafana" | "dependsOn"> & {
  /** Grafana settings other than its admin Secret. @default persistence 1Gi, no ingress */
  readonly grafana?: Omit<PrometheusStackProps["grafana"], "adminSecret">;
};

export interface ObservabilityPlatformProps {
  /**
   * The monitoring namespace. Its `allowIngressFromNamespaces` opens the whole namespace;
   * prefer `appNamespaces` and `ingressNamespaces`, which open exactly the flows needed.
   * @default the {@link MonitoringNamespace} defaults (`monitoring`)
   */
  readonly namespace?: MonitoringNamespaceProps;
  /** Namespaces of applications: they may send OTLP to the collector (ports 4317, 4318) and nothing else. @default [] */
  readonly appNamespaces?: readonly string[];
  /** Namespaces of ingress controllers: they may reach Grafana (its port 3000) and nothing else. @default [] */
  readonly ingressNamespaces?: readonly string[];
  /**
   * Networks the API server calls the operator's admission webhook from (its port 10250 and
   * nothing else). The API server's address is not knowable in general (control-plane nodes
   * on the host network, a managed control plane's addresses), hence the default.
   * @default anywhere (0.0.0.0/0, ::/0)
   */
  readonly controlPlaneCidrs?: readonly string[];
  /** Grafana admin credentials; the namespace is filled in. @default admin user `admin`, Secret `grafana-admin` */
  readonly grafanaAdmin?: Omit<GrafanaAdminCredentialsProps, "namespace">;
  /** Prometheus, Alertmanager and Grafana (kube-prometheus-stack). */
  readonly prometheus: PlatformPrometheusProps;
  /** Loki; its `staticLabels` are the log agent's labels. @default one replica on a 10Gi filesystem volume, 30d retention */
  readonly loki?: Omit<LokiProps, "namespace" | "dependsOn" | "staticLabels">;
  /** The log agent shipping every pod's output to Loki, labelled with cluster and environment (OTLP logs get the same labels). @default Alloy */
  readonly logAgent?: Omit<LogAgentProps, "namespace" | "loki" | "dependsOn">;
  /** Jaeger v2. @default one replica, traces in memory */
  readonly jaeger?: Omit<JaegerProps, "namespace" | "dependsOn">;
  /**
   * The OpenTelemetry Collector; its exporters are wired to Jaeger, Prometheus and Loki.
   * With several replicas (or autoscaling) Prometheus stores samples up to 5m out of order,
   * unless `prometheus.prometheus.outOfOrderTimeWindow` says otherwise.
   * @default one replica, metrics by remote write, span metrics on, scraped by its ServiceMonitor
   */
  readonly collector?: Omit<OtelCollectorProps, "namespace" | "dependsOn" | "traces" | "metrics" | "logs"> & {
    /** How metrics reach Prometheus. @default "remote-write" */
    readonly metricsProtocol?: "remote-write" | "otlp";
  };
  /** One postgres_exporter per database. @default [] */
  readonly databases?: ReadonlyArray<Omit<PostgresExporterProps, "namespace" | "dependsOn">>;
  /**
   * Alerting (see `buildAlertingModel`): its Prometheus-engine rules become rule groups of
   * kube-prometheus-stack, its contact points and policy tree the Alertmanager configuration,
   * so the chart's own alerts reach the same people. @default the chart's default routing
   */
  readonly alerting?: AlertingModel;
  /**
   * SLOs (`buildSloRules`): their recording rules, and their burn-rate alerts where Prometheus
   * evaluates them, become rule groups of kube-prometheus-stack (the Grafana-managed alerts and
   * the dashboards go to `GrafanaWorkspace`). @default []
   */
  readonly slos?: readonly SloRules[];
}

/**
 * Out-of-order window of Prometheus when several collector replicas push: the same series
 * arrives through different replicas, each with its own batches, queue and retries (a
 * failed batch is retried for minutes while another replica delivers newer samples).
 */
const COLLECTOR_OUT_OF_ORDER_WINDOW = "5m";

/** The Secret holding the values of the `{ variable }` credentials of contact points, for Alertmanager. */
export const ALERTING_CREDENTIALS_SECRET = "alerting-credentials";

/**
 * The whole in-cluster observability platform of one environment, wired with good
 * defaults: the one entry point of a platform stack. Each part stays usable on its own
 * and is exposed here for stacks and other constructs to wire against.
 */
export class ObservabilityPlatform extends Construct {
  readonly namespace: MonitoringNamespace;
  readonly grafanaAdmin: GrafanaAdminCredentials;
  readonly prometheus: PrometheusStack;
  readonly loki: Loki;
  readonly logAgent: LogAgent;
  readonly jaeger: Jaeger;
  readonly collector: OtelCollector;
  readonly databases: readonly PostgresExporter[];

  constructor(scope: Construct, id: string, props: ObservabilityPlatformProps) {
    super(scope, id);
    this.namespace = new MonitoringNamespace(this, "namespace", props.namespace);
    const namespace = this.namespace.name;
    this.grafanaAdmin = new GrafanaAdminCredentials(this, "grafana-admin", {
      ...props.grafanaAdmin,
      namespace: this.namespace.resource.metadata.name,
    });

    const alertingCredentials = props.alerting && this.storeCredentialVariables(props.alerting);
    // Alertmanager and Grafana read credentials from Secrets: the variables' values live in one
    const alerting = props.alerting && (alertingCredentials ? withVariablesFromSecret(props.alerting, ALERTING_CREDENTIALS_SECRET) : props.alerting);
    const smtp = alerting && grafanaSmtp(alerting);
    const severalCollectors = (props.collector?.replicas ?? 1) > 1 || props.collector?.autoscaling !== undefined;
    this.prometheus = new PrometheusStack(this, "prometheus", {
      ...props.prometheus,
      prometheus: {
        ...(severalCollectors ? { outOfOrderTimeWindow: COLLECTOR_OUT_OF_ORDER_WINDOW } : {}),
        ...props.prometheus.prometheus,
      },
      namespace,
      grafana: {
        ...props.prometheus.grafana,
        ...(smtp ? { smtp } : {}),
        adminSecret: {
          name: this.grafanaAdmin.secretName,
          userKey: GrafanaAdminCredentials.USER_KEY,
          passwordKey: GrafanaAdminCredentials.PASSWORD_KEY,
        },
      },
      dependsOn: [this.namespace.resource, this.grafanaAdmin.secret, ...(alertingCredentials ? [alertingCredentials] : [])],
    });
    if (alerting) this.configureAlerting(alerting);
    for (const slo of props.slos ?? []) this.prometheus.addRuleGroups(slo.prometheus.name, slo.prometheus.rules);
    const dependsOn = [this.namespace.resource];

    // their ServiceMonitors need the operator's CRDs, which the kube-prometheus-stack release installs
    const afterOperator = [...dependsOn, this.prometheus.chart.release];
    // the same static labels on the agent's streams and on OTLP logs, which Loki indexes
    const { cluster, environment } = this.prometheus.config;
    const logLabels = { cluster, environment, ...props.logAgent?.extraLabels };
    this.loki = new Loki(this, "loki", { selfMonitoring: true, ...props.loki, staticLabels: Object.keys(logLabels), namespace, dependsOn: afterOperator });
    this.logAgent = new LogAgent(this, "log-agent", {
      ...props.logAgent,
      namespace,
      loki: { pushUrl: this.loki.pushUrl, tenantId: this.loki.tenantId },
      extraLabels: logLabels,
      selfMonitoring: props.logAgent?.selfMonitoring ?? true,
      dependsOn: afterOperator,
    });

    this.jaeger = new Jaeger(this, "jaeger", { ...props.jaeger, namespace, dependsOn });
    // the chart annotates the Jaeger pod for scraping too: the ServiceMonitor alone takes its series
    this.prometheus.addServiceMonitor(this.jaeger.serviceMonitor);
    this.prometheus.skipAnnotationScraping({ namespace: this.jaeger.config.namespace, labels: { ...this.jaeger.podSelector } });
    const { metricsProtocol = "remote-write", ...collector } = props.collector ?? {};
    this.collector = new OtelCollector(this, "otel-collector", {
      spanMetrics: {},
      selfMonitoring: true,
      ...collector,
      namespace,
      traces: { endpoint: this.jaeger.otlpGrpcEndpoint },
      metrics:
        metricsProtocol === "otlp"
          ? { protocol: "otlp", endpoints: [...this.prometheus.otlpUrls] }
          : { protocol: "remote-write", urls: [...this.prometheus.remoteWriteUrls] },
      logs: { endpoint: this.loki.otlpEndpoint, tenantId: this.loki.tenantId, labels: logLabels },
      dependsOn: afterOperator,
    });
    // within the namespace every flow is open (Prometheus scrapes every component; agent and
    // collector push to Loki, Jaeger and Prometheus; Grafana queries them); from outside, only these
    if (props.appNamespaces?.length) {
      this.namespace.allowIngress("apps-to-otel-collector", {
        podSelector: this.collector.podSelector,
        fromNamespaces: props.appNamespaces,
        ports: [{ port: 4317 }, { port: 4318 }],
      });
    }
    if (props.ingressNamespaces?.length) {
      this.namespace.allowIngress("ingress-to-grafana", {
        podSelector: this.prometheus.podLabels.grafana,
        fromNamespaces: props.ingressNamespaces,
        ports: [{ port: 3000 }],
      });
    }

    this.databases = (props.databases ?? []).map(
      (database) => new PostgresExporter(this, `postgres-${database.name}`, { ...database, namespace, dependsOn: afterOperator }),
    );

    // the API server calls the operator's admission webhook from outside any namespace
    this.namespace.allowIngress("apiserver-to-operator-webhook", {
      podSelector: this.prometheus.podLabels.operator,
      fromCidrs: props.controlPlaneCidrs ?? ["0.0.0.0/0", "::/0"],
      ports: [{ port: 10250 }],
    });
  }

  /**
   * Stores the values of the `{ variable }` credentials (sensitive Terraform variables,
   * `TF_VAR_<name>`) in one Secret that Alertmanager mounts; undefined when there are none.
   */
  private storeCredentialVariables(model: AlertingModel): SecretV1 | undefined {
    const names = credentialVariables(model);
    if (names.length === 0) return undefined;
    const data = Object.fromEntries(
      names.map((name) => {
        const variable = new TerraformVariable(this, `alerting-credential-${name}`, {
          type: "string",
          sensitive: true,
          description: `Alerting credential "${name}" (a webhook URL, routing key or password); set TF_VAR_${name}.`,
        });
        // the plain name, so TF_VAR_<name> is the same in the platform and grafana stacks
        variable.overrideLogicalId(name);
        return [name, variable.stringValue];
      }),
    );
    return new SecretV1(this, "alerting-credentials", {
      metadata: { name: ALERTING_CREDENTIALS_SECRET, namespace: this.namespace.resource.metadata.name },
      type: "Opaque",
      data,
    });
  }

  private configureAlerting(model: AlertingModel): void {
    for (const [name, rules] of Object.entries(renderPrometheusRules(model.rules))) this.prometheus.addRuleGroups(name, rules);
    this.prometheus.disableChartAlerts(...supersededChartAlerts(model));
    const alertmanager = renderAlertmanagerConfig(model);
    this.prometheus.setAlertmanagerConfig(alertmanager.config, alertmanager.secrets, alertmanager.templateFiles);
  }
}
