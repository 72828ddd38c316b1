import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { parseConfig } from "../src/config/parse-config";
import { chartFullname } from "../src/helm/chart-fullname";
import { CHARTS } from "../src/helm/charts";
import { Values } from "../src/helm/values";
import { annotationScrapeConfigs, SkippedPods } from "../src/metrics/annotation-scrape-configs";
import { PodMonitorDefinition, renderAdditionalPodMonitors, renderAdditionalServiceMonitors, ServiceMonitorDefinition } from "../src/metrics/monitors";
import { PrometheusStackConfig, PrometheusStackInput, prometheusStackSchema } from "../src/metrics/prometheus-stack-config";
import { CHART_MONITORED_PODS, prometheusStackValues } from "../src/metrics/prometheus-stack-values";
import { HelmChart } from "./helm-chart";

export interface PrometheusStackProps extends PrometheusStackInput {
  /** Raw chart values deep-merged over everything (escape hatch). @default none */
  readonly values?: Values;
  /** What the release waits for (namespace, admin Secret). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Prometheus, Alertmanager, Grafana, the operator, node-exporter and kube-state-metrics:
 * the `kube-prometheus-stack` chart, pinned, with ServiceMonitors, PodMonitors and rules
 * picked up from every namespace without a `release` label. Monitors, scrape configs,
 * rule groups and the Alertmanager configuration can be added after construction; they
 * are rendered into the release's values at synth time (so the platform never needs a
 * prometheus-operator CRD at plan time).
 */
export class PrometheusStack extends Construct {
  readonly config: PrometheusStackConfig;
  readonly chart: HelmChart;
  /** Prometheus HTTP API base URL (queries, Grafana's datasource). */
  readonly queryUrl: string;
  /**
   * Remote-write receiver URL of each Prometheus replica. Push to all of them: the Service
   * in front of an HA pair would give each replica only part of the samples.
   */
  readonly remoteWriteUrls: readonly string[];
  /** OTLP receiver base URL of each Prometheus replica (OTLP/HTTP exporters append `/v1/metrics`). */
  readonly otlpUrls: readonly string[];
  /** Alertmanager base URL. */
  readonly alertmanagerUrl: string;
  /** Grafana's in-cluster URL. */
  readonly grafanaUrl: string;
  /** Pod labels of each component, for NetworkPolicies. */
  readonly podLabels: { readonly prometheus: Record<string, string>; readonly grafana: Record<string, string>; readonly operator: Record<string, string> };

  private readonly serviceMonitors: Values[] = [];
  private readonly podMonitors: Values[] = [];
  private readonly monitorNames = new Set<string>();
  private readonly scrapeConfigs: Values[] = [];
  private readonly annotationSkipPods: SkippedPods[] = [...CHART_MONITORED_PODS];
  private readonly ruleGroups: Record<string, Values> = {};
  private readonly alertmanagerSecrets = new Set<string>();
  private alertmanagerConfig?: Values;
  private alertmanagerTemplates: Record<string, string> = {};
  private readonly disabledChartAlerts = new Set<string>();

