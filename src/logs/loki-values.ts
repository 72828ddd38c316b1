import { Values, ValuesDocument } from "../helm/values";
import { lokiCachesValues } from "./loki-caches";
import { LokiConfig } from "./loki-config";
import { lokiCanaryValues, lokiDeploymentValues, lokiPersistenceValues, lokiResourcesValues } from "./loki-deployment";
import { lokiGatewayValues } from "./loki-gateway";
import { lokiRetentionValues } from "./loki-retention";
import { lokiSchemaValues } from "./loki-schema-config";
import { lokiStorageCredentialsValues, lokiStorageValues } from "./loki-storage";
import { lokiTenancyValues } from "./loki-tenancy";
import { OTLP_LOG_LABELS } from "./otlp-log-labels";

/** Index the pod-log labels the collector copies onto OTLP log records, as for the agent's streams. */
function lokiOtlpLabelValues(): Values {
  const attributes = Object.keys(OTLP_LOG_LABELS);
  return { loki: { limits_config: { otlp_config: { resource_attributes: { attributes_config: [{ action: "index_label", attributes }] } } } } };
}

/** The values of a Loki release, one document per concern, in merge order. */
export function lokiValuesDocuments(config: LokiConfig): ValuesDocument[] {
  return [
    { concern: "loki: deployment mode and replicas", values: lokiDeploymentValues(config.replicas) },
    { concern: "loki: resources", values: lokiResourcesValues(config.resources) },
    { concern: "loki: volumes", values: lokiPersistenceValues(config.persistence) },
    { concern: "loki: storage", values: lokiStorageValues(config.storage) },
    { concern: "loki: storage credentials", values: lokiStorageCredentialsValues(config.storage) },
    { concern: "loki: schema", values: lokiSchemaValues(config.storage.type) },
    { concern: "loki: retention", values: lokiRetentionValues(config.retention, config.streamRetention, config.storage.type) },
    { concern: "loki: tenancy", values: lokiTenancyValues(config.tenancy) },
    { concern: "loki: OTLP labels", values: lokiOtlpLabelValues() },
    { concern: "loki: caches", values: lokiCachesValues(config.caches) },
    { concern: "loki: gateway", values: lokiGatewayValues(config.gateway.replicas, config.gateway.resources) },
    { concern: "loki: canary and tests", values: lokiCanaryValues(config.canary) },
    { concern: "loki: self-monitoring", values: config.selfMonitoring ? { monitoring: { serviceMonitor: { enabled: true } } } : {} },
    // no rules from ConfigMaps (LogQL alerts are Grafana-managed): without the sidecar, no ClusterRole that reads every Secret
    { concern: "loki: rules sidecar", values: { sidecar: { rules: { enabled: false } }, rbac: { namespaced: true } } },
  ];
}
