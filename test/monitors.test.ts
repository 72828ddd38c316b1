import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { PodMonitorManifest, ServiceMonitorManifest } from "../constructs/service-monitor";
import { CHARTS } from "../src/helm/charts";
import {
  PodMonitorDefinition,
  podMonitorObject,
  renderAdditionalPodMonitors,
  renderAdditionalServiceMonitors,
  ServiceMonitorDefinition,
  serviceMonitorObject,
} from "../src/metrics/monitors";
import { crdErrors } from "./helpers/crd-schemas";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { configErrorOf } from "./helpers/config-error";

/** Uses every field the model offers. */
const api: ServiceMonitorDefinition = {
  name: "api",
  namespace: "shop",
  labels: { team: "checkout" },
  selector: {
    matchLabels: { "app.kubernetes.io/name": "api" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["web", "backend"] },
      { key: "canary", operator: "DoesNotExist" },
    ],
  },
  jobLabel: "app.kubernetes.io/name",
  targetLabels: ["app.kubernetes.io/version"],
  podTargetLabels: ["pod-template-hash"],
  endpoints: [
    {
      port: "http-metrics",
      path: "/internal/metrics",
      interval: "30s",
      scrapeTimeout: "10s",
      scheme: "https",
      honorLabels: true,
      relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node", action: "replace" }],
      metricRelabelings: [{ sourceLabels: ["__name__"], regex: "go_gc_.*", action: "drop" }],
    },
    { targetPort: 9102, interval: "1m" },
  ],
};

const worker: PodMonitorDefinition = {
  name: "worker",
  namespace: "shop",
  selector: { matchLabels: { app: "worker" } },
  namespaceSelector: { any: true },
  jobLabel: "app",
  podTargetLabels: ["app"],
  podMetricsEndpoints: [
    { port: "metrics", interval: "15s", relabelings: [{ sourceLabels: ["__address__"], modulus: 4, targetLabel: "__tmp_hash", action: "hashmod" }] },
    { portNumber: 9100, path: "/metrics" },
  ],
};

const problem = (fn: () => unknown): string => configErrorOf(fn).message;

describe("monitor definitions rendered for kube-prometheus-stack", () => {
  it("renders a ServiceMonitor entry with the chart's keys", () => {
    const [entry] = renderAdditionalServiceMonitors([api]);
    expect(entry).toEqual({
      name: "api",
      additionalLabels: { team: "checkout" },
      selector: api.selector,
      namespaceSelector: { matchNames: ["shop"] },
      jobLabel: "app.kubernetes.io/name",
      targetLabels: ["app.kubernetes.io/version"],
      podTargetLabels: ["pod-template-hash"],
      endpoints: api.endpoints,
    });
  });

  it("keeps the namespace semantics: an object's namespace becomes the selector, an explicit selector wins", () => {
    const [inShop, anywhere, releaseNamespace] = renderAdditionalPodMonitors([
      { ...worker, name: "a", namespaceSelector: undefined },
      { ...worker, name: "b" },
      { ...worker, name: "c", namespace: undefined, namespaceSelector: undefined },
    ]);
    expect(inShop.namespaceSelector).toEqual({ matchNames: ["shop"] });
    expect(anywhere.namespaceSelector).toEqual({ any: true });
    expect(releaseNamespace).not.toHaveProperty("namespaceSelector");
  });

  it("leaves additionalLabels out when there are none", () => {
    expect(renderAdditionalPodMonitors([worker])[0]).not.toHaveProperty("additionalLabels");
  });

  it("refuses duplicate names, naming the entry", () => {
    expect(problem(() => renderAdditionalServiceMonitors([api, api], "platform/prometheus"))).toBe(
      'platform/prometheus: [1].name: duplicate ServiceMonitor name "api"',
    );
  });
});

