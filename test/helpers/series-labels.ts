import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import type { QueryLanguage } from "../../src/queries/validate-query";

type SyntaxNode = ReturnType<typeof promqlParser.parse>["topNode"];

/**
 * Labels a metric's series are known not to carry, by where they come from: the collector
 * scrapes its own metrics from a static target (`config.receivers.prometheus` in the
 * opentelemetry-collector chart's values.yaml), so they have `job` and `instance` but no
 * Kubernetes labels.
 */
const KNOWN_ABSENT: ReadonlyArray<readonly [RegExp, readonly string[]]> = [[/^otelcol_/, ["namespace", "pod", "container"]]];

/** What a query's result series carry: `labels` for sure; `exact` when no other label can be there. */
export interface SeriesLabels {
  readonly labels: ReadonlySet<string>;
  readonly exact: boolean;
  /** Labels known to be missing (for a selector: by where its metric comes from); an exact set lacks all but `labels` anyway. */
  readonly absent: ReadonlySet<string>;
  /** Metric names the query reads. */
  readonly metrics: ReadonlySet<string>;
}

const SCALAR: SeriesLabels = { labels: new Set(), exact: true, absent: new Set(), metrics: new Set() };

/** Grafana's variables as plain text the grammars accept (as findSyntaxError does). */
function expand(query: string): string {
  return query
    .replace(/\$__(?:rate_interval|interval|range)/g, "5m")
    .replace(/\$\{[A-Za-z_]\w*(?::\w+)?\}|\$[A-Za-z_]\w*/g, "var");
}

const children = (node: SyntaxNode): SyntaxNode[] => {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
};
const union = (...sets: Array<ReadonlySet<string>>) => new Set(sets.flatMap((s) => [...s]));

/**
 * The labels every series of a PromQL or LogQL metric query's result carries, derived from
 * its aggregations (`by (…)`), functions (`histogram_quantile` drops `le`, `label_replace`
 * adds its target), binary operators (the left side's labels; `or`: both sides') and
 * selectors (the labels they match on, minus those the metric is known to lack).
 */
export function seriesLabels(language: QueryLanguage, query: string): SeriesLabels {
  const text = expand(query);
  const tree = (language === "promql" ? promqlParser : logqlParser).parse(text);
  const str = (node: SyntaxNode) => text.slice(node.from, node.to);
  const unquote = (node: SyntaxNode) => JSON.parse(str(node).replace(/^`|`$/g, '"')) as string;

  const grouped = (inner: SeriesLabels, by: string[]): SeriesLabels => ({
    labels: new Set(by.filter((label) => !inner.absent.has(label) && (!inner.exact || inner.labels.has(label)))),
    exact: true,
    absent: new Set(),
    metrics: inner.metrics,
  });

  const walk = (node: SyntaxNode): SeriesLabels => {
    const kids = children(node);
    const named = (name: string) => kids.find((k) => k.type.name === name);
    switch (node.type.name) {
      case "PromQL":
      case "LogQL":
      case "Expr":
      case "MetricExpr":
      case "ParenExpr":
      case "OffsetExpr":
      case "SubqueryExpr":
      case "MatrixSelector":
      case "UnaryExpr":
      case "StepInvariantExpr":
        return walk(kids.find((k) => !["Offset", "OffsetDurationExpr", "DurationExpr", "Range", "Sub", "Add", "At"].includes(k.type.name) && !k.type.isError)!);
      case "NumberDurationLiteral":
      case "NumberLiteral":
      case "StringLiteral":
        return SCALAR;
      case "VectorSelector": {
        const metric = named("Identifier") ? str(named("Identifier")!) : "";
        const matchers = named("LabelMatchers") ? children(named("LabelMatchers")!) : [];
        const labels = matchers
          .filter((m) => ["EqlSingle", "EqlRegex"].includes(m.getChild("MatchOp")?.firstChild?.type.name ?? "") && unquote(m.getChild("StringLiteral")!) !== "")
          .map((m) => str(m.getChild("LabelName")!));
        const absent = KNOWN_ABSENT.filter(([pattern]) => pattern.test(metric)).flatMap(([, names]) => names);
        return { labels: new Set(labels.filter((l) => !absent.includes(l))), exact: false, absent: new Set(absent), metrics: new Set(metric ? [metric] : []) };
      }
      case "AggregateExpr": {
        const body = children(named("FunctionCallBody")!).filter((k) => !k.type.isError);
        const inner = walk(body[body.length - 1]);
        const modifier = named("AggregateModifier");
        if (!modifier) return { ...SCALAR, metrics: inner.metrics };
        const names = children(modifier.getChild("GroupingLabels")!).map(str);
        if (modifier.getChild("By")) return grouped(inner, names);
        return { labels: new Set([...inner.labels].filter((l) => !names.includes(l))), exact: inner.exact, absent: union(inner.absent, new Set(names)), metrics: inner.metrics };
      }
      case "FunctionCall": {
        const fn = str(named("FunctionIdentifier")!);
        const args = children(named("FunctionCallBody")!).filter((k) => !k.type.isError);
        if (fn === "histogram_quantile") {
          const inner = walk(args[1]);
          return { ...inner, labels: new Set([...inner.labels].filter((l) => l !== "le")), absent: union(inner.absent, new Set(["le"])) };
        }
        if (fn === "label_replace") {
          const inner = walk(args[0]);
          const target = unquote(args[1]);
          return { ...inner, labels: union(inner.labels, new Set([target])), absent: new Set([...inner.absent].filter((l) => l !== target)) };
        }
        return args.map(walk).find((a) => a !== SCALAR) ?? SCALAR;
      }
      case "BinaryExpr": {
        const operands = kids.filter((k) => !k.type.isError && !["MatchingModifierClause", "BoolModifier"].includes(k.type.name));
        const [left, right] = [walk(operands[0]), walk(operands[operands.length - 1])];
        const operator = operands[1].type.name;
        const metrics = union(left.metrics, right.metrics);
        if (left === SCALAR) return { ...right, metrics };
        if (right === SCALAR) return { ...left, metrics };
        if (operator === "Or") {
          return { labels: new Set([...left.labels].filter((l) => right.labels.has(l))), exact: false, absent: new Set([...left.absent].filter((l) => right.absent.has(l))), metrics };
        }
        return { ...left, metrics };
      }
      // LogQL
      case "VectorAggregationExpr": {
        const inner = walk(named("MetricExpr")!);
        const grouping = named("Grouping");
        if (!grouping) return { ...SCALAR, metrics: inner.metrics };
        const names = (grouping.getChild("Labels") ? children(grouping.getChild("Labels")!) : []).map(str);
        return grouping.getChild("By") ? grouped(inner, names) : { ...inner, absent: union(inner.absent, new Set(names)) };
      }
      case "RangeAggregationExpr": {
        const selector = named("LogRangeExpr")?.getChild("Selector");
        const labels = selector ? children(selector.getChild("Matchers")!).map((m) => str(m.getChild("Identifier")!)) : [];
        return { labels: new Set(labels), exact: false, absent: new Set(), metrics: new Set() };
      }
      default:
        throw new Error(`seriesLabels: no rule for ${node.type.name} in ${JSON.stringify(query)}`);
    }
  };
  return walk(tree.topNode);
}
