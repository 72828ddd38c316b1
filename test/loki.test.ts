import { Testing } from "cdktf";
import { Construct } from "constructs";
import { parse } from "yaml";
import { CHARTS } from "../src/helm/charts";
import { mergeValues, Values } from "../src/helm/values";
import { lokiConfigSchema, LokiConfigInput } from "../src/logs/loki-config";
import { lokiFullname, lokiGatewayService } from "../src/logs/loki-gateway";
import { LOKI_SCHEMA_FROM } from "../src/logs/loki-schema-config";
import { lokiValuesDocuments } from "../src/logs/loki-values";
import { Loki, LokiProps } from "../constructs/loki";
import { documentsByConcern } from "./helpers/release-values";
import { chartDefaults, chartSchemaErrors, unknownChartKeys } from "./helpers/chart-values";
import { describeWithShared } from "./helpers/shared-dir";
import { configErrorOf } from "./helpers/config-error";

const NAMESPACE = "monitoring";

const DEV: LokiConfigInput = {
  storage: { type: "filesystem" },
  persistence: { enabled: true, size: "5Gi", storageClass: "standard" },
  retention: "7d",
  caches: { chunksMemoryMb: 256, resultsMemoryMb: 64 },
};

const S3_PROD: LokiConfigInput = {
  storage: { type: "s3", buckets: { chunks: "acme-loki-chunks", ruler: "acme-loki-ruler" }, region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/loki" },
  replicas: 3,
  resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "8Gi" } },
  persistence: { size: "50Gi", storageClass: "fast-ssd" },
  retention: "90d",
  streamRetention: [{ selector: '{namespace="productie"}', period: "365d" }],
  tenancy: { mode: "multi", tenantId: "platform" },
  caches: { chunksMemoryMb: 4096, resultsMemoryMb: 1024, cpu: "500m" },
  gateway: { replicas: 2 },
  canary: true,
};

const GCS_PROD: LokiConfigInput = {
  storage: { type: "gcs", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, serviceAccountKey: { name: "loki-gcs", key: "key.json" } },
  replicas: 3,
};

const AZURE_PROD: LokiConfigInput = {
  storage: { type: "azure", buckets: { chunks: "chunks", ruler: "ruler" }, accountName: "acmelogs", workloadIdentityClientId: "6f1d0a52-4c0e-4a57-9b1e-0a0d9e0b7c11" },
  replicas: 3,
};

const documentsOf = (input: LokiConfigInput) => lokiValuesDocuments(lokiConfigSchema.parse(input));
const valuesOf = (input: LokiConfigInput): Values => mergeValues(...documentsOf(input).map((d) => d.values));
const at = (values: Values, path: string): any => path.split(".").reduce<any>((node, key) => node?.[key], values);

type Synth = { resource: Record<string, Record<string, any>> };
function synthLoki(props: LokiProps): { loki: Loki; release: any } {
  let loki!: Loki;
  const out: Synth = JSON.parse(Testing.synthScope((scope) => (loki = new Loki(scope, "loki", props))));
  return { loki, release: Object.values(out.resource.helm_release)[0] };
}

const errorOf = configErrorOf;
const rejects = (props: Omit<LokiProps, "namespace">) =>
  errorOf(() => new Loki(new Construct(Testing.app(), "logs"), "loki", { namespace: NAMESPACE, ...props } as LokiProps)).message;