describe("monitor definitions rendered as objects", () => {
  it("renders apiVersion, kind, metadata and spec", () => {
    const object = serviceMonitorObject(api);
    expect(object.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(object.kind).toBe("ServiceMonitor");
    expect(object.metadata).toEqual({ name: "api", namespace: "shop", labels: { team: "checkout" } });
    expect(object.spec).not.toHaveProperty("name");
    expect(object.spec).not.toHaveProperty("labels");
    expect(object.spec.endpoints).toEqual(api.endpoints);
    expect(podMonitorObject(worker).kind).toBe("PodMonitor");
  });

  it("needs the object's namespace", () => {
    expect(problem(() => podMonitorObject({ ...worker, namespace: undefined }, "apps/worker"))).toBe(
      "apps/worker: namespace: is required: the namespace the PodMonitor is created in",
    );
  });
});

describe("monitor validation", () => {
  const serviceMonitor = (patch: Partial<ServiceMonitorDefinition>) => () => serviceMonitorObject({ ...api, ...patch }, "apps/api");
  const endpoint = (patch: object) => serviceMonitor({ endpoints: [{ port: "http", ...patch }] });

  it.each([
    ["a malformed interval", endpoint({ interval: "30 seconds" }), "endpoints[0].interval: must be a duration"],
    ["a timeout longer than the interval", endpoint({ interval: "10s", scrapeTimeout: "1m" }), "endpoints[0].scrapeTimeout: must not exceed the interval (10s)"],
    ["no endpoints", serviceMonitor({ endpoints: [] }), "endpoints: must list at least one endpoint"],
    ["an endpoint without a port", serviceMonitor({ endpoints: [{ path: "/metrics" }] }), "endpoints[0].port: give exactly one of port, targetPort"],
    ["two ports", endpoint({ targetPort: 8080 }), "endpoints[0].port: give exactly one of port, targetPort"],
    ["a bad port name", endpoint({ port: "HTTP_Metrics" }), "endpoints[0].port: must be a DNS label"],
    ["a path without slash", endpoint({ path: "metrics" }), "endpoints[0].path: must start with /"],
    ["an empty selector", serviceMonitor({ selector: {} }), "selector: give matchLabels or matchExpressions"],
    ["In without values", serviceMonitor({ selector: { matchExpressions: [{ key: "a", operator: "In" }] } }), "selector.matchExpressions[0].values: must list at least one value for operator In"],
    ["Exists with values", serviceMonitor({ selector: { matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] } }), "selector.matchExpressions[0].values: must be empty for operator Exists"],
    ["both namespace selectors", serviceMonitor({ namespaceSelector: { any: true, matchNames: ["shop"] } }), "namespaceSelector: give either any: true or matchNames"],
    ["a replace rule without target", endpoint({ relabelings: [{ sourceLabels: ["a"] }] }), 'endpoints[0].relabelings[0].targetLabel: is required for action "replace"'],
    ["hashmod without modulus", endpoint({ metricRelabelings: [{ sourceLabels: ["a"], targetLabel: "b", action: "hashmod" }] }), 'endpoints[0].metricRelabelings[0].modulus: is required for action "hashmod"'],
    ["a bad source label", endpoint({ relabelings: [{ sourceLabels: ["app.kubernetes.io/name"], action: "keep" }] }), "endpoints[0].relabelings[0].sourceLabels[0]: must be a Prometheus label name"],
    ["an unknown key", serviceMonitor({ sampleLimit: 10 } as never), "unknown key(s) sampleLimit"],
  ])("rejects %s, naming the construct and the field", (_name, build, message) => {
    const text = problem(build);
    expect(text.startsWith("apps/api: ")).toBe(true);
    expect(text).toContain(message);
  });

  it("takes a Service port name as Kubernetes does (a DNS label, up to 63), a container port name only as IANA_SVC_NAME (up to 15)", () => {
    // the jaeger chart's Service names its metrics port internal-metrics (16 characters)
    expect(serviceMonitorObject({ ...api, endpoints: [{ port: "internal-metrics" }] }).spec).toMatchObject({ endpoints: [{ port: "internal-metrics" }] });
    expect(problem(endpoint({ port: "a".repeat(64) }))).toContain("endpoints[0].port: must be a DNS label");
    expect(problem(endpoint({ port: undefined, targetPort: "internal-metrics" }))).toContain("endpoints[0].targetPort");
    expect(problem(() => podMonitorObject({ ...worker, podMetricsEndpoints: [{ port: "internal-metrics" }] }))).toContain("podMetricsEndpoints[0].port: must be a port name");
  });

  it("requires a port on pod endpoints too", () => {
    expect(problem(() => podMonitorObject({ ...worker, podMetricsEndpoints: [{ port: "metrics", portNumber: 9100 }] }))).toContain(
      "podMetricsEndpoints[0].port: give exactly one of port, portNumber",
    );
    expect(problem(() => podMonitorObject({ ...worker, podMetricsEndpoints: [] }))).toContain("podMetricsEndpoints: must list at least one endpoint");
  });
});

