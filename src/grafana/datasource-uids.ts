/**
 * UIDs of the datasources the grafana stack provisions. Dashboards, correlations and alert
 * rules refer to datasources by these, so they are the same in every environment.
 */
export const DATASOURCE_UIDS = {
  prometheus: "prometheus",
  loki: "loki",
  jaeger: "jaeger",
  alertmanager: "alertmanager",
} as const;

export type DatasourceKind = keyof typeof DATASOURCE_UIDS;
