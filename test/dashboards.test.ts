import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { complianceAuditDashboard } from "../src/dashboards/compliance-audit";
import { correlationLinks, seriesLabel } from "../src/dashboards/correlation-links";
import { shippedDashboards } from "../src/dashboards/index";
import { kubernetesOverviewDashboard } from "../src/dashboards/kubernetes-overview";
import { postgresqlDashboard } from "../src/dashboards/postgresql";
import { releaseImpactDashboard } from "../src/dashboards/release-impact";
import { serviceRedDashboard } from "../src/dashboards/service-red";
import { stackHealthDashboard } from "../src/dashboards/stack-health";
import { stableUid } from "../src/grafana/stable-uid";
import { durationBucketOf, RED_PROFILES, type RedProfile } from "../src/metrics/red-profiles";
import { findSyntaxError, type QueryLanguage } from "../src/queries/validate-query";
import { seriesLabels } from "./helpers/series-labels";

type AnyPanel = dashboard.Panel | dashboard.RowPanel;

/** Every panel, including those inside (collapsed) rows. */
function panelsOf(model: dashboard.Dashboard): dashboard.Panel[] {
  const walk = (panels: AnyPanel[] = []): dashboard.Panel[] =>
    panels.flatMap((p) => (p.type === "row" ? walk((p as dashboard.RowPanel).panels) : [p as dashboard.Panel]));
  return walk(model.panels);
}

interface Query {
  readonly where: string;
  readonly language: QueryLanguage;
  readonly expr: string;
}

const LANGUAGE: Record<string, QueryLanguage> = { prometheus: "promql", loki: "logql" };

/** Every PromQL/LogQL expression of a dashboard: panel targets and annotations. */
function queriesOf(model: dashboard.Dashboard): Query[] {
  const queries: Query[] = [];
  for (const panel of panelsOf(model)) {
    for (const target of (panel.targets ?? []) as Array<{ expr?: string; datasource?: { type?: string }; refId?: string }>) {
      const type = target.datasource?.type ?? panel.datasource?.type ?? "";
      expect(LANGUAGE[type]).toBeDefined();
      queries.push({ where: `${model.title} / ${panel.title} / ${target.refId}`, language: LANGUAGE[type], expr: target.expr ?? "" });
    }
  }
  for (const annotation of model.annotations?.list ?? []) {
    const expr = (annotation as { expr?: string }).expr;
    if (expr) queries.push({ where: `${model.title} / annotation ${annotation.name}`, language: LANGUAGE[annotation.datasource?.type ?? ""], expr });
  }
  return queries;
}

interface Link {
  readonly title: string;
  readonly url: string;
}

/** The Explore pane of a link: decoded, with Grafana's `${…}` placeholders left in place. */
function explorePane(link: Link): { datasource: string; queries: Array<Record<string, unknown>>; range: { from: string; to: string } } {
  const [path, search] = link.url.split("?");
  expect(path).toBe("/explore");
  const panes = new URLSearchParams(search).get("panes");
  expect(panes).not.toBeNull();
  return Object.values(JSON.parse(panes!) as Record<string, ReturnType<typeof explorePane>>)[0];
}

const METRIC_PANEL_TYPES = new Set(["timeseries", "stat"]);

/**
 * Metrics that reach Prometheus over OTLP: Prometheus' OTLP translation (and the collector's
 * prometheus_remote_write exporter) sets their `job` to `<service.namespace>/<service.name>`.
 */
const OTLP_METRICS = new Set<string>(
  [RED_PROFILES["otel-http"], RED_PROFILES["otel-span-metrics"]].flatMap((p) => [p.requestsTotal, p.errors.metric, p.durationBucket]),
);

const customProfile: RedProfile = {
  name: "go-http",
  requestsTotal: "myapp_http_requests_total",
  errors: { metric: "myapp_http_requests_total", matcher: 'code=~"5.."' },
  durationBucket: "myapp_http_request_duration_seconds_bucket",
  serviceLabel: "service",
};

