import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { stableUid } from "../grafana/stable-uid";
import {
  checkCorrelationOptions,
  type CorrelationOptions,
  metricStat,
  metricTimeseries,
  promQuery,
  promVariable,
  seriesLabel,
  variableRegex,
} from "./correlation-links";

export interface KubernetesOverviewOptions {
  /** How log streams are labelled, for the links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

export const KUBERNETES_OVERVIEW_TITLE = "Kubernetes cluster overview";

/** The chosen namespaces in PromQL; cluster-wide panels (nodes) link to their logs. */
const NS = 'namespace=~"$namespace"';

/**
 * Nodes, pods and resource use of the cluster, from kube-state-metrics, node-exporter and
 * cAdvisor (kubelet) metrics as kube-prometheus-stack scrapes them, with a `namespace` variable.
 */
export function kubernetesOverviewDashboard(options: KubernetesOverviewOptions = {}): dashboard.Dashboard {
  checkCorrelationOptions(options.correlation, `dashboard "${KUBERNETES_OVERVIEW_TITLE}"`);
  const chosen = { namespace: variableRegex("namespace") };
  const perNamespace = { namespace: seriesLabel("namespace") };
  const perContainer = { namespace: seriesLabel("namespace"), pod: seriesLabel("pod"), container: seriesLabel("container") };
  const { correlation } = options;

  return new dashboard.DashboardBuilder(KUBERNETES_OVERVIEW_TITLE)
    .uid(stableUid(KUBERNETES_OVERVIEW_TITLE))
    .description("Node readiness, pod phases, CPU and memory by namespace, container restarts.")
    .tags(["cdktf-observability", "kubernetes"])
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(promVariable("namespace", "Namespace", "label_values(kube_namespace_status_phase, namespace)"))
    .withRow(new dashboard.RowBuilder("Nodes"))
    .withPanel(
      metricStat("Ready nodes", chosen, correlation)
        .span(4)
        .height(6)
        .colorMode(common.BigValueColorMode.None)
        .withTarget(promQuery('sum(kube_node_status_condition{condition="Ready", status="true"})', "ready")),
    )
    .withPanel(
      metricStat("Not ready nodes", chosen, correlation)
        .span(4)
        .height(6)
        .thresholds(
          new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
            { value: null, color: "green" },
            { value: 1, color: "red" },
          ]),
        )
        .withTarget(promQuery('sum(kube_node_status_condition{condition="Ready", status=~"false|unknown"})', "not ready")),
    )
    .withPanel(
      metricTimeseries("Node CPU utilisation", chosen, correlation)
        .description("Share of each node's CPU time not idle (node-exporter).")
        .unit("percentunit")
        .min(0)
        .max(1)
        .span(8)
        .height(6)
        .withTarget(promQuery('1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval]))', "{{instance}}")),
    )
    .withPanel(
      metricTimeseries("Node memory utilisation", chosen, correlation)
        .description("Share of each node's memory not available (node-exporter).")
        .unit("percentunit")
        .min(0)
        .max(1)
        .span(8)
        .height(6)
        .withTarget(promQuery("1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", "{{instance}}")),
    )
    .withRow(new dashboard.RowBuilder("Workloads"))
    .withPanel(
      metricTimeseries("Pods by phase", chosen, correlation)
        .description("Pods of the chosen namespaces in each phase (kube-state-metrics).")
        .min(0)
        .span(12)
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal))
        .fillOpacity(30)
        .withTarget(promQuery(`sum by (phase) (kube_pod_status_phase{${NS}})`, "{{phase}}")),
    )
    .withPanel(
      metricTimeseries("Container restarts", perContainer, correlation)
        .description("Restarts per container; a bar marks each interval with restarts (kube-state-metrics).")
        .min(0)
        .decimals(0)
        .span(12)
        .drawStyle(common.GraphDrawStyle.Bars)
        .withTarget(
          promQuery(
            `sum by (namespace, pod, container) (increase(kube_pod_container_status_restarts_total{${NS}}[$__rate_interval])) > 0`,
            "{{namespace}}/{{pod}}/{{container}}",
          ),
        ),
    )
    .withRow(new dashboard.RowBuilder("Resources by namespace"))
    .withPanel(
      metricTimeseries("CPU usage by namespace", perNamespace, correlation)
        .description("CPU cores used by the containers of each namespace (cAdvisor; pod-level cgroups excluded).")
        .unit("short")
        .axisLabel("cores")
        .min(0)
        .span(12)
        .withTarget(
          promQuery(
            `sum by (namespace) (rate(container_cpu_usage_seconds_total{container!="", container!="POD", ${NS}}[$__rate_interval]))`,
            "{{namespace}}",
          ),
        ),
    )
    .withPanel(
      metricTimeseries("Memory usage by namespace", perNamespace, correlation)
        .description("Working-set memory of the containers of each namespace (cAdvisor), what the OOM killer looks at.")
        .unit("bytes")
        .min(0)
        .span(12)
        .withTarget(promQuery(`sum by (namespace) (container_memory_working_set_bytes{container!="", container!="POD", ${NS}})`, "{{namespace}}")),
    )
    .build();
}
