import { parser } from "@prometheus-io/lezer-promql";
import { durationSeconds } from "../../src/config/duration";

/** A query and where it comes from (a dashboard panel, an alert rule). */
export interface LocatedQuery {
  readonly where: string;
  readonly query: string;
}

const COMPARISONS = new Set(["Eql", "Neq", "Gtr", "Lss", "Gte", "Lte"]);

/**
 * The query an alert expression compares with its threshold (`(q) > 0.05` → `q`): it has
 * data whenever the rule is evaluated on something, firing or not.
 */
export function comparedQuery(expr: string): string {
  const top = parser.parse(expr).topNode.firstChild;
  const [lhs, op, rhs] = [top?.firstChild, top?.firstChild?.nextSibling, top?.lastChild];
  if (top?.type.name !== "BinaryExpr" || !lhs || !op || !COMPARISONS.has(op.type.name) || rhs?.type.name !== "NumberDurationLiteral") return expr;
  const text = expr.slice(lhs.from, lhs.to);
  return lhs.type.name === "ParenExpr" ? text.slice(1, -1) : text;
}

/**
 * A dashboard query as Grafana would send it with every variable at "All": template
 * variables become `.*` (they sit in `=~` matchers), Grafana's interval variables `window`.
 */
export function withVariablesResolved(query: string, window: string): string {
  return query.replace(/\$__(?:rate_interval|interval|range)\b/g, window).replace(/\$\{\w+(?::\w+)?\}|\$[A-Za-z_]\w*/g, ".*");
}

/** Series an instant query returns; at `now + offset` when every selector looks back by an `offset` (a baseline "a day ago" has data a day later). */
export async function seriesCount(prometheusUrl: string, query: string): Promise<number> {
  const offsets = [...query.matchAll(/\boffset\s+(\d+[smhdwy])\b/g)].map((m) => durationSeconds(m[1]));
  const time = Date.now() / 1000 + (offsets.length ? Math.min(...offsets) : 0);
  const response = await fetch(`${prometheusUrl}/api/v1/query`, { method: "POST", body: new URLSearchParams({ query, time: String(time) }) });
  const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown[] } };
  if (body.status !== "success") throw new Error(`${query}: ${body.error}`);
  return body.data!.resultType === "scalar" ? 1 : body.data!.result.length;
}

/** `where: query` of every query that returns no series (or an error) from the Prometheus at `prometheusUrl`. */
export async function queriesWithoutData(prometheusUrl: string, queries: readonly LocatedQuery[]): Promise<string[]> {
  const empty: string[] = [];
  for (const { where, query } of queries) {
    const count = await seriesCount(prometheusUrl, query).catch((error: Error) => (empty.push(`${where}: ${error.message}`), undefined));
    if (count === 0) empty.push(`${where}: ${query}`);
  }
  return empty;
}
