/**
 * Public API: the constructs other infrastructure repos import. Providers are not created
 * here: the importing stack configures kubernetes/helm/random (platform) or grafana.
 */
export { ObservabilityPlatform } from "./observability-platform";
export type { ObservabilityPlatformProps, PlatformPrometheusProps } from "./observability-platform";
export { MonitoringNamespace } from "./monitoring-namespace";
export type { MonitoringNamespaceProps, IngressRule, IngressPort } from "./monitoring-namespace";
export { GrafanaAdminCredentials } from "./grafana-admin-credentials";
export type { GrafanaAdminCredentialsProps } from "./grafana-admin-credentials";
export { PrometheusStack } from "./prometheus-stack";
export type { PrometheusStackProps } from "./prometheus-stack";
export { HelmChart } from "./helm-chart";
export type { HelmChartProps } from "./helm-chart";
export { GrafanaWorkspace } from "./grafana-workspace";
export type { GrafanaWorkspaceProps } from "./grafana-workspace";
export { ConfigError } from "../src/config/config-error";
export type { ConfigProblem } from "../src/config/config-error";
export { stableUid } from "../src/grafana/stable-uid";
