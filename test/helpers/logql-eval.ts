import { parser } from "@grafana/lezer-logql";
import { SyntaxNode } from "@lezer/common";

/**
 * An evaluator for the LogQL subset the built-in log alerts use, so tests can feed them
 * sample log lines (no Loki binary is available). It walks the official grammar's parse
 * tree of the query under test, and follows Loki's documented semantics: stream matchers
 * and label filters match the whole value (RE2 regexes are anchored), line filters match
 * anywhere, `| json` flattens nested keys with `_`, skips arrays and renames a key that
 * clashes with a stream label to `<key>_extracted`, and a line `| json` cannot parse fails
 * the metric query (Loki refuses a metric query with an `__error__` label). Anything else
 * in the query throws, so an unsupported construct never passes silently.
 *
 * Every line given is taken to be inside the query's range.
 */

/** A Loki stream: its labels and its lines. */
export interface LogStream {
  readonly labels: Readonly<Record<string, string>>;
  readonly lines: readonly string[];
}

/** One series of an instant metric query's result. */
export interface Sample {
  readonly labels: Record<string, string>;
  readonly value: number;
}

type Labels = Record<string, string>;
type Stage = (line: string, labels: Labels) => Labels | undefined;

/** Evaluates `sum by (…) (count_over_time(<log query> [range]))` or a bare `count_over_time(…)`. */
export function evaluateMetricQuery(query: string, streams: readonly LogStream[]): Sample[] {
  const root = parser.parse(query).topNode;
  root.cursor().iterate((node) => {
    if (node.type.isError) throw new Error(`query does not parse at ${node.from}: ${query}`);
  });
  const text = (node: SyntaxNode) => query.slice(node.from, node.to);
  const metric = only(only(root, "Expr"), "MetricExpr");
  const aggregation = metric.getChild("VectorAggregationExpr");
  let grouping: string[] | undefined;
  let range: SyntaxNode;
  if (aggregation) {
    if (text(only(aggregation, "VectorOp")) !== "sum") throw new Error(`unsupported aggregation: ${text(aggregation)}`);
    const by = only(aggregation, "Grouping");
    if (!by.getChild("By")) throw new Error(`unsupported grouping: ${text(by)}`);
    grouping = descendants(by, "Identifier").map(text);
    range = only(only(aggregation, "MetricExpr"), "RangeAggregationExpr");
  } else {
    range = only(metric, "RangeAggregationExpr");
  }
  if (text(only(range, "RangeOp")) !== "count_over_time") throw new Error(`unsupported range function: ${text(range)}`);
  const logRange = only(range, "LogRangeExpr");
  const selector = matchersOf(only(logRange, "Selector"), text);
  const pipeline = logRange.getChild("PipelineExpr");
  const stages = pipeline ? descendants(pipeline, "PipelineStage").map((stage) => compileStage(stage, text)) : [];

  const counts = new Map<string, Sample>();
  for (const stream of streams) {
    if (!selector.every((matches) => matches(stream.labels))) continue;
    for (const line of stream.lines) {
      let labels: Labels | undefined = { ...stream.labels };
      for (const stage of stages) {
        labels = stage(line, labels);
        if (!labels) break;
      }
      if (!labels) continue;
      const series = grouping ? Object.fromEntries(grouping.filter((name) => labels![name]).map((name) => [name, labels![name]])) : labels;
      const key = JSON.stringify(Object.entries(series).sort());
      const sample = counts.get(key) ?? { labels: series, value: 0 };
      counts.set(key, { ...sample, value: sample.value + 1 });
    }
  }
  return [...counts.values()];
}

function only(node: SyntaxNode, name: string): SyntaxNode {
  const child = node.getChild(name);
  if (!child) throw new Error(`expected ${name} in ${node.name}`);
  return child;
}

/** Nodes named `name` under `node`, in source order, not looking inside a match. */
function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (n: SyntaxNode) => {
    for (let child = n.firstChild; child; child = child.nextSibling) {
      if (child.name === name) found.push(child);
      else visit(child);
    }
  };
  visit(node);
  return found.sort((a, b) => a.from - b.from);
}