describe("Loki values: small (dev)", () => {
  const values = valuesOf(DEV);

  it("runs one monolithic replica on a filesystem volume with the scalable targets zeroed", () => {
    expect(values.deploymentMode).toBe("Monolithic");
    expect(at(values, "singleBinary.replicas")).toBe(1);
    expect(["backend", "read", "write"].map((t) => at(values, `${t}.replicas`))).toEqual([0, 0, 0]);
    expect(at(values, "loki.commonConfig.replication_factor")).toBe(1);
    expect(at(values, "loki.storage")).toEqual({ type: "filesystem" });
    expect(at(values, "singleBinary.persistence")).toEqual({ enabled: true, size: "5Gi", storageClass: "standard" });
  });

  it("sizes the caches for a laptop instead of the chart's 8 GiB", () => {
    expect(at(values, "chunksCache")).toEqual({ enabled: true, allocatedMemory: 256, allocatedCPU: "100m" });
    expect(at(values, "resultsCache.allocatedMemory")).toBe(64);
    const disabled = valuesOf({ ...DEV, caches: false });
    expect([at(disabled, "chunksCache.enabled"), at(disabled, "resultsCache.enabled")]).toEqual([false, false]);
  });

  it("runs the canary only when asked, with requests, and never the Helm test (no resources setting, a latest image)", () => {
    expect([at(values, "lokiCanary.enabled"), at(values, "test.enabled")]).toEqual([false, false]);
    const withCanary = valuesOf({ ...DEV, canary: true });
    expect([at(withCanary, "lokiCanary.enabled"), at(withCanary, "test.enabled")]).toEqual([true, false]);
    expect(at(withCanary, "lokiCanary.resources")).toEqual({ requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } });
  });

  it("always sets a TSDB v13 schema on the store in use", () => {
    expect(at(values, "loki.schemaConfig.configs")).toEqual([
      { from: LOKI_SCHEMA_FROM, store: "tsdb", object_store: "filesystem", schema: "v13", index: { prefix: "index_", period: "24h" } },
    ]);
  });

  it("keeps logs through compactor retention, single-tenant by default", () => {
    expect(at(values, "loki.compactor")).toEqual({ retention_enabled: true, delete_request_store: "filesystem" });
    expect(at(values, "loki.limits_config")).toMatchObject({ retention_period: "7d" });
    expect(at(values, "loki.limits_config")).not.toHaveProperty("retention_stream");
    expect(at(values, "loki.auth_enabled")).toBe(false);
  });

  it("can run without a volume", () => {
    expect(at(valuesOf({ ...DEV, persistence: { enabled: false } }), "singleBinary.persistence.enabled")).toBe(false);
  });
});

