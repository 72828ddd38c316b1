import { Manifest } from "./helpers/helm-template";
import {
  addressFinding,
  discoveryFindings,
  disruptionBudgetFindings,
  imageFindings,
  inClusterAddresses,
  monitorFindings,
  networkPolicyFindings,
  resourceFindings,
} from "./helpers/manifest-checks";
import { RenderedCluster } from "./helpers/rendered-cluster";

// The checks test/real/helm-template.test.ts runs on what `helm template` renders, here on hand-written manifests.

const labels = { "app.kubernetes.io/name": "api" };
const container = (over: Record<string, unknown> = {}) => ({
  name: "api",
  image: "example/api:1.2.3",
  ports: [{ name: "http", containerPort: 8080 }],
  resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "128Mi" } },
  ...over,
});
const deployment = (replicas: number, c = container()): Manifest => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api" },
  spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [c] } } },
});
const service: Manifest = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "api", labels: { app: "api" } },
  spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: "http" }] },
};
const pdb: Manifest = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "api" }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } };
const serviceMonitor = (port: string): Manifest => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind: "ServiceMonitor",
  metadata: { name: "api" },
  spec: { selector: { matchLabels: { app: "api" } }, endpoints: [{ port }] },
});
const prometheus: Manifest = {
  apiVersion: "monitoring.coreos.com/v1",
  kind: "Prometheus",
  metadata: { name: "main" },
  spec: { replicas: 2, portName: "http-web", image: "quay.io/prometheus/prometheus:v3.14.0", resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "2Gi" } } },
};
const cluster = (...manifests: Manifest[]) => new RenderedCluster([{ name: "app", namespace: "apps", manifests }]);
const address = (text: string, c: RenderedCluster) => addressFinding(inClusterAddresses(text, "test")[0], c, []);

describe("in-cluster addresses", () => {
  const c = cluster(deployment(1), service, prometheus);

  it("finds them with their source path, scheme, port or SRV port name", () => {
    expect(inClusterAddresses({ a: ["x http://api.apps.svc.cluster.local:80/path y"] }, "v")).toEqual([
      expect.objectContaining({ source: "v.a[0]", scheme: "http", labels: ["api", "apps"], port: 80 }),
    ]);
    expect(inClusterAddresses("_http._tcp.api.apps.svc.cluster.local.", "v")[0]).toMatchObject({ portName: "http", labels: ["api", "apps"] });
    expect(inClusterAddresses("https://grafana.example.com and api.apps:80", "v")).toEqual([]);
    // the short <service>.<namespace> form, for namespaces the caller names, where a scheme or port marks an address
    expect(inClusterAddresses("http://api.apps/x, api.apps:80, api.apps, a.api.apps:80, api.apps.svc:80", "v", ["apps"]).map((a) => a.text)).toEqual([
      "api.apps.svc:80",
      "http://api.apps",
      "api.apps:80",
    ]);
  });

  it("resolve through a Service port to a pod's target port, the scheme's port by default", () => {
    expect(addressFinding(inClusterAddresses("http://api.apps:8080", "v", ["apps"])[0], c, [])?.message).toMatch(/has no port 8080/);
    expect(address("http://api.apps.svc/metrics", c)).toBeUndefined();
    expect(address("http://api.apps.svc:8080/metrics", c)?.message).toMatch(/Service apps\/api has no port 8080/);
    expect(address("api.apps.svc:80", cluster(deployment(1, container({ ports: [] })), service))?.message).toMatch(/declares its target port/);
  });

  it("resolve a pod of the operator's StatefulSet behind its headless Service, within its replicas", () => {
    expect(address("prometheus-main-1.prometheus-operated.apps.svc:9090", c)).toBeUndefined();
    expect(address("prometheus-main-2.prometheus-operated.apps.svc:9090", c)?.message).toMatch(/has a pod prometheus-main-2/);
    expect(address("api-0.api.apps.svc:8080", c)?.message).toMatch(/not headless/);
  });

  it("are not checked in a namespace nothing is rendered into", () => {
    expect(address("db.other.svc:5432", c)).toBeNull();
  });

  it("blame a subchart that was not rendered instead of failing", () => {
    const finding = addressFinding(inClusterAddresses("http://app-grafana.apps.svc:80", "v")[0], c, [{ release: "app", subchart: "grafana" }]);
    expect(finding?.unrendered).toBe("app/grafana");
  });
});

