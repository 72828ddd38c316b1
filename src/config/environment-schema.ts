import { z } from "zod";
import { cidr, dnsLabel, duration, httpUrl, nonEmpty, quantity, relativePath } from "./common-schemas";
import { namespaceSchema } from "./namespace-schema";
import { lokiStorageSchema } from "../logs/loki-storage";
import { streamRetentionSchema } from "../logs/loki-retention";
import { lokiTenancySchema } from "../logs/loki-tenancy";
import { postgresConnectionSchema, postgresPasswordSecretSchema } from "../metrics/postgres-exporter-config";
import { clusterPlatforms, grafanaIngressSchema, remoteWriteSchema } from "../metrics/prometheus-stack-config";
import { jaegerStorageSchema } from "../traces/jaeger-schema";
import { AlertingInput } from "../alerting/alerting-model";
import { RED_PROFILES, RedProfileName } from "../metrics/red-profiles";

/**
 * One environment's configuration. Every object is strict, so a misspelt key is an error
 * rather than a silently ignored setting. Each capability owns one top-level section.
 */

/** How Terraform reaches the cluster. */
const kubernetesSchema = z.strictObject({
  /** Path of the kubeconfig file, as Terraform's kubernetes and helm providers take it (`~` allowed). */
  configPath: nonEmpty,
  /** The kubeconfig context to use. */
  context: nonEmpty,
  /** Cluster name: the `cluster` label on every series, log stream and alert. */
  clusterName: dnsLabel,
  /** Kubernetes distribution (decides which control-plane components can be scraped). @default "generic" */
  platform: z.enum(clusterPlatforms).default("generic"),
});

/**
 * Size profile: `small` fits a laptop cluster (one replica, small requests, few or no
 * volumes); `medium` suits a shared staging cluster; `large` is highly available.
 */
export const sizeProfiles = ["small", "medium", "large"] as const;

const volumeSchema = z.strictObject({
  /** Whether the store gets a PersistentVolumeClaim; without one, data dies with the pod. */
  persistent: z.boolean(),
  /** Volume size; also the size cap for stores that take one (Prometheus `retentionSize`). */
  size: quantity,
  /** StorageClass of the volume; the cluster default when omitted. */
  storageClass: dnsLabel.optional(),
});

const perSignal = <T extends z.ZodType>(schema: T) => z.strictObject({ metrics: schema, logs: schema, traces: schema });

const grafanaSchema = z.strictObject({
  /** URL at which Terraform reaches Grafana (its ingress, or a port-forward on a laptop cluster). */
  url: httpUrl,
  /** Grafana admin login; the password is generated and never appears in configuration. */
  adminUser: dnsLabel.default("admin"),
  /** Options of the shipped dashboards. */
  dashboards: z
    .strictObject({
      /** Instrumentation libraries whose RED metrics the service dashboards show. @default ["starlette-prometheus", "otel-http"] */
      redProfiles: z.array(z.enum(Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]])).min(1).default(["starlette-prometheus", "otel-http"]),
      /** The compliance audit trail: `{namespace="<namespace>"} |= "<matchString>"`. @default productie / UserLogin (seed 1) */
      compliance: z.strictObject({ namespace: dnsLabel.default("productie"), matchString: nonEmpty.default("UserLogin") }).prefault({}),
    })
    .prefault({}),
  /** Ingress in front of Grafana. @default none (port-forward) */
  ingress: grafanaIngressSchema.optional(),
});

/** Metrics collection beyond the size profile. */
const metricsSchema = z.strictObject({
  /** Default scrape interval. @default "30s" */
  scrapeInterval: duration.default("30s"),
  /** Scrape pods and services annotated `prometheus.io/scrape: "true"`. @default true */
  annotationScraping: z.boolean().default(true),
  /** Remote-write targets (long-term storage). @default [] */
  remoteWrite: z.array(remoteWriteSchema).default([]),
});

/** Logs: where Loki stores them, who may read them, and the agent that ships them. */
const logsSchema = z.strictObject({
  /** The log agent; Promtail is end-of-life and only an opt-in. @default "alloy" */
  agent: z.enum(["alloy", "promtail"]).default("alloy"),
  /** Loki's chunk and index store. @default { type: "filesystem" } (one replica on a volume) */
  storage: lokiStorageSchema.default({ type: "filesystem" }),
  /** Single tenant, or multi-tenant with the tenant id every client sends. @default { mode: "single" } */
  tenancy: lokiTenancySchema.default({ mode: "single" }),
  /** Streams kept longer or shorter than `retention.logs`, e.g. an audit trail. @default [] */
  streamRetention: z.array(streamRetentionSchema).default([]),
});

