import { TerraformStack, Testing } from "cdktf";
import { ObservabilityPlatform } from "../constructs/observability-platform";
import { Values } from "../src/helm/values";
import { PlatformStack } from "../constructs/platform-stack";
import { buildApp } from "../stacks/app";
import { environments } from "../stacks/environments";
import { afterPipeline, APP_RESOURCE, Labels } from "./helpers/otlp-resource";
import { attributes, block, blocks, parseRiver } from "./helpers/river-parser";

/*
 * What Loki 3.7 (the loki chart 18.11.0's appVersion 3.7.6) makes of what each path sends,
 * written from its source (pkg/loghttp/push/otlp.go, otlp_config.go, push.go,
 * pkg/validation/limits.go) independently of our renderers:
 * - OTLP: a resource attribute becomes a label when the first `attributes_config` entry
 *   naming it says `index_label`; the distributor's default list (below) is put in front
 *   unless `ignore_defaults`. Others become structured metadata. Label names are the
 *   attribute names with every character outside [A-Za-z0-9_] replaced by `_`. `service_name`
 *   comes from an indexed `service.name`; when the resource has no `service.name` at all it
 *   is discovered from the other labels (or `unknown_service`).
 * - Push API (the agent): the stream's labels, plus a discovered `service_name`.
 * Streams with more than max_label_names_per_series labels (default 15, `service_name` not
 * counted) are refused with a 400.
 */
const LOKI_DEFAULT_INDEXED_RESOURCE_ATTRIBUTES = [
  "service.name", "service.namespace", "service.instance.id", "deployment.environment", "deployment.environment.name",
  "cloud.region", "cloud.availability_zone", "k8s.cluster.name", "k8s.namespace.name", "k8s.pod.name", "k8s.container.name",
  "container.name", "k8s.replicaset.name", "k8s.deployment.name", "k8s.statefulset.name", "k8s.daemonset.name",
  "k8s.cronjob.name", "k8s.job.name",
];
const LOKI_DEFAULT_MAX_LABEL_NAMES = 15;
const SERVICE_NAME = "service_name";

/** The labels Loki gives an OTLP resource, per its limits_config. */
function lokiOtlpLabels(resource: Labels, limits: Values): Labels {
  const resourceConfig = ((limits.otlp_config as any)?.resource_attributes ?? {}) as { ignore_defaults?: boolean; attributes_config?: Array<{ action: string; attributes?: string[] }> };
  const rules = [
    ...(resourceConfig.ignore_defaults ? [] : [{ action: "index_label", attributes: LOKI_DEFAULT_INDEXED_RESOURCE_ATTRIBUTES }]),
    ...(resourceConfig.attributes_config ?? []),
  ];
  const labels: Labels = {};
  for (const [name, value] of Object.entries(resource)) {
    const rule = rules.find((r) => r.attributes?.includes(name));
    if (rule?.action === "index_label") labels[name.replace(/[^A-Za-z0-9_]/g, "_")] = value;
  }
  if (!("service.name" in resource)) labels[SERVICE_NAME] = "unknown_service";
  return labels;
}

/** The label names of the agent's streams, read from its River configuration, and its static labels. */
function agentLabels(alloyConfig: string): { names: string[]; external: Labels } {
  const river = parseRiver(alloyConfig);
  const relabelled = blocks(block(river, "discovery.relabel", "pod_logs").body, "rule").map((rule) => attributes(rule).target_label as string);
  const processing = block(river, "loki.process", "pod_logs").body;
  const parsed = blocks(processing, "stage.cri").length ? ["stream"] : [];
  const dropped = blocks(processing, "stage.label_drop").flatMap((stage) => attributes(stage).values as string[]);
  const external = (attributes(block(river, "loki.write", "loki")).external_labels ?? {}) as Labels;
  const names = [...relabelled.filter((name) => !name.startsWith("__")), ...parsed, ...Object.keys(external)].filter((name) => !dropped.includes(name));
  return { names, external };
}

function pathsOf(platform: ObservabilityPlatform) {
  const collector = platform.collector.chart.values.config as any;
  const resource = afterPipeline(collector, "logs");
  const limits = (platform.loki.chart.values.loki as Values).limits_config as Values;
  // the chart passes the content through tpl: undo our escaping of {{ and }}
  const alloy = ((platform.logAgent.chart.values as any).alloy.configMap.content as string).replace(/\{\{ "(\{\{|\}\})" \}\}/g, "$1");
  const { names, external } = agentLabels(alloy);
  return {
    otlp: lokiOtlpLabels(resource, limits),
    // Loki adds service_name to pushed streams (from app, else container)
    agent: [...names, SERVICE_NAME],
    external,
    maxLabelNames: (limits.max_label_names_per_series as number | undefined) ?? LOKI_DEFAULT_MAX_LABEL_NAMES,
  };
}

const platforms = (() => {
  const app = buildApp(environments);
  return app.node.findAll().filter((c): c is PlatformStack => c instanceof PlatformStack).map((stack) => [stack.environment.name, stack.platform] as const);
})();

describe("log stream labels: the agent's (pod stdout) and the collector's (OTLP) are the same", () => {
  it.each(platforms)("%s: OTLP logs get exactly the agent's label names, within Loki's label limit", (_env, platform) => {
    const { otlp, agent, maxLabelNames } = pathsOf(platform);
    expect(Object.keys(otlp).sort()).toEqual([...agent].sort());
    expect(agent.filter((name) => name !== SERVICE_NAME).length).toBeLessThanOrEqual(maxLabelNames);
    expect(agent.length).toBeLessThanOrEqual(maxLabelNames);
  });

  it.each(platforms)("%s: OTLP logs carry the agent's cluster and environment, the pod's namespace and pod, and stream otlp", (env, platform) => {
    const { otlp, external } = pathsOf(platform);
    expect(external).toMatchObject({ environment: env });
    expect(otlp).toMatchObject({ ...external, namespace: "shop", pod: "checkout-7d4b9c-x2x8q", container: "checkout", node: "node-1", app: "checkout", stream: "otlp", service_name: "checkout" });
  });

  it("adds the agent's own extra labels to OTLP logs too", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const platform = new ObservabilityPlatform(stack, "o11y", { prometheus: { environment: "dev", cluster: "kind" }, logAgent: { extraLabels: { team: "platform" } } });
    const { otlp, agent } = pathsOf(platform);
    expect(otlp).toMatchObject({ cluster: "kind", environment: "dev", team: "platform" });
    expect(Object.keys(otlp).sort()).toEqual([...agent].sort());
  });

  it("models the failure it guards against: pod labels indexed on top of Loki's defaults exceed its limit", () => {
    const podLabels = { namespace: "shop", pod: "checkout-7d4b9c-x2x8q", container: "checkout", node: "node-1", app: "checkout" };
    const labels = lokiOtlpLabels({ ...APP_RESOURCE, ...podLabels }, { otlp_config: { resource_attributes: { attributes_config: [{ action: "index_label", attributes: Object.keys(podLabels) }] } } });
    expect(Object.keys(labels).filter((name) => name !== SERVICE_NAME).length).toBeGreaterThan(LOKI_DEFAULT_MAX_LABEL_NAMES);
    expect(labels).not.toHaveProperty("cluster");
  });
});
