import { reviewApps } from "../src/review/review-app";
import { appOf, release, ResourceSpec } from "./helpers/review-apps";

/** The dangers of changing one resource from `before` to `after` (`undefined`: absent). */
function dangers(before: ResourceSpec[], after: ResourceSpec[], extra: ResourceSpec[] = []): readonly string[] {
  return reviewApps(appOf({ s: [...before, ...extra] }), appOf({ s: [...after, ...extra] })).stacks[0].dangers;
}

const loki = (values: string[], version = "18.11.0") => release("loki", "loki", values, { version });
const prometheus = (values: string[], version = "88.5.3") => release("kube-prometheus-stack", "kube-prometheus-stack", values, { version });

describe("the danger banner", () => {
  it("warns of a shorter retention, not a longer one", () => {
    const at = (period: string) => [loki([`# loki: retention\nloki:\n  limits_config:\n    retention_period: ${period}\n`])];
    expect(dangers(at("14d"), at("7d"))).toEqual([
      "s `observability/loki/release`: shorter retention loki.limits_config.retention_period: 14d → 7d: data older than the new retention is deleted",
    ]);
    expect(dangers(at("7d"), at("14d"))).toEqual([]);
  });

  it("warns of shorter Prometheus retention, per-stream Loki retention and Jaeger's index cleaner days, in JSON values too", () => {
    const values = (prom: string, stream: string, days: number) => [
      JSON.stringify({ prometheus: { prometheusSpec: { retention: prom } } }),
      JSON.stringify({ loki: { limits_config: { retention_stream: [{ selector: '{namespace="shop"}', period: stream, priority: 1 }] } } }),
      JSON.stringify({ esIndexCleaner: { numberOfDays: days } }),
    ];
    const found = dangers([prometheus(values("30d", "400d", 14))], [prometheus(values("15d", "30d", 7))]);
    expect(found).toEqual([
      expect.stringContaining("shorter retention esIndexCleaner.numberOfDays: 14 → 7"),
      expect.stringContaining('shorter retention loki.limits_config.retention_stream[selector={namespace="shop"}].period: 400d → 30d'),
      expect.stringContaining("shorter retention prometheus.prometheusSpec.retention: 30d → 15d"),
    ]);
  });

  it("warns of a Loki storage type or schema change", () => {
    const store = (type: string, schema: string) => [loki([`loki:\n  storage:\n    type: ${type}\n  schemaConfig:\n    configs:\n      - from: "2025-01-01"\n        schema: ${schema}\n`])];
    expect(dangers(store("filesystem", "v13"), store("s3", "v13"))).toEqual([expect.stringContaining("Loki storage type change loki.storage.type: filesystem → s3")]);
    expect(dangers(store("s3", "v12"), store("s3", "v13"))).toEqual([expect.stringContaining("Loki schema change loki.schemaConfig.configs[0].schema: v12 → v13")]);
  });

  it("warns that a StatefulSet does not resize its volumes", () => {
    const sized = (size: string) => [
      loki([`singleBinary:\n  persistence:\n    size: ${size}\n`]),
      prometheus([JSON.stringify({ prometheus: { prometheusSpec: { storageSpec: { volumeClaimTemplate: { spec: { resources: { requests: { storage: size } } } } } } } })]),
    ];
    expect(dangers(sized("10Gi"), sized("20Gi"))).toEqual([
      expect.stringContaining("volume size singleBinary.persistence.size: 10Gi → 20Gi"),
      expect.stringContaining("volume size prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage: 10Gi → 20Gi: a StatefulSet does not resize"),
    ]);
  });

  it("says how the CRDs of a kube-prometheus-stack version bump get upgraded", () => {
    const job = (enabled: boolean) => [`crds:\n  upgradeJob:\n    enabled: ${enabled}\n`];
    expect(dangers([prometheus(job(false))], [prometheus(job(false), "88.6.0")])).toEqual([expect.stringMatching(/88\.5\.3 → 88\.6\.0: .* apply the new version's CRDs by hand/)]);
    expect(dangers([prometheus(job(true))], [prometheus(job(true), "88.6.0")])).toEqual([expect.stringMatching(/crds\.upgradeJob applies them .* check that job succeeded/)]);
    expect(dangers([loki([])], [loki([], "18.12.0")])).toEqual([]);
  });

  it("warns of a destroyed stateful release, not of a stateless one", () => {
    expect(dangers([loki([])], [])).toEqual([expect.stringContaining("Helm release loki (loki) is destroyed: the stored logs go with its volumes")]);
    expect(dangers([release("alloy", "alloy", [])], [])).toEqual([]);
  });

  it("warns of a replaced generated password and of a destroyed namespace", () => {
    const password = (length: number): ResourceSpec => ({ id: "pw", type: "random_password", path: "grafana-admin/password", config: { length } });
    expect(dangers([password(32)], [password(40)])).toEqual([expect.stringContaining("generated password is replaced (destroyed, then created): it rotates (Grafana's admin password")]);
    const namespace: ResourceSpec = { id: "ns", type: "kubernetes_namespace_v1", path: "namespace", config: { metadata: { name: "monitoring" } } };
    expect(dangers([namespace], [])).toEqual([expect.stringContaining("namespace monitoring is destroyed: everything in it is deleted")]);
  });

  it("warns of a destroyed folder only when it holds dashboards or rule groups", () => {
    const folder = (uid: string): ResourceSpec => ({ id: uid, type: "grafana_folder", path: `folder-${uid}`, config: { uid, title: uid } });
    const dashboard: ResourceSpec = { id: "d", type: "grafana_dashboard", path: "dashboard", config: { folder: "full", config_json: "{}" } };
    expect(dangers([folder("full"), folder("empty")], [], [dashboard])).toEqual([expect.stringContaining("folder full holding 1 dashboard(s) or rule group(s) is destroyed")]);
  });
});
