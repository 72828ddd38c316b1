import { z } from "zod";
import { dnsLabel, quantity, resources } from "../config/common-schemas";
import { SIZE_PROFILES } from "../config/size-profiles";
import { lokiCachesSchema } from "./loki-caches";
import { lokiReplicationFactor, lokiReplicationProblems } from "./loki-deployment";
import { lokiGatewayService } from "./loki-gateway";
import { retentionPeriod, streamRetentionSchema } from "./loki-retention";
import { lokiStorageSchema } from "./loki-storage";
import { lokiTenancySchema } from "./loki-tenancy";
import { staticLabelNames } from "./static-labels";

const GATEWAY_RESOURCES = { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } };

/** What a Loki deployment is configured with (the construct's props, without the namespace and raw values). */
export const lokiConfigSchema = z
  .strictObject({
    /** Helm release name; the gateway Service is `<release>-gateway` (`<release>-loki-gateway` unless it contains "loki"). @default "loki" */
    releaseName: dnsLabel.max(53, "must be at most 53 characters (Helm's limit)").default("loki"),
    /** Where chunks and index live. @default { type: "filesystem" } */
    storage: lokiStorageSchema.default({ type: "filesystem" }),
    /**
     * Replicas of the Loki StatefulSet: 1, or 3 or more for writes that survive a lost pod
     * (more than one needs object storage). @default 1
     */
    replicas: z.int().min(1).default(1),
    /**
     * Copies of each log line the ingesters keep. A write needs floor(RF/2)+1 of them, so 2
     * tolerates no lost pod; at most `replicas`. @default 3 from three replicas on, else 1
     */
    replicationFactor: z.int().min(1).optional(),
    /** Requests and memory limit of each Loki pod. @default the small size profile's (100m, 256Mi, limit 1Gi) */
    resources: resources.default(SIZE_PROFILES.small.loki.resources),
    /** The volume of each replica. @default { enabled: true, size: "10Gi" }, the cluster's default StorageClass */
    persistence: z
      .strictObject({
        /** Without a volume, data (on filesystem) or the WAL (on object storage) dies with the pod. @default true */
        enabled: z.boolean().default(true),
        /** @default "10Gi" */
        size: quantity.default("10Gi"),
        /** @default the cluster's default StorageClass */
        storageClass: dnsLabel.optional(),
      })
      .default({ enabled: true, size: "10Gi" }),
    /** How long logs are kept (Prometheus duration, at least 24h). @default "30d" */
    retention: retentionPeriod.default("30d"),
    /** Streams kept for another period, e.g. `{ selector: '{namespace="productie"}', period: "365d" }` for an audit trail. @default [] */
    streamRetention: z.array(streamRetentionSchema).default([]),
    /** Single tenant, or multi-tenant with the tenant id every client sends. @default { mode: "single" } */
    tenancy: lokiTenancySchema.default({ mode: "single" }),
    /**
     * Names of the static labels every log client adds (the log agent's `extraLabels`, the
     * collector's `logs.labels`). OTLP logs carry them as resource attributes of the same
     * name; Loki indexes those and the pod-log labels, and keeps every other resource
     * attribute as structured metadata, so both paths give streams the same labels.
     * @default ["cluster", "environment"]
     */
    staticLabels: staticLabelNames
      .default(["cluster", "environment"]),
    /** The memcached chunks and results caches, or `false` for none. @default 512 MB chunks, 128 MB results, 100m CPU each */
    caches: lokiCachesSchema.default({ chunksMemoryMb: 512, resultsMemoryMb: 128, cpu: "100m" }),
    /** The nginx gateway every client goes through. @default one replica with 10m/32Mi (limit 128Mi) */
    gateway: z
      .strictObject({
        /** @default 1 (its pods are spread one per node, so more need as many nodes) */
        replicas: z.int().min(1).default(1),
        /** @default 10m CPU, 32Mi, limit 128Mi */
        resources: resources.default(GATEWAY_RESOURCES),
      })
      .default({ replicas: 1, resources: GATEWAY_RESOURCES }),
    /**
     * The loki-canary DaemonSet: it pushes lines and reads them back, and its metrics show lost
     * lines and write-to-read latency. The chart's Helm test stays off (nothing here runs
     * `helm test`). @default false
     */
    canary: z.boolean().default(false),
    /**
     * A ServiceMonitor for Loki's own metrics (ingestion, request errors). Needs the
     * prometheus-operator CRDs installed first (put their release in `dependsOn`). @default false
     */
    selfMonitoring: z.boolean().default(false),
  })
  .superRefine((config, ctx) => {
    if (config.replicas > 1 && config.storage.type === "filesystem") {
      ctx.addIssue({ code: "custom", path: ["replicas"], message: "more than 1 replica needs object storage (storage.type s3, gcs or azure): filesystem storage is one pod's volume" });
    }
    for (const problem of lokiReplicationProblems(config.replicas, config.replicationFactor)) ctx.addIssue({ code: "custom", ...problem });
    if (lokiGatewayService(config.releaseName).length > 63) {
      ctx.addIssue({ code: "custom", path: ["releaseName"], message: `too long: the gateway Service "${lokiGatewayService(config.releaseName)}" exceeds 63 characters` });
    }
  })
  .transform((config) => ({ ...config, replicationFactor: config.replicationFactor ?? lokiReplicationFactor(config.replicas) }));

export type LokiConfigInput = z.input<typeof lokiConfigSchema>;
export type LokiConfig = z.output<typeof lokiConfigSchema>;
