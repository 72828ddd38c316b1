import { CHARTS } from "../src/helm/charts";
import { environments as shipped } from "../stacks/environments";
import { dev } from "../stacks/environments/dev";
import { Values } from "../src/helm/values";
import { DeployedRelease, chartDefaultsWithSubcharts, releasesOf } from "./helpers/release-values";
import { describeWithShared } from "./helpers/shared-dir";
import { readStack, synthToTempDir } from "./helpers/synth";

const at = (values: unknown, path: string): any => path.split(".").reduce<any>((node, key) => node?.[key], values);
const on = (path: string) => (v: Values) => at(v, path) === true;
const all =
  (...conditions: ((v: Values) => boolean)[]) =>
  (v: Values) =>
    conditions.every((c) => c(v));
const not = (condition: (v: Values) => boolean) => (v: Values) => !condition(v);

/**
 * A part of a chart that renders containers: when the chart renders it, and the values path
 * of the resources of each of its containers (null: the chart offers none, so the part must
 * stay off). `prefix` holds the part's other values (its image among them).
 */
interface ChartPart {
  readonly prefix: string;
  readonly rendered: (v: Values) => boolean;
  readonly resources: readonly (string | null)[];
  /** Resources the chart computes itself when the path is empty (memcached from its allocation). */
  readonly computed?: (v: Values) => Values | undefined;
}

/** Memcached's requests and limit, as the Loki chart derives them from `allocatedMemory` (×1.2) and `allocatedCPU`. */
const memcachedResources = (prefix: string) => (v: Values) => {
  const memory = at(v, `${prefix}.allocatedMemory`);
  const cpu = at(v, `${prefix}.allocatedCPU`);
  if (!memory || !cpu) return undefined;
  const mi = `${Math.floor((memory * 12 + 5) / 10)}Mi`;
  return { requests: { cpu, memory: mi }, limits: { memory: mi } };
};

const lokiMonolithic = (v: Values) => ["Monolithic", "SingleBinary"].includes(at(v, "deploymentMode"));
const lokiCaches = (v: Values) => on("chunksCache.enabled")(v) || on("resultsCache.enabled")(v);
const grafanaSidecars = (v: Values) => ["alerts", "dashboards", "datasources", "notifiers", "plugins"].some((s) => on(`grafana.sidecar.${s}.enabled`)(v));

/**
 * Every part of every chart we deploy that can render a container, read from the pinned
 * charts' values.yaml and templates (the completeness test below keeps this list in step
 * with every `resources` key the charts have).
 */