describe("Loki values: prod on object storage", () => {
  it("scales out on S3 with three copies of every line, the buckets the chart wants and IRSA", () => {
    const values = valuesOf(S3_PROD);
    expect(at(values, "singleBinary.replicas")).toBe(3);
    expect(at(values, "loki.commonConfig.replication_factor")).toBe(3);
    expect(at(values, "loki.storage")).toEqual({
      type: "s3",
      bucketNames: { chunks: "acme-loki-chunks", ruler: "acme-loki-ruler" },
      s3: { region: "eu-west-1", s3ForcePathStyle: false, insecure: false },
    });
    expect(at(values, "serviceAccount.annotations")).toEqual({ "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/loki" });
    expect(at(values, "loki.schemaConfig.configs.0.object_store")).toBe("s3");
    expect(at(values, "loki.compactor.delete_request_store")).toBe("s3");
    expect(at(values, "singleBinary.resources")).toEqual({ requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "8Gi" } });
    expect(at(values, "singleBinary.persistence")).toEqual({ enabled: true, size: "50Gi", storageClass: "fast-ssd" });
    expect(at(values, "gateway.replicas")).toBe(2);
  });

  it("keeps three copies from three replicas on, or the replication factor asked for", () => {
    expect(at(valuesOf({ ...GCS_PROD, replicas: 5 }), "loki.commonConfig.replication_factor")).toBe(3);
    expect(at(valuesOf({ ...GCS_PROD, replicas: 5, replicationFactor: 5 }), "loki.commonConfig.replication_factor")).toBe(5);
    expect(at(valuesOf({ ...GCS_PROD, replicas: 1 }), "loki.commonConfig.replication_factor")).toBe(1);
  });

  it("reads S3 keys from an existing Secret into the AWS SDK's environment, never into values", () => {
    const values = valuesOf({
      storage: {
        type: "s3",
        buckets: { chunks: "loki-chunks", ruler: "loki-ruler" },
        region: "us-east-1",
        endpoint: "http://minio.storage.svc:9000",
        forcePathStyle: true,
        insecure: true,
        accessKeyId: { name: "loki-s3", key: "access-key-id" },
        secretAccessKey: { name: "loki-s3", key: "secret-access-key" },
      },
    });
    expect(at(values, "defaults.extraEnv")).toEqual([
      { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "loki-s3", key: "access-key-id" } } },
      { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: "loki-s3", key: "secret-access-key" } } },
    ]);
    expect(at(values, "loki.storage.s3")).toEqual({ region: "us-east-1", endpoint: "http://minio.storage.svc:9000", s3ForcePathStyle: true, insecure: true });
    expect(at(values, "serviceAccount")).toBeUndefined();
  });

  it("mounts a GCS key from a Secret as the credentials file, or binds Workload Identity", () => {
    const key = valuesOf(GCS_PROD);
    expect(at(key, "loki.storage")).toEqual({ type: "gcs", bucketNames: { chunks: "loki-chunks", ruler: "loki-ruler" } });
    expect(at(key, "defaults.extraEnv")).toEqual([{ name: "GOOGLE_APPLICATION_CREDENTIALS", value: "/etc/loki/gcs/key.json" }]);
    expect(at(key, "defaults.extraVolumes")).toEqual([{ name: "gcs-credentials", secret: { secretName: "loki-gcs", items: [{ key: "key.json", path: "key.json" }] } }]);
    expect(at(key, "defaults.extraVolumeMounts")).toEqual([{ name: "gcs-credentials", mountPath: "/etc/loki/gcs", readOnly: true }]);
    const identity = valuesOf({ ...GCS_PROD, storage: { type: "gcs", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, gcpServiceAccount: "loki-logs@acme-prod.iam.gserviceaccount.com" } });
    expect(at(identity, "serviceAccount.annotations")).toEqual({ "iam.gke.io/gcp-service-account": "loki-logs@acme-prod.iam.gserviceaccount.com" });
    expect(at(identity, "defaults")).toBeUndefined();
  });

  it("uses Azure Workload Identity (federated token, pod label) or an account key expanded from the environment", () => {
    const identity = valuesOf(AZURE_PROD);
    expect(at(identity, "loki.storage.azure")).toEqual({ accountName: "acmelogs", useFederatedToken: true });
    expect(at(identity, "serviceAccount.annotations")).toEqual({ "azure.workload.identity/client-id": "6f1d0a52-4c0e-4a57-9b1e-0a0d9e0b7c11" });
    expect(at(identity, "defaults.podLabels")).toEqual({ "azure.workload.identity/use": "true" });
    const key = valuesOf({ storage: { type: "azure", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, accountName: "acmelogs", accountKey: { name: "loki-azure", key: "account-key" } } });
    expect(at(key, "loki.storage.azure.accountKey")).toBe("${LOKI_AZURE_ACCOUNT_KEY}");
    expect(at(key, "defaults.extraArgs")).toEqual(["-config.expand-env=true"]);
    expect(at(key, "defaults.extraEnv")).toEqual([{ name: "LOKI_AZURE_ACCOUNT_KEY", valueFrom: { secretKeyRef: { name: "loki-azure", key: "account-key" } } }]);
  });

  it("turns on authentication for a multi-tenant Loki and keeps an audit stream longer", () => {
    const values = valuesOf(S3_PROD);
    expect(at(values, "loki.auth_enabled")).toBe(true);
    expect(at(values, "loki.limits_config")).toMatchObject({ retention_period: "90d", retention_stream: [{ selector: '{namespace="productie"}', priority: 1, period: "365d" }] });
  });

  it("renders one sorted document per concern", () => {
    expect(documentsOf(S3_PROD).map((d) => d.concern)).toEqual([
      "loki: deployment mode and replicas",
      "loki: resources",
      "loki: volumes",
      "loki: storage",
      "loki: storage credentials",
      "loki: schema",
      "loki: retention",
      "loki: tenancy",
      "loki: OTLP labels",
      "loki: caches",
      "loki: gateway",
      "loki: canary and tests",
      "loki: self-monitoring",
      "loki: rules sidecar",
    ]);
  });

  it("indexes OTLP logs by the agent's labels only, not Loki's default resource attributes, within the label limit", () => {
    const limits = at(valuesOf(DEV), "loki.limits_config");
    expect(limits.otlp_config.resource_attributes.ignore_defaults).toBe(true);
    expect(limits.otlp_config.resource_attributes.attributes_config).toEqual([
      { action: "index_label", attributes: ["namespace", "pod", "container", "app", "node", "stream", "cluster", "environment", "service.name"] },
    ]);
    expect(limits.max_label_names_per_series).toBe(15);
    expect(at(valuesOf({ ...DEV, staticLabels: ["region"] }), "loki.limits_config.otlp_config.resource_attributes.attributes_config")[0].attributes).toEqual(
      ["namespace", "pod", "container", "app", "node", "stream", "region", "service.name"],
    );
  });

  it("adds a ServiceMonitor for Loki's own metrics only when asked (it needs the operator's CRDs)", () => {
    expect(at(valuesOf(S3_PROD), "monitoring.serviceMonitor.enabled")).toBeUndefined();
    expect(at(valuesOf({ ...S3_PROD, selfMonitoring: true }), "monitoring.serviceMonitor.enabled")).toBe(true);
  });
});

