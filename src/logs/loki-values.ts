import { Values, ValuesDocument } from "../helm/values";
import { lokiCachesValues } from "./loki-caches";
import { LokiConfig } from "./loki-config";
import { lokiCanaryValues, lokiDeploymentValues, lokiPersistenceValues, lokiResourcesValues } from "./loki-deployment";
import { lokiGatewayValues } from "./loki-gateway";
import { lokiRetentionValues } from "./loki-retention";
import { lokiSchemaValues } from "./loki-schema-config";
import { lokiStorageCredentialsValues, lokiStorageValues } from "./loki-storage";
import { lokiTenancyValues } from "./loki-tenancy";
import { otlpIndexedAttributes } from "./otlp-log-labels";
import { MAX_LABEL_NAMES_PER_SERIES } from "./static-labels";

/**
 * Only the pod-log and static labels (and `service.name`) of OTLP logs become stream labels,
 * as on the agent's streams; Loki's default list of indexed resource attributes is ignored.
 */
function lokiOtlpLabelValues(staticLabels: readonly string[]): Values {
  return {
    loki: {
      limits_config: {
        max_label_names_per_series: MAX_LABEL_NAMES_PER_SERIES,
        otlp_config: { resource_attributes: { ignore_defaults: true, attributes_config: [{ action: "index_label", attributes: otlpIndexedAttributes(staticLabels) }] } },
      },
    },
  };
}

/** The values of a Loki release, one document per concern, in merge order. */
export function lokiValuesDocuments(config: LokiConfig): ValuesDocument[] {
  return [
    { concern: "loki: deployment mode and replicas", values: lokiDeploymentValues(config.replicas, config.replicationFactor) },
    { concern: "loki: resources", values: lokiResourcesValues(config.resources) },
    { concern: "loki: volumes", values: lokiPersistenceValues(config.persistence) },
    { concern: "loki: storage", values: lokiStorageValues(config.storage) },
    { concern: "loki: storage credentials", values: lokiStorageCredentialsValues(config.storage) },
    { concern: "loki: schema", values: lokiSchemaValues(config.storage.type) },
    { concern: "loki: retention", values: lokiRetentionValues(config.retention, config.streamRetention, config.storage.type) },
    { concern: "loki: tenancy", values: lokiTenancyValues(config.tenancy) },
    { concern: "loki: OTLP labels", values: lokiOtlpLabelValues(config.staticLabels) },
    { concern: "loki: caches", values: lokiCachesValues(config.caches) },
    { concern: "loki: gateway", values: lokiGatewayValues(config.gateway.replicas, config.gateway.resources) },
    { concern: "loki: canary and tests", values: lokiCanaryValues(config.canary) },
    { concern: "loki: self-monitoring", values: config.selfMonitoring ? { monitoring: { serviceMonitor: { enabled: true } } } : {} },
    // no rules from ConfigMaps (LogQL alerts are Grafana-managed): without the sidecar, no ClusterRole that reads every Secret
    { concern: "loki: rules sidecar", values: { sidecar: { rules: { enabled: false } }, rbac: { namespaced: true } } },
  ];
}
