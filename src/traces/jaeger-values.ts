import { envFromSecret } from "../helm/env-from-secret";
import { AUXILIARY_RESOURCES } from "../config/auxiliary-resources";
import { durationSeconds } from "../config/duration";
import { CHARTS } from "../helm/charts";
import { podDisruptionBudget } from "../helm/pod-disruption-budget";
import { spreadOverNodes } from "../helm/spread-over-nodes";
import { Values, ValuesDocument } from "../helm/values";
import { BADGER_MOUNT_PATH, jaegerUserConfig, STORAGE_CA_MOUNT_PATH, STORAGE_ENV } from "./jaeger-config";
import { JaegerConfig, JaegerStorage, SearchStorage } from "./jaeger-schema";

const BADGER_VOLUME = "badger-data";
const CA_VOLUME = "storage-ca";

/** The credentials as environment variables read from their Secrets (Jaeger and the index cleaner share the names). */
function credentialEnv(storage: SearchStorage): Values[] {
  if (!storage.usernameSecret || !storage.passwordSecret) return [];
  return [envFromSecret(STORAGE_ENV.username, storage.usernameSecret), envFromSecret(STORAGE_ENV.password, storage.passwordSecret)];
}

/**
 * The Badger volume. The chart has no persistence settings, so the claim is created through
 * its `extraObjects` and mounted with `jaeger.extraVolumes` (chart ≥ 4.11.1); Helm keeps the
 * claim on uninstall so a reinstall finds the traces again.
 */
function badgerVolume(storage: Extract<JaegerStorage, { type: "badger" }>, claimName: string): { volume: Values; objects: Values[] } {
  if (!storage.persistent) return { volume: { name: BADGER_VOLUME, emptyDir: { sizeLimit: storage.size } }, objects: [] };
  const claim = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: claimName, annotations: { "helm.sh/resource-policy": "keep" } },
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: storage.size } },
      ...(storage.storageClass ? { storageClassName: storage.storageClass } : {}),
    },
  };
  return { volume: { name: BADGER_VOLUME, persistentVolumeClaim: { claimName } }, objects: [claim] };
}

/** `userconfig` plus what it needs from the pod: the Badger volume, or credentials and CA for a search cluster. */
function storageValues(config: JaegerConfig, serviceName: string): Values {
  const { storage } = config;
  const base = { userconfig: jaegerUserConfig(storage) };
  switch (storage.type) {
    case "memory":
      return base;
    case "badger": {
      const { volume, objects } = badgerVolume(storage, `${serviceName}-badger`);
      return {
        ...base,
        jaeger: { extraVolumes: [volume], extraVolumeMounts: [{ name: BADGER_VOLUME, mountPath: BADGER_MOUNT_PATH }] },
        ...(objects.length ? { extraObjects: objects } : {}),
      };
    }
    case "elasticsearch":
    case "opensearch":
      return {
        ...base,
        jaeger: {
          extraEnv: credentialEnv(storage),
          extraVolumes: storage.tls ? [{ name: CA_VOLUME, secret: { secretName: storage.tls.caSecret.name } }] : [],
          extraVolumeMounts: storage.tls ? [{ name: CA_VOLUME, mountPath: STORAGE_CA_MOUNT_PATH, readOnly: true }] : [],
        },
      };
  }
}

/**
 * Retention of a search cluster: the chart's nightly `esIndexCleaner` CronJob deletes the
 * daily indices older than the retention (the `storage.elasticsearch` block only feeds the
 * maintenance jobs, never the Jaeger server). Memory and Badger expire traces themselves.
 */
function retentionValues(storage: JaegerStorage): Values {
  if (storage.type !== "elasticsearch" && storage.type !== "opensearch") return {};
  const env = [
    ...credentialEnv(storage),
    // The cleaner reads its flags from the environment (`--index-prefix` → INDEX_PREFIX) and joins prefix and index with '-', like Jaeger.
    ...(storage.indexPrefix ? [{ name: "INDEX_PREFIX", value: storage.indexPrefix }] : []),
    ...(storage.tls
      ? [
          { name: "ES_TLS_ENABLED", value: "true" },
          { name: "ES_TLS_CA", value: `${STORAGE_CA_MOUNT_PATH}/${storage.tls.caSecret.key}` },
        ]
      : []),
  ];
  return {
    storage: { elasticsearch: { url: storage.urls[0] } },
    esIndexCleaner: {
      enabled: true,
      numberOfDays: durationSeconds(storage.retention) / 86_400,
      resources: structuredClone(AUXILIARY_RESOURCES.job),
      extraEnv: env,
      extraSecretMounts: storage.tls
        ? [{ name: CA_VOLUME, secretName: storage.tls.caSecret.name, mountPath: STORAGE_CA_MOUNT_PATH, subPath: "", readOnly: true }]
        : [],
    },
  };
}

/** Labels of the Jaeger pods; the component leaves out the index-cleaner CronJob's pods, which share name and instance. */
export function jaegerPodLabels(releaseName: string): Record<string, string> {
  return { "app.kubernetes.io/name": CHARTS.jaeger.name, "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": "all-in-one" };
}

/**
 * Replicas (on a search cluster; memory and Badger live in one pod, rolled out with the
 * chart's `Recreate` so the Badger volume is never mounted twice) spread over nodes, rolled
 * out one new pod at a time and drained one at a time. The chart has no budget of its own,
 * so it comes through `extraObjects`, which only the Badger claim uses otherwise (one replica).
 */
function deploymentValues(config: JaegerConfig, serviceName: string): Values {
  const base = { replicas: config.replicas, resources: config.resources };
  if (config.replicas === 1) return { jaeger: base };
  const podLabels = jaegerPodLabels(config.releaseName);
  return {
    jaeger: {
      ...base,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      // the template reads this key; the chart's values.yaml misspells it (topologySpreadContraints)
      topologySpreadConstraints: spreadOverNodes(podLabels),
    },
    extraObjects: [podDisruptionBudget(serviceName, podLabels)],
  };
}

/** The jaeger chart's values, one document per concern. */
export function jaegerValues(config: JaegerConfig, serviceName: string): ValuesDocument[] {
  return [
    { concern: "jaeger: deployment", values: deploymentValues(config, serviceName) },
    { concern: "jaeger: storage", values: storageValues(config, serviceName) },
    { concern: "jaeger: retention", values: retentionValues(config.storage) },
  ];
}