  constructor(scope: Construct, id: string, props: PrometheusStackProps) {
    super(scope, id);
    const { values, dependsOn, ...input } = props;
    this.config = parseConfig(prometheusStackSchema, input, this.node.path);
    const { namespace, releaseName } = this.config;
    // the chart cuts its fullname to 26 characters, leaving room for its suffixes
    const fullname = chartFullname(releaseName, CHARTS.kubePrometheusStack.name, 26);
    const service = (name: string, port: number) => `http://${name}.${namespace}.svc:${port}`;
    this.queryUrl = service(`${fullname}-prometheus`, 9090);
    // the operator names the pods prometheus-<Prometheus resource>-<n>, resolvable through its headless prometheus-operated Service
    const replicaUrls = Array.from({ length: this.config.prometheus.replicas }, (_, n) =>
      service(`prometheus-${fullname}-prometheus-${n}.prometheus-operated`, 9090),
    );
    this.remoteWriteUrls = replicaUrls.map((url) => `${url}/api/v1/write`);
    this.otlpUrls = replicaUrls.map((url) => `${url}/api/v1/otlp`);
    this.alertmanagerUrl = service(`${fullname}-alertmanager`, 9093);
    this.grafanaUrl = service(`${releaseName}-grafana`, 80);
    this.podLabels = {
      prometheus: { "app.kubernetes.io/name": "prometheus" },
      grafana: { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": releaseName },
      operator: { app: `${CHARTS.kubePrometheusStack.name}-operator`, release: releaseName },
    };

    const annotationJobs = () =>
      this.config.prometheus.annotationScraping
        ? annotationScrapeConfigs({ skipPods: this.annotationSkipPods }, `${this.node.path}: annotationScraping`)
        : [];

    this.chart = new HelmChart(this, "release", {
      chart: CHARTS.kubePrometheusStack,
      releaseName,
      namespace,
      overrides: values,
      dependsOn,
      // CRDs, the operator's webhook certificates and three StatefulSets take a while on a first install
      timeoutSeconds: 900,
      documents: () =>
        prometheusStackValues(this.config, {
          scrapeConfigs: [...annotationJobs(), ...this.scrapeConfigs],
          serviceMonitors: this.serviceMonitors,
          podMonitors: this.podMonitors,
          ruleGroups: this.ruleGroups,
          alertmanagerConfig: this.alertmanagerConfig,
          alertmanagerSecrets: [...this.alertmanagerSecrets].sort(),
          alertmanagerTemplates: this.alertmanagerTemplates,
          disabledChartAlerts: [...this.disabledChartAlerts].sort(),
        }),
    });
  }

  /**
   * Adds a ServiceMonitor, delivered through the chart's values
   * (`prometheus.additionalServiceMonitors`), so no CRD is needed at plan time.
   */
  addServiceMonitor(definition: ServiceMonitorDefinition): void {
    this.claimMonitorName(definition.name);
    this.serviceMonitors.push(...renderAdditionalServiceMonitors([definition], `${this.node.path}: serviceMonitor "${definition.name}"`));
  }

  /** Adds a PodMonitor, delivered through the chart's values (`prometheus.additionalPodMonitors`). */
  addPodMonitor(definition: PodMonitorDefinition): void {
    this.claimMonitorName(definition.name);
    this.podMonitors.push(...renderAdditionalPodMonitors([definition], `${this.node.path}: podMonitor "${definition.name}"`));
  }

  /**
   * Leaves pods out of annotation discovery (`prometheus.io/scrape`) because a monitor
   * already scrapes them, so their series are not taken twice (e.g. charts that annotate
   * their pods and are scraped through a ServiceMonitor).
   */
  skipAnnotationScraping(pods: SkippedPods): void {
    this.annotationSkipPods.push(pods);
  }

  private claimMonitorName(name: string): void {
    if (this.monitorNames.has(name)) throw new Error(`${this.node.path}: a monitor named "${name}" is added twice`);
    this.monitorNames.add(name);
  }

  /** Adds raw Prometheus scrape configs. */
  addScrapeConfigs(...configs: Values[]): void {
    this.scrapeConfigs.push(...configs);
  }

  /** Adds a PrometheusRule (`additionalPrometheusRulesMap.<name>`: `{ groups: [...] }`). */
  addRuleGroups(name: string, rules: Values): void {
    if (name in this.ruleGroups) throw new Error(`${this.node.path}: rule set "${name}" is added twice`);
    this.ruleGroups[name] = rules;
  }

  /** Turns off default alerts of the chart (`defaultRules.disabled`), e.g. those a custom rule replaces. */
  disableChartAlerts(...alertNames: string[]): void {
    alertNames.forEach((name) => this.disabledChartAlerts.add(name));
  }

  /**
   * Replaces the chart's Alertmanager configuration (the whole alertmanager.yml), mounts
   * the Secrets its receivers read credentials from at /etc/alertmanager/secrets/<name>/,
   * and adds its message templates (`<name>.tmpl` → text, in /etc/alertmanager/config/).
   */
  setAlertmanagerConfig(config: Values, secretNames: readonly string[] = [], templateFiles: Readonly<Record<string, string>> = {}): void {
    if (this.alertmanagerConfig) throw new Error(`${this.node.path}: the Alertmanager configuration is set twice`);
    this.alertmanagerConfig = config;
    secretNames.forEach((name) => this.alertmanagerSecrets.add(name));
    this.alertmanagerTemplates = { ...templateFiles };
  }
}