/** Option sets that exercise every query variant. */
const variants = {
  defaults: shippedDashboards(),
  spanMetrics: shippedDashboards({ redProfiles: ["otel-span-metrics"] }),
  everything: shippedDashboards({
    // every built-in profile that names services by `job` (one dashboard lists services by one label)
    redProfiles: [
      ...(Object.keys(RED_PROFILES) as Array<keyof typeof RED_PROFILES>).filter((name) => RED_PROFILES[name].serviceLabel === "job"),
      { ...customProfile, serviceLabel: "job" },
    ],
    compliance: { namespace: "shop", matchString: 'event="login"', userExtraction: { parser: "json", field: "actor.name" } },
    releaseImpact: { baselineOffset: "7d", eventsQuery: '{job="loki.source.kubernetes_events"} |= "ScalingReplicaSet"' },
    correlation: { lokiLabels: { service: "app" } },
  }),
} as const;

describe("shipped dashboards", () => {
  it("are six, each built with a UID derived from its title", () => {
    const models = Object.values(variants.defaults);
    expect(models).toHaveLength(6);
    for (const model of models) {
      expect(model.title).toBeTruthy();
      expect(model.uid).toBe(stableUid(model.title!));
      expect(model.id).toBeUndefined();
      expect(panelsOf(model).length).toBeGreaterThan(0);
    }
    expect(new Set(models.map((m) => m.uid)).size).toBe(6);
  });

  it.each(Object.entries(variants))("have only PromQL/LogQL that parses (%s)", (_name, dashboards) => {
    const queries = Object.values(dashboards).flatMap(queriesOf);
    expect(queries.length).toBeGreaterThan(40);
    const errors = queries.flatMap((q) => {
      const error = findSyntaxError(q.language, q.expr);
      return error ? [`${q.where}: ${error.excerpt}`] : [];
    });
    expect(errors).toEqual([]);
  });

  it("give identical JSON on every build", () => {
    expect(JSON.stringify(shippedDashboards())).toBe(JSON.stringify(variants.defaults));
  });

  it("link metric panels to logs (Loki) and traces (Jaeger) over the same time, with queries that parse", () => {
    for (const model of Object.values(variants.everything)) {
      for (const panel of panelsOf(model).filter((p) => METRIC_PANEL_TYPES.has(p.type))) {
        const panes = ((panel.fieldConfig?.defaults?.links ?? []) as Link[]).map(explorePane);
        expect(panes.length).toBe(new Set(panes.map((p) => p.datasource)).size);
        for (const pane of panes) expect(pane.range).toEqual({ from: "${__from}", to: "${__to}" });
        const logs = panes.find((p) => p.datasource === "loki")?.queries[0];
        if (logs) expect(findSyntaxError("logql", logs.expr as string)).toBeUndefined();
        const traces = panes.find((p) => p.datasource === "jaeger")?.queries[0];
        if (traces) expect(traces).toMatchObject({ queryType: "search" });
      }
    }
  });

  it.each(Object.entries(variants))("link only with labels the panel's series carry: no empty Loki selector, no Jaeger search without a service (%s)", (_name, dashboards) => {
    const problems: string[] = [];
    for (const model of Object.values(dashboards)) {
      const variables = new Set((model.templating.list ?? []).map((v) => v.name));
      for (const panel of panelsOf(model).filter((p) => METRIC_PANEL_TYPES.has(p.type))) {
        const results = queriesOf({ ...model, panels: [panel], annotations: {} }).map((q) => ({ ...q, result: seriesLabels(q.language, q.expr) }));
        const carried = (label: string) => results.length > 0 && results.every((r) => r.result.labels.has(label));
        for (const link of (panel.fieldConfig?.defaults?.links ?? []) as Link[]) {
          const where = `${model.title} / ${panel.title} / ${link.title}`;
          const pane = explorePane(link);
          const query = JSON.stringify(pane.queries);
          for (const [, label] of query.matchAll(/\$\{__field\.labels\.(\w+)\}/g)) {
            if (!carried(label)) problems.push(`${where}: not every series carries ${label}`);
            if (label === "job" && results.some((r) => [...r.result.metrics].some((m) => OTLP_METRICS.has(m)))) {
              problems.push(`${where}: job of OTLP metrics is <service.namespace>/<service.name>, no service name`);
            }
          }
          for (const [, variable] of query.matchAll(/\$\{(?!__)(\w+)(?::\w+)?\}/g)) {
            if (!variables.has(variable)) problems.push(`${where}: no dashboard variable ${variable}`);
          }
          if (pane.datasource === "loki") {
            const matchers = [...String(pane.queries[0].expr).matchAll(/(\w+)=~?"([^"]*)"/g)].map(([, , value]) => value);
            const seriesLabel = (value: string) => /^\$\{__field\.labels\.(\w+)\}$/.exec(value)?.[1];
            const canBeEmpty = (value: string) => value === "" || (seriesLabel(value) !== undefined && !carried(seriesLabel(value)!));
            if (matchers.every(canBeEmpty)) problems.push(`${where}: selector can render with only empty matchers`);
          }
          if (pane.datasource === "jaeger" && !pane.queries[0].service) problems.push(`${where}: Jaeger search without a service`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("keep both links where the series name a service, and the logs link where they name a namespace", () => {
    const { "service-red": red, postgresql, "stack-health": health } = variants.defaults;
    const datasourcesOf = (panel: dashboard.Panel) => ((panel.fieldConfig?.defaults?.links ?? []) as Link[]).map((l) => explorePane(l).datasource).sort();
    for (const panel of panelsOf(red)) expect(datasourcesOf(panel)).toEqual(["jaeger", "loki"]);
    for (const panel of panelsOf(postgresql)) expect(datasourcesOf(panel)).toEqual(["loki"]);
    const byTitle = Object.fromEntries(panelsOf(health).map((p) => [p.title, datasourcesOf(p)]));
    expect(byTitle["Head series"]).toEqual(["loki"]);
    // the collector's self-scraped metrics have no Kubernetes labels: no link at all rather than an empty one
    expect(byTitle["Spans received"]).toEqual([]);
  });

  it("leave Grafana's placeholders unencoded in link URLs so it can fill them in", () => {
    const [logs, traces] = correlationLinks({ service: seriesLabel("job") }).map((l) => l.build());
    expect(logs.url).toContain("${__field.labels.job}");
    expect(logs.url).toContain("${__from}");
    expect(logs.url!.replace(/\$\{[^}]+\}/g, "")).not.toMatch(/[{}"\s]/);
    expect(explorePane(logs as Link).queries[0]).toMatchObject({ expr: '{service_name="${__field.labels.job}"}', queryType: "range" });
    expect(explorePane(traces as Link).queries[0]).toMatchObject({ service: "${__field.labels.job}" });
  });
});

/**
 * What Grafana saves of a panel data link (`DataLink` in @grafana/data): title, url,
 * targetBlank, internal, origin, meta, oneClick. Dashboard links (the dashboard's header
 * links) are another type, with asDropdown, includeVars, keepTime, tags, type, icon…
 */
const DATA_LINK_KEYS = new Set(["title", "url", "targetBlank", "internal", "origin", "meta", "oneClick"]);

describe("series labels (what the link test judges by)", () => {
  it.each([
    ["histogram_quantile drops le", 'histogram_quantile(0.9, sum by (job, le) (rate(x_bucket{job=~"$service"}[$__rate_interval])))', ["job"]],
    ["label_replace adds its target", 'label_replace(sum by (job) (rate(x[5m])), "service_name", "$1", "job", "(.+)")', ["job", "service_name"]],
    ["a ratio keeps the left side's", "sum by (namespace, pod) (rate(a[5m])) / sum by (namespace, pod) (rate(b[5m])) > 0", ["namespace", "pod"]],
    ["or keeps the common ones", "max by (namespace, instance) (a) or max by (instance) (b)", ["instance"]],
    ["the collector's self-metrics have no pod", "sum by (namespace, pod, receiver) (rate(otelcol_receiver_accepted_spans_total[5m]))", ["receiver"]],
    ["a bare selector only its matchers", '1 - node_memory_MemAvailable_bytes{instance="a"} / node_memory_MemTotal_bytes', ["instance"]],
  ])("%s", (_, query, labels) => {
    expect([...seriesLabels("promql", query).labels].sort()).toEqual(labels);
  });

  it("reads LogQL groupings too", () => {
    expect([...seriesLabels("logql", 'sum by (user) (count_over_time({namespace="x"} | logfmt [5m]))').labels]).toEqual(["user"]);
  });
});

describe("panel data links", () => {
  it.each(Object.entries(variants))("have only data-link keys (%s)", (_name, dashboards) => {
    const foreign = Object.values(dashboards).flatMap((model) =>
      panelsOf(model).flatMap((panel) =>
        ((panel.fieldConfig?.defaults?.links ?? []) as unknown as Array<Record<string, unknown>>).flatMap((link) =>
          Object.keys(link)
            .filter((key) => !DATA_LINK_KEYS.has(key))
            .map((key) => `${model.title} / ${panel.title} / ${String(link.title)}: ${key}`),
        ),
      ),
    );
    expect(foreign).toEqual([]);
  });
});

describe("exemplars", () => {
  const durationBuckets = new Set(Object.values(RED_PROFILES).map((p) => p.durationBucket));
  const targetsOf = (model: dashboard.Dashboard) =>
    panelsOf(model).flatMap((panel) => ((panel.targets ?? []) as Array<{ expr?: string; exemplar?: boolean }>).map((target) => ({ panel, target })));

  it.each(Object.entries(variants))("are requested by every current-time query of a request-duration histogram (%s)", (_name, dashboards) => {
    const histogram = Object.values(dashboards)
      .flatMap(targetsOf)
      .filter(({ target }) => [...durationBuckets].some((bucket) => target.expr?.includes(`${bucket}{`)));
    expect(histogram.length).toBeGreaterThan(0);
    for (const { panel, target } of histogram) {
      // a baseline `offset` query would pin today's exemplars onto yesterday's curve
      expect({ panel: panel.title, expr: target.expr, exemplar: target.exemplar === true }).toEqual({
        panel: panel.title,
        expr: target.expr,
        exemplar: !target.expr!.includes(" offset "),
      });
    }
  });
});

describe("Service RED dashboard", () => {
  const metricsOf = (profile: RedProfile) => [profile.requestsTotal, profile.errors.metric, durationBucketOf(profile)];
  /** Whether a query selects `metric` (a name, or a pattern of names a profile gives). */
  const selects = (expr: string, metric: string) => expr.includes(`${metric}{`) || expr.includes(`{__name__=~${JSON.stringify(metric)}`);

  it.each(Object.values(RED_PROFILES))("charts the metric names of profile $name", (profile) => {
    const model = serviceRedDashboard({ profiles: [profile.name] });
    const exprs = queriesOf(model).map((q) => q.expr);
    for (const metric of metricsOf(profile)) expect(exprs.some((e) => selects(e, metric))).toBe(true);
    expect(exprs.every((e) => e.includes(`${profile.serviceLabel}=~"$service"`) && e.includes("[$__rate_interval]"))).toBe(true);
    const others = Object.values(RED_PROFILES).filter((p) => p.name !== profile.name).flatMap(metricsOf);
    for (const metric of others.filter((m) => !metricsOf(profile).includes(m))) {
      expect(exprs.some((e) => e.includes(metric))).toBe(false);
    }
    expect(model.templating.list?.[0]).toMatchObject({ name: "service", query: `label_values({__name__=~"${profile.requestsTotal}"}, ${profile.serviceLabel})`, multi: true });
  });

  it("draws one row per profile, with rate, error ratio and p50/p95/p99 duration", () => {
    const model = serviceRedDashboard({ profiles: ["starlette-prometheus", "otel-http"] });
    const rows = (model.panels ?? []).filter((p) => p.type === "row").map((r) => r.title);
    expect(rows).toEqual(["starlette-prometheus (starlette_requests_total)", "otel-http (http_server_request_duration(_seconds)?_count)"]);
    const duration = panelsOf(model).find((p) => p.title === "Duration p50 / p95 / p99")!;
    expect((duration.targets as unknown as Array<{ expr: string }>).map((t) => /histogram_quantile\((0\.\d+),/.exec(t.expr)?.[1])).toEqual(["0.5", "0.95", "0.99"]);
  });

  it("uses a custom profile's service label for the filter and the links", () => {
    const model = serviceRedDashboard({ profiles: [customProfile] });
    expect(queriesOf(model).every((q) => q.expr.includes('service=~"$service"'))).toBe(true);
    const links = panelsOf(model)[0].fieldConfig?.defaults?.links as unknown as Link[];
    expect(explorePane(links[0]).queries[0].expr).toBe('{service_name="${__field.labels.service_name}"}');
    expect((panelsOf(model)[0].targets as unknown as Array<{ expr: string }>)[0].expr).toMatch(/^label_replace\(.*, "service_name", "\$1", "service", "\(\?:\[\^\/\]\+\/\)\?\(\.\+\)"\)$/);
  });

  it.each([
    [{ profiles: [] }, 'dashboard "Service RED": profiles: must list at least one RED profile'],
    [{ profiles: ["prometheus-fastapi"] }, 'profiles.0: unknown RED profile "prometheus-fastapi"'],
    [{ profiles: ["otel-http", "otel-http"] }, 'profiles.1: profile "otel-http" is listed twice'],
    [{ profiles: ["otel-http", customProfile] }, 'profiles.1.serviceLabel: "service" differs from "job"'],
    [{ profiles: [{ ...customProfile, errors: { metric: "x", matcher: "code=5xx" } }] }, "profiles.0.errors.matcher: not a label matcher"],
    [{ profiles: [{ ...customProfile, durationBucket: "my-histogram" }] }, "profiles.0.durationBucket: not a metric name"],
    [{ correlation: { lokiLabels: { service: "service.name" } } }, "correlation.lokiLabels.service: not a Loki label name"],
  ])("rejects bad options %#", (options, message) => {
    expect(() => serviceRedDashboard(options as never)).toThrow(message);
  });
});

describe("PostgreSQL dashboard", () => {
  it("reads replication lag under the one name postgres_exporter emits", () => {
    // collector/pg_replication.go: BuildFQName("pg", "replication", "lag_seconds"), a default collector
    // from v0.13.2 (v0.13.0/0.13.1 registered it but ran the postmaster collector; the chart runs v0.20.1).
    // `pg_replication_lag` came only from the example queries.yaml, a custom-queries file the chart does not render.
    const panel = panelsOf(postgresqlDashboard()).find((p) => p.title === "Replication lag")!;
    const metrics = queriesOf({ ...postgresqlDashboard(), panels: [panel] }).flatMap((q) => [...q.expr.matchAll(/\b(pg_\w+)\s*\{/g)].map((m) => m[1]));
    expect([...new Set(metrics)]).toEqual(["pg_replication_lag_seconds"]);
  });
});

describe("compliance audit dashboard", () => {
  const queries = (options = {}) => queriesOf(complianceAuditDashboard(options)).map((q) => q.expr);

  it("defaults to the seed's audit trail query", () => {
    const [perUser, trail] = queries();
    expect(trail).toBe('{namespace="productie"} |= "UserLogin"');
    expect(perUser).toBe('sum by (user) (count_over_time({namespace="productie"} |= "UserLogin" | logfmt user="user" [$__interval]))');
  });

  it("takes the namespace, match string and user extraction", () => {
    expect(queries({ namespace: "shop", matchString: 'say "hi"', userExtraction: { parser: "regexp", pattern: "by (?P<user>\\w+)" } })).toEqual([
      'sum by (user) (count_over_time({namespace="shop"} |= "say \\"hi\\"" | regexp `by (?P<user>\\w+)` [$__interval]))',
      '{namespace="shop"} |= "say \\"hi\\""',
    ]);
    const [count] = queries({ userExtraction: { parser: "none" } });
    expect(count).toBe('sum(count_over_time({namespace="productie"} |= "UserLogin" [$__interval]))');
  });

  it.each([
    [{ namespace: "Productie" }, 'dashboard "Compliance audit trail": namespace: must be a DNS label'],
    [{ matchString: "" }, "matchString: must not be empty"],
    [{ userExtraction: { parser: "regexp", pattern: "user=(\\S+)" } }, "userExtraction.pattern: must have a named group `user`"],
    [{ userExtraction: { parser: "json", field: "a b" } }, "userExtraction.field: must be a field name"],
    [{ namespaces: ["x"] }, "unknown key(s) namespaces"],
  ])("rejects bad options %#", (options, message) => {
    expect(() => complianceAuditDashboard(options as never)).toThrow(message);
  });
});

describe("release impact dashboard", () => {
  it("compares each RED series with its baseline and marks rollouts", () => {
    const model = releaseImpactDashboard({ profiles: ["starlette-prometheus"], baselineOffset: "7d" });
    const exprs = queriesOf(model).map((q) => q.expr);
    const errorRatio = exprs.find((e) => e.includes("sum by (job) (rate(starlette_responses_total"))!;
    const current = /^label_replace\((.*), "service_name", "\$1", "job", "[^"]+"\)$/.exec(errorRatio)![1];
    expect(exprs.some((e) => e.includes(`avg_over_time((${current})[$__rate_interval:] offset 7d)`))).toBe(true);
    expect(model.annotations?.list?.map((a) => a.name)).toEqual(["Rollouts"]);
    expect(model.templating.list?.[0]).toMatchObject({ name: "service", multi: false, includeAll: false });
  });

  it("lists service names, so Deployments match them, and finds the RED series of OTLP and scraped jobs alike", () => {
    const model = releaseImpactDashboard();
    // Grafana shows group 1 of the variable's regex
    const pattern = /^\/(.*)\/$/.exec((model.templating.list?.[0] as { regex?: string }).regex ?? "")?.[1] ?? "";
    expect(["shop/checkout", "checkout"].map((job) => new RegExp(pattern).exec(job)?.[1])).toEqual(["checkout", "checkout"]);
    // what Prometheus matches (anchored) once Grafana put the chosen service in
    const exprs = [...queriesOf(model).map((q) => q.expr), String((model.annotations?.list?.[0] as { expr?: string }).expr)].map((e) => e.replaceAll("$service", "checkout"));
    const matchers = (label: string) => exprs.flatMap((e) => [...e.matchAll(new RegExp(`\\b${label}=~"([^"]+)"`, "g"))].map((m) => new RegExp(`^(?:${m[1]})$`)));
    expect(matchers("job").length).toBeGreaterThan(0);
    for (const job of matchers("job")) {
      expect(["shop/checkout", "checkout", "shop/checkout-v2", "payments"].map((value) => job.test(value))).toEqual([true, true, false, false]);
    }
    expect(matchers("deployment").length).toBeGreaterThan(0);
    for (const deployment of matchers("deployment")) expect(deployment.test("checkout")).toBe(true);
  });

  it("adds the release events query as a Loki annotation", () => {
    const model = releaseImpactDashboard({ eventsQuery: '{job="events"} |= "ScalingReplicaSet"' });
    expect(model.annotations?.list?.[1]).toMatchObject({ name: "Release events", datasource: { type: "loki", uid: "loki" } });
  });

  it.each([
    [{ baselineOffset: "yesterday" }, 'dashboard "Release impact": baselineOffset: must be a duration'],
    [{ eventsQuery: "{job=" }, "eventsQuery: must be a LogQL log query"],
    [{ profiles: ["nope"] }, 'profiles.0: unknown RED profile "nope"'],
  ])("rejects bad options %#", (options, message) => {
    expect(() => releaseImpactDashboard(options as never)).toThrow(message);
  });
});

describe("cluster and stack dashboards", () => {
  it("read Kubernetes metrics by their kube-state-metrics, node-exporter and cAdvisor names", () => {
    const exprs = queriesOf(kubernetesOverviewDashboard()).map((q) => q.expr).join("\n");
    for (const name of [
      "kube_node_status_condition",
      "kube_pod_status_phase",
      'container_cpu_usage_seconds_total{container!=""',
      'container_memory_working_set_bytes{container!=""',
      "kube_pod_container_status_restarts_total",
      "node_cpu_seconds_total",
    ]) {
      expect(exprs).toContain(name);
    }
  });

  it("read the collector's counters with or without the `_total` suffix (collector 0.158 exports them without)", () => {
    const exprs = queriesOf(stackHealthDashboard()).map((q) => q.expr);
    const counters = [...exprs.join("\n").matchAll(/__name__=~"(otelcol_\w+)\(\?:_total\)\?"/g)].map((m) => m[1]);
    expect(counters).toEqual(expect.arrayContaining(["otelcol_receiver_accepted_spans", "otelcol_receiver_refused_spans", "otelcol_exporter_send_failed_spans", "otelcol_exporter_sent_spans"]));
    // every collector metric is read through the pattern, except the queue gauges (never suffixed)
    expect(exprs.join("\n").match(/otelcol_\w+/g)!.filter((m) => !m.includes("queue")).sort()).toEqual([...counters].sort());
  });
});