describe("ServiceMonitorManifest and PodMonitorManifest", () => {
  const synth = (build: (scope: any) => void) => JSON.parse(Testing.synthScope(build));

  it("put the object into kubernetes_manifest unchanged (camelCase keys kept)", () => {
    const out = synth((scope) => {
      new ServiceMonitorManifest(scope, "api", { ...api, namespace: "shop" });
      new PodMonitorManifest(scope, "worker", { ...worker, namespace: "shop" });
    });
    const manifests = Object.values(out.resource.kubernetes_manifest).map((r: any) => r.manifest);
    expect(manifests).toEqual([serviceMonitorObject(api), podMonitorObject(worker)]);
    expect(manifests[0].spec.endpoints[0].scrapeTimeout).toBe("10s");
  });

  it("report bad props with the construct path", () => {
    expect(() => synth((scope) => new ServiceMonitorManifest(scope, "api", { ...api, namespace: "shop", endpoints: [] }))).toThrow(
      /^stack\/api: endpoints: must list at least one endpoint$/,
    );
  });
});

/** Dotted paths of keys the schema does not define (the API server would prune them silently). */
function unknownSchemaKeys(value: unknown, schema: any, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownSchemaKeys(item, schema.items ?? {}, `${path}[${i}]`));
  if (typeof value !== "object" || value === null || !schema.properties) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key in schema.properties ? unknownSchemaKeys(child, schema.properties[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

describeWithShared("monitors against the CRDs and the chart", () => {
  const crdSchema = (kind: string) => JSON.parse(readFileSync(sharedPath("crds", `${kind}.schema.json`), "utf8"));

  it("renders objects the CRD schemas accept, with no field the API would prune", () => {
    for (const object of [serviceMonitorObject(api), podMonitorObject(worker)]) {
      expect(crdErrors(object.kind, object)).toEqual([]);
      expect(unknownSchemaKeys(object, crdSchema(object.kind))).toEqual([]);
    }
  });

  it("renders chart entries whose spec part the CRD schemas accept", () => {
    const specOf = ({ name: _n, additionalLabels: _l, ...spec }: Record<string, unknown>) => ({ spec });
    for (const entry of renderAdditionalServiceMonitors([api])) expect(crdErrors("ServiceMonitor", specOf(entry))).toEqual([]);
    for (const entry of renderAdditionalPodMonitors([worker])) expect(crdErrors("PodMonitor", specOf(entry))).toEqual([]);
  });

  it("the CRD check has teeth", () => {
    const object = serviceMonitorObject(api);
    expect(crdErrors("ServiceMonitor", { ...object, spec: { ...object.spec, endpoints: [{ scheme: "ftp" }] } })).not.toEqual([]);
  });

  it("uses only the entry keys the chart documents", () => {
    const values = readFileSync(sharedPath("charts", CHARTS.kubePrometheusStack.name, CHARTS.kubePrometheusStack.version, "values.yaml"), "utf8");
    const documentedKeys = (list: string, next: string) => {
      const block = values.slice(values.indexOf(`  ${list}: []`), values.indexOf(next));
      return new Set([...block.matchAll(/^ {2}# - (\w+):|^ {4}# (\w+):/gm)].map((m) => m[1] ?? m[2]));
    };
    const serviceKeys = documentedKeys("additionalServiceMonitors", "additionalPodMonitors:");
    const podKeys = documentedKeys("additionalPodMonitors", "thanosRuler:");
    expect(serviceKeys).toContain("endpoints");
    expect(podKeys).toContain("podMetricsEndpoints");
    const entries = [...renderAdditionalServiceMonitors([api]), ...renderAdditionalServiceMonitors([{ ...api, namespaceSelector: { any: true } }])];
    for (const entry of entries) expect(Object.keys(entry).filter((k) => !serviceKeys.has(k))).toEqual([]);
    for (const entry of renderAdditionalPodMonitors([worker])) expect(Object.keys(entry).filter((k) => !podKeys.has(k))).toEqual([]);
  });

  it("passes terraform validate as kubernetes_manifest resources", () => {
    const outdir = mkdtempSync(join(tmpdir(), "monitors-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "app-monitors");
    new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
    new ServiceMonitorManifest(stack, "api", { ...api, namespace: "shop" });
    new PodMonitorManifest(stack, "worker", { ...worker, namespace: "shop" });
    app.synth();
    const run = spawnSync(sharedPath("tools", "tf-validate.sh"), [outdir], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
    expect(`${run.stdout}${run.stderr}`).toContain("terraform validate: 1/1 stacks valid");
    expect(run.status).toBe(0);
  });
});
