import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { Labels } from "./otlp-resource";

/*
 * How Grafana 13 (kube-prometheus-stack 88.5.3's grafana 12.11.1, appVersion 13.2.0) builds
 * a span's links, written from its source (public/app/features/explore/TraceView/
 * createSpanLink.tsx, pkg/tsdb/jaeger/querydata.go) and from the OpenTelemetry → Jaeger
 * translation, independently of our datasource settings:
 * - Jaeger's HTTP API (what the Jaeger datasource reads unless the experimental
 *   `jaegerEnableGrpcEndpoint` toggle is on) gives a span's process the resource attribute
 *   `service.name` as its serviceName and every other resource attribute as a process tag;
 *   `service.name` is no tag.
 * - `${__span.tags.key}` / `${__span.tags["dotted.key"]}` read the process tags, then the span
 *   tags (span tags win); an unknown one is left as written.
 * - `$__tags` / `${__tags}` become `label="value"` for each configured tag the span has,
 *   joined by ", " (nothing when it has none).
 * - A logs link with no configured tag present is not rendered; metrics links always are.
 */

/** A span as Grafana's trace view sees it. */
export interface GrafanaSpan {
  readonly serviceName: string;
  /** Process tags, then span tags. */
  readonly tags: Labels;
}

/** The span Grafana gets from Jaeger for a span whose resource was `resource` when Jaeger stored it. */
export function spanFromJaeger(resource: Labels, spanTags: Labels = {}): GrafanaSpan {
  const { "service.name": serviceName, ...processTags } = resource;
  return { serviceName, tags: { ...processTags, ...spanTags } };
}

/** Grafana's `$__tags` for a tag mapping (span attribute → label). */
function formattedTags(span: GrafanaSpan, mapping: ReadonlyArray<{ key: string; value?: string }>): string {
  return Object.entries(span.tags)
    .flatMap(([key, value]) => {
      const mapped = mapping.find((m) => m.key === key);
      return mapped ? [`${mapped.value || mapped.key}="${value}"`] : [];
    })
    .join(", ");
}

/** A span link query as Grafana interpolates it for `span`. */
export function renderSpanQuery(query: string, span: GrafanaSpan, mapping: ReadonlyArray<{ key: string; value?: string }> = []): string {
  return query
    .replace(/\$__tags|\$\{__tags\}/g, () => formattedTags(span, mapping))
    .replace(/\$\{__span\.tags(?:\.(\w+)|\["([^"]+)"\])\}/g, (match, plain: string | undefined, quoted: string | undefined) => span.tags[plain ?? quoted!] ?? match);
}

/** The logs query Grafana links a span to (tracesToLogsV2 without a custom query), or undefined when it renders no link. */
export function renderLogsLinkSelector(span: GrafanaSpan, mapping: ReadonlyArray<{ key: string; value?: string }>): string | undefined {
  const tags = formattedTags(span, mapping);
  return tags ? `{${tags}}` : undefined;
}

type Matcher = (labels: Labels) => boolean;

const matcher = (name: string, op: string, value: string): Matcher => {
  const regex = new RegExp(`^(?:${value})$`);
  switch (op) {
    case "EqlSingle":
    case "Eq":
      return (l) => (l[name] ?? "") === value;
    case "Neq":
      return (l) => (l[name] ?? "") !== value;
    case "EqlRegex":
    case "Re":
      return (l) => regex.test(l[name] ?? "");
    case "NeqRegex":
    case "Nre":
      return (l) => !regex.test(l[name] ?? "");
    default:
      throw new Error(`unmodelled matcher operator ${op}`);
  }
};

/** The label matchers of every vector selector of a PromQL query whose metric name (written, or `__name__` matchers) takes `name`. */
function selectorsReading(query: string, name: string): Matcher[][] {
  const tree = promqlParser.parse(query);
  const selectors: Matcher[][] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) throw new Error(`query does not parse at ${node.from}: ${query}`);
      if (node.name !== "VectorSelector") return;
      const metric = node.node.getChild("Identifier");
      const matchers: Array<{ label: string; test: Matcher }> = [];
      if (metric) matchers.push({ label: "__name__", test: matcher("__name__", "EqlSingle", query.slice(metric.from, metric.to)) });
      node.node.getChild("LabelMatchers")?.cursor().iterate((m) => {
        if (m.name !== "UnquotedLabelMatcher" && m.name !== "LabelMatcher") return;
        const label = query.slice(m.node.getChild("LabelName")!.from, m.node.getChild("LabelName")!.to);
        const op = m.node.getChild("MatchOp")!.firstChild!;
        const value = JSON.parse(query.slice(m.node.getChild("StringLiteral")!.from, m.node.getChild("StringLiteral")!.to)) as string;
        matchers.push({ label, test: matcher(label, op.name, value) });
        return false;
      });
      if (matchers.filter((m) => m.label === "__name__").every((m) => m.test({ __name__: name }))) selectors.push(matchers.map((m) => m.test));
      return false;
    },
  });
  return selectors;
}

/** Whether a PromQL query reads the metric `name` (written as the name, or matched by `__name__`). Throws on a query that does not parse. */
export function promqlReads(query: string, name: string): boolean {
  return selectorsReading(query, name).length > 0;
}

/**
 * Whether every vector selector of a PromQL query that reads `series.__name__` selects
 * `series` (RE2 regexes anchored), and at least one does. Throws on a query that does not parse.
 */
export function promqlSelects(query: string, series: Labels): boolean {
  const selectors = selectorsReading(query, series.__name__);
  return selectors.length > 0 && selectors.every((matchers) => matchers.every((m) => m(series)));
}

/** Whether a LogQL stream selector (`{a="b", …}`) selects a stream with these labels. */
export function logqlSelects(selector: string, labels: Labels): boolean {
  const tree = logqlParser.parse(selector);
  const matchers: Matcher[] = [];
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) throw new Error(`selector does not parse at ${node.from}: ${selector}`);
      if (node.name !== "Matcher") return;
      const name = node.node.getChild("Identifier")!;
      const op = node.node.firstChild!.nextSibling!;
      const value = JSON.parse(selector.slice(node.node.getChild("String")!.from, node.node.getChild("String")!.to)) as string;
      matchers.push(matcher(selector.slice(name.from, name.to), op.name, value));
      return false;
    },
  });
  if (!matchers.length) throw new Error(`no matchers in ${selector}`);
  return matchers.every((m) => m(labels));
}
