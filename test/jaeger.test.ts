import { Testing } from "cdktf";
import { parse } from "yaml";
import { Jaeger, JaegerProps } from "../constructs/jaeger";
import { CHARTS } from "../src/helm/charts";
import { goDuration, jaegerUserConfig } from "../src/traces/jaeger-config";
import { JaegerInput } from "../src/traces/jaeger-schema";
import { releaseService } from "../src/traces/release-service";
import { documentsByConcern } from "./helpers/release-values";
import { chartDefaults, unknownChartKeys } from "./helpers/chart-values";
import { pipelineWiringProblems } from "./helpers/collector-pipelines";
import { describeWithShared } from "./helpers/shared-dir";
import { configErrorOf } from "./helpers/config-error";

const ES_AUTH: Extract<JaegerInput["storage"], { type: "elasticsearch" }> = {
  type: "elasticsearch",
  urls: ["https://es-http.search.svc:9200", "https://es-http-2.search.svc:9200"],
  indexPrefix: "prod",
  usernameSecret: { name: "jaeger-es", key: "username" },
  passwordSecret: { name: "jaeger-es", key: "password" },
  tls: { caSecret: { name: "es-ca", key: "ca.crt" } },
  retention: "14d",
};

/** Builds a Jaeger in a fresh scope and returns it with the synthesized helm_release. */
function build(props: Partial<JaegerProps> = {}) {
  let jaeger!: Jaeger;
  const out = JSON.parse(Testing.synthScope((scope) => (jaeger = new Jaeger(scope, "jaeger", { namespace: "monitoring", ...props }))));
  const release = Object.values(out.resource.helm_release as Record<string, any>)[0];
  return { jaeger, release, values: jaeger.chart.values as any };
}

const errorOf = (props: Partial<JaegerProps>) => configErrorOf(() => build(props)).message;

