import { stringify } from "yaml";
import { Values } from "../helm/values";
import { toPrometheusRelabelConfig } from "../metrics/relabel-rule";
import { escapeHelmTemplate, FILENAME_LABEL, PodLogPipeline, POD_LOG_RELABEL_RULES } from "./alloy-config";

/** The pieces of the Promtail chart's `config` that carry the pod log pipeline. */
export interface PromtailPodLogsConfig {
  /** `config.clients`: Loki's push URL, the tenant and the static labels. */
  readonly clients: Values[];
  /** `config.snippets.scrapeConfigs`: the YAML text of the pod scrape config. */
  readonly scrapeConfigs: string;
}

/**
 * The same pipeline as `alloyPodLogsConfig` for Promtail: the same relabelling (so
 * streams carry the same labels whichever agent ships them: the chart's default would add
 * `job`, `instance` and `component` and call the node label `node_name`), CRI parsing and
 * the file name label dropped. Promtail restricts pod discovery to its own node by itself
 * (a `spec.nodeName` field selector from `HOSTNAME`). The chart renders both values through
 * `tpl`, so every string is escaped for Helm.
 */
export function promtailPodLogsConfig(pipeline: PodLogPipeline): PromtailPodLogsConfig {
  const { loki, externalLabels } = pipeline;
  const client: Values = { url: escapeHelmTemplate(loki.pushUrl) };
  if (loki.tenantId !== undefined) client.tenant_id = escapeHelmTemplate(loki.tenantId);
  if (Object.keys(externalLabels).length > 0) {
    client.external_labels = Object.fromEntries(Object.entries(externalLabels).map(([name, value]) => [name, escapeHelmTemplate(value)]));
  }
  const scrapeConfig = {
    job_name: "kubernetes-pods",
    pipeline_stages: [{ cri: {} }, { labeldrop: [FILENAME_LABEL] }],
    kubernetes_sd_configs: [{ role: "pod" }],
    relabel_configs: POD_LOG_RELABEL_RULES.map(toPrometheusRelabelConfig),
  };
  return { clients: [client], scrapeConfigs: escapeHelmTemplate(stringify([scrapeConfig], { lineWidth: 0 })) };
}
