/**
 * Public API: the constructs other infrastructure repos import. Providers are not created
 * here: the importing stack configures kubernetes/helm/random (platform) or grafana, the
 * latter with the bindings of `cdktf-observability/grafana/provider` (every Grafana resource
 * is `cdktf-observability/grafana/<resource>`). `cdktf-observability/grafana-sdk` holds the
 * Grafana SDK's dashboard modules.
 */

// one environment: the platform and grafana stacks from a typed configuration
export { ObservabilityEnvironment } from "./observability-environment";
export { PlatformStack } from "./platform-stack";
export { GrafanaStack } from "./grafana-stack";
export { configureBackend } from "./terraform-backend";
export { TARGET_VERSIONS } from "./target-versions";
export type { EnvironmentInput, Environment, Backend, SizeProfile } from "../src/config/environment-schema";
export { SIZE_PROFILES, LOKI_CACHES } from "../src/config/size-profiles";
export type { ComponentSize, Component } from "../src/config/size-profiles";
export type { BackendInput } from "../src/config/environment-schema";
export { PlatformHandle } from "./platform-handle";
export type { PlatformRemoteStateProps, PlatformValuesInput } from "./platform-handle";
export { PLATFORM_OUTPUTS } from "../src/platform/platform-values";
export type { PlatformValues } from "../src/platform/platform-values";
export { validateEnvironment, withAlertingAndSlos } from "../src/config/validate-environment";
export type { ValidatedEnvironment } from "../src/config/validate-environment";

// an app repo: one service onboarded against a deployed platform
export { ServiceObservability } from "./service-observability";
export type { ServiceObservabilityProps, TeamContactPointInput } from "./service-observability";
export type { ServiceAlertsInput } from "../src/alerting/service-alerts";

// the platform facade and its parts
export { ObservabilityPlatform } from "./observability-platform";
export type { ObservabilityPlatformProps, PlatformPrometheusProps } from "./observability-platform";
export { MonitoringNamespace } from "./monitoring-namespace";
export type { MonitoringNamespaceProps, IngressRule, IngressPort } from "./monitoring-namespace";
export { GrafanaAdminCredentials } from "./grafana-admin-credentials";
export type { GrafanaAdminCredentialsProps } from "./grafana-admin-credentials";
export { HelmChart } from "./helm-chart";
export type { HelmChartProps } from "./helm-chart";

// metrics
export { PrometheusStack } from "./prometheus-stack";
export type { PrometheusStackProps } from "./prometheus-stack";
export { PostgresExporter } from "./postgres-exporter";
export type { PostgresExporterProps } from "./postgres-exporter";
export { ServiceMonitorManifest, PodMonitorManifest, MonitorManifest } from "./service-monitor";
export type { ServiceMonitorManifestProps, PodMonitorManifestProps } from "./service-monitor";
export type {
  ServiceMonitorDefinition,
  PodMonitorDefinition,
  ServiceEndpoint,
  PodMetricsEndpoint,
  LabelSelector,
  NamespaceSelector,
} from "../src/metrics/monitors";
export type { RelabelRule } from "../src/metrics/relabel-rule";
export { RED_PROFILES, requestRate, errorRatio, latencyQuantile } from "../src/metrics/red-profiles";
export type { RedProfile, RedProfileName } from "../src/metrics/red-profiles";

// logs
export { Loki } from "./loki";
export type { LokiProps } from "./loki";
export type { LokiStorage } from "../src/logs/loki-storage";
export type { LokiTenancy } from "../src/logs/loki-tenancy";
export type { StreamRetention } from "../src/logs/loki-retention";
export { LogAgent } from "./log-agent";
export type { LogAgentProps, LogAgentKind, Toleration } from "./log-agent";

// traces
export { Jaeger } from "./jaeger";
export type { JaegerProps } from "./jaeger";
export { OtelCollector } from "./otel-collector";
export type { OtelCollectorProps } from "./otel-collector";
export type { OtelAppEnvironment } from "../src/traces/app-environment";

// inside Grafana
export { GrafanaWorkspace } from "./grafana-workspace";
export type { GrafanaWorkspaceProps } from "./grafana-workspace";
export { GrafanaDatasources } from "./grafana-datasources";
export type { GrafanaDatasourcesProps } from "./grafana-datasources";
export { GrafanaDashboard } from "./grafana-dashboard";
export type { GrafanaDashboardProps } from "./grafana-dashboard";
export { GrafanaFolder } from "./grafana-folder";
export type { GrafanaFolderProps } from "./grafana-folder";
export { GrafanaAlerting } from "./grafana-alerting";
export type { GrafanaAlertingProps } from "./grafana-alerting";
export { DATASOURCE_UIDS } from "../src/grafana/datasource-uids";
export type { DatasourceKind } from "../src/grafana/datasource-uids";
export { FOLDER_UIDS, folderUids } from "../src/grafana/folder-uids";
export type { SubfolderName } from "../src/grafana/folder-uids";
export { shippedDashboards } from "../src/dashboards";
export type { ShippedDashboardsOptions, ShippedDashboardName } from "../src/dashboards";

// alerting: one model, two engines
export { buildAlertingModel } from "../src/alerting/alerting-model";
export type { AlertingInput, AlertingModel } from "../src/alerting/alerting-model";
export type { AlertRuleInput } from "../src/alerting/alert-rule";
export type { ContactPointInput } from "../src/alerting/contact-point";
export type { RouteInput } from "../src/alerting/notification-policy";
export type { MuteTimingInput } from "../src/alerting/mute-timing";
export type { MessageTemplateInput } from "../src/alerting/message-template";
export type { CatalogConfigInput } from "../src/alerting/catalog";
export type { SecretReference } from "../src/alerting/secret-reference";
export { CATALOG_ALERTS } from "../src/alerting/catalog";
export { renderPrometheusRules } from "../src/alerting/prometheus-rules";
export { renderAlertmanagerConfig } from "../src/alerting/alertmanager-config";

// SLOs: recording rules, burn-rate alerts for either engine, an error-budget dashboard
export { buildSloRules, resolveSlo, BURN_RATE_ALERTS, SLI_WINDOWS, SLO_ALERT_NAME, sliErrorRatioRecord, ERROR_BUDGET_REMAINING_RECORD } from "../src/slo/slo-rules";
export type { SloContext, SloGrafanaOptions, SloRules, ResolvedSlo, BurnRateAlert, BurnRateCondition } from "../src/slo/slo-rules";
export { sloSpecSchema } from "../src/slo/slo-spec";
export type { SloSpecInput, SloSpec } from "../src/slo/slo-spec";
export { sloDashboard, sloDashboardTitle } from "../src/slo/slo-dashboard";
export type { SloDashboardOptions } from "../src/slo/slo-dashboard";

// shared
export { ConfigError } from "../src/config/config-error";
export type { ConfigProblem } from "../src/config/config-error";
export type { SecretKeyRef } from "../src/config/common-schemas";
export type { Resources } from "../src/config/size-profiles";
export { stableUid } from "../src/grafana/stable-uid";