const CHART_PARTS: Record<string, ChartPart[]> = {
  "kube-prometheus-stack": [
    // the operator passes the config-reloader resources to every reloader it injects (Prometheus, Alertmanager)
    { prefix: "prometheusOperator", rendered: on("prometheusOperator.enabled"), resources: ["prometheusOperator.resources", "prometheusOperator.prometheusConfigReloader.resources"] },
    {
      prefix: "prometheusOperator.admissionWebhooks.patch",
      rendered: all(on("prometheusOperator.admissionWebhooks.enabled"), on("prometheusOperator.admissionWebhooks.patch.enabled"), not(on("prometheusOperator.admissionWebhooks.certManager.enabled"))),
      resources: ["prometheusOperator.admissionWebhooks.patch.resources"],
    },
    { prefix: "prometheusOperator.admissionWebhooks.deployment", rendered: on("prometheusOperator.admissionWebhooks.deployment.enabled"), resources: ["prometheusOperator.admissionWebhooks.deployment.resources"] },
    // a busybox init container and kubectl, sharing one resources block
    { prefix: "crds.upgradeJob", rendered: all(on("crds.enabled"), on("crds.upgradeJob.enabled")), resources: ["crds.upgradeJob.resources"] },
    { prefix: "prometheus", rendered: on("prometheus.enabled"), resources: ["prometheus.prometheusSpec.resources"] },
    { prefix: "alertmanager", rendered: on("alertmanager.enabled"), resources: ["alertmanager.alertmanagerSpec.resources"] },
    { prefix: "thanosRuler", rendered: on("thanosRuler.enabled"), resources: ["thanosRuler.thanosRulerSpec.resources"] },
    { prefix: "grafana", rendered: on("grafana.enabled"), resources: ["grafana.resources"] },
    { prefix: "grafana.sidecar", rendered: all(on("grafana.enabled"), grafanaSidecars), resources: ["grafana.sidecar.resources"] },
    { prefix: "grafana.initChownData", rendered: all(on("grafana.enabled"), on("grafana.persistence.enabled"), on("grafana.initChownData.enabled")), resources: ["grafana.initChownData.resources"] },
    { prefix: "grafana.downloadDashboards", rendered: (v) => on("grafana.enabled")(v) && Object.keys(at(v, "grafana.dashboards") ?? {}).length > 0, resources: ["grafana.downloadDashboards.resources"] },
    { prefix: "grafana.testFramework", rendered: all(on("grafana.enabled"), on("grafana.testFramework.enabled")), resources: ["grafana.testFramework.resources"] },
    { prefix: "grafana.imageRenderer", rendered: all(on("grafana.enabled"), on("grafana.imageRenderer.enabled")), resources: ["grafana.imageRenderer.resources"] },
    { prefix: "kube-state-metrics", rendered: on("kubeStateMetrics.enabled"), resources: ["kube-state-metrics.resources"] },
    { prefix: "kube-state-metrics.kubeRBACProxy", rendered: all(on("kubeStateMetrics.enabled"), on("kube-state-metrics.kubeRBACProxy.enabled")), resources: ["kube-state-metrics.kubeRBACProxy.resources"] },
    { prefix: "prometheus-node-exporter", rendered: on("nodeExporter.enabled"), resources: ["prometheus-node-exporter.resources"] },
    {
      prefix: "prometheus-node-exporter.kubeRBACProxy",
      rendered: all(on("nodeExporter.enabled"), on("prometheus-node-exporter.kubeRBACProxy.enabled")),
      resources: ["prometheus-node-exporter.kubeRBACProxy.resources"],
    },
    // an init container fixing host file permissions, only when a fix is asked for; no resources key
    {
      prefix: "prometheus-node-exporter.permissionInitContainer",
      rendered: (v) =>
        on("nodeExporter.enabled")(v) &&
        (["rapl", "slabinfo"].some((fix) => on(`prometheus-node-exporter.permissionInitContainer.fixes.${fix}`)(v)) ||
          (at(v, "prometheus-node-exporter.permissionInitContainer.extraCommands") ?? []).length > 0),
      resources: [null],
    },
    { prefix: "prometheus-windows-exporter", rendered: on("windowsMonitoring.enabled"), resources: [null] },
  ],
  loki: [
    { prefix: "singleBinary", rendered: lokiMonolithic, resources: ["singleBinary.resources"] },
    // the rules sidecar in the single-binary pod
    { prefix: "sidecar", rendered: all(lokiMonolithic, on("singleBinary.sidecar"), on("sidecar.rules.enabled")), resources: ["sidecar.resources"] },
    { prefix: "gateway", rendered: on("gateway.enabled"), resources: ["gateway.resources"] },
    { prefix: "gateway.metrics", rendered: all(on("gateway.enabled"), on("gateway.metrics.enabled")), resources: ["gateway.metrics.resources"] },
    { prefix: "chunksCache", rendered: on("chunksCache.enabled"), resources: ["chunksCache.resources"], computed: memcachedResources("chunksCache") },
    { prefix: "chunksCache.l2", rendered: all(on("chunksCache.enabled"), on("chunksCache.l2.enabled")), resources: ["chunksCache.l2.resources"], computed: memcachedResources("chunksCache.l2") },
    { prefix: "resultsCache", rendered: on("resultsCache.enabled"), resources: ["resultsCache.resources"], computed: memcachedResources("resultsCache") },
    { prefix: "memcachedExporter", rendered: all(on("memcachedExporter.enabled"), lokiCaches), resources: ["memcachedExporter.resources"] },
    { prefix: "lokiCanary", rendered: on("lokiCanary.enabled"), resources: ["lokiCanary.resources"] },
    // the Helm test pod: no resources key at all
    { prefix: "test", rendered: on("test.enabled"), resources: [null] },
    { prefix: "minio", rendered: on("minio.enabled"), resources: ["minio.resources"] },
    { prefix: "tableManager", rendered: on("tableManager.enabled"), resources: ["tableManager.resources"] },
    { prefix: "enterprise", rendered: on("enterprise.enabled"), resources: ["adminApi.resources", "enterpriseGateway.resources"] },
    { prefix: "monitoring.selfMonitoring", rendered: on("monitoring.selfMonitoring.enabled"), resources: ["monitoring.selfMonitoring.grafanaAgent.resources"] },
    ...["write", "read", "backend", "ingester", "distributor", "querier", "queryFrontend", "queryScheduler", "indexGateway", "compactor", "bloomGateway", "bloomPlanner", "bloomBuilder", "patternIngester", "ruler", "overridesExporter"].map(
      (target): ChartPart => ({ prefix: target, rendered: not(lokiMonolithic), resources: [`${target}.resources`] }),
    ),
  ],
  alloy: [
    { prefix: "alloy", rendered: () => true, resources: ["alloy.resources"] },
    { prefix: "configReloader", rendered: on("configReloader.enabled"), resources: ["configReloader.resources"] },
  ],
  promtail: [
    { prefix: "", rendered: () => true, resources: ["resources"] },
    { prefix: "sidecar.configReloader", rendered: on("sidecar.configReloader.enabled"), resources: ["sidecar.configReloader.resources"] },
  ],
  jaeger: [
    { prefix: "jaeger", rendered: on("jaeger.enabled"), resources: ["jaeger.resources"] },
    { prefix: "esIndexCleaner", rendered: on("esIndexCleaner.enabled"), resources: ["esIndexCleaner.resources"] },
    { prefix: "esRollover", rendered: on("esRollover.enabled"), resources: ["esRollover.resources"] },
    { prefix: "esLookback", rendered: on("esLookback.enabled"), resources: ["esLookback.resources"] },
    { prefix: "spark", rendered: on("spark.enabled"), resources: ["spark.resources"] },
  ],
  "opentelemetry-collector": [{ prefix: "", rendered: () => true, resources: ["resources"] }],
  "prometheus-postgres-exporter": [{ prefix: "", rendered: () => true, resources: ["resources"] }],
};