describe("network policies", () => {
  const c = cluster(deployment(1), service);
  const policy = (port: string, selector = { match_labels: labels }) => ({ name: "to-api", namespace: "apps", spec: { pod_selector: selector, ingress: [{ ports: [{ port, protocol: "TCP" }] }] } });

  it("open container ports, by number or name, of pods they select", () => {
    expect(networkPolicyFindings(policy("8080"), c, [])).toEqual([]);
    expect(networkPolicyFindings(policy("http"), c, [])).toEqual([]);
    expect(networkPolicyFindings(policy("80"), c, []).map((f) => f.message)).toEqual([expect.stringMatching(/ingress port 80\/TCP is no container port of Deployment\/api/)]);
  });

  it("select rendered pods", () => {
    expect(networkPolicyFindings(policy("8080", { match_labels: { "app.kubernetes.io/name": "apii" } }), c, []).map((f) => f.message)).toEqual([
      expect.stringMatching(/selects no rendered pod/),
    ]);
  });
});

describe("monitors", () => {
  it("select a Service and one of its port names", () => {
    expect(monitorFindings(cluster(deployment(1), service, serviceMonitor("http")), [])).toEqual([]);
    expect(monitorFindings(cluster(deployment(1), service, serviceMonitor("metrics")), []).map((f) => f.message)).toEqual([
      expect.stringMatching(/endpoint port metrics is no port name of api/),
    ]);
    const elsewhere = { ...serviceMonitor("http"), spec: { ...serviceMonitor("http").spec, selector: { matchLabels: { app: "web" } } } };
    expect(monitorFindings(cluster(service, elsewhere), []).map((f) => f.message)).toEqual([expect.stringMatching(/selects no rendered Service/)]);
  });
});

describe("discovery", () => {
  it("sends alerts to a rendered Alertmanager Service port", () => {
    const alerting = (port: string) => ({ ...prometheus, spec: { ...prometheus.spec, alerting: { alertmanagers: [{ namespace: "apps", name: "api", port }] } } });
    expect(discoveryFindings(cluster(deployment(1), service, alerting("http")), [])).toEqual([]);
    expect(discoveryFindings(cluster(deployment(1), service, alerting("http-web")), []).map((f) => f.message)).toEqual([expect.stringMatching(/Service api has no port http-web/)]);
  });

  it("routes an Ingress to a rendered Service port", () => {
    const ingress = (port: Record<string, unknown>): Manifest => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "api" },
      spec: { rules: [{ http: { paths: [{ path: "/", backend: { service: { name: "api", port } } }] } }] },
    });
    expect(discoveryFindings(cluster(deployment(1), service, ingress({ number: 80 })), [])).toEqual([]);
    expect(discoveryFindings(cluster(deployment(1), service, ingress({ name: "http" })), [])).toEqual([]);
    expect(discoveryFindings(cluster(deployment(1), service, ingress({ number: 3000 })), []).map((f) => f.message)).toEqual([expect.stringMatching(/Service api has no port 3000/)]);
  });

  it("scrapes annotated pods on a port they declare", () => {
    const annotated = (port: string): Manifest => {
      const d = deployment(1);
      return { ...d, spec: { ...d.spec, template: { ...d.spec.template, metadata: { labels, annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": port } } } } };
    };
    expect(discoveryFindings(cluster(annotated("8080")), [])).toEqual([]);
    expect(discoveryFindings(cluster(annotated("9090")), []).map((f) => f.message)).toEqual([expect.stringMatching(/prometheus.io\/port 9090 is no container port/)]);
  });
});

describe("containers and replicas", () => {
  it("need CPU and memory requests and a memory limit, requests within limits", () => {
    expect(resourceFindings(cluster(deployment(1)))).toEqual([]);
    const bare = container({ resources: { requests: { memory: "64Mi" } } });
    expect(resourceFindings(cluster(deployment(1, bare))).map((f) => f.message)).toEqual([expect.stringMatching(/container api: no requests\.cpu, limits\.memory/)]);
    const inverted = container({ resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "500m", memory: "1Gi" } } });
    expect(resourceFindings(cluster(deployment(1, inverted))).map((f) => f.message)).toEqual([
      expect.stringMatching(/requests\.cpu above limits\.cpu/),
      expect.stringMatching(/requests\.memory above limits\.memory/),
    ]);
  });

  it("need a pinned image", () => {
    expect(imageFindings(cluster(deployment(1, container({ image: "registry:5000/api@sha256:abc" }))))).toEqual([]);
    for (const image of ["example/api:latest", "registry:5000/api", "api"]) {
      expect(imageFindings(cluster(deployment(1, container({ image }))))).toHaveLength(1);
    }
  });

  it("need a PodDisruptionBudget when replicated, Prometheus pods too", () => {
    expect(disruptionBudgetFindings(cluster(deployment(1)))).toEqual([]);
    expect(disruptionBudgetFindings(cluster(deployment(2), pdb))).toEqual([]);
    expect(disruptionBudgetFindings(cluster(deployment(2), prometheus)).map((f) => f.message)).toEqual([
      expect.stringMatching(/Deployment\/api: 2 replicas and no PodDisruptionBudget/),
      expect.stringMatching(/Prometheus\/main: 2 replicas and no PodDisruptionBudget/),
    ]);
  });
});
