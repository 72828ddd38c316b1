import { parse } from "yaml";
import { hideCredentials } from "./opaque-values";
import { prometheusRulesDiff } from "./prometheus-rules-diff";
import { diffValues, formatChange, formatValue } from "./value-diff";

/** A values document of a Helm release: its title (the `# concern` comment it starts with) and content. */
interface ValuesDocument {
  readonly title: string;
  readonly content: unknown;
}

/** Parses `helm_release.values` (YAML or JSON documents: JSON is YAML); a document that does not parse stays text. */
export function valuesDocuments(values: unknown): ValuesDocument[] {
  if (!Array.isArray(values)) return [];
  return values.map((text, i) => {
    if (typeof text !== "string") return { title: `values[${i}]`, content: text };
    const title = /^#\s*(.+)$/m.exec(text.split("\n", 1)[0])?.[1].trim() ?? `values[${i}]`;
    try {
      return { title, content: hideCredentials(parse(text) ?? {}, false) };
    } catch {
      return { title, content: text };
    }
  });
}

/** Documents matched by title (a repeated title by its occurrence). */
function byTitle(documents: readonly ValuesDocument[]): Map<string, unknown> {
  const seen = new Map<string, number>();
  return new Map(
    documents.map(({ title, content }) => {
      const n = (seen.get(title) ?? 0) + 1;
      seen.set(title, n);
      return [n > 1 ? `${title} #${n}` : title, content];
    }),
  );
}

const RULES_KEY = "additionalPrometheusRulesMap";

function withoutRules(content: unknown): unknown {
  if (content === null || typeof content !== "object" || Array.isArray(content) || !(RULES_KEY in content)) return content;
  const { [RULES_KEY]: _rules, ...rest } = content as Record<string, unknown>;
  return rest;
}

const rulesOf = (content: unknown): unknown => (content !== null && typeof content === "object" ? (content as Record<string, unknown>)[RULES_KEY] : undefined);

/**
 * Key-level changes between two releases' values, per values document: `[title] path: old → new`,
 * a Prometheus rule of `additionalPrometheusRulesMap` by its name (`[title] rule …`), an added
 * or removed document as one line.
 */
export function helmValuesDiff(before: unknown, after: unknown): string[] {
  const [old, current] = [byTitle(valuesDocuments(before)), byTitle(valuesDocuments(after))];
  const titles = [...old.keys(), ...[...current.keys()].filter((title) => !old.has(title))];
  return titles.flatMap((title) => {
    if (!current.has(title)) return [`[${title}] - document`];
    if (!old.has(title)) return [`[${title}] + document`];
    const [a, b] = [old.get(title), current.get(title)];
    if (typeof a === "string" || typeof b === "string") return a === b ? [] : [`[${title}] ${formatValue(a)} → ${formatValue(b)}`];
    return [
      ...diffValues(withoutRules(a), withoutRules(b)).flatMap((change) => formatChange(change)),
      ...prometheusRulesDiff(rulesOf(a), rulesOf(b)),
    ].map((line) => (line.startsWith("  ") ? line : `[${title}] ${line}`));
  });
}