/** Dotted paths of every `resources` key in a values tree (lists are not entered: they hold containers or rules we write whole). */
function resourcesKeys(values: unknown, prefix = ""): string[] {
  if (typeof values !== "object" || values === null || Array.isArray(values)) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return key === "resources" ? [path] : resourcesKeys(value, path);
  });
}

/** Dotted paths of image tags that float: a `tag: latest`, or an image reference ending in `:latest`. */
function latestTags(values: unknown, prefix = ""): string[] {
  if (typeof values === "string") return values === "latest" && prefix.endsWith(".tag") ? [prefix] : /:latest$/.test(values) ? [prefix] : [];
  if (typeof values !== "object" || values === null) return [];
  return Object.entries(values).flatMap(([key, value]) => latestTags(value, prefix ? `${prefix}.${key}` : key));
}

const within = (path: string, prefix: string) => prefix === "" || path === prefix || path.startsWith(`${prefix}.`);
const missingResources = (resources: any): string[] =>
  [
    ["requests.cpu", resources?.requests?.cpu],
    ["requests.memory", resources?.requests?.memory],
    ["limits.memory", resources?.limits?.memory],
  ]
    .filter(([, value]) => value === undefined || value === null || value === "")
    .map(([name]) => name as string);

describeWithShared("container resources and image tags of the shipped environments", () => {
  // the shipped environments, and dev with the opt-in Promtail instead of Alloy
  const outdir = synthToTempDir([...shipped, { ...dev, name: "dev-promtail", logs: { agent: "promtail" } }]);
  const environments = ["dev", "staging", "prod", "dev-promtail"];
  const releases: { env: string; release: DeployedRelease }[] = environments.flatMap((env) =>
    releasesOf(readStack(outdir, `${env}-platform`)).map((release) => ({ env, release })),
  );

  it("knows the parts of every chart deployed", () => {
    expect([...new Set(releases.map(({ release }) => release.chart))].filter((chart) => !(chart in CHART_PARTS))).toEqual([]);
  });

  it.each(Object.keys(CHART_PARTS))("%s: every resources key of the pinned chart (and its subcharts) belongs to a listed part", (chart) => {
    const { version } = Object.values(CHARTS).find((ref) => ref.name === chart)!;
    const listed = new Set(CHART_PARTS[chart].flatMap((part) => part.resources));
    expect(resourcesKeys(chartDefaultsWithSubcharts(chart, version)).filter((path) => !listed.has(path))).toEqual([]);
  });

  it.each(environments)("%s: every container each release renders has requests.cpu, requests.memory and limits.memory", (env) => {
    const problems = releases
      .filter((r) => r.env === env)
      .flatMap(({ release }) =>
        CHART_PARTS[release.chart]
          .filter((part) => part.rendered(release.merged))
          .flatMap((part) =>
            part.resources.map((path) => {
              if (path === null) return { release: release.name, part: part.prefix, missing: ["the chart offers no resources: turn the part off"] };
              const set = at(release.merged, path);
              const resources = Object.keys(set ?? {}).length ? set : part.computed?.(release.merged);
              return { release: release.name, part: path, missing: missingResources(resources) };
            }),
          ),
      )
      .filter((p) => p.missing.length);
    expect(problems).toEqual([]);
  });

  it.each(environments)("%s: no image a release renders floats on the latest tag", (env) => {
    const floating = releases
      .filter((r) => r.env === env)
      .flatMap(({ release }) => {
        const off = CHART_PARTS[release.chart].filter((part) => !part.rendered(release.merged)).map((part) => part.prefix);
        return latestTags(release.merged)
          .filter((path) => !off.some((prefix) => within(path, prefix)))
          .map((path) => `${release.name}: ${path}`);
      });
    expect(floating).toEqual([]);
  });
});

describe("the floating-tag and resources checks themselves", () => {
  it("find a latest tag and an image reference on latest, not a pinned one", () => {
    expect(latestTags({ a: { image: { tag: "latest" } }, b: { image: "busybox:latest" }, c: { image: { tag: "1.37.0" } }, d: { name: "latest" } })).toEqual([
      "a.image.tag",
      "b.image",
    ]);
  });

  it("name what a resources block lacks", () => {
    expect(missingResources({ requests: { cpu: "10m" } })).toEqual(["requests.memory", "limits.memory"]);
    expect(missingResources(undefined)).toEqual(["requests.cpu", "requests.memory", "limits.memory"]);
    expect(missingResources({ requests: { cpu: "10m", memory: "1Mi" }, limits: { memory: "2Mi" } })).toEqual([]);
  });
});