/** A LogQL string literal: backticks are raw, double quotes take Go's escapes. */
function literal(source: string): string {
  if (source.startsWith("`")) return source.slice(1, -1);
  return JSON.parse(source.replace(/\\([^"\\/bfnrtu])/g, (_all, ch: string) => {
    throw new Error(`unsupported escape \\${ch} in ${source}`);
  })) as string;
}

/** Go's RE2 syntax as far as JavaScript reads it the same way. */
function regex(pattern: string, anchored: boolean): RegExp {
  if (/\(\?[a-zA-Z]|\\[pPQEzAC]|\[\[:/.test(pattern)) throw new Error(`unsupported RE2 construct in ${pattern}`);
  return new RegExp(anchored ? `^(?:${pattern})$` : pattern);
}

/** A label matcher (`name op "value"`), anchored as Loki's are. */
function matcher(node: SyntaxNode, text: (node: SyntaxNode) => string): (labels: Readonly<Labels>) => boolean {
  const name = text(only(node, "Identifier"));
  const value = literal(text(only(node, "String")));
  const op = ["Eq", "Neq", "Re", "Nre"].find((kind) => node.getChild(kind));
  const get = (labels: Readonly<Labels>) => labels[name] ?? "";
  switch (op) {
    case "Eq":
      return (labels) => get(labels) === value;
    case "Neq":
      return (labels) => get(labels) !== value;
    case "Re": {
      const re = regex(value, true);
      return (labels) => re.test(get(labels));
    }
    case "Nre": {
      const re = regex(value, true);
      return (labels) => !re.test(get(labels));
    }
    default:
      throw new Error(`unsupported matcher: ${text(node)}`);
  }
}

function matchersOf(selector: SyntaxNode, text: (node: SyntaxNode) => string) {
  return descendants(selector, "Matcher").map((node) => matcher(node, text));
}

function compileStage(stage: SyntaxNode, text: (node: SyntaxNode) => string): Stage {
  const lineFilters = stage.getChild("LineFilters");
  if (lineFilters) {
    const filters = descendants(lineFilters, "LineFilter").map((filter): ((line: string) => boolean) => {
      const op = text(only(filter, "Filter"));
      const strings = descendants(filter, "String");
      if (strings.length !== 1) throw new Error(`unsupported line filter: ${text(filter)}`);
      const value = literal(text(strings[0]));
      if (op === "|=") return (line) => line.includes(value);
      if (op === "!=") return (line) => !line.includes(value);
      const re = regex(value, false);
      if (op === "|~") return (line) => re.test(line);
      if (op === "!~") return (line) => !re.test(line);
      throw new Error(`unsupported line filter: ${text(filter)}`);
    });
    return (line, labels) => (filters.every((keep) => keep(line)) ? labels : undefined);
  }
  const parserNode = stage.getChild("LabelParser");
  if (parserNode) {
    if (text(parserNode) !== "json") throw new Error(`unsupported parser: ${text(parserNode)}`);
    return (line, labels) => ({ ...labels, ...jsonLabels(line, labels) });
  }
  const filter = stage.getChild("LabelFilter");
  if (filter) {
    const inner = filter.firstChild;
    if (!inner || inner.name !== "Matcher" || inner.nextSibling) throw new Error(`unsupported label filter: ${text(filter)}`);
    const matches = matcher(inner, text);
    return (_line, labels) => (matches(labels) ? labels : undefined);
  }
  const format = stage.getChild("LabelFormatExpr");
  if (format) {
    const rules = descendants(format, "LabelFormatMatcher").map((rule) => {
      if (!rule.getChild("Eq")) throw new Error(`unsupported label_format rule (renames are not supported): ${text(rule)}`);
      return { name: text(only(rule, "Identifier")), template: literal(text(only(rule, "String"))) };
    });
    return (_line, labels) => {
      const out = { ...labels };
      // every template reads the labels as they were before this stage
      for (const rule of rules) out[rule.name] = render(rule.template, labels);
      return out;
    };
  }
  throw new Error(`unsupported pipeline stage: ${text(stage)}`);
}

/** A label_format template made only of text and `{{.label}}` actions. */
function render(template: string, labels: Readonly<Labels>): string {
  const rest = template.replace(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, "");
  if (rest.includes("{{")) throw new Error(`unsupported template action in ${template}`);
  return template.replace(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, (_all, name: string) => labels[name] ?? "");
}

/** `| json` without parameters: nested objects flattened with `_`, arrays skipped. */
function jsonLabels(line: string, stream: Readonly<Labels>): Labels {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`pipeline error: JSONParserErr on ${line.slice(0, 80)}`);
  }
  const out: Labels = {};
  const walk = (value: unknown, prefix: string) => {
    if (value === null || Array.isArray(value)) return;
    if (typeof value === "object") {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) walk(inner, `${prefix}${prefix ? "_" : ""}${key.replace(/[^A-Za-z0-9_]/g, "_")}`);
      return;
    }
    out[prefix in stream ? `${prefix}_extracted` : prefix] = String(value);
  };
  walk(parsed, "");
  return out;
}