describe("Jaeger", () => {
  it("exposes the endpoints the collector and Grafana need, from the release name and namespace", () => {
    const { jaeger, release } = build();
    expect(jaeger.serviceName).toBe("jaeger");
    expect(jaeger.queryUrl).toBe("http://jaeger.monitoring.svc:16686");
    expect(jaeger.otlpGrpcEndpoint).toBe("jaeger.monitoring.svc:4317");
    expect(jaeger.otlpHttpEndpoint).toBe("http://jaeger.monitoring.svc:4318");
    expect(jaeger.podSelector).toEqual({
      "app.kubernetes.io/name": "jaeger",
      "app.kubernetes.io/instance": "jaeger",
      "app.kubernetes.io/component": "all-in-one",
    });
    expect(release).toMatchObject({ name: "jaeger", namespace: "monitoring", chart: "jaeger", version: CHARTS.jaeger.version });
  });

  it("names the Service like the chart does: <release>-jaeger unless the release name contains jaeger", () => {
    expect(build({ releaseName: "tracing", namespace: "obs" }).jaeger.queryUrl).toBe("http://tracing-jaeger.obs.svc:16686");
    expect(releaseService("jaeger-prod", "jaeger", "x").name).toBe("jaeger-prod");
    expect(releaseService(`${"a".repeat(56)}-b`, "jaeger", "x").name).toBe(`${"a".repeat(56)}-b-jaeg`);
    expect(releaseService(`${"a".repeat(55)}`, "jaeger", "x").name).toBe(`${"a".repeat(55)}-jaeger`);
    expect(releaseService(`${"a".repeat(56)}`, "jaeger", "x").name).toBe(`${"a".repeat(56)}-jaeger`.slice(0, 63));
    expect(releaseService(`${"a".repeat(62)}`, "jaeger", "x").name).toBe("a".repeat(62));
  });

  it("defaults to in-memory storage with one replica, through a complete v2 config", () => {
    const { values } = build();
    expect(values.jaeger.replicas).toBe(1);
    expect(values.userconfig.extensions.jaeger_storage.backends).toEqual({ primary: { memory: { max_traces: 100000 } } });
    expect(values.extraObjects).toBeUndefined();
    expect(values.esIndexCleaner).toBeUndefined();
  });

  it("wires the v2 config: OTLP in, storage exporter out, query and exporter on the same backend, health check for the probes", () => {
    for (const storage of [{ type: "memory" }, { type: "badger", size: "5Gi" }, ES_AUTH] as const) {
      const config = build({ storage, replicas: 1 }).values.userconfig;
      expect(pipelineWiringProblems(config)).toEqual([]);
      const backends = Object.keys(config.extensions.jaeger_storage.backends);
      expect(backends).toEqual([config.extensions.jaeger_query.storage.traces]);
      expect(config.exporters.jaeger_storage_exporter.trace_storage).toBe(backends[0]);
      expect(config.extensions.healthcheckv2).toEqual({ use_v2: true, http: { endpoint: "0.0.0.0:13133" } });
      expect(config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: "0.0.0.0:4317" }, http: { endpoint: "0.0.0.0:4318" } });
      expect(config.extensions.jaeger_query.http.endpoint).toBe("0.0.0.0:16686");
    }
  });

  it("keeps Badger on a claim the release creates and keeps, mounted where the config points", () => {
    const { values } = build({ storage: { type: "badger", size: "20Gi", storageClass: "fast-ssd", retention: "3d" } });
    expect(values.extraObjects).toEqual([
      {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "jaeger-badger", annotations: { "helm.sh/resource-policy": "keep" } },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } }, storageClassName: "fast-ssd" },
      },
    ]);
    expect(values.jaeger.extraVolumes).toEqual([{ name: "badger-data", persistentVolumeClaim: { claimName: "jaeger-badger" } }]);
    expect(values.jaeger.extraVolumeMounts).toEqual([{ name: "badger-data", mountPath: "/badger" }]);
    expect(values.userconfig.extensions.jaeger_storage.backends.primary.badger).toEqual({
      ephemeral: false,
      directories: { keys: "/badger/keys", values: "/badger/values" },
      ttl: { spans: "72h" },
    });
  });

  it("leaves nothing for the chart's tpl pass over extraObjects to evaluate", () => {
    expect(JSON.stringify(build({ storage: { type: "badger", size: "1Gi" } }).values.extraObjects)).not.toContain("{{");
  });

  it("puts non-persistent Badger on a size-limited emptyDir and creates no claim", () => {
    const { values } = build({ storage: { type: "badger", size: "2Gi", persistent: false } });
    expect(values.jaeger.extraVolumes).toEqual([{ name: "badger-data", emptyDir: { sizeLimit: "2Gi" } }]);
    expect(values.extraObjects).toBeUndefined();
  });

  it("rolls several replicas out one new pod at a time, on different nodes, drained one at a time", () => {
    const { jaeger, values } = build({ storage: ES_AUTH, replicas: 2 });
    expect(values.jaeger.strategy.type).toBe("RollingUpdate");
    expect(values.jaeger.strategy.rollingUpdate.maxUnavailable).toBe(0);
    expect(values.jaeger.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: jaeger.podSelector } }),
    ]);
    expect(values.extraObjects).toEqual([
      { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: jaeger.serviceName }, spec: { maxUnavailable: 1, selector: { matchLabels: jaeger.podSelector } } },
    ]);
    // one pod: the chart's Recreate (a Badger volume is mounted by one pod only), no budget
    const single = build({ storage: { type: "badger", size: "1Gi" } }).values;
    expect(single.jaeger.strategy).toBeUndefined();
    expect(single.extraObjects.map((o: { kind: string }) => o.kind)).toEqual(["PersistentVolumeClaim"]);
  });

  it("reads search-cluster credentials from Secrets into the environment and expands them in the config", () => {
    const { values } = build({ storage: ES_AUTH, replicas: 2 });
    expect(values.jaeger.replicas).toBe(2);
    expect(values.jaeger.extraEnv).toEqual([
      { name: "ES_USERNAME", valueFrom: { secretKeyRef: { name: "jaeger-es", key: "username" } } },
      { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: "jaeger-es", key: "password" } } },
    ]);
    expect(values.userconfig.extensions.jaeger_storage.backends.primary.elasticsearch).toEqual({
      server_urls: ES_AUTH.urls,
      max_span_age: "336h",
      indices: { index_prefix: "prod" },
      auth: { basic: { username: "${env:ES_USERNAME}", password: "${env:ES_PASSWORD}" } },
      tls: { ca_file: "/etc/jaeger/storage-ca/ca.crt" },
    });
    expect(values.jaeger.extraVolumes).toEqual([{ name: "storage-ca", secret: { secretName: "es-ca" } }]);
    expect(values.jaeger.extraVolumeMounts).toEqual([{ name: "storage-ca", mountPath: "/etc/jaeger/storage-ca", readOnly: true }]);
  });

  it("keeps OpenSearch the same way under its own key, without auth when no Secrets are given", () => {
    const backend = jaegerUserConfig({ type: "opensearch", urls: ["http://os.search.svc:9200"], retention: "7d" }).extensions as any;
    expect(backend.jaeger_storage.backends.primary).toEqual({ opensearch: { server_urls: ["http://os.search.svc:9200"], max_span_age: "168h" } });
  });

  it("enforces search-cluster retention with the chart's nightly index cleaner", () => {
    const { values } = build({ storage: ES_AUTH });
    expect(values.esIndexCleaner).toMatchObject({ enabled: true, numberOfDays: 14 });
    expect(values.storage.elasticsearch.url).toBe(ES_AUTH.urls[0]);
    expect(values.esIndexCleaner.extraEnv).toEqual([
      { name: "ES_USERNAME", valueFrom: { secretKeyRef: { name: "jaeger-es", key: "username" } } },
      { name: "ES_PASSWORD", valueFrom: { secretKeyRef: { name: "jaeger-es", key: "password" } } },
      { name: "INDEX_PREFIX", value: "prod" },
      { name: "ES_TLS_ENABLED", value: "true" },
      { name: "ES_TLS_CA", value: "/etc/jaeger/storage-ca/ca.crt" },
    ]);
    expect(values.esIndexCleaner.extraSecretMounts).toEqual([
      { name: "storage-ca", secretName: "es-ca", mountPath: "/etc/jaeger/storage-ca", subPath: "", readOnly: true },
    ]);
  });

  it("configures the index cleaner only through environment variables it reads", () => {
    // jaeger-es-index-cleaner (v2.19.0) binds every flag to an environment variable through
    // viper: upper case, '-' and '.' become '_' (internal/config/config.go, cmd/es-index-cleaner/app/flags.go).
    const cleanerFlags = ["index-prefix", "archive", "rollover", "timeout", "index-date-separator", "es.username", "es.password", "es.tls.enabled", "es.tls.ca"];
    const readByCleaner = new Set(cleanerFlags.map((flag) => flag.toUpperCase().replace(/[-.]/g, "_")));
    const env: { name: string }[] = build({ storage: ES_AUTH }).values.esIndexCleaner.extraEnv;
    expect(env.map((e) => e.name).filter((name) => !readByCleaner.has(name))).toEqual([]);
  });

  it("lets the index cleaner delete the indices Jaeger writes with the configured prefix", () => {
    // Jaeger writes `<prefix>-jaeger-span-2026-01-31` (IndexPrefix.Apply: one '-' unless the prefix ends with one);
    // the cleaner appends '-' to its prefix and deletes what matches `^<prefix>-jaeger-(span|service|…)-YYYY-MM-DD`.
    const { values } = build({ storage: ES_AUTH });
    const written = `${values.userconfig.extensions.jaeger_storage.backends.primary.elasticsearch.indices.index_prefix}-jaeger-span-2026-01-31`;
    const cleanerPrefix = values.esIndexCleaner.extraEnv.find((e: { name: string }) => e.name === "INDEX_PREFIX").value;
    expect(written).toMatch(new RegExp(`^${cleanerPrefix}-jaeger-(span|service|dependencies|sampling)-\\d{4}-\\d{2}-\\d{2}`));
  });

  it("hands Terraform the environment references escaped, so Helm receives them verbatim", () => {
    const { jaeger, release } = build({ storage: ES_AUTH });
    const storageDoc: string = release.values[Object.keys(documentsByConcern(jaeger.chart, release)).indexOf("jaeger: storage")];
    expect(storageDoc).toContain('"password":"$${env:ES_PASSWORD}"');
    expect(release.values.join("\n")).not.toMatch(/(?<!\$)\$\{/);
    // What Terraform passes on, once it has unescaped `$${`:
    const backend = parse(storageDoc.replaceAll("$${", "${")).userconfig.extensions.jaeger_storage.backends.primary.elasticsearch;
    expect(backend.auth.basic.password).toBe("${env:ES_PASSWORD}");
  });

  it("renders one sorted document per concern", () => {
    const { jaeger, release } = build({ storage: ES_AUTH });
    expect(Object.keys(documentsByConcern(jaeger.chart, release))).toEqual(["jaeger: deployment", "jaeger: storage", "jaeger: retention"]);
  });

  it("converts retention to Go durations, which have no days", () => {
    expect([goDuration("7d"), goDuration("90m"), goDuration("1h30m"), goDuration("45s")]).toEqual(["168h", "90m", "90m", "45s"]);
  });

  describe("rejects", () => {
    it("a literal password where a Secret reference is required", () => {
      const message = errorOf({ storage: { ...ES_AUTH, passwordSecret: "hunter2-literal" as any } });
      expect(message).toBe("stack/jaeger: storage.passwordSecret: must reference an existing Secret as { name, key }, never a literal value");
      expect(errorOf({ storage: { ...ES_AUTH, password: "hunter2-literal" } as any })).toBe("stack/jaeger: storage: unknown key(s) password");
    });

    it("credentials inside a URL", () => {
      expect(errorOf({ storage: { type: "elasticsearch", urls: ["https://elastic:hunter2@es:9200"] } })).toBe(
        "stack/jaeger: storage.urls[0]: must not carry credentials: give usernameSecret and passwordSecret instead",
      );
    });

    it("more than one replica with storage that lives in the pod", () => {
      expect(errorOf({ replicas: 2 })).toBe(
        "stack/jaeger: replicas: must be 1 with memory storage (each pod would hold its own traces); use elasticsearch or opensearch to scale out",
      );
      expect(errorOf({ replicas: 3, storage: { type: "badger", size: "1Gi" } })).toMatch(/^stack\/jaeger: replicas: must be 1 with badger storage/);
    });

    it("a search cluster without URLs, or with invalid ones", () => {
      expect(errorOf({ storage: { type: "elasticsearch" } as any })).toBe("stack/jaeger: storage.urls: must list the cluster's http(s) URLs");
      expect(errorOf({ storage: { type: "opensearch", urls: [] } })).toBe("stack/jaeger: storage.urls: must list at least one URL");
      expect(errorOf({ storage: { type: "opensearch", urls: ["es:9200"] } })).toBe("stack/jaeger: storage.urls[0]: must be an http(s) URL");
    });

    it("an index prefix ending in '-', which Jaeger would not double but the index cleaner would", () => {
      expect(errorOf({ storage: { ...ES_AUTH, indexPrefix: "prod-" } })).toMatch(/^stack\/jaeger: storage.indexPrefix: /);
      expect(errorOf({ storage: { ...ES_AUTH, indexPrefix: "Prod" } })).toMatch(/^stack\/jaeger: storage.indexPrefix: /);
    });

    it("half a login, a CA over plain http, retention that is not whole days, Badger without a size", () => {
      expect(errorOf({ storage: { ...ES_AUTH, passwordSecret: undefined } })).toBe("stack/jaeger: storage.passwordSecret: give usernameSecret and passwordSecret together");
      expect(errorOf({ storage: { ...ES_AUTH, urls: ["http://es:9200"] } })).toBe("stack/jaeger: storage.tls: a CA is only used over https: every URL must be https");
      expect(errorOf({ storage: { ...ES_AUTH, retention: "36h" } })).toBe("stack/jaeger: storage.retention: must be whole days (indices are daily), e.g. 7d");
      expect(errorOf({ storage: { type: "badger" } as any })).toMatch(/^stack\/jaeger: storage.size: /);
      expect(errorOf({ storage: { type: "cassandra" } as any })).toMatch(/^stack\/jaeger: storage.type: /);
    });
  });
});

