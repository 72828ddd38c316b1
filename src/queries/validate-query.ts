import { parser as logqlParser } from "@grafana/lezer-logql";
import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { ConfigError } from "../config/config-error";

export type QueryLanguage = "promql" | "logql";

const PARSERS = { promql: promqlParser, logql: logqlParser };

/** Where a query stops parsing, in the query as written (0-based offset, 1-based line/column). */
export interface QuerySyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** The query text around the error, with `⟨here⟩` marking the spot. */
  readonly excerpt: string;
}

/**
 * Grafana template variables are not PromQL/LogQL: `$__rate_interval` in a range becomes a
 * duration, `$var`, `${var}`, `${var:format}` and `[[var]]` become a plain identifier, and
 * positions are mapped back to the query as written.
 */
function expandVariables(query: string): { text: string; original: (offset: number) => number } {
  const pattern = /\$__(?:rate_interval|interval|range)(?:_ms|_s)?|\$\{[A-Za-z_]\w*(?::[\w]+)?\}|\$[A-Za-z_]\w*|\[\[[A-Za-z_]\w*\]\]/g;
  const shifts: Array<{ at: number; delta: number }> = [];
  let text = "";
  let last = 0;
  for (const match of query.matchAll(pattern)) {
    const replacement = match[0].startsWith("$__") ? (match[0].endsWith("_ms") || match[0].endsWith("_s") ? "60" : "5m") : "var";
    text += query.slice(last, match.index) + replacement;
    shifts.push({ at: text.length, delta: match[0].length - replacement.length });
    last = match.index! + match[0].length;
  }
  text += query.slice(last);
  return {
    text,
    original: (offset) => offset + shifts.filter((s) => s.at <= offset).reduce((sum, s) => sum + s.delta, 0),
  };
}

/**
 * Verdicts by language and query text: an app parses the same queries many times (each
 * environment, an alert and the panel showing it), and a verdict depends on the text alone.
 */
const verdicts = new Map<string, QuerySyntaxError | undefined>();

/** The first syntax error of a query, or undefined when it parses. */
export function findSyntaxError(language: QueryLanguage, query: string): QuerySyntaxError | undefined {
  const key = `${language}\0${query}`;
  if (!verdicts.has(key)) verdicts.set(key, parseForSyntaxError(language, query));
  return verdicts.get(key);
}

function parseForSyntaxError(language: QueryLanguage, query: string): QuerySyntaxError | undefined {
  if (!query.trim()) return locate(query, 0);
  const { text, original } = expandVariables(query);
  let errorAt: number | undefined;
  PARSERS[language].parse(text).iterate({
    enter: (node) => {
      if (errorAt === undefined && node.type.isError) errorAt = node.from;
      return errorAt === undefined;
    },
  });
  return errorAt === undefined ? undefined : locate(query, Math.min(original(errorAt), query.length));
}

function locate(query: string, offset: number): QuerySyntaxError {
  const before = query.slice(0, offset).split("\n");
  return {
    offset,
    line: before.length,
    column: before[before.length - 1].length + 1,
    excerpt: `${query.slice(Math.max(0, offset - 30), offset)}⟨here⟩${query.slice(offset, offset + 30)}`.replace(/\s+/g, " "),
  };
}

/**
 * Throws a ConfigError naming `where` (dashboard and panel, or rule) and `field` when the
 * query does not parse, with the line, column and an excerpt of the spot.
 */
export function assertValidQuery(language: QueryLanguage, query: string, where: string, field = "expr"): void {
  const error = findSyntaxError(language, query);
  if (!error) return;
  throw new ConfigError(where, [
    { field, problem: `invalid ${language === "promql" ? "PromQL" : "LogQL"} at line ${error.line}, column ${error.column}: ${error.excerpt}` },
  ]);
}
