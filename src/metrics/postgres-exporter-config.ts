import { z } from "zod";
import { dnsLabel, duration, labels, resources, secretKeyRef, singleLine } from "../config/common-schemas";
import { durationSeconds } from "../config/duration";

const LITERAL_PASSWORD = "never give a literal password: reference an existing Kubernetes Secret with passwordSecret: { name, key }";

/** Replaces zod's "expected string, received undefined" with what the field is for. */
const required = (what: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? `is required: ${what}` : undefined) });

const host = z
  .string(required("the database server's host name"))
  .refine((value) => !/[:/@]/.test(value) || /^\[[0-9a-fA-F:.]+\]$/.test(value), {
    message: "must be a host name, not a connection URL (the password comes from passwordSecret)",
    abort: true,
  })
  .refine((value) => z.regexes.hostname.test(value) || /^\[[0-9a-fA-F:.]+\]$/.test(value), "must be a host name (labels of at most 63, at most 253 in all), an IPv4 address or a bracketed IPv6 address");

/** Characters that are safe unescaped in the exporter's DATA_SOURCE_URI (and in Helm's `tpl`). */
const pgName = (what: string) =>
  z.string(required(what)).regex(/^[A-Za-z0-9_][-A-Za-z0-9_$.@]{0,62}$/, "must be a PostgreSQL name (letters, digits, _ $ . @ -, at most 63)");

const sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;

/** Extra libpq URI parameters; not the password (a literal) nor sslmode (its own field). */
const extraParams = z.record(z.string().regex(/^[a-z_]+$/, "must be a libpq parameter name"), singleLine(1024)).superRefine((params, ctx) => {
  for (const key of Object.keys(params)) {
    if (/password/.test(key)) ctx.addIssue({ code: "custom", path: [key], message: LITERAL_PASSWORD });
    if (key === "sslmode") ctx.addIssue({ code: "custom", path: [key], message: "set connection.sslmode instead" });
  }
});

export const postgresPasswordSecretSchema = z.strictObject(
  {
    name: z.string(required("the name of an existing Secret")).pipe(secretKeyRef.shape.name),
    key: z.string(required("the key of the password in that Secret")).pipe(secretKeyRef.shape.key),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "must reference an existing Kubernetes Secret as { name, key }, never a literal password" : undefined) },
);

/** How the exporter reaches the database. */
export const postgresConnectionSchema = z.strictObject({
  /** Database server host name (or IP). */
  host,
  /** @default 5432 */
  port: z.number().int().min(1, "must be a port 1-65535").max(65535, "must be a port 1-65535").default(5432),
  /** Database the exporter connects to. */
  database: pgName("the database the exporter connects to"),
  /** Login of the exporter (give it the `pg_monitor` role, nothing more). */
  user: pgName("the login of the exporter"),
  /**
   * libpq sslmode. `require` encrypts without verifying the server certificate: what
   * every managed PostgreSQL accepts out of the box, and plaintext would expose the
   * password on the wire. Use `verify-full` when the CA is mounted (extraParams
   * `sslrootcert` plus `values` for the volume); `disable` only for in-cluster
   * databases without TLS. @default "require"
   */
  sslmode: z.enum(sslModes).default("require"),
  /** Extra libpq parameters (`connect_timeout`, `application_name`…), URL-encoded into the URI. @default {} */
  extraParams: extraParams.default({}),
  /** Not accepted: the password only ever comes from `passwordSecret`. */
  password: z.never({ error: LITERAL_PASSWORD }).optional(),
});

/** The chart's ServiceMonitor (always on). */
export const postgresServiceMonitorSchema = z
  .strictObject({
    /** @default "30s" */
    interval: duration.default("30s"),
    /** @default Prometheus' global scrape timeout */
    scrapeTimeout: duration.optional(),
    /**
     * Labels on the ServiceMonitor: add `release: <kube-prometheus-stack release>` unless
     * the platform's Prometheus selects every ServiceMonitor. @default {}
     */
    labels: labels.default({}),
  })
  .refine((sm) => !sm.scrapeTimeout || durationSeconds(sm.scrapeTimeout) <= durationSeconds(sm.interval), {
    path: ["scrapeTimeout"],
    message: "must not exceed the interval",
  })
  .default({ interval: "30s", labels: {} });

/** Helm refuses release names longer than 53 characters. */
const HELM_RELEASE_NAME_MAX = 53;
/** The release name when none is given. */
export const DEFAULT_RELEASE_PREFIX = "postgres-exporter-";

/** A database's short name where it also names the release (`postgres-exporter-<name>`), so short enough for Helm. */
export const releaseNamingDatabaseName = dnsLabel.max(
  HELM_RELEASE_NAME_MAX - DEFAULT_RELEASE_PREFIX.length,
  `must be at most ${HELM_RELEASE_NAME_MAX - DEFAULT_RELEASE_PREFIX.length} characters: it names the release ${DEFAULT_RELEASE_PREFIX}<name> (Helm's limit is ${HELM_RELEASE_NAME_MAX})`,
);

/** Props of one postgres_exporter release (one database). */
export const postgresExporterSchema = z
  .strictObject({
    /** Short name of the monitored database; names the release. */
    name: dnsLabel,
    /** Namespace of the release (plain name; usually the monitoring namespace). */
    namespace: dnsLabel,
    /** Helm release name (at most 53 characters). @default `postgres-exporter-<name>` */
    releaseName: dnsLabel.max(HELM_RELEASE_NAME_MAX, `must be at most ${HELM_RELEASE_NAME_MAX} characters (Helm's limit)`).optional(),
    connection: postgresConnectionSchema,
    /** The existing Kubernetes Secret key holding the password (`config.datasource.passwordSecret`). */
    passwordSecret: postgresPasswordSecretSchema,
    /** Not accepted: the password only ever comes from `passwordSecret`. */
    password: z.never({ error: LITERAL_PASSWORD }).optional(),
    /** The chart's ServiceMonitor (always on). */
    serviceMonitor: postgresServiceMonitorSchema,
    /** @default 1 (more adds a PodDisruptionBudget) */
    replicas: z.number().int().min(1).max(10).default(1),
    /** @default the `small` size profile of postgresExporter */
    resources: resources.optional(),
    /** Raw chart values deep-merged last. @default {} */
    values: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((config, ctx) => {
    const releaseName = config.releaseName ?? `${DEFAULT_RELEASE_PREFIX}${config.name}`;
    if (!config.releaseName && releaseName.length > HELM_RELEASE_NAME_MAX) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `makes the release name "${releaseName}" longer than ${HELM_RELEASE_NAME_MAX}; shorten it or set releaseName` });
    }
    const datasource = (config.values.config as { datasource?: Record<string, unknown> } | undefined)?.datasource;
    if (datasource?.password !== undefined && datasource.password !== null) {
      ctx.addIssue({ code: "custom", path: ["values", "config", "datasource", "password"], message: LITERAL_PASSWORD });
    }
  });

export type PostgresExporterInput = z.input<typeof postgresExporterSchema>;
export type PostgresExporterConfig = z.output<typeof postgresExporterSchema>;
