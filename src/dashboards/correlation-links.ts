import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as loki from "@grafana/grafana-foundation-sdk/loki";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { ConfigError } from "../config/config-error";
import { DATASOURCE_UIDS } from "../grafana/datasource-uids";

/** The provisioned datasources as panels, queries and Explore links refer to them (plugin type + stable UID). */
export const DATASOURCES = {
  prometheus: { type: "prometheus", uid: DATASOURCE_UIDS.prometheus },
  loki: { type: "loki", uid: DATASOURCE_UIDS.loki },
  jaeger: { type: "jaeger", uid: DATASOURCE_UIDS.jaeger },
} as const satisfies Record<string, common.DataSourceRef>;

/**
 * A value a link fills in when it is clicked: a label of the clicked series, or a dashboard
 * variable. `regex` values come from multi-value variables and are matched with `=~`.
 */
export interface LinkValue {
  readonly template: string;
  readonly regex: boolean;
}

/** What the clicked series is about; each part narrows the logs and traces the links open. */
export interface LinkSubject {
  /** The service: Loki's service label, Jaeger's service. */
  readonly service?: LinkValue;
  /** Kubernetes namespace: Loki `namespace`, Jaeger tag `k8s.namespace.name`. */
  readonly namespace?: LinkValue;
  /** Kubernetes pod: Loki `pod`, Jaeger tag `k8s.pod.name`. */
  readonly pod?: LinkValue;
  /** Kubernetes container: Loki `container`; Jaeger's service when `service` is unset (containers are usually named after what they run). */
  readonly container?: LinkValue;
}

export type SubjectPart = "service" | "namespace" | "pod" | "container";

/** How the log shipper labels streams, so links land on the right ones. */
export interface CorrelationOptions {
  /**
   * Loki label per subject part.
   * @default { service: "service_name", namespace: "namespace", pod: "pod", container: "container" }
   * (`service_name` is the label Loki 3 derives from `app`/`app.kubernetes.io/name`/container labels;
   * `namespace`, `pod` and `container` are what Alloy's Kubernetes discovery sets.)
   */
  readonly lokiLabels?: Partial<Readonly<Record<SubjectPart, string>>>;
}

const DEFAULT_LOKI_LABELS: Readonly<Record<SubjectPart, string>> = {
  service: "service_name",
  namespace: "namespace",
  pod: "pod",
  container: "container",
};

/** OpenTelemetry resource attributes Jaeger shows as process tags. */
const TRACE_TAGS: Readonly<Partial<Record<SubjectPart, string>>> = {
  namespace: "k8s.namespace.name",
  pod: "k8s.pod.name",
};

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The value of a label of the clicked series (`${__field.labels.<name>}`). */
export function seriesLabel(name: string): LinkValue {
  if (!LABEL_NAME.test(name)) throw new Error(`not a Prometheus label name: ${JSON.stringify(name)}`);
  return { template: `\${__field.labels.${name}}`, regex: false };
}

/** The values of a multi-value dashboard variable, as a regex alternation (`${<name>:pipe}`). */
export function variableRegex(name: string): LinkValue {
  if (!LABEL_NAME.test(name)) throw new Error(`not a variable name: ${JSON.stringify(name)}`);
  return { template: `\${${name}:pipe}`, regex: true };
}

