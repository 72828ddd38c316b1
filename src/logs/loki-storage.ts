import { z } from "zod";
import { dnsLabel, dnsName, secretKeyRef, singleLine } from "../config/common-schemas";
import { azureContainerName, azureStorageAccountName, gcsBucketName, s3BucketName } from "../config/storage-names";
import { envFromSecret } from "../helm/env-from-secret";
import { Values } from "../helm/values";

/** The storage backends the Loki construct types; each is also the schema's `object_store` name. */
export const LOKI_STORAGE_TYPES = ["filesystem", "s3", "gcs", "azure"] as const;
export type LokiStorageType = (typeof LOKI_STORAGE_TYPES)[number];

/** The chart's `loki.storage.bucketNames` (S3/GCS buckets, Azure containers), each named to its store's rules. */
const bucketNames = (name: z.ZodType<string>) =>
  z.strictObject(
    {
      /** Bucket for chunks and the TSDB index. */
      chunks: name,
      /** Bucket for ruler rules. */
      ruler: name,
    },
    { error: (issue) => (issue.input === undefined ? "object storage needs bucket names { chunks, ruler }" : undefined) },
  );

const filesystemStorage = z.strictObject({
  /** Chunks and index on the pod's volume: one replica only (see `persistence`). */
  type: z.literal("filesystem"),
});

const s3Storage = z.strictObject({
  type: z.literal("s3"),
  buckets: bucketNames(s3BucketName),
  /** Bucket region, a DNS label of the endpoint (S3-compatible stores accept any, e.g. `us-east-1`). */
  region: dnsLabel,
  /** Endpoint of an S3-compatible store (MinIO, Ceph…): `host[:port]` or a URL; AWS's own when omitted. @default AWS */
  endpoint: singleLine(2048).optional(),
  /** Path-style URLs (`endpoint/bucket`), which most S3-compatible stores need. @default false */
  forcePathStyle: z.boolean().default(false),
  /** Plain HTTP to the endpoint (an in-cluster store without TLS). @default false */
  insecure: z.boolean().default(false),
  /** Access key id, from an existing Secret. @default none: the AWS default credential chain */
  accessKeyId: secretKeyRef.optional(),
  /** Secret access key, from an existing Secret. @default none: the AWS default credential chain */
  secretAccessKey: secretKeyRef.optional(),
  /** IAM role assumed through IRSA (`eks.amazonaws.com/role-arn` on the ServiceAccount). @default none */
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)")
    .optional(),
});

const gcsStorage = z.strictObject({
  type: z.literal("gcs"),
  buckets: bucketNames(gcsBucketName),
  /** A service-account JSON key in an existing Secret, mounted as a file. @default none */
  serviceAccountKey: secretKeyRef.optional(),
  /** Google service account bound through GKE Workload Identity (`iam.gke.io/gcp-service-account`). @default none */
  gcpServiceAccount: z
    .string()
    .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]@[-a-z0-9.]+\.iam\.gserviceaccount\.com$/, "must be a service account email (<name>@<project>.iam.gserviceaccount.com)")
    .optional(),
});

const azureStorage = z.strictObject({
  type: z.literal("azure"),
  /** Container names. */
  buckets: bucketNames(azureContainerName),
  /** Storage account name. */
  accountName: azureStorageAccountName,
  /** Storage account key, from an existing Secret. @default none */
  accountKey: secretKeyRef.optional(),
  /** Client id of the managed identity bound through Azure Workload Identity. @default none */
  workloadIdentityClientId: z.uuid("must be the managed identity's client id (a UUID)").optional(),
  /** Blob endpoint suffix for sovereign clouds. @default "blob.core.windows.net" (Loki's) */
  endpointSuffix: dnsName.optional(),
});

/** Where Loki keeps chunks and index, and how it authenticates there. */
export const lokiStorageSchema = z
  .discriminatedUnion("type", [filesystemStorage, s3Storage, gcsStorage, azureStorage], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `unknown storage backend ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)}: use ${LOKI_STORAGE_TYPES.join(", ")}`
        : undefined,
  })
  .superRefine((storage, ctx) => {
    const problem = (field: string, message: string) => ctx.addIssue({ code: "custom", path: [field], message });
    if (storage.type === "s3") {
      if (!storage.accessKeyId !== !storage.secretAccessKey) problem(storage.accessKeyId ? "secretAccessKey" : "accessKeyId", "give accessKeyId and secretAccessKey together");
      if (storage.roleArn && storage.accessKeyId) problem("roleArn", "give either roleArn (IRSA) or access keys from a Secret, not both");
    }
    if (storage.type === "gcs" && storage.serviceAccountKey && storage.gcpServiceAccount) {
      problem("gcpServiceAccount", "give either gcpServiceAccount (Workload Identity) or serviceAccountKey, not both");
    }
    if (storage.type === "azure" && !storage.accountKey === !storage.workloadIdentityClientId) {
      problem("accountKey", "give exactly one of accountKey (from a Secret) or workloadIdentityClientId");
    }
  });

