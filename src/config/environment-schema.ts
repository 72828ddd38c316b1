import { z } from "zod";
import { cidr, dnsLabel, dnsName, duration, httpUrl, quantity, relativePath, singleLine } from "./common-schemas";
import { azureContainerName, azureStorageAccountName, gcsBucketName, objectKeyPrefix, s3BucketName } from "./storage-names";
import { namespaceSchema } from "./namespace-schema";
import { lokiStorageSchema } from "../logs/loki-storage";
import { streamRetentionSchema } from "../logs/loki-retention";
import { lokiTenancySchema } from "../logs/loki-tenancy";
import { postgresConnectionSchema, postgresPasswordSecretSchema, releaseNamingDatabaseName } from "../metrics/postgres-exporter-config";
import { clusterPlatforms, grafanaIngressSchema, remoteWriteSchema } from "../metrics/prometheus-stack-config";
import { jaegerStorageSchema } from "../traces/jaeger-schema";
import { AlertingInput } from "../alerting/alerting-model";
import { DEFAULT_RED_PROFILE_NAMES, RED_PROFILES, RedProfileName } from "../metrics/red-profiles";
import { sloSpecSchema } from "../slo/slo-spec";

/**
 * One environment's configuration. Every object is strict, so a misspelt key is an error
 * rather than a silently ignored setting. Each capability owns one top-level section.
 */

/** How Terraform reaches the cluster. */
const kubernetesSchema = z.strictObject({
  /** Path of the kubeconfig file, as Terraform's kubernetes and helm providers take it (`~` allowed). */
  configPath: singleLine(4096),
  /** The kubeconfig context to use. */
  context: singleLine(253),
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
      redProfiles: z.array(z.enum(Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]])).min(1).default([...DEFAULT_RED_PROFILE_NAMES]),
      /** The compliance audit trail: `{namespace="<namespace>"} |= "<matchString>"`. @default productie / UserLogin (seed 1) */
      compliance: z.strictObject({ namespace: dnsLabel.default("productie"), matchString: singleLine(1024).default("UserLogin") }).prefault({}),
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
  name: releaseNamingDatabaseName,
  connection: postgresConnectionSchema,
  passwordSecret: postgresPasswordSecretSchema,
});

/** Where Terraform keeps state: one state per stack, the stack name appended to the key or prefix. */
export const backendSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("local"),
    /** Directory for `terraform.<stack>.tfstate`, relative to the project root. */
    directory: relativePath.default("."),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: s3BucketName,
    /** AWS region (a DNS label of the S3 endpoint). */
    region: dnsLabel,
    /** The key is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: objectKeyPrefix.default("cdktf-observability"),
    /** S3-native state locking (Terraform ≥ 1.10). */
    useLockfile: z.boolean().default(true),
    /** A DynamoDB lock table, for teams still on one. */
    dynamodbTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name (3-255 letters, digits, '_', '-', '.')").optional(),
    /** KMS key for server-side encryption (id, ARN or alias); SSE-S3 otherwise. */
    kmsKeyId: z.string().regex(/^[A-Za-z0-9:/_-]{1,2048}$/, "must be a KMS key id, ARN or alias").optional(),
  }),
  z.strictObject({
    type: z.literal("gcs"),
    bucket: gcsBucketName,
    /** State lives at `<prefix>/<stack>/default.tfstate`. */
    prefix: objectKeyPrefix.default("cdktf-observability"),
  }),
  z.strictObject({
    type: z.literal("azurerm"),
    resourceGroupName: z.string().regex(/^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u, "must be a resource group name (1-90 letters, digits, '-', '_', '.', '(', ')', not ending in '.')"),
    storageAccountName: azureStorageAccountName,
    containerName: azureContainerName,
    /** The blob is `<keyPrefix>/<stack>.tfstate`. */
    keyPrefix: objectKeyPrefix.default("cdktf-observability"),
  }),
  z.strictObject({
    type: z.literal("remote"),
    hostname: dnsName.default("app.terraform.io"),
    organization: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, "must be an organization name (letters, digits, '-', '_')"),
    /** The workspace is `<workspacePrefix><stack>`. */
    workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a workspace name prefix (at most 64 letters, digits, '-', '_')").default("observability-"),
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
  /** Databases to monitor with postgres_exporter, each under its own name. @default [] */
  databases: z
    .array(databaseSchema)
    .superRefine((databases, ctx) =>
      databases.forEach(({ name }, i) => {
        if (databases.findIndex((other) => other.name === name) < i) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${name}" is defined twice` });
      }),
    )
    .default([]),
  /**
   * Alert rules, contact points, routing, mute timings and templates, for both engines;
   * validated by `buildAlertingModel`, whose errors name the rule or contact point.
   * @default the chart's default routing only
   */
  alerting: z.custom<AlertingInput>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "must be an object").optional(),
  /**
   * Service level objectives: recording rules in Prometheus, burn-rate alerts on the alerting's
   * default engine (team and runbook from its catalog), an error-budget dashboard each. An
   * indicator without a profile uses the first of `grafana.dashboards.redProfiles`. @default []
   */
  slos: z
    .array(sloSpecSchema)
    .superRefine((slos, ctx) =>
      slos.forEach(({ name }, i) => {
        if (slos.findIndex((other) => other.name === name) < i) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${name}" is defined twice` });
      }),
    )
    .default([]),
  backend: backendSchema,
});

/** An environment as written in `stacks/environments/*.ts` (defaults may be omitted). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with every default filled in. */
export type Environment = z.output<typeof environmentSchema>;
export type Backend = Environment["backend"];
/** A state backend as written (defaults may be omitted). */
export type BackendInput = z.input<typeof backendSchema>;
export type SizeProfile = Environment["size"];
