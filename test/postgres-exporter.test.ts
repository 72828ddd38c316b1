import { Testing } from "cdktf";
import { parse } from "yaml";
import { PostgresExporter, PostgresExporterProps } from "../constructs/postgres-exporter";
import { CHARTS } from "../src/helm/charts";
import { documentsByConcern } from "./helpers/release-values";
import { chartDefaults, unknownChartKeys } from "./helpers/chart-values";
import { describeWithShared } from "./helpers/shared-dir";

const props: PostgresExporterProps = {
  name: "orders",
  namespace: "monitoring",
  connection: { host: "orders.abc123.eu-west-1.rds.amazonaws.com", database: "orders", user: "exporter" },
  passwordSecret: { name: "orders-db-exporter", key: "password" },
};

function build(overrides: Partial<PostgresExporterProps> = {}) {
  let exporter!: PostgresExporter;
  const out = JSON.parse(Testing.synthScope((scope) => void (exporter = new PostgresExporter(scope, "orders-db", { ...props, ...overrides }))));
  const release = Object.values(out.resource.helm_release)[0] as any;
  return { exporter, release, documents: (release.values as string[]).map((doc) => parse(doc)) };
}

describe("PostgresExporter", () => {
  it("deploys the pinned chart as postgres-exporter-<name>", () => {
    const { exporter, release } = build();
    expect(release).toMatchObject({
      name: "postgres-exporter-orders",
      namespace: "monitoring",
      chart: CHARTS.postgresExporter.name,
      version: CHARTS.postgresExporter.version,
      repository: CHARTS.postgresExporter.repository,
    });
    expect(exporter.releaseName).toBe("postgres-exporter-orders");
  });

  it("exposes the chart's Service name and the metrics URL", () => {
    const { exporter } = build();
    expect(exporter.serviceName).toBe("postgres-exporter-orders-prometheus-postgres-exporter");
    expect(exporter.metricsUrl).toBe("http://postgres-exporter-orders-prometheus-postgres-exporter.monitoring.svc:80/metrics");
    // The chart uses the release name as is when it already contains the chart name, and truncates at 63.
    expect(build({ releaseName: "prometheus-postgres-exporter" }).exporter.serviceName).toBe("prometheus-postgres-exporter");
    expect(build({ releaseName: "pg-exporter-for-the-very-long-database-name-x" }).exporter.serviceName).toBe(
      "pg-exporter-for-the-very-long-database-name-x-prometheus-postgr",
    );
  });

  it("connects with sslmode require and the password from the Secret", () => {
    const { exporter } = build();
    expect(exporter.chart.values.config).toEqual({
      datasource: {
        host: "orders.abc123.eu-west-1.rds.amazonaws.com",
        port: "5432",
        database: "orders",
        user: "exporter",
        sslmode: "require",
        extraParams: "",
        passwordSecret: { name: "orders-db-exporter", key: "password" },
      },
    });
  });

  it("URL-encodes extra libpq parameters", () => {
    const { exporter } = build({
      connection: { ...props.connection, port: 6432, sslmode: "verify-full", extraParams: { connect_timeout: "5", application_name: "postgres exporter" } },
    });
    expect(exporter.chart.values.config).toMatchObject({
      datasource: { port: "6432", sslmode: "verify-full", extraParams: "connect_timeout=5&application_name=postgres%20exporter" },
    });
  });

  it("turns the ServiceMonitor on with interval, timeout and labels", () => {
    expect(build().exporter.chart.values.serviceMonitor).toEqual({ enabled: true, interval: "30s" });
    expect(build({ serviceMonitor: { interval: "1m", scrapeTimeout: "20s", labels: { release: "kube-prometheus-stack" } } }).exporter.chart.values.serviceMonitor).toEqual({
      enabled: true,
      interval: "1m",
      timeout: "20s",
      labels: { release: "kube-prometheus-stack" },
    });
  });

  it("sizes the exporter and adds a PodDisruptionBudget when replicated", () => {
    expect(build().exporter.chart.values).toMatchObject({
      replicaCount: 1,
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
      podDisruptionBudget: { enabled: false },
    });
    const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } };
    expect(build({ replicas: 2, resources }).exporter.chart.values).toMatchObject({ replicaCount: 2, resources, podDisruptionBudget: { enabled: true } });
  });

  it("renders one values document per concern, then the overrides", () => {
    const { documents, exporter, release } = build({ values: { podLabels: { team: "data" } } });
    expect(Object.keys(documentsByConcern(exporter.chart, release))).toEqual([
      "postgres-exporter: datasource",
      "postgres-exporter: scraping",
      "resources",
      "overrides",
    ]);
    expect(documents[3]).toEqual({ podLabels: { team: "data" } });
  });

  describe("refuses", () => {
    const refuses = (overrides: object, message: RegExp) => expect(() => build(overrides as Partial<PostgresExporterProps>)).toThrow(message);
    const LITERAL = "never give a literal password: reference an existing Kubernetes Secret with passwordSecret: \\{ name, key \\}";

    it("a literal password, wherever it is put", () => {
      refuses({ password: "hunter2-hunter2" }, new RegExp(`^stack/orders-db: password: ${LITERAL}$`));
      refuses({ connection: { ...props.connection, password: "hunter2-hunter2" } }, new RegExp(`connection\\.password: ${LITERAL}`));
      refuses({ connection: { ...props.connection, extraParams: { password: "hunter2-hunter2" } } }, new RegExp(`connection\\.extraParams\\.password: ${LITERAL}`));
      refuses({ values: { config: { datasource: { password: "hunter2-hunter2" } } } }, new RegExp(`values\\.config\\.datasource\\.password: ${LITERAL}`));
      refuses({ passwordSecret: "hunter2-hunter2" }, /passwordSecret: must reference an existing Kubernetes Secret as \{ name, key \}, never a literal password/);
    });

    it("a connection URL with credentials as host", () => {
      refuses({ connection: { ...props.connection, host: "postgres://exporter:hunter2@db:5432/orders" } }, /connection\.host: must be a host name, not a connection URL/);
    });

    it("a Secret reference without its key", () => {
      refuses({ passwordSecret: { name: "orders-db-exporter" } }, /passwordSecret\.key: is required: the key of the password in that Secret/);
      refuses({ passwordSecret: { name: "orders-db-exporter", key: "" } }, /passwordSecret\.key: must be a Secret key/);
    });

    it("an invalid port", () => {
      refuses({ connection: { ...props.connection, port: 70000 } }, /connection\.port: must be a port 1-65535/);
      refuses({ connection: { ...props.connection, port: "5432" } }, /connection\.port: /);
    });

    it("a bad sslmode", () => {
      refuses({ connection: { ...props.connection, sslmode: "on" } }, /connection\.sslmode: /);
      refuses({ connection: { ...props.connection, extraParams: { sslmode: "disable" } } }, /connection\.extraParams\.sslmode: set connection\.sslmode instead/);
    });

    it("a missing database, a timeout over the interval and a release name over Helm's limit", () => {
      refuses({ connection: { host: "db", user: "exporter" } }, /connection\.database: is required: the database the exporter connects to/);
      refuses({ serviceMonitor: { interval: "10s", scrapeTimeout: "30s" } }, /serviceMonitor\.scrapeTimeout: must not exceed the interval/);
      refuses({ name: "a-very-long-database-name-that-goes-on-and-on" }, /name: makes the release name "postgres-exporter-a-very-long-database-name-that-goes-on-and-on" longer than 53/);
    });
  });
});

describeWithShared("PostgresExporter against the pinned chart", () => {
  it("sets only keys the chart knows", () => {
    const { exporter } = build({
      connection: { ...props.connection, extraParams: { connect_timeout: "5" } },
      serviceMonitor: { interval: "1m", scrapeTimeout: "20s", labels: { release: "kube-prometheus-stack" } },
      replicas: 2,
    });
    // Commented out in values.yaml but documented there (and read by templates/servicemonitor.yaml).
    const documented = ["serviceMonitor.interval", "serviceMonitor.timeout", "serviceMonitor.labels"];
    expect(unknownChartKeys(exporter.chart.values, chartDefaults(CHARTS.postgresExporter), documented)).toEqual([]);
  });

  it("would catch a misspelt key", () => {
    const { exporter } = build({ values: { config: { datasource: { sslMode: "require" } } } });
    expect(unknownChartKeys(exporter.chart.values, chartDefaults(CHARTS.postgresExporter))).toContain("config.datasource.sslMode");
  });
});
