import { execFileSync, SpawnOptions } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { Agent, createServer, request, Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { stringify } from "yaml";
import { PrometheusAlertingRule, PrometheusRecordingRule, PrometheusRulesMap } from "../../src/alerting/prometheus-rules";
import { buildSloRules, SloContext } from "../../src/slo/slo-rules";
import { SloSpecInput } from "../../src/slo/slo-spec";
import { validateDashboardQueries } from "../../src/dashboards/validate-dashboard-queries";
import { Values } from "../../src/helm/values";
import { RED_PROFILES, type RedProfile } from "../../src/metrics/red-profiles";
import { Notification, slackLabels, startReceiver } from "../helpers/alert-receiver";
import { freePort, listen, LoopbackProcesses, portOf, readBody, sleep, StartedProcess, waitFor } from "../helpers/loopback";
import { alertmanagerConfigOnLoopback, collectorConfigOnLoopback, ruleFileOnLoopback, withoutNulls } from "../helpers/loopback-configs";
import { comparedQuery, LocatedQuery, queriesWithoutData, withVariablesResolved } from "../helpers/promql-data";
import { cachedTool, describeWithBuiltTools } from "../helpers/real-programs";
import { describeRequiredInCi } from "../helpers/skipped-block";
import { readStack, resourcesOf, STACK_NAMES, synthToTempDir } from "../helpers/synth";
import { releasesOf } from "../helpers/release-values";
import { findTool } from "../helpers/tools";

/**
 * Real data through the real programs, on 127.0.0.1 with the configurations the project
 * renders (hostnames rewritten to loopback, files to a temporary directory, intervals to
 * seconds): PostgreSQL watched by postgres_exporter, node-exporter, Prometheus with the
 * rendered rules and the remote-write receiver, Alertmanager with the rendered routing, the
 * built OpenTelemetry Collector and Jaeger v2 (in-memory storage), driven by two instances
 * of a small instrumented Node service (OpenTelemetry SDK over OTLP, starlette-prometheus
 * style /metrics). Loki stays out: its licence (AGPL) forbids building it here; a recorder
 * standing in for its OTLP endpoint receives what the collector sends it.
 */

/** The environment whose platform release configs run here: the one with Jaeger's in-memory storage. */
const ENVIRONMENT = "dev";
/** Scrape and rule evaluation interval, and the window Grafana's `$__rate_interval` becomes. */
const INTERVAL = "1s";
const RATE_WINDOW = "10s";
/** checkout answers every 20th request with a 500 (5 % errors), catalog never fails. */
const APPS = { checkout: { failEvery: 20 }, catalog: { failEvery: 0 } } as const;
const SERVICE_NAMESPACE = "shop";
/** Until every query has data, or this long after the start: rates need a few scrapes of traffic. */
const FEED_MS = 60_000;

/**
 * An availability SLO per app, as an environment would give one: checkout's 5 % errors burn
 * its 0.1 % budget 50 times too fast, catalog burns none. Their rules run beside the shipped ones.
 */
const SLO_CONTEXT: SloContext = { team: "platform", profile: "starlette-prometheus", runbookBaseUrl: "https://runbooks.example.com/observability" };
const SLOS = Object.keys(APPS).map((service): SloSpecInput => ({ name: `${service}-availability`, service, objective: 99.9, indicator: { type: "availability" } }));

const COLLECTOR = cachedTool("otelcol-0.158.0", "bin", "otelcol");
const JAEGER = cachedTool("jaeger-2.12.0", "bin", "jaeger");

/** Debian sid's Prometheus, Alertmanager and exporters, unpacked by `npm run tools:build` (scripts/tools/build-prometheus-debian.sh). */
const NEWER_DEBIAN = [cachedTool("prometheus-debian-3.5.3", "bin")].find((bin) => existsSync(join(bin, "prometheus")));

/**
 * Queries that cannot have data on loopback, and why: what feeds them is absent here. Part
 * of the test: every other dashboard and alert query must return data, and every entry
 * here must still match a shipped query (a stale entry fails too).
 */
const UNFED: ReadonlyArray<{ readonly metric: RegExp; readonly needs: string }> = [
  // Kubernetes objects (nodes, pods, deployments, namespaces, resource limits) exist only in a cluster
  { metric: /\bkube_\w+/, needs: "kube-state-metrics: Kubernetes objects, no cluster here" },
  // per-container usage comes from the kubelet's embedded cAdvisor
  { metric: /\bcontainer_(?:cpu|memory)_\w+/, needs: "cAdvisor (kubelet): containers, no cluster here" },
  // Loki's own metrics
  { metric: /\bloki_(?:distributor|request|discarded)_\w+/, needs: "Loki: not built (AGPL-licensed)" },
  // the log agents' drop counters
  { metric: /loki_write_dropped_entries_total|promtail_dropped_entries_total/, needs: "Alloy or Promtail: log agents tail pod logs on a node, not run here" },
  // Prometheus only has remote-storage metrics when it remote-writes somewhere
  { metric: /\bprometheus_remote_storage_\w+/, needs: "a Prometheus that remote-writes; every shipped environment renders remoteWrite: []" },
  // collector 0.158 creates its send-failed counters at the first export that finally fails, and every export
  // succeeds here; Jaeger v2 reports its span counter from the start, so the span queries have data
  { metric: /otelcol_exporter_send_failed_(?:metric_points|log_records)/, needs: "a failing export: the collector has no send-failed series until one fails" },
  // the chart runs postgres_exporter v0.20.1, whose replication collector has pg_replication_lag_seconds (a working
  // default collector from v0.13.2); Debian 12's 0.11.1 has no replication lag without a custom queries file
  ...(NEWER_DEBIAN
    ? []
    : [{ metric: /\bpg_replication_lag_seconds\b/, needs: "postgres_exporter >= 0.13.2 (replication collector); Debian 12 ships 0.11.1 (npm run tools:build fetches 0.19)" }]),
  // the shipped SLOs watch the API; the same rules on checkout are proven below
  { metric: /\bslo:[\w:]+\{slo="api-|job="api"/, needs: 'the API the shipped SLOs watch (job="api"): the apps here are checkout and catalog' },
];

/** What the programs not yet built would feed (outside CI only: CI fails when they are missing). */
const UNBUILT: ReadonlyArray<{ readonly file: string; readonly metric: RegExp; readonly needs: string }> = [
  { file: COLLECTOR, metric: /\botelcol_\w+|\bhttp_server_request_duration(?:\b|_seconds\w*)|\btraces_span_metrics_\w+/, needs: "the OpenTelemetry Collector (npm run tools:build)" },
  { file: JAEGER, metric: /jaeger_storage_exporter|otelcol_exporter_send_failed_spans/, needs: "Jaeger v2 (npm run tools:build)" },
];

const DEBIAN_TOOLS = ["prometheus", "prometheus-alertmanager", "prometheus-node-exporter", "prometheus-postgres-exporter"];
/** One of them: Debian sid's build (Prometheus 3.5, closer to the chart's) when `npm run tools:build` fetched it, else Debian 12's installed one. */
function debianProgram(name: string): string | undefined {
  return NEWER_DEBIAN ? join(NEWER_DEBIAN, name) : findTool(name);
}
/** PostgreSQL's server programs (not on PATH in Debian). */
const POSTGRES_BIN = ["/usr/lib/postgresql"].filter(existsSync).flatMap((root) => readdirSync(root).map((v) => join(root, v, "bin"))).find((bin) => existsSync(join(bin, "initdb")));
const missingDebian = [...DEBIAN_TOOLS.filter((tool) => !debianProgram(tool)), ...(POSTGRES_BIN ? [] : ["postgresql"])];

/** Every PromQL query of every shipped dashboard of every environment, variables at "All". */
function dashboardQueries(outdir: string): LocatedQuery[] {
  const models = STACK_NAMES.filter((name) => name.endsWith("-grafana")).flatMap((name) =>
    Object.values(resourcesOf(readStack(outdir, name), "grafana_dashboard")).map((d) => JSON.parse((d.config_json as string).replace(/\$\$\{/g, "${"))),
  );
  return unique(models.flatMap((model) => promqlOf(model)));
}

function promqlOf(model: object): LocatedQuery[] {
  return validateDashboardQueries(model)
    .filter((q) => q.language === "promql")
    .map((q) => ({ where: `${q.where} (${q.field})`, query: withVariablesResolved(q.query, RATE_WINDOW) }));
}

/** The Prometheus-engine rules every environment renders into kube-prometheus-stack's values. */
function renderedRules(outdir: string, environment: string): PrometheusRulesMap {
  const stack = releasesOf(readStack(outdir, `${environment}-platform`)).find((r) => r.chart === "kube-prometheus-stack")!;
  return (stack.values.additionalPrometheusRulesMap ?? {}) as PrometheusRulesMap;
}

/** The query part of every Prometheus-engine alert of every environment. */
function alertQueries(outdir: string): LocatedQuery[] {
  const environments = [...new Set(STACK_NAMES.map((name) => name.split("-")[0]))];
  return unique(
    environments.flatMap((env) =>
      Object.values(renderedRules(outdir, env)).flatMap((entry) =>
        entry.groups.flatMap((group) =>
          (group.rules as Array<PrometheusAlertingRule | PrometheusRecordingRule>).map((rule) => ({
            where: "alert" in rule ? `alert ${rule.alert} (${rule.labels.severity})` : `recording rule ${rule.record} (${JSON.stringify(rule.labels)})`,
            query: comparedQuery(rule.expr),
          })),
        ),
      ),
    ),
  );
}

/** One entry per distinct query (the environments share most of them). */
const unique = (queries: LocatedQuery[]) => [...new Map(queries.map((q) => [q.query, q])).values()];

/** Why a query cannot have data here, if it cannot. */
function unfedReason(query: string): string | undefined {
  const unbuilt = UNBUILT.filter((u) => !existsSync(u.file));
  return [...UNFED, ...unbuilt].find((entry) => entry.metric.test(query))?.needs;
}

/** The OTLP log records the collector sent to Loki's OTLP endpoint, raw (protobuf, maybe gzipped). */
function startLokiRecorder(bodies: Buffer[]): Promise<Server> {
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    bodies.push(req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body);
    res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
  });
  return listen(server);
}

describeRequiredInCi(
  "real data through the real programs on loopback",
  missingDebian.length ? `${missingDebian.join(", ")} not installed (apt-get install -y postgresql prometheus prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter)` : undefined,
  () => {
    const processes = new LoopbackProcesses();
    const agent = new Agent({ keepAlive: true });
    const notifications: Notification[] = [];
    const lokiBodies: Buffer[] = [];
    let load: NodeJS.Timeout | undefined;
    let dir: string;
    let outdir: string;
    let prometheusUrl: string;
    let alertmanagerUrl: string;
    let jaegerQueryUrl: string | undefined;
    const timings: Record<string, number> = {};

    /** Spawn options that run a program as the `postgres` user when we are root (PostgreSQL refuses to run as root). */
    const asPostgres = (): SpawnOptions => {
      if (process.getuid?.() !== 0) return {};
      return { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) };
    };

    async function startPostgres(datasource: Values): Promise<{ port: number; password: string }> {
      const data = join(dir, "postgres");
      mkdirSync(join(data, "socket"), { recursive: true });
      const user = asPostgres();
      if (user.uid !== undefined) for (const owned of [data, join(data, "socket")]) chownSync(owned, user.uid, user.gid!);
      execFileSync(join(POSTGRES_BIN!, "initdb"), ["-D", join(data, "pgdata"), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"], { ...user, stdio: "pipe" });
      const port = await freePort();
      const postgres = processes.start(
        "postgres",
        join(POSTGRES_BIN!, "postgres"),
        ["-D", join(data, "pgdata"), "-p", String(port), "-k", join(data, "socket"), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
        { ...user, stopSignal: "SIGINT" },
      );
      const psql = (sql: string) => execFileSync(join(POSTGRES_BIN!, "psql"), ["-h", join(data, "socket"), "-p", String(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql], { ...user, stdio: "pipe" });
      await waitFor("PostgreSQL to accept connections", 20_000, () => {
        if (postgres.child.exitCode !== null) throw new Error(`postgres exited:\n${postgres.output.join("")}`);
        try {
          psql("SELECT 1");
          return true;
        } catch {
          return undefined;
        }
      });
      // the exporter's login as the README asks for it: pg_monitor, nothing more
      const password = `pw-${process.pid}-${Date.now()}`;
      psql(`CREATE ROLE "${String(datasource.user)}" LOGIN PASSWORD '${password}' IN ROLE pg_monitor`);
      psql(`CREATE DATABASE "${String(datasource.database)}"`);
      return { port, password };
    }

    /** Starts a program and waits until `readyUrl` answers. */
    async function run(name: string, command: string, args: string[], readyUrl: string, options: SpawnOptions = {}): Promise<StartedProcess> {
      const started = processes.start(name, command, args, options);
      await processes.waitReady(started, readyUrl);
      return started;
    }

    beforeAll(async () => {
      const t0 = Date.now();
      dir = mkdtempSync(join(tmpdir(), "loopback-stack-"));
      // PostgreSQL runs as its own user and must reach its folder
      chmodSync(dir, 0o755);
      outdir = synthToTempDir();
      const releases = releasesOf(readStack(outdir, `${ENVIRONMENT}-platform`));
      const release = (chart: string) => releases.find((r) => r.chart === chart)!;
      const stack = release("kube-prometheus-stack").values as any;

      // PostgreSQL and postgres_exporter with the rendered datasource (host → loopback)
      const datasource = (release("prometheus-postgres-exporter").values as any).config.datasource as Values;
      const database = await startPostgres(datasource);
      const postgresExporterPort = await freePort();
      await run("postgres_exporter", debianProgram("prometheus-postgres-exporter")!, [`--web.listen-address=127.0.0.1:${postgresExporterPort}`], `http://127.0.0.1:${postgresExporterPort}/metrics`, {
        env: {
          ...process.env,
          DATA_SOURCE_URI: `127.0.0.1:${database.port}/${String(datasource.database)}?sslmode=${String(datasource.sslmode)}`,
          DATA_SOURCE_USER: String(datasource.user),
          DATA_SOURCE_PASS: database.password,
        },
      });
      const nodeExporterPort = await freePort();
      await run("node_exporter", debianProgram("prometheus-node-exporter")!, [`--web.listen-address=127.0.0.1:${nodeExporterPort}`], `http://127.0.0.1:${nodeExporterPort}/metrics`);
      timings.exporters = Date.now() - t0;

      const prometheusPort = await freePort();
      prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
      const loki = processes.track(await startLokiRecorder(lokiBodies));
      const scrapeJobs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> = [];
      const scrape = (job: string, port: number) => scrapeJobs.push({ job_name: job, static_configs: [{ targets: [`127.0.0.1:${port}`] }] });
      scrape("prometheus", prometheusPort);
      scrape("node-exporter", nodeExporterPort);
      scrape(`postgres-exporter-${String(datasource.database)}`, postgresExporterPort);

      // Jaeger v2 with the rendered userconfig, when built
      let jaegerOtlpGrpc = `127.0.0.1:${await freePort()}`;
      if (existsSync(JAEGER)) {
        const jaeger = await collectorConfigOnLoopback(withoutNulls(release("jaeger").values.userconfig as Values), (hostPort) => {
          throw new Error(`Jaeger calls ${hostPort}, which nothing stands in for here`);
        });
        writeFileSync(join(dir, "jaeger.yaml"), stringify(jaeger.config));
        jaegerOtlpGrpc = `127.0.0.1:${jaeger.ports["receivers.otlp.protocols.grpc.endpoint"]}`;
        jaegerQueryUrl = `http://127.0.0.1:${jaeger.ports["extensions.jaeger_query.http.endpoint"]}`;
        await run("jaeger", JAEGER, ["--config", join(dir, "jaeger.yaml")], `http://127.0.0.1:${jaeger.ports["extensions.healthcheckv2.http.endpoint"]}/status`);
        scrape("jaeger", jaeger.ports["service.telemetry.metrics"]);
      }

      // the collector with the rendered config, the chart's defaults under it, exporting to the programs above
      let otlpHttp: string | undefined;
      if (existsSync(COLLECTOR)) {
        const collectorRelease = release("opentelemetry-collector");
        const merged = withoutNulls((collectorRelease.merged as any).config) as any;
        // the chart's kubernetesAttributes preset adds k8s_attributes, which needs the Kubernetes API: absent here
        for (const pipeline of Object.values<any>(merged.service.pipelines)) pipeline.processors = pipeline.processors?.filter((p: string) => p !== "k8s_attributes");
        // span metrics are flushed every 60 s by default: every second here, like the scrapes
        for (const connector of Object.keys(merged.connectors ?? {}).filter((id) => id.split("/")[0] === "span_metrics")) merged.connectors[connector].metrics_flush_interval = INTERVAL;
        const collector = await collectorConfigOnLoopback(merged, (hostPort) => {
          if (/^jaeger\./.test(hostPort)) return jaegerOtlpGrpc;
          if (/^loki-gateway\./.test(hostPort)) return `127.0.0.1:${portOf(loki)}`;
          if (/^prometheus-/.test(hostPort)) return `127.0.0.1:${prometheusPort}`;
          throw new Error(`the collector calls ${hostPort}, which nothing stands in for here`);
        });
        writeFileSync(join(dir, "collector.yaml"), stringify(collector.config));
        otlpHttp = `http://127.0.0.1:${collector.ports["receivers.otlp.protocols.http.endpoint"]}`;
        await run("otelcol", COLLECTOR, [`--config=${join(dir, "collector.yaml")}`], `http://127.0.0.1:${collector.ports["extensions.health_check.endpoint"]}/`, {
          env: { ...process.env, MY_POD_IP: "127.0.0.1" },
        });
        // the job the chart's ServiceMonitor relabels the collector's own metrics to (CollectorDown watches it)
        const collectorJob = (collectorRelease.values as any).serviceMonitor?.relabelings?.find((r: any) => r.targetLabel === "job")?.replacement ?? collectorRelease.name;
        scrape(collectorJob, collector.ports["service.telemetry.metrics"]);
      }

      // Alertmanager with the rendered routing; Slack and PagerDuty to a recorder, mail to a closed port
      const receiver = processes.track(await startReceiver(notifications));
      const hook = (path: string) => `http://127.0.0.1:${portOf(receiver)}${path}`;
      const alertmanagerConfig = alertmanagerConfigOnLoopback(stack.alertmanager.config, { dir, pagerDutyUrl: hook("/pagerduty"), smtpAddress: `127.0.0.1:${await freePort()}` });
      for (const { path, key } of alertmanagerConfig.credentials) {
        mkdirSync(resolve(path, ".."), { recursive: true });
        writeFileSync(path, `${key === "slack_webhook_url" ? hook("/slack") : `loopback-${key}`}\n`);
      }
      mkdirSync(join(dir, "templates"));
      for (const [file, content] of Object.entries<string>(stack.alertmanager.templateFiles ?? {})) writeFileSync(join(dir, "templates", file), content);
      writeFileSync(join(dir, "alertmanager.yml"), stringify(alertmanagerConfig.config));
      const alertmanagerPort = await freePort();
      alertmanagerUrl = `http://127.0.0.1:${alertmanagerPort}`;
      await run(
        "alertmanager",
        debianProgram("prometheus-alertmanager")!,
        [`--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "alertmanager-data")}`, `--web.listen-address=127.0.0.1:${alertmanagerPort}`, "--cluster.listen-address=", "--log.level=warn"],
        `http://127.0.0.1:${alertmanagerPort}/-/ready`,
      );

      // the instrumented apps: OTLP to the collector (when built), /metrics scraped as starlette-prometheus
      const appPorts: Record<string, number> = {};
      for (const [service, { failEvery }] of Object.entries(APPS)) {
        const telemetry = otlpHttp
          ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttp, OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf", OTEL_METRIC_EXPORT_INTERVAL: "1000", OTEL_BSP_SCHEDULE_DELAY: "200", OTEL_BLRP_SCHEDULE_DELAY: "200" }
          : { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", OTEL_LOGS_EXPORTER: "none" };
        // one process (tsx as a loader, not its CLI, which would run the app in a child of its own)
        const app = processes.start(`app ${service}`, process.execPath, ["--import", "tsx", resolve(__dirname, "fixtures/instrumented-app.ts")], {
          cwd: resolve(__dirname, "../.."),
          env: { ...process.env, ...telemetry, OTEL_SERVICE_NAME: service, OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${SERVICE_NAMESPACE}`, FAIL_EVERY: String(failEvery) },
        });
        appPorts[service] = await waitFor(`${service} to listen`, 20_000, () => {
          if (app.child.exitCode !== null) throw new Error(`${service} exited:\n${app.output.join("")}`);
          const line = app.output.join("").split("\n").find((l) => l.startsWith('{"port"'));
          return line ? (JSON.parse(line).port as number) : undefined;
        });
        scrape(service, appPorts[service]);
      }

      const sloRules = Object.fromEntries(SLOS.map((spec) => buildSloRules(spec, SLO_CONTEXT).prometheus).map(({ name, rules }) => [name, rules])) as PrometheusRulesMap;
      writeFileSync(join(dir, "rules.yml"), stringify(ruleFileOnLoopback({ ...renderedRules(outdir, ENVIRONMENT), ...sloRules }, INTERVAL)));
      writeFileSync(
        join(dir, "prometheus.yml"),
        stringify({
          global: { scrape_interval: INTERVAL, evaluation_interval: INTERVAL },
          rule_files: [join(dir, "rules.yml")],
          alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }] },
          scrape_configs: scrapeJobs,
        }),
      );
      const spec = stack.prometheus.prometheusSpec;
      await run(
        "prometheus",
        debianProgram("prometheus")!,
        [
          `--config.file=${join(dir, "prometheus.yml")}`,
          `--storage.tsdb.path=${join(dir, "prometheus-data")}`,
          `--web.listen-address=127.0.0.1:${prometheusPort}`,
          ...(spec.enableRemoteWriteReceiver ? ["--web.enable-remote-write-receiver"] : []),
          ...(spec.enableFeatures?.length ? [`--enable-feature=${spec.enableFeatures.join(",")}`] : []),
          "--log.level=warn",
        ],
        `${prometheusUrl}/-/ready`,
      );

      // about 25 requests per second per service
      load = setInterval(() => {
        for (const port of Object.values(appPorts)) request({ host: "127.0.0.1", port, path: "/", agent }, (res) => res.resume()).on("error", () => undefined).end();
      }, 40);
      timings.started = Date.now() - t0;
    }, 90_000);

    afterAll(async () => {
      if (load) clearInterval(load);
      agent.destroy();
      await processes.stopAll();
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (outdir) rmSync(outdir, { recursive: true, force: true });
      process.stderr.write(`loopback stack timings (ms): ${JSON.stringify(timings)}\n`);
    });

    it("feeds every PromQL query of every shipped dashboard and every Prometheus alert, except the listed ones", async () => {
      const t0 = Date.now();
      const all = [...dashboardQueries(outdir), ...alertQueries(outdir)];
      const fed = all.filter((q) => !unfedReason(q.query));
      process.stderr.write(`queries not fed on loopback:\n${all.filter((q) => unfedReason(q.query)).map((q) => `  ${q.where} — needs ${unfedReason(q.query)}`).join("\n")}\n`);
      // the list stays honest: each entry still excuses a shipped query
      expect(UNFED.filter((entry) => !all.some((q) => entry.metric.test(q.query))).map((entry) => entry.needs)).toEqual([]);
      expect(fed.length).toBeGreaterThan(30);

      let empty: string[] = [];
      await waitFor("every query to have data", FEED_MS, async () => {
        empty = await queriesWithoutData(prometheusUrl, fed);
        return empty.length === 0 || undefined;
      }).catch(() => undefined);
      timings.allQueriesFed = Date.now() - t0;
      expect(empty).toEqual([]);
      // and the list excuses nothing that has data after all
      const excused = all.filter((q) => UNFED.some((entry) => entry.metric.test(q.query)));
      const excusedWithoutData = await queriesWithoutData(prometheusUrl, excused);
      expect(excused.map((q) => `${q.where}: ${q.query}`).filter((q) => !excusedWithoutData.includes(q))).toEqual([]);
    }, FEED_MS + 30_000);

    it("flags a dashboard query on a metric no exporter emits", async () => {
      const planted = {
        title: "Planted",
        panels: [
          { title: "Requests", type: "timeseries", datasource: { type: "prometheus", uid: "prometheus" }, targets: [{ expr: "sum by (job) (rate(starlette_requests_total[$__rate_interval]))" }] },
          { title: "Typo", type: "timeseries", datasource: { type: "prometheus", uid: "prometheus" }, targets: [{ expr: "sum by (job) (rate(starlette_request_total[$__rate_interval]))" }] },
        ],
      };
      const queries = promqlOf(planted);
      await waitFor("the fed query to have data", 30_000, async () => ((await queriesWithoutData(prometheusUrl, queries.slice(0, 1))).length === 0 ? true : undefined));
      expect(await queriesWithoutData(prometheusUrl, queries)).toEqual([`dashboard "Planted", panel "Typo" (panels[1].targets[0].expr): sum by (job) (rate(starlette_request_total[${RATE_WINDOW}]))`]);
    }, 40_000);

    it("sends the error-rate alert to the team's webhook for the service at 5 % errors, and nothing for the one at 0 %", async () => {
      const t0 = Date.now();
      const errorRateAlerts = () =>
        notifications.filter((n) => n.path === "/slack").flatMap((n) => slackLabels(n.body.attachments?.[0]?.text ?? "").filter((labels) => labels.alertname === "ServiceErrorRateHigh"));
      const fired = await waitFor("ServiceErrorRateHigh for checkout at the Slack webhook", 60_000, () => errorRateAlerts().find((labels) => labels.job === "checkout")).catch((error: Error) =>
        Promise.reject(new Error(`${error.message}\nnotifications: ${JSON.stringify(notifications).slice(0, 4_000)}\n${processes.diagnostics()}`)),
      );
      timings.alertDelivered = Date.now() - t0;
      // exactly 5 % is over the warning threshold (1 %) and not over the critical one (> 5 %)
      expect(fired).toMatchObject({ alertname: "ServiceErrorRateHigh", job: "checkout", severity: "warning", category: "availability" });
      await sleep(3_000);
      expect(errorRateAlerts().filter((labels) => labels.job === "catalog")).toEqual([]);
      const active = (await fetch(`${prometheusUrl}/api/v1/alerts`).then((r) => r.json())) as any;
      expect(active.data.alerts.filter((a: any) => a.labels.alertname === "ServiceErrorRateHigh" && a.labels.job === "catalog")).toEqual([]);
    }, 70_000);

    it("pages for checkout's SLO through the environment's paging receiver, as a critical catalog alert, and not for catalog's", async () => {
      const sloAlerts = async () =>
        ((await fetch(`${alertmanagerUrl}/api/v2/alerts?filter=alertname%3D%22SloErrorBudgetBurn%22`).then((r) => r.json())) as Array<{ labels: Record<string, string>; receivers: Array<{ name: string }> }>) ?? [];
      const page = await waitFor("the page for checkout's SLO in Alertmanager", 60_000, async () =>
        (await sloAlerts()).find((a) => a.labels.slo === "checkout-availability" && a.labels.severity === "critical"),
      ).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${processes.diagnostics()}`)));
      expect(page.labels).toMatchObject({ service: "checkout", team: "platform", category: "availability" });
      // dev pages by e-mail: the policy tree routes critical alerts to its paging receiver
      expect(page.receivers.map((r) => r.name)).toEqual(["oncall-email"]);
      expect((await sloAlerts()).filter((a) => a.labels.slo === "catalog-availability")).toEqual([]);
    }, 70_000);

    it("gives the Grafana-managed SLO rules data here, and their condition holds for checkout's SLO and not for catalog's", async () => {
      /** A Grafana rule's condition now: its PromQL queries on this Prometheus, then its math (`$A > 0.0144 && …`, the same operators in JavaScript). */
      const grafanaCondition = async (spec: SloSpecInput, severity: string): Promise<boolean> => {
        const rule = buildSloRules(spec, { ...SLO_CONTEXT, engine: "grafana" }).grafana!.rule.find((r) => r.labels.severity === severity)!;
        const values: Record<string, number> = {};
        let math = "";
        for (const step of rule.data) {
          const model = JSON.parse(step.model) as { expr?: string; type?: string; expression?: string };
          if (step.refId === rule.condition) math = model.expression!;
          else {
            const body = (await fetch(`${prometheusUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query: model.expr! }) }).then((r) => r.json())) as any;
            expect({ query: model.expr, results: body.data.result.length }).toEqual({ query: model.expr, results: 1 });
            values[step.refId] = Number(body.data.result[0].value[1]);
          }
        }
        return Boolean(new Function(`return ${math.replace(/\$([A-Z])\b/g, (_all, ref: string) => String(values[ref]))}`)());
      };
      const [checkout, catalog] = SLOS;
      await waitFor("checkout's SLO page condition to hold in Grafana's math", 60_000, async () => ((await grafanaCondition(checkout, "critical")) ? true : undefined));
      expect(await grafanaCondition(catalog, "critical")).toBe(false);
      expect(await grafanaCondition(catalog, "warning")).toBe(false);
    }, 70_000);

    describeWithBuiltTools([COLLECTOR], "through the built OpenTelemetry Collector", () => {
      /** Exemplars of the span metrics' request-duration histogram: trace ids of real requests. */
      const exemplarTraceIds = async (): Promise<string[]> => {
        const end = Date.now() / 1000;
        const params = new URLSearchParams({ query: "traces_span_metrics_duration_seconds_bucket", start: String(end - 120), end: String(end) });
        const body = (await fetch(`${prometheusUrl}/api/v1/query_exemplars?${params}`).then((r) => r.json())) as any;
        return (body.data ?? []).flatMap((series: any) => series.exemplars.map((e: any) => e.labels.trace_id ?? e.labels.traceID)).filter(Boolean);
      };

      /** Those of the exemplars' trace ids that log records the collector sent on to Loki carry too (raw bytes in the OTLP protobuf). */
      const exemplarTraceIdsInLogs = async (): Promise<string[] | undefined> => {
        const logged = Buffer.concat(lokiBodies);
        const ids = (await exemplarTraceIds()).filter((id) => logged.includes(Buffer.from(id, "hex")));
        return ids.length ? ids : undefined;
      };

      it("puts on the request-duration histogram exemplars whose trace ids are in the log records sent on to Loki", async () => {
        const ids = await waitFor("exemplar trace ids in the log records", 30_000, exemplarTraceIdsInLogs);
        expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
      }, 40_000);

      it.each(["otel-http", "otel-span-metrics"] as const)(
        "stores the %s duration histogram with the largest finite bucket bound its profile states",
        async (name) => {
          const profile: RedProfile = RED_PROFILES[name];
          const params = new URLSearchParams({ "match[]": `{__name__=~${JSON.stringify(profile.durationBucket)}}` });
          const bounds = await waitFor(`${profile.durationBucket} series`, 30_000, async () => {
            const body = (await fetch(`${prometheusUrl}/api/v1/series?${params}`).then((r) => r.json())) as any;
            const les = (body.data ?? []).map((series: any) => Number(series.le)).filter(Number.isFinite);
            return les.length ? les : undefined;
          });
          expect(Math.max(...bounds)).toBe(profile.largestFiniteBucketSeconds);
        },
        40_000,
      );

      describeWithBuiltTools([JAEGER], "and Jaeger v2", () => {
        it("returns the trace of an exemplar's and a log record's trace id: the app's server span", async () => {
          const [traceId] = await waitFor("exemplar trace ids in the log records", 30_000, exemplarTraceIdsInLogs);
          const trace = await waitFor(`trace ${traceId} in Jaeger`, 20_000, async () => {
            const response = await fetch(`${jaegerQueryUrl}/api/traces/${traceId}`);
            return response.ok ? ((await response.json()) as any).data?.[0] : undefined;
          });
          expect(trace.traceID).toBe(traceId);
          expect(Object.keys(APPS)).toContain(Object.values<any>(trace.processes)[0].serviceName);
          const tags = (span: any) => Object.fromEntries(span.tags.map((t: any) => [t.key, t.value]));
          expect(trace.spans.map(tags)).toContainEqual(expect.objectContaining({ "span.kind": "server", "http.request.method": "GET" }));
        }, 60_000);
      });
    });
  },
);