describe("Loki construct", () => {
  it("installs the pinned community chart with one values document per concern", () => {
    const { loki, release } = synthLoki({ namespace: NAMESPACE, ...DEV });
    expect(release).toMatchObject({ name: "loki", namespace: "monitoring", chart: "loki", repository: CHARTS.loki.repository, version: CHARTS.loki.version, atomic: true });
    // The filesystem has no credentials, self-monitoring is off, and empty documents are left out.
    const empty = ["loki: storage credentials", "loki: self-monitoring"];
    expect(Object.keys(documentsByConcern(loki.chart, release))).toEqual(documentsOf(DEV).filter((d) => !empty.includes(d.concern)).map((d) => d.concern));
    expect(parse(release.values[0])).toMatchObject({ deploymentMode: "Monolithic", singleBinary: { replicas: 1 } });
  });

  it("exposes the gateway URLs, built from the release and namespace names", () => {
    const { loki } = synthLoki({ namespace: NAMESPACE });
    expect(loki.gatewayService).toBe("loki-gateway");
    expect(loki.gatewayPort).toBe(80);
    expect(loki.queryUrl).toBe("http://loki-gateway.monitoring.svc:80");
    expect(loki.pushUrl).toBe("http://loki-gateway.monitoring.svc:80/loki/api/v1/push");
    expect(loki.otlpEndpoint).toBe("http://loki-gateway.monitoring.svc:80/otlp");
    expect(loki.releaseName).toBe("loki");
    expect(loki.namespace).toBe("monitoring");
    expect(loki.tenantId).toBeUndefined();
    expect(loki.tenantHeaders).toEqual({});
    expect(loki.gatewayPodLabels).toEqual({ "app.kubernetes.io/name": "loki", "app.kubernetes.io/instance": "loki", "app.kubernetes.io/component": "gateway" });
  });

  it("follows the chart's naming: the release name, suffixed with -loki unless it contains loki", () => {
    expect(lokiFullname("logs")).toBe("logs-loki");
    expect(lokiGatewayService("logs")).toBe("logs-loki-gateway");
    expect(lokiGatewayService("team-loki")).toBe("team-loki-gateway");
    const { loki } = synthLoki({ namespace: "observability", releaseName: "logs" });
    expect(loki.pushUrl).toBe("http://logs-loki-gateway.observability.svc:80/loki/api/v1/push");
  });

  it("exposes the tenant every client sends", () => {
    const { loki } = synthLoki({ namespace: NAMESPACE, ...S3_PROD });
    expect(loki.tenantId).toBe("platform");
    expect(loki.tenantHeaders).toEqual({ "X-Scope-OrgID": "platform" });
  });

  it("waits for the namespace it is given", () => {
    let loki!: Loki;
    const out: Synth = JSON.parse(
      Testing.synthScope((scope) => {
        const { NamespaceV1 } = require("@cdktf/provider-kubernetes/lib/namespace-v1");
        const ns = new NamespaceV1(scope, "ns", { metadata: { name: "monitoring" } });
        loki = new Loki(scope, "loki", { namespace: "monitoring", dependsOn: [ns] });
      }),
    );
    expect(Object.values(out.resource.helm_release)[0].depends_on).toEqual([expect.stringMatching(/^kubernetes_namespace_v1\./)]);
    expect(loki.namespace).toBe("monitoring");
  });

  it("escapes ${…} so Terraform hands the expand-env placeholder to Helm literally", () => {
    const { release, loki } = synthLoki({ namespace: NAMESPACE, storage: { type: "azure", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, accountName: "acmelogs", accountKey: { name: "loki-azure", key: "account-key" } } });
    const credentials = release.values[Object.keys(documentsByConcern(loki.chart, release)).indexOf("loki: storage credentials")];
    expect(credentials).toContain('"accountKey":"$${LOKI_AZURE_ACCOUNT_KEY}"');
    expect(at(mergeValues(...loki.documents.map((d) => d.values)), "loki.storage.azure.accountKey")).toBe("${LOKI_AZURE_ACCOUNT_KEY}");
  });

  it("merges overrides last", () => {
    const { loki, release } = synthLoki({ namespace: NAMESPACE, values: { loki: { server: { log_level: "debug" } } } });
    expect(Object.entries(documentsByConcern(loki.chart, release)).at(-1)).toEqual(["overrides", { loki: { server: { log_level: "debug" } } }]);
  });
});