/** A fixed value, e.g. a configured namespace. */
export function literalValue(value: string): LinkValue {
  if (!value || /[$"{}\\]/.test(value)) throw new Error(`not a plain link value: ${JSON.stringify(value)}`);
  return { template: value, regex: false };
}

/** The Loki label a subject part is found under. */
export function lokiLabel(part: SubjectPart, options: CorrelationOptions = {}): string {
  return options.lokiLabels?.[part] ?? DEFAULT_LOKI_LABELS[part];
}

/** Checks user-given correlation options; `where` names the dashboard. */
export function checkCorrelationOptions(options: CorrelationOptions | undefined, where: string): void {
  const problems = Object.entries(options?.lokiLabels ?? {})
    .filter(([part, label]) => !(part in DEFAULT_LOKI_LABELS) || !LABEL_NAME.test(label ?? ""))
    .map(([part, label]) => ({
      field: `correlation.lokiLabels.${part}`,
      problem: part in DEFAULT_LOKI_LABELS ? `not a Loki label name: ${JSON.stringify(label)}` : "unknown subject part",
    }));
  if (problems.length) throw new ConfigError(where, problems);
}

/**
 * The query text of an Explore pane, URL-encoded except for the `${…}` placeholders, which
 * Grafana fills in (URL-encoding the values itself) when the link is clicked.
 */
function exploreUrl(pane: string, datasource: common.DataSourceRef, query: Record<string, string>): string {
  const panes = JSON.stringify({
    [pane]: {
      datasource: datasource.uid,
      queries: [{ refId: "A", datasource, ...query }],
      range: { from: "${__from}", to: "${__to}" },
    },
  });
  const encoded = panes
    .split(/(\$\{[^}]+\})/)
    .map((part, i) => (i % 2 ? part : encodeURIComponent(part)))
    .join("");
  return `/explore?schemaVersion=1&panes=${encoded}`;
}

/** The Loki stream selector of a subject, e.g. `{namespace="${__field.labels.namespace}"}`. */
function logsSelector(subject: LinkSubject, options: CorrelationOptions = {}): string {
  const matchers = (["service", "namespace", "pod", "container"] as const)
    .filter((part) => subject[part])
    .map((part) => `${lokiLabel(part, options)}${subject[part]!.regex ? "=~" : "="}"${subject[part]!.template}"`);
  if (!matchers.length) throw new Error("a link subject needs a service, namespace, pod or container");
  return `{${matchers.join(", ")}}`;
}

/**
 * The Jaeger search of a subject: its service and tags; regex values cannot be searched.
 * Undefined without a service: Jaeger searches one service at a time.
 */
function traceSearch(subject: LinkSubject): Record<string, string> | undefined {
  const service = [subject.service, subject.container].find((v) => v && !v.regex);
  if (!service) return undefined;
  const tags = (["namespace", "pod"] as const)
    .filter((part) => subject[part] && !subject[part]!.regex)
    .map((part) => `${TRACE_TAGS[part]}="${subject[part]!.template}"`);
  return { queryType: "search", service: service.template, ...(tags.length ? { tags: tags.join(" ") } : {}) };
}

/** A panel data link as Grafana saves it (`DataLink` of @grafana/data). */
export interface DataLink {
  readonly title: string;
  readonly url: string;
  /** Open in a new tab. */
  readonly targetBlank: boolean;
}

/**
 * Builds a panel data link with only the keys a data link has. The SDK types panels'
 * `dataLinks` as dashboard links, whose builder adds what only the dashboard's header links
 * have (asDropdown, includeVars, keepTime, placement, tags, type, icon, tooltip).
 */
class DataLinkBuilder implements cog.Builder<dashboard.DashboardLink> {
  constructor(private readonly link: DataLink) {}

  build(): dashboard.DashboardLink {
    return { ...this.link } as unknown as dashboard.DashboardLink;
  }
}

/**
 * The onward links of a metric panel: the subject's logs in Loki and, when its service is
 * known, its traces in Jaeger, both in Explore over the dashboard's time range. A subject
 * made of series labels must name labels every series of the panel carries: a missing
 * label renders as an empty value, and the pane opens empty (or not at all).
 */
export function correlationLinks(subject: LinkSubject, options: CorrelationOptions = {}): Array<cog.Builder<dashboard.DashboardLink>> {
  const search = traceSearch(subject);
  return [
    new DataLinkBuilder({
      title: "Logs in Loki",
      url: exploreUrl("logs", DATASOURCES.loki, { expr: logsSelector(subject, options), queryType: "range" }),
      targetBlank: true,
    }),
    ...(search ? [new DataLinkBuilder({ title: "Traces in Jaeger", url: exploreUrl("traces", DATASOURCES.jaeger, search), targetBlank: true })] : []),
  ];
}

/*
 * Panels that show metrics are made only here, so none of them misses its onward links.
 * Their subject is `undefined` only when the series carry nothing logs or traces are found by.
 */

/** A time series panel with a table legend and the subject's links. */
export function metricTimeseries(
  title: string,
  subject: LinkSubject | undefined,
  options: CorrelationOptions = {},
  datasource: common.DataSourceRef = DATASOURCES.prometheus,
): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(title)
    .datasource(datasource)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(["mean", "max", "lastNotNull"]),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  return subject ? panel.dataLinks(correlationLinks(subject, options)) : panel;
}

/** A single-value panel (last value, with sparkline) and the subject's links. */
export function metricStat(title: string, subject: LinkSubject, options: CorrelationOptions = {}): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .datasource(DATASOURCES.prometheus)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .graphMode(common.BigValueGraphMode.Area)
    .dataLinks(correlationLinks(subject, options));
}

/** A dashboard variable listing label values from Prometheus, sorted, refreshed with the time range. */
export function promVariable(name: string, label: string, query: string, multi = true): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCES.prometheus)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(multi)
    .includeAll(multi);
}

/** A PromQL query; `legend` is a legend format such as `{{job}}`. */
export function promQuery(expr: string, legend: string, refId = "A"): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder().datasource(DATASOURCES.prometheus).expr(expr).legendFormat(legend).refId(refId).range();
}

/** A LogQL query: a log query, or a metric query with a legend format. */
export function lokiQuery(expr: string, legend?: string): loki.DataqueryBuilder {
  const query = new loki.DataqueryBuilder().datasource(DATASOURCES.loki).expr(expr).refId("A");
  return legend === undefined ? query : query.legendFormat(legend);
}