export type LokiStorage = z.input<typeof lokiStorageSchema>;
export type LokiStorageConfig = z.output<typeof lokiStorageSchema>;

/** Where the chunks go: `loki.storage` without any credential. */
export function lokiStorageValues(storage: LokiStorageConfig): Values {
  switch (storage.type) {
    case "filesystem":
      return { loki: { storage: { type: "filesystem" } } };
    case "s3":
      return {
        loki: {
          storage: {
            type: "s3",
            bucketNames: { ...storage.buckets },
            s3: { region: storage.region, ...(storage.endpoint && { endpoint: storage.endpoint }), s3ForcePathStyle: storage.forcePathStyle, insecure: storage.insecure },
          },
        },
      };
    case "gcs":
      return { loki: { storage: { type: "gcs", bucketNames: { ...storage.buckets } } } };
    case "azure":
      return {
        loki: {
          storage: {
            type: "azure",
            bucketNames: { ...storage.buckets },
            azure: { accountName: storage.accountName, ...(storage.endpointSuffix && { endpointSuffix: storage.endpointSuffix }) },
          },
        },
      };
  }
}

const GCS_KEY_DIR = "/etc/loki/gcs";
const AZURE_ACCOUNT_KEY_ENV = "LOKI_AZURE_ACCOUNT_KEY";


/**
 * How Loki authenticates to its store: Secret keys become environment variables or files of
 * every Loki pod (`defaults.*`, the chart's non-deprecated place for all Loki components),
 * workload identity becomes ServiceAccount annotations. Nothing secret is ever a value.
 */
export function lokiStorageCredentialsValues(storage: LokiStorageConfig): Values {
  switch (storage.type) {
    case "filesystem":
      return {};
    case "s3":
      if (storage.roleArn) return { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": storage.roleArn } } };
      // Left out of Loki's config, the keys are found by the AWS SDK's default chain, which
      // reads these variables first; without them it falls back to EKS Pod Identity or the node role.
      if (storage.accessKeyId && storage.secretAccessKey) {
        return {
          defaults: {
            extraEnv: [envFromSecret("AWS_ACCESS_KEY_ID", storage.accessKeyId), envFromSecret("AWS_SECRET_ACCESS_KEY", storage.secretAccessKey)],
          },
        };
      }
      return {};
    case "gcs":
      if (storage.gcpServiceAccount) return { serviceAccount: { annotations: { "iam.gke.io/gcp-service-account": storage.gcpServiceAccount } } };
      // A JSON key spans lines, so it cannot be spliced into the YAML config: Google's client
      // libraries read it from the file GOOGLE_APPLICATION_CREDENTIALS names.
      if (storage.serviceAccountKey) {
        return {
          defaults: {
            extraEnv: [{ name: "GOOGLE_APPLICATION_CREDENTIALS", value: `${GCS_KEY_DIR}/key.json` }],
            extraVolumes: [{ name: "gcs-credentials", secret: { secretName: storage.serviceAccountKey.name, items: [{ key: storage.serviceAccountKey.key, path: "key.json" }] } }],
            extraVolumeMounts: [{ name: "gcs-credentials", mountPath: GCS_KEY_DIR, readOnly: true }],
          },
        };
      }
      return {};
    case "azure":
      // Loki has no environment fallback for an account key: the config names a variable
      // that `-config.expand-env` replaces when Loki starts.
      if (storage.accountKey) {
        return {
          defaults: { extraArgs: ["-config.expand-env=true"], extraEnv: [envFromSecret(AZURE_ACCOUNT_KEY_ENV, storage.accountKey)] },
          loki: { storage: { azure: { accountKey: `\${${AZURE_ACCOUNT_KEY_ENV}}` } } },
        };
      }
      return {
        serviceAccount: { annotations: { "azure.workload.identity/client-id": storage.workloadIdentityClientId } },
        // The webhook injects the federated token only into pods carrying this label.
        defaults: { podLabels: { "azure.workload.identity/use": "true" } },
        loki: { storage: { azure: { useFederatedToken: true } } },
      };
  }
}