/** Traces: where Jaeger keeps them and what the collector derives from them. */
const tracesSchema = z.strictObject({
  /**
   * Jaeger's storage. @default from `storage.traces` and `retention.traces`: Badger on a
   * volume when persistent, in memory otherwise; production points at Elasticsearch/OpenSearch.
   */
  storage: jaegerStorageSchema.optional(),
  /** Derive RED metrics (rate, errors, duration) from spans in the collector. @default true */
  spanMetrics: z.boolean().default(true),
  /** How the collector hands metrics to Prometheus. @default "remote-write" */
  metricsProtocol: z.enum(["remote-write", "otlp"]).default("remote-write"),
});

/** A PostgreSQL database watched by its own postgres_exporter (the password only from a Secret in the monitoring namespace). */
const databaseSchema = z.strictObject({
  /** Short name; names the exporter release `postgres-exporter-<name>`. */
  name: dnsLabel,
  connection: postgresConnectionSchema,
  passwordSecret: postgresPasswordSecretSchema,
});

/** Where Terraform keeps state: one state per stack, the stack name appended to the key or prefix. */
const backendSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("local"),
    /** Directory for `terraform.<stack>.tfstate`, relative to the project root. */
    directory: relativePath.default("."),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: nonEmpty,
    region: nonEmpty,
    /** The key is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: nonEmpty.default("cdktf-observability"),
    /** S3-native state locking (Terraform ≥ 1.10). */
    useLockfile: z.boolean().default(true),
    /** A DynamoDB lock table, for teams still on one. */
    dynamodbTable: nonEmpty.optional(),
    /** KMS key for server-side encryption; SSE-S3 otherwise. */
    kmsKeyId: nonEmpty.optional(),
  }),
  z.strictObject({
    type: z.literal("gcs"),
    bucket: nonEmpty,
    /** State lives at `<prefix>/<stack>/default.tfstate`. */
    prefix: nonEmpty.default("cdktf-observability"),
  }),
  z.strictObject({
    type: z.literal("azurerm"),
    resourceGroupName: nonEmpty,
    storageAccountName: nonEmpty,
    containerName: nonEmpty,
    /** The blob is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: nonEmpty.default("cdktf-observability"),
  }),
  z.strictObject({
    type: z.literal("remote"),
    hostname: nonEmpty.default("app.terraform.io"),
    organization: nonEmpty,
    /** The workspace is `<workspacePrefix><stack>`. */
    workspacePrefix: nonEmpty.default("observability-"),
  }),
]);

export const environmentSchema = z.strictObject({
  /** Environment name; its stacks are `<name>-platform` and `<name>-grafana`. */
  name: dnsLabel,
  kubernetes: kubernetesSchema,
  size: z.enum(sizeProfiles),
  /** How long each signal is kept. */
  retention: perSignal(duration),
  /** The volume of each signal's store. */
  storage: perSignal(volumeSchema),
  namespace: namespaceSchema.default(namespaceSchema.parse({})),
  /** Who may connect into the monitoring namespace from outside, flow by flow. */
  network: z
    .strictObject({
      /** Application namespaces: they may send OTLP to the collector. @default [] */
      appNamespaces: z.array(dnsLabel).default([]),
      /** Ingress controller namespaces: they may reach Grafana. @default [] */
      ingressNamespaces: z.array(dnsLabel).default([]),
      /**
       * Networks the API server calls admission webhooks from (the control-plane nodes, or a
       * managed control plane's addresses in the cluster network). @default anywhere (0.0.0.0/0, ::/0)
       */
      controlPlaneCidrs: z.array(cidr).min(1, "must list at least one CIDR (leave it out for anywhere)").optional(),
    })
    .prefault({}),
  grafana: grafanaSchema,
  metrics: metricsSchema.prefault({}),
  logs: logsSchema.prefault({}),
  traces: tracesSchema.prefault({}),
  /** Databases to monitor with postgres_exporter. @default [] */
  databases: z.array(databaseSchema).default([]),
  /**
   * Alert rules, contact points, routing, mute timings and templates, for both engines;
   * validated by `buildAlertingModel`, whose errors name the rule or contact point.
   * @default the chart's default routing only
   */
  alerting: z.custom<AlertingInput>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "must be an object").optional(),
  backend: backendSchema,
});

/** An environment as written in `stacks/environments/*.ts` (defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default filled in. */
export type Environment = z.output<typeof environmentSchema>;
export type Backend = Environment["backend"];
export type SizeProfile = Environment["size"];