describeWithShared("Jaeger values against the pinned chart", () => {
  const defaults = chartDefaults(CHARTS.jaeger);
  // `jaeger.resources` is documented but commented out in values.yaml; the deployment template
  // reads `jaeger.strategy` and `jaeger.topologySpreadConstraints` (values.yaml misspells it
  // `topologySpreadContraints`) without listing them.
  const freeForm = ["jaeger.resources", "jaeger.strategy", "jaeger.topologySpreadConstraints"];

  it.each([
    ["memory", { type: "memory" }, 1],
    ["badger", { type: "badger", size: "5Gi", storageClass: "standard" }, 1],
    ["elasticsearch", ES_AUTH, 1],
    ["opensearch with replicas", { ...ES_AUTH, type: "opensearch" }, 2],
  ] as const)("sets only keys jaeger %s knows", (_name, storage, replicas) => {
    const { jaeger } = build({ storage, replicas });
    expect(unknownChartKeys(jaeger.chart.values, defaults, freeForm)).toEqual([]);
  });

  it("uses the 4.x layout: no allInOne, collector, query or provisionDataStore keys", () => {
    for (const removed of ["allInOne", "collector", "query", "agent", "provisionDataStore"]) expect(defaults).not.toHaveProperty(removed);
    expect(unknownChartKeys({ allInOne: { enabled: true } }, defaults)).toEqual(["allInOne"]);
  });
});
