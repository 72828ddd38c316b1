import { Testing } from "cdktf";
import { ConfigError, MonitoringNamespace } from "../constructs";

type Synth = { resource: Record<string, Record<string, any>> };

function synth(build: (scope: any) => void): Synth {
  return JSON.parse(Testing.synthScope(build));
}

function policies(out: Synth): Record<string, any> {
  return Object.fromEntries(Object.values(out.resource.kubernetes_network_policy_v1).map((p) => [p.metadata.name, p.spec]));
}

describe("MonitoringNamespace", () => {
  it("labels the namespace with Pod Security Standards levels", () => {
    const out = synth((scope) => new MonitoringNamespace(scope, "ns", { name: "observability", podSecurity: { enforce: "baseline", audit: "restricted", warn: "restricted" } }));
    const labels = Object.values(out.resource.kubernetes_namespace_v1)[0].metadata.labels;
    expect(Object.values(out.resource.kubernetes_namespace_v1)[0].metadata.name).toBe("observability");
    expect(labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "baseline",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });

  it("denies ingress by default and allows it from within the namespace", () => {
    const spec = policies(synth((scope) => new MonitoringNamespace(scope, "ns")));
    expect(Object.keys(spec).sort()).toEqual(["allow-same-namespace", "default-deny-ingress"]);
    expect(spec["default-deny-ingress"]).toEqual({ pod_selector: {}, policy_types: ["Ingress"] });
    expect(spec["allow-same-namespace"].ingress).toEqual([{ from: [{ pod_selector: {} }] }]);
  });

  it("allows ingress from the namespaces it is given, by their name label", () => {
    const spec = policies(synth((scope) => new MonitoringNamespace(scope, "ns", { allowIngressFromNamespaces: ["ingress-nginx", "shop"] })));
    expect(spec["allow-from-namespaces"].ingress[0].from).toEqual([
      { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
      { namespace_selector: { match_labels: { "kubernetes.io/metadata.name": "shop" } } },
    ]);
  });

  it("places policies in the namespace it creates", () => {
    const out = synth((scope) => new MonitoringNamespace(scope, "ns"));
    for (const policy of Object.values(out.resource.kubernetes_network_policy_v1)) {
      expect(policy.metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.[\w-]+\.metadata\[0\]\.name\}$/);
    }
  });

  it("opens single flows with allowIngress", () => {
    const spec = policies(
      synth((scope) =>
        new MonitoringNamespace(scope, "ns").allowIngress("apps-to-collector", {
          podSelector: { "app.kubernetes.io/name": "opentelemetry-collector" },
          fromPods: { "otel/instrumented": "true" },
          ports: [{ port: 4317 }, { port: 4318 }],
        }),
      ),
    )["apps-to-collector"];
    expect(spec.pod_selector).toEqual({ match_labels: { "app.kubernetes.io/name": "opentelemetry-collector" } });
    expect(spec.ingress[0].from).toEqual([{ namespace_selector: {}, pod_selector: { match_labels: { "otel/instrumented": "true" } } }]);
    expect(spec.ingress[0].ports).toEqual([{ port: "4317", protocol: "TCP" }, { port: "4318", protocol: "TCP" }]);
  });

  it("refuses an allowIngress rule without any source", () => {
    expect(() => synth((scope) => new MonitoringNamespace(scope, "ns").allowIngress("nothing", { ports: [{ port: 80 }] }))).toThrow(
      /ns: allowIngress\("nothing"\): give fromNamespaces, fromPods or fromCidrs/,
    );
  });

  it("adds a ResourceQuota and a LimitRange only when asked", () => {
    expect(synth((scope) => new MonitoringNamespace(scope, "ns")).resource.kubernetes_resource_quota_v1).toBeUndefined();
    const out = synth(
      (scope) =>
        new MonitoringNamespace(scope, "ns", {
          quota: { requestsCpu: "8", limitsMemory: "32Gi", pods: 50 },
          limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { memory: "1Gi" } },
        }),
    );
    expect(Object.values(out.resource.kubernetes_resource_quota_v1)[0].spec.hard).toEqual({ "requests.cpu": "8", "limits.memory": "32Gi", pods: "50" });
    expect(Object.values(out.resource.kubernetes_limit_range_v1)[0].spec.limit).toEqual([
      { type: "Container", default_request: { cpu: "100m", memory: "128Mi" }, default: { memory: "1Gi" } },
    ]);
  });

  it("rejects bad props naming the construct path and field", () => {
    let error: unknown;
    try {
      synth((scope) => new MonitoringNamespace(scope, "monitoring-ns", { name: "Bad_Name", quota: { pods: 0 } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/monitoring-ns: name: must be a DNS label.*; quota\.pods: /);
  });
});
