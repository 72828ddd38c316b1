import { ConfigError } from "../src/config/config-error";
import { durationSeconds, isDuration } from "../src/config/duration";
import { validateEnvironment, validateEnvironments } from "../src/config/validate-environment";
import { environments } from "../stacks/environments";
import { dev } from "../stacks/environments/dev";
import { prod } from "../stacks/environments/prod";
import { configErrorOf } from "./helpers/config-error";

/** `base` with the value at a dotted path replaced (`undefined` deletes it). */
function changed(base: object, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as Record<string, any>;
  const keys = path.split(".");
  const parent = keys.slice(0, -1).reduce((obj, key) => (obj[key] ??= {}), copy);
  if (value === undefined) delete parent[keys[keys.length - 1]];
  else parent[keys[keys.length - 1]] = value;
  return copy;
}

function errorOf(input: unknown): ConfigError {
  return configErrorOf(() => validateEnvironment(input));
}

describe("environment configuration", () => {
  it("accepts every shipped environment and fills the defaults", () => {
    const [d, s, p] = validateEnvironments(environments);
    expect([d.name, s.name, p.name]).toEqual(["dev", "staging", "prod"]);
    expect(d.namespace.name).toBe("monitoring");
    expect(d.namespace.podSecurity).toEqual({ enforce: "privileged", audit: "baseline", warn: "baseline" });
    expect(d.grafana.adminUser).toBe("admin");
    expect(d.backend).toEqual({ type: "local", directory: "." });
    expect(p.backend).toMatchObject({ type: "s3", useLockfile: true });
  });

  it("sizes dev for a laptop and prod for high availability", () => {
    const [d, , p] = validateEnvironments(environments);
    expect(d.size).toBe("small");
    expect(p.size).toBe("large");
    expect(Object.values(p.storage).every((v) => v.persistent)).toBe(true);
    expect(durationSeconds(p.retention.logs)).toBeGreaterThan(durationSeconds(d.retention.logs));
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["missing kubernetes context", changed(dev, "kubernetes.context", undefined), "kubernetes.context"],
    ["empty kubeconfig path", changed(dev, "kubernetes.configPath", ""), "kubernetes.configPath"],
    ["unknown size profile", changed(dev, "size", "huge"), "size"],
    ["retention that is not a duration", changed(dev, "retention.logs", "7 days"), "retention.logs"],
    ["missing trace retention", changed(dev, "retention.traces", undefined), "retention.traces"],
    ["volume size that is not a quantity", changed(dev, "storage.metrics.size", "ten gigs"), "storage.metrics.size"],
    ["storage class that is not a DNS label", changed(dev, "storage.logs.storageClass", "Fast_SSD"), "storage.logs.storageClass"],
    ["persistent flag as a string", changed(dev, "storage.traces.persistent", "yes"), "storage.traces.persistent"],
    ["Grafana URL that is not a URL", changed(dev, "grafana.url", "grafana.local"), "grafana.url"],
    ["Grafana URL with another scheme", changed(dev, "grafana.url", "ftp://grafana.example.com"), "grafana.url"],
    ["unknown backend type", changed(dev, "backend", { type: "consul" }), "backend.type"],
    ["S3 backend without bucket", changed(dev, "backend", { type: "s3", region: "eu-west-1" }), "backend.bucket"],
    ["absolute local state directory", changed(dev, "backend", { type: "local", directory: "/var/state" }), "backend.directory"],
    ["remote backend without organization", changed(dev, "backend", { type: "remote" }), "backend.organization"],
    ["app namespace that is not a DNS label", changed(dev, "network.appNamespaces", ["Shop"]), "network.appNamespaces[0]"],
    ["control-plane address without a prefix length", changed(dev, "network.controlPlaneCidrs", ["10.0.0.10"]), "network.controlPlaneCidrs[0]"],
    ["control-plane CIDR with an impossible prefix", changed(dev, "network.controlPlaneCidrs", ["fd00::/64", "10.0.0.0/33"]), "network.controlPlaneCidrs[1]"],
    ["empty control-plane CIDR list", changed(dev, "network.controlPlaneCidrs", []), "network.controlPlaneCidrs"],
    ["namespace name with capitals", changed(dev, "namespace.name", "Monitoring"), "namespace.name"],
    ["ingress namespace that is not a DNS label", changed(dev, "namespace.allowIngressFromNamespaces", ["ok", "not ok"]), "namespace.allowIngressFromNamespaces[1]"],
    ["unknown Pod Security level", changed(dev, "namespace.podSecurity", { enforce: "strict", audit: "baseline", warn: "baseline" }), "namespace.podSecurity.enforce"],
    ["empty quota", changed(dev, "namespace.quota", {}), "namespace.quota"],
    ["negative pod quota", changed(dev, "namespace.quota", { pods: -1 }), "namespace.quota.pods"],
    ["misspelt top-level key", changed(dev, "grafanna", { url: "http://x" }), "unknown key(s) grafanna"],
    ["misspelt nested key", changed(dev, "grafana.adminUsr", "root"), "grafana: unknown key(s) adminUsr"],
    ["environment name with an underscore", changed(dev, "name", "dev_1"), "name"],
    ["unknown cluster platform", changed(dev, "kubernetes.platform", "openshift"), "kubernetes.platform"],
    ["missing cluster name", changed(dev, "kubernetes.clusterName", undefined), "kubernetes.clusterName"],
    ["remote-write target that is not a URL", changed(dev, "metrics.remoteWrite", [{ url: "mimir:9009" }]), "metrics.remoteWrite[0].url"],
  ];

  it.each(invalid)("rejects %s, naming the field", (_title, input, field) => {
    const error = errorOf(input);
    const name = typeof input.name === "string" ? input.name : "dev";
    expect(error.message.split("\n")).toHaveLength(1);
    expect(error.message.startsWith(`environment "${name}": `)).toBe(true);
    expect(error.message).toContain(field);
  });

  it("reports every problem of an environment in the same line", () => {
    const input = changed(changed(prod, "size", "tiny"), "grafana.url", "nope");
    const error = errorOf(input);
    expect(error.problems.map((p) => p.field).sort()).toEqual(["grafana.url", "size"]);
    expect(error.message).not.toContain("\n");
  });

  it("rejects two environments with the same name", () => {
    expect(() => validateEnvironments([dev, dev])).toThrow('environment "dev": name: is defined twice');
  });

  it("parses durations as Prometheus does", () => {
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("2w")).toBe(14 * 86400);
    expect(isDuration("5 minutes")).toBe(false);
    expect(isDuration("")).toBe(false);
    expect(() => durationSeconds("5 minutes")).toThrow("not a duration");
  });
});