describe("Loki validation", () => {
  const bucket = { chunks: "loki-chunks", ruler: "loki-ruler" };

  it("rejects static labels that would break the stream labels: too many, a pod-log label, repeated", () => {
    const ten = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    expect(rejects({ staticLabels: ten })).toBe("logs/loki: staticLabels: must have at most 9: with the 6 pod-log labels a stream would exceed Loki's 15");
    expect(rejects({ staticLabels: ["cluster", "namespace"] })).toMatch(/^logs\/loki: staticLabels\[1\]: must not be one the pipeline sets \(namespace, pod/);
    expect(rejects({ staticLabels: ["cluster", "cluster"] })).toBe("logs/loki: staticLabels: must not repeat a name");
    expect(rejects({ staticLabels: ["k8s.cluster"] })).toMatch(/^logs\/loki: staticLabels\[0\]: must be a Prometheus label name/);
  });

  it("rejects an unknown storage backend", () => {
    expect(rejects({ storage: { type: "swift" } as any })).toBe('logs/loki: storage.type: unknown storage backend "swift": use filesystem, s3, gcs, azure');
  });

  it("rejects object storage without buckets", () => {
    expect(rejects({ storage: { type: "s3", region: "eu-west-1" } as any })).toBe("logs/loki: storage.buckets: object storage needs bucket names { chunks, ruler }");
    expect(rejects({ storage: { type: "gcs", buckets: { chunks: "loki-chunks" } } as any })).toMatch(/^logs\/loki: storage\.buckets\.ruler: /);
  });

  it("rejects literal secrets where a Secret reference is required", () => {
    const message = rejects({ storage: { type: "s3", buckets: bucket, region: "eu-west-1", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG" } as any });
    expect(message).toBe(
      "logs/loki: storage.accessKeyId: must reference an existing Kubernetes Secret as { name, key }, never a literal secret; " +
        "storage.secretAccessKey: must reference an existing Kubernetes Secret as { name, key }, never a literal secret",
    );
    expect(message).not.toContain("wJalrXUtnFEMI");
    expect(rejects({ storage: { type: "azure", buckets: bucket, accountName: "acct", accountKey: "c2VjcmV0" } as any })).toMatch(/storage\.accountKey: must reference an existing Kubernetes Secret/);
    expect(rejects({ storage: { type: "gcs", buckets: bucket, serviceAccountKey: '{"type":"service_account"}' } as any })).toMatch(/storage\.serviceAccountKey: must reference/);
  });

  it("rejects half or doubled credentials", () => {
    expect(rejects({ storage: { type: "s3", buckets: bucket, region: "r", accessKeyId: { name: "s", key: "id" } } })).toBe("logs/loki: storage.secretAccessKey: give accessKeyId and secretAccessKey together");
    expect(
      rejects({ storage: { type: "s3", buckets: bucket, region: "r", roleArn: "arn:aws:iam::123456789012:role/loki", accessKeyId: { name: "s", key: "id" }, secretAccessKey: { name: "s", key: "key" } } }),
    ).toMatch(/storage\.roleArn: give either roleArn/);
    expect(rejects({ storage: { type: "azure", buckets: bucket, accountName: "acct" } })).toMatch(/storage\.accountKey: give exactly one of accountKey/);
    expect(rejects({ storage: { type: "s3", buckets: bucket, region: "r", roleArn: "loki-role" } })).toMatch(/storage\.roleArn: must be an IAM role ARN/);
  });

  it("rejects retention shorter than the index period", () => {
    expect(rejects({ retention: "12h" })).toBe("logs/loki: retention: must be at least the index period (24h): retention deletes whole daily index tables");
    expect(rejects({ streamRetention: [{ selector: '{namespace="x"}', period: "1h" }] })).toMatch(/streamRetention\[0\]\.period: must be at least the index period/);
    expect(rejects({ streamRetention: [{ selector: 'namespace="x"', period: "30d" }] })).toMatch(/streamRetention\[0\]\.selector: must be a LogQL stream selector/);
    expect(rejects({ streamRetention: [{ selector: '{app=~"{{ .x }}"}', period: "30d" }] })).toMatch(/streamRetention\[0\]\.selector: must not contain '\{\{'/);
  });

  it("rejects a multi-tenant Loki without a tenant id", () => {
    expect(rejects({ tenancy: { mode: "multi" } as any })).toBe("logs/loki: tenancy.tenantId: multi-tenant Loki needs the tenantId clients send as X-Scope-OrgID");
    expect(rejects({ tenancy: { mode: "multi", tenantId: "a/b" } })).toMatch(/tenancy\.tenantId: must be 1-150 letters/);
    expect(rejects({ tenancy: { mode: "shared" } as any })).toMatch(/tenancy\.mode: must be \{ mode: "single" \}/);
  });

  it("rejects more than one replica on filesystem storage", () => {
    expect(rejects({ replicas: 3 })).toBe("logs/loki: replicas: more than 1 replica needs object storage (storage.type s3, gcs or azure): filesystem storage is one pod's volume");
  });

  it("rejects replica counts and replication factors that cannot tolerate a lost pod", () => {
    const gcs = { storage: GCS_PROD.storage };
    // Loki's write quorum is floor(RF/2)+1 copies
    expect(rejects({ ...gcs, replicas: 2 })).toBe(
      "logs/loki: replicas: 2 replicas with replication factor 1 keep one copy of each stream, so a restarting pod fails its writes: run 1 replica, or 3 or more (replication factor 3)",
    );
    expect(rejects({ ...gcs, replicas: 3, replicationFactor: 2 })).toBe(
      "logs/loki: replicationFactor: 2 tolerates no lost copy (a write needs 2 of 2): use 1, or 3 or more",
    );
    expect(rejects({ ...gcs, replicas: 3, replicationFactor: 5 })).toBe("logs/loki: replicationFactor: 5 exceeds replicas (3): every copy needs its own replica");
    expect(rejects({ replicationFactor: 3 })).toBe("logs/loki: replicationFactor: 3 exceeds replicas (1): every copy needs its own replica");
    expect(rejects({ ...gcs, replicas: 3, replicationFactor: 0 })).toMatch(/^logs\/loki: replicationFactor: /);
  });

  it("rejects a malformed workload identity", () => {
    expect(rejects({ storage: { type: "gcs", buckets: bucket, gcpServiceAccount: "loki@acme.iam.gserviceaccount.com" } })).toMatch(/storage\.gcpServiceAccount: must be a service account email/);
    expect(rejects({ storage: { type: "azure", buckets: bucket, accountName: "acct", workloadIdentityClientId: "loki" } })).toMatch(/storage\.workloadIdentityClientId: must be the managed identity's client id/);
  });

  it("rejects bad sizing and names", () => {
    expect(rejects({ resources: { requests: { cpu: "lots", memory: "1Gi" }, limits: { memory: "2Gi" } } })).toMatch(/resources\.requests\.cpu: must be a Kubernetes quantity/);
    expect(rejects({ persistence: { size: "big" } })).toMatch(/persistence\.size: /);
    expect(rejects({ caches: { chunksMemoryMb: 8 } })).toMatch(/caches/);
    expect(rejects({ releaseName: "Loki" })).toMatch(/releaseName: must be a DNS label/);
    expect(errorOf(() => new Loki(Testing.app(), "loki", { namespace: "${var.ns}" })).message).toBe("loki: namespace: must be a DNS label (a plain namespace name)");
  });
});

describeWithShared("Loki values against the pinned chart", () => {
  const defaults = chartDefaults(CHARTS.loki);
  // Documented in values.yaml but commented out (bucketNames), or Loki's own config maps passed through.
  const freeForm = ["loki.storage.bucketNames", "loki.limits_config"];
  const configurations: Record<string, LokiConfigInput> = {
    dev: DEV,
    "dev without caches or volume": { ...DEV, caches: false, persistence: { enabled: false } },
    "prod on S3": S3_PROD,
    "prod on S3 with Secret keys": {
      ...S3_PROD,
      storage: { type: "s3", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, region: "eu-west-1", accessKeyId: { name: "s3", key: "id" }, secretAccessKey: { name: "s3", key: "key" } },
    },
    "prod on GCS": GCS_PROD,
    "prod on Azure": AZURE_PROD,
    "prod on S3, self-monitored": { ...S3_PROD, selfMonitoring: true },
  };

  it.each(Object.keys(configurations))("%s: every key of every document exists in the chart", (name) => {
    for (const doc of documentsOf(configurations[name])) {
      expect({ concern: doc.concern, unknown: unknownChartKeys(doc.values, defaults, freeForm) }).toEqual({ concern: doc.concern, unknown: [] });
    }
  });

  it.each(Object.keys(configurations))("%s: no Role or ClusterRole that reads Secrets (the rules sidecar is off)", (name) => {
    const values = mergeValues(defaults, valuesOf(configurations[name])) as any;
    // templates/backend/clusterrole.yaml and role.yaml: a ClusterRole unless namespaced; its or the Role's
    // configmaps+secrets rule exactly when the sidecar is on
    const clusterRole = !values.rbac.namespaced && !values.rbac.useExistingRole;
    const roleReadsSecrets = values.rbac.namespaced && values.sidecar.rules.enabled;
    const clusterRoleReadsSecrets = clusterRole && values.sidecar.rules.enabled;
    expect({ clusterRole, roleReadsSecrets, clusterRoleReadsSecrets }).toEqual({ clusterRole: false, roleReadsSecrets: false, clusterRoleReadsSecrets: false });
  });

  it.each(["dev", "prod on S3", "prod on GCS", "prod on S3, self-monitored"])("%s: the merged values pass the chart's values.schema.json", (name) => {
    expect(chartSchemaErrors(CHARTS.loki, valuesOf(configurations[name]))).toEqual([]);
  });
});
