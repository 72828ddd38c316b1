import { durationSeconds } from "../config/duration";
import { Values } from "../helm/values";
import { OTLP_GRPC_PORT, OTLP_HTTP_PORT } from "./otlp-endpoints";
import { JaegerStorage, SearchStorage } from "./jaeger-schema";

/** Ports Jaeger v2 serves besides OTLP: the UI and HTTP API, query gRPC, health, its own metrics. */
export const JAEGER_PORTS = { query: 16686, queryGrpc: 16685, health: 13133, metrics: 8888 } as const;

/** Where the pod mounts the Badger volume. */
export const BADGER_MOUNT_PATH = "/badger";
/** Where the pod mounts the storage CA Secret. */
export const STORAGE_CA_MOUNT_PATH = "/etc/jaeger/storage-ca";
/** Environment variables that carry the storage credentials from their Secrets into the config. */
export const STORAGE_ENV = { username: "ES_USERNAME", password: "ES_PASSWORD" } as const;

/** The one trace backend the config defines, referred to by the query extension and the exporter. */
const BACKEND = "primary";

/** Prometheus-style duration → Go duration, which has no days (`7d` → `168h`). */
export function goDuration(value: string): string {
  const seconds = durationSeconds(value);
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function searchBackend(storage: SearchStorage): Values {
  return {
    server_urls: storage.urls,
    // Queries never look further back than the index cleaner keeps.
    max_span_age: goDuration(storage.retention),
    ...(storage.indexPrefix ? { indices: { index_prefix: storage.indexPrefix } } : {}),
    // Expanded by Jaeger from the pod environment, filled from the Secrets: never a literal here.
    ...(storage.usernameSecret
      ? { auth: { basic: { username: `\${env:${STORAGE_ENV.username}}`, password: `\${env:${STORAGE_ENV.password}}` } } }
      : {}),
    ...(storage.tls ? { tls: { ca_file: `${STORAGE_CA_MOUNT_PATH}/${storage.tls.caSecret.key}` } } : {}),
  };
}

function backend(storage: JaegerStorage): Values {
  switch (storage.type) {
    case "memory":
      return { memory: { max_traces: storage.maxTraces } };
    case "badger":
      return {
        badger: {
          ephemeral: false,
          directories: { keys: `${BADGER_MOUNT_PATH}/keys`, values: `${BADGER_MOUNT_PATH}/values` },
          ttl: { spans: goDuration(storage.retention) },
        },
      };
    case "elasticsearch":
    case "opensearch":
      return { [storage.type]: searchBackend(storage) };
  }
}

const listen = (port: number) => `0.0.0.0:${port}`;

/**
 * The complete Jaeger v2 configuration (an OpenTelemetry Collector config with Jaeger's
 * extensions), handed to the chart as `userconfig`, which replaces the image's built-in
 * one: OTLP in, the storage exporter out, the query extension serving the UI and API from
 * the same backend, and the v2 health check the chart's probes call (`:13133/status`).
 * Everything listens on all interfaces (the pod IP), not the image's localhost default.
 */
export function jaegerUserConfig(storage: JaegerStorage): Values {
  return {
    extensions: {
      healthcheckv2: { use_v2: true, http: { endpoint: listen(JAEGER_PORTS.health) } },
      jaeger_query: {
        storage: { traces: BACKEND },
        http: { endpoint: listen(JAEGER_PORTS.query) },
        grpc: { endpoint: listen(JAEGER_PORTS.queryGrpc) },
      },
      jaeger_storage: { backends: { [BACKEND]: backend(storage) } },
    },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: listen(OTLP_GRPC_PORT) }, http: { endpoint: listen(OTLP_HTTP_PORT) } } },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: BACKEND } },
    service: {
      extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: { traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] } },
      telemetry: {
        resource: { "service.name": "jaeger" },
        metrics: { level: "detailed", readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: JAEGER_PORTS.metrics } } } }] },
      },
    },
  };
}
