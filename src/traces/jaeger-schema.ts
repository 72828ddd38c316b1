import { z } from "zod";
import { dnsLabel, duration, httpUrl, quantity, resources, secretKeyRef } from "../config/common-schemas";
import { durationSeconds } from "../config/duration";
import { SIZE_PROFILES } from "../config/size-profiles";

const DAY_SECONDS = 86_400;

/**
 * A key of an existing Kubernetes Secret. A plain string here is a password typed into the
 * configuration: rejected with a message that says what to do instead.
 */
const secretRef = z.strictObject(secretKeyRef.shape, {
  error: (issue) => (issue.code === "invalid_type" ? "must reference an existing Secret as { name, key }, never a literal value" : undefined),
});

const searchUrl = httpUrl.refine((url) => {
  const parsed = new URL(url);
  return parsed.username === "" && parsed.password === "";
}, "must not carry credentials: give usernameSecret and passwordSecret instead");

const positiveDuration = duration.refine((d) => durationSeconds(d) > 0, "must be longer than 0s");

/** In-memory storage: traces live as long as the pod, bounded by a trace count. For dev. */
const memoryStorage = z.strictObject({
  type: z.literal("memory"),
  /** Traces kept; the oldest are evicted beyond it. @default 100000 */
  maxTraces: z.number().int().positive().default(100_000),
});

/** Badger, an embedded key-value store on a local volume: one replica, small installations. */
const badgerStorage = z.strictObject({
  type: z.literal("badger"),
  /** Volume size. */
  size: quantity,
  /** StorageClass of the volume. @default the cluster default */
  storageClass: dnsLabel.optional(),
  /**
   * A PersistentVolumeClaim (kept when the release is uninstalled); `false` uses an
   * emptyDir of `size`, which survives container restarts but not the pod. @default true
   */
  persistent: z.boolean().default(true),
  /** How long spans are kept (Badger's `ttl.spans`). @default "7d" */
  retention: positiveDuration.default("7d"),
});

/** Elasticsearch or OpenSearch: the production backend; Jaeger itself stays stateless. */
const searchStorage = <T extends "elasticsearch" | "opensearch">(type: T) =>
  z
    .strictObject({
      type: z.literal(type),
      /** Cluster URLs, e.g. `https://es-http.search.svc:9200`. */
      urls: z.array(searchUrl, { error: "must list the cluster's http(s) URLs" }).min(1, "must list at least one URL"),
      /**
       * Prefix of Jaeger's indices (`<prefix>-jaeger-span-YYYY-MM-DD`). Not ending in '-': Jaeger
       * would then write `prod-jaeger-…` while the index cleaner looks for `prod--jaeger-…`. @default none
       */
      indexPrefix: z
        .string()
        .regex(/^[a-z0-9]([a-z0-9_-]{0,62}[a-z0-9_])?$/, "must be lowercase letters, digits, '-' or '_', not ending in '-' (an index name prefix)")
        .optional(),
      /** Login, from an existing Secret (exposed to Jaeger as `ES_USERNAME`). @default none (no authentication) */
      usernameSecret: secretRef.optional(),
      /** Password, from an existing Secret (exposed to Jaeger as `ES_PASSWORD`). @default none */
      passwordSecret: secretRef.optional(),
      /** A CA bundle, from an existing Secret, to verify the cluster's certificate. @default the system roots */
      tls: z.strictObject({ caSecret: secretRef }).optional(),
      /**
       * How long traces are kept: whole days, since the chart's index cleaner deletes the
       * daily indices older than that every night; queries look back as far. @default "7d"
       */
      retention: duration
        .refine((d) => durationSeconds(d) >= DAY_SECONDS && durationSeconds(d) % DAY_SECONDS === 0, "must be whole days (indices are daily), e.g. 7d")
        .default("7d"),
    })
    .refine((s) => !!s.usernameSecret === !!s.passwordSecret, {
      path: ["passwordSecret"],
      message: "give usernameSecret and passwordSecret together",
    })
    .refine((s) => !s.tls || s.urls.every((url) => url.startsWith("https:")), {
      path: ["tls"],
      message: "a CA is only used over https: every URL must be https",
    });

export const jaegerStorageSchema = z.discriminatedUnion("type", [memoryStorage, badgerStorage, searchStorage("elasticsearch"), searchStorage("opensearch")]);

/** Storage types whose data lives inside the one Jaeger pod. */
const LOCAL_STORAGE = new Set(["memory", "badger"]);

/** Props of the Jaeger v2 release (chart `jaeger`). */
export const jaegerSchema = z
  .strictObject({
    /** Namespace of the release (plain name; service URLs are built from it). */
    namespace: dnsLabel,
    /** Helm release name; the Service is named after it. @default "jaeger" */
    releaseName: dnsLabel.default("jaeger"),
    /** Where traces are stored. @default { type: "memory" } (ephemeral: for dev only) */
    storage: jaegerStorageSchema.prefault({ type: "memory" }),
    /** Jaeger pods. Memory and Badger storage live inside the pod, so they need exactly 1. @default 1 */
    replicas: z.number().int().min(1).max(10).default(1),
    /** Container resources. @default the `small` size profile's jaeger resources */
    resources: resources.default(SIZE_PROFILES.small.jaeger.resources),
  })
  .superRefine((config, ctx) => {
    if (config.replicas > 1 && LOCAL_STORAGE.has(config.storage.type)) {
      ctx.addIssue({
        code: "custom",
        path: ["replicas"],
        message: `must be 1 with ${config.storage.type} storage (each pod would hold its own traces); use elasticsearch or opensearch to scale out`,
      });
    }
  });

export type JaegerInput = z.input<typeof jaegerSchema>;
export type JaegerConfig = z.output<typeof jaegerSchema>;
export type JaegerStorage = JaegerConfig["storage"];
export type SearchStorage = Extract<JaegerStorage, { type: "elasticsearch" | "opensearch" }>;
