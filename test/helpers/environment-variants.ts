import { dev } from "../../stacks/environments/dev";
import { prod } from "../../stacks/environments/prod";

/** A path into an environment's settings. */
export type SettingPath = readonly (string | number)[];

/** A shipped environment with settings it leaves out set, and where those settings are. */
export interface EnvironmentVariant {
  readonly label: string;
  readonly env: { name: string } & Record<string, unknown>;
  /** The settings that differ from the shipped environment. */
  readonly scopes: readonly SettingPath[];
}

/**
 * Settings the shipped environments leave at their defaults or do not use, each set on one
 * of them (one state backend or Loki store at a time): the mutation test mutates only what
 * differs, the real-chart test renders each.
 */
export const ENVIRONMENT_VARIANTS: readonly EnvironmentVariant[] = [
  ...[
    { type: "local", directory: "state/observability" },
    { type: "s3", bucket: "example-state", region: "us-east-1", keyPrefix: "obs", useLockfile: false, dynamodbTable: "terraform-locks", kmsKeyId: "alias/terraform-state" },
    { type: "gcs", bucket: "example-state", prefix: "team/obs" },
    { type: "azurerm", resourceGroupName: "rg-state", storageAccountName: "examplestate", containerName: "tfstate", keyPrefix: "obs" },
    { type: "remote", hostname: "tfe.example.com", organization: "example", workspacePrefix: "obs-" },
  ].map((backend) => ({ label: `dev with backend ${backend.type}`, env: { ...dev, backend }, scopes: [["backend"]] })),
  ...[
    {
      type: "s3",
      buckets: { chunks: "loki-chunks", ruler: "loki-ruler" },
      region: "us-east-1",
      endpoint: "minio.storage.svc:9000",
      forcePathStyle: true,
      insecure: true,
      accessKeyId: { name: "loki-s3", key: "id" },
      secretAccessKey: { name: "loki-s3", key: "secret" },
    },
    { type: "gcs", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, serviceAccountKey: { name: "loki-gcs", key: "key.json" } },
    { type: "gcs", buckets: { chunks: "loki-chunks", ruler: "loki-ruler" }, gcpServiceAccount: "loki-logs@example-prod.iam.gserviceaccount.com" },
    { type: "azure", buckets: { chunks: "chunks", ruler: "ruler" }, accountName: "examplelogs", accountKey: { name: "loki-azure", key: "key" }, endpointSuffix: "blob.core.chinacloudapi.cn" },
    { type: "azure", buckets: { chunks: "chunks", ruler: "ruler" }, accountName: "examplelogs", workloadIdentityClientId: "6f1d0a52-4c0e-4a57-9b1e-0a0d9e0b7c11" },
  ].map((storage) => ({ label: `prod with Loki on ${storage.type} (${Object.keys(storage).slice(2).join(", ")})`, env: { ...prod, logs: { ...prod.logs, storage } }, scopes: [["logs", "storage"]] })),
  {
    label: "prod with every other option",
    env: {
      ...prod,
      kubernetes: { ...prod.kubernetes, platform: "gke" },
      namespace: { ...prod.namespace, name: "observability", labels: { "example.com/team": "platform" }, podSecurity: { enforce: "privileged", audit: "restricted", warn: "restricted" } },
      grafana: { ...prod.grafana, adminUser: "root", dashboards: { redProfiles: ["otel-http"], compliance: { namespace: "shop", matchString: "LoginSucceeded" } } },
      metrics: { scrapeInterval: "15s", annotationScraping: false, remoteWrite: [{ url: "https://mimir.example.com/api/v1/push", name: "mimir", basicAuth: { username: { name: "mimir", key: "user" }, password: { name: "mimir", key: "password" } } }] },
      logs: { ...prod.logs, agent: "promtail", streamRetention: [{ selector: '{namespace="shop"}', period: "400d", priority: 2 }] },
      traces: {
        storage: { ...prod.traces!.storage!, type: "elasticsearch", tls: { caSecret: { name: "es-ca", key: "ca.crt" } } },
        spanMetrics: false,
        metricsProtocol: "otlp",
      },
      databases: [{ ...prod.databases![0], connection: { ...prod.databases![0].connection, port: 6432, sslmode: "verify-full", extraParams: { application_name: "exporter", connect_timeout: "5" } } }],
    },
    scopes: [["kubernetes", "platform"], ["namespace"], ["grafana"], ["metrics"], ["logs", "agent"], ["logs", "streamRetention"], ["traces"], ["databases"]],
  },
];
