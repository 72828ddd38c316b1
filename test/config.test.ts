import { ConfigError } from "../src/config/config-error";
import { quantityBytes } from "../src/config/byte-size";
import { durationSeconds, isDuration } from "../src/config/duration";
import { isQuantity } from "../src/config/quantity";
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
    ["volume size beyond Kubernetes' 2^63-1", changed(dev, "storage.metrics.size", "99999999999Ei"), "storage.metrics.size"],
    ["storage class that is not a DNS label", changed(dev, "storage.logs.storageClass", "Fast_SSD"), "storage.logs.storageClass"],
    ["persistent flag as a string", changed(dev, "storage.traces.persistent", "yes"), "storage.traces.persistent"],
    ["Grafana URL that is not a URL", changed(dev, "grafana.url", "grafana.local"), "grafana.url"],
    ["Grafana URL with another scheme", changed(dev, "grafana.url", "ftp://grafana.example.com"), "grafana.url"],
    ["unknown backend type", changed(dev, "backend", { type: "consul" }), "backend.type"],
    ["S3 backend without bucket", changed(dev, "backend", { type: "s3", region: "eu-west-1" }), "backend.bucket"],
    ["absolute local state directory", changed(dev, "backend", { type: "local", directory: "/var/state" }), "backend.directory"],
    ["local state directory with a Terraform interpolation", changed(dev, "backend", { type: "local", directory: "state/${terraform.workspace}" }), "backend.directory"],
    ["local state directory with a newline", changed(dev, "backend", { type: "local", directory: "state\nx" }), "backend.directory"],
    ["Windows local state directory", changed(dev, "backend", { type: "local", directory: "C:\\state" }), "backend.directory"],
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
    // checks that parse their input ran on malformed values and threw a TypeError or plain Error
    ["search URL that is not a URL", changed(prod, "traces.storage.urls", ["not a url"]), "traces.storage.urls[0]"],
    ["empty search URL", changed(prod, "traces.storage.urls", [""]), "traces.storage.urls[0]"],
    ["search retention that is not a duration", changed(prod, "traces.storage.retention", "two weeks"), "traces.storage.retention"],
    ["badger retention that is not a duration", changed(dev, "traces.storage", { type: "badger", size: "1Gi", retention: "" }), "traces.storage.retention"],
    ["stream retention that is not a duration", changed(dev, "logs.streamRetention", [{ selector: '{namespace="a"}', period: "forever" }]), "logs.streamRetention[0].period"],
    ["duration beyond Prometheus' 64-bit milliseconds", changed(dev, "retention.metrics", "999999999999999999999d"), "retention.metrics"],
    // URLs and host names: RFC 3986 characters, DNS labels of at most 63, names of at most 253
    ["Grafana URL ending in a NUL the URL parser drops", changed(dev, "grafana.url", "http://localhost:3000\u0000"), "grafana.url"],
    ["Grafana URL with a newline the URL parser drops", changed(dev, "grafana.url", "https://grafana.example.com\nx"), "grafana.url"],
    ["Grafana URL with a Terraform interpolation", changed(dev, "grafana.url", "https://grafana.example.com/${var.x}"), "grafana.url"],
    ["Grafana URL with an invalid host name", changed(dev, "grafana.url", "https://grafana_example.com"), "grafana.url"],
    ["Grafana ingress host of 300 characters", changed(prod, "grafana.ingress.host", `${`${"a".repeat(60)}.`.repeat(4)}${"a".repeat(60)}`), "grafana.ingress.host"],
    ["Grafana ingress host with a 64-character label", changed(prod, "grafana.ingress.host", `${"a".repeat(64)}.example.com`), "grafana.ingress.host"],
    ["database host of 300 characters", changed(dev, "databases.0.connection.host", "a".repeat(300)), "databases[0].connection.host"],
    ["database host with a control character", changed(dev, "databases.0.connection.host", "db.example.com\u0007"), "databases[0].connection.host"],
    ["database name too long for its release name", changed(dev, "databases.0.name", "a".repeat(40)), "databases[0].name"],
    ["two databases of the same name", changed(dev, "databases", [dev.databases![0], dev.databases![0]]), 'databases[1].name: "rentguy" is defined twice'],
    // the kubeconfig: one line, of reasonable length
    ["kubeconfig path with a newline", changed(dev, "kubernetes.configPath", "~/.kube/config\nx"), "kubernetes.configPath"],
    ["kubeconfig context with a NUL", changed(dev, "kubernetes.context", "kind\u0000"), "kubernetes.context"],
    ["kubeconfig context of 300 characters", changed(dev, "kubernetes.context", "a".repeat(300)), "kubernetes.context"],
    // cdktf would resolve its token syntax into a live reference (or fail on an unknown one)
    ["kubeconfig context with cdktf's token syntax", changed(dev, "kubernetes.context", "ctx${TfToken[TOKEN.1]}"), "kubernetes.context: must not contain ${TfToken["],
    ["SMTP username with cdktf's token syntax", changed(dev, "alerting.contactPoints.1.smtp.username", "${TfToken[TOKEN.1]}"), "alerting.contactPoints[1].smtp.username: must not contain"],
    // Loki's object storage, named to each store's rules
    ["S3 bucket with capitals", changed(prod, "logs.storage.buckets.chunks", "Example-Chunks"), "logs.storage.buckets.chunks"],
    ["S3 bucket with a control character", changed(prod, "logs.storage.buckets.ruler", "example-ruler\n"), "logs.storage.buckets.ruler"],
    ["S3 bucket of 300 characters", changed(prod, "logs.storage.buckets.chunks", "a".repeat(300)), "logs.storage.buckets.chunks"],
    ["S3 bucket shorter than 3", changed(prod, "logs.storage.buckets.chunks", "ab"), "logs.storage.buckets.chunks"],
    ["S3 bucket with '..'", changed(prod, "logs.storage.buckets.chunks", "example..chunks"), "logs.storage.buckets.chunks"],
    ["S3 bucket shaped like an IP address", changed(prod, "logs.storage.buckets.chunks", "192.168.5.4"), "logs.storage.buckets.chunks"],
    ["S3 region with a control character", changed(prod, "logs.storage.region", "eu-west-1\n"), "logs.storage.region"],
    ["GCS bucket starting with goog", changed(dev, "logs.storage", { type: "gcs", buckets: { chunks: "google-chunks", ruler: "loki-ruler" } }), "logs.storage.buckets.chunks"],
    ["GCS bucket with a 64-character part", changed(dev, "logs.storage", { type: "gcs", buckets: { chunks: `${"a".repeat(64)}.example.com`, ruler: "loki-ruler" } }), "logs.storage.buckets.chunks"],
    ["Azure container with '--'", changed(dev, "logs.storage", { type: "azure", buckets: { chunks: "loki--chunks", ruler: "ruler" }, accountName: "acmelogs", accountKey: { name: "a", key: "k" } }), "logs.storage.buckets.chunks"],
    ["Azure container with an underscore", changed(dev, "logs.storage", { type: "azure", buckets: { chunks: "chunks", ruler: "loki_ruler" }, accountName: "acmelogs", accountKey: { name: "a", key: "k" } }), "logs.storage.buckets.ruler"],
    // state backends: nothing Terraform would evaluate, nothing the store refuses
    ["S3 state bucket with a Terraform interpolation", changed(prod, "backend.bucket", "state-${var.x}"), "backend.bucket"],
    ["S3 state bucket with a control character", changed(prod, "backend.bucket", "example-terraform-state\u0000"), "backend.bucket"],
    ["S3 state bucket of 300 characters", changed(prod, "backend.bucket", "a".repeat(300)), "backend.bucket"],
    ["S3 state region with a Terraform directive", changed(prod, "backend.region", "eu-west-1%{if true}x%{endif}"), "backend.region"],
    ["S3 state key prefix with a Terraform interpolation", changed(prod, "backend.keyPrefix", "observability/${terraform.workspace}"), "backend.keyPrefix"],
    ["S3 state key prefix with a control character", changed(prod, "backend.keyPrefix", "observability\nprod"), "backend.keyPrefix"],
    ["DynamoDB lock table with a space", changed(prod, "backend.dynamodbTable", "my locks"), "backend.dynamodbTable"],
    ["GCS state bucket with capitals", changed(dev, "backend", { type: "gcs", bucket: "State" }), "backend.bucket"],
    ["Azure state account with capitals", changed(dev, "backend", { type: "azurerm", resourceGroupName: "rg", storageAccountName: "State", containerName: "tfstate" }), "backend.storageAccountName"],
    ["Azure resource group ending in '.'", changed(dev, "backend", { type: "azurerm", resourceGroupName: "rg.", storageAccountName: "state", containerName: "tfstate" }), "backend.resourceGroupName"],
    ["remote backend host of 300 characters", changed(dev, "backend", { type: "remote", hostname: "a".repeat(300), organization: "acme" }), "backend.hostname"],
    ["remote organization with a control character", changed(dev, "backend", { type: "remote", organization: "acme\n" }), "backend.organization"],
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

  it("accepts names each store accepts", () => {
    const storage = (logs: unknown) => validateEnvironment(changed(dev, "logs.storage", logs)).logs.storage;
    expect(storage({ type: "s3", buckets: { chunks: "a.b-c", ruler: "x".repeat(63) }, region: "us-east-1" })).toMatchObject({ buckets: { chunks: "a.b-c" } });
    expect(storage({ type: "gcs", buckets: { chunks: `${"a".repeat(63)}.${"b".repeat(63)}`, ruler: "loki_ruler" } })).toMatchObject({ type: "gcs" });
    expect(storage({ type: "azure", buckets: { chunks: "a-b-c", ruler: "abc" }, accountName: "acme", accountKey: { name: "a", key: "k" } })).toMatchObject({ type: "azure" });
    const backend = (value: unknown) => validateEnvironment(changed(dev, "backend", value)).backend;
    expect(backend({ type: "azurerm", resourceGroupName: "rg-(prod)_1.x", storageAccountName: "state", containerName: "tfstate" })).toMatchObject({ keyPrefix: "cdktf-observability" });
    expect(backend({ type: "s3", bucket: "state", region: "eu-west-1", keyPrefix: "team-a/observability", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab" })).toMatchObject({ type: "s3" });
  });

  it("keeps the message on one line when a name holds a control character", () => {
    const error = errorOf(changed(dev, "name", "dev\nprod"));
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
    expect(error.message).toMatch(/^environment "dev\\nprod": name: /);
  });

  it("rejects two environments with the same name", () => {
    expect(() => validateEnvironments([dev, dev])).toThrow('environment "dev": name: is defined twice');
  });

  it("takes quantities up to 2^63-1, as Kubernetes holds them", () => {
    expect(isQuantity("7Ei")).toBe(true);
    expect(isQuantity("9Ei")).toBe(false);
    expect(isQuantity("500m")).toBe(true);
    expect(quantityBytes("1.5Gi")).toBe(1.5 * 2 ** 30);
    expect(() => quantityBytes("500m")).toThrow("not a byte quantity");
  });

  it("parses durations as Prometheus does", () => {
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(durationSeconds("2w")).toBe(14 * 86400);
    expect(isDuration("5 minutes")).toBe(false);
    expect(isDuration("")).toBe(false);
    expect(isDuration("106751991167d")).toBe(true);
    expect(isDuration("106751991168d")).toBe(false);
    expect(() => durationSeconds("5 minutes")).toThrow("not a duration");
  });
});
