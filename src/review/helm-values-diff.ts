import { parse } from "yaml";
import { hideCredentials } from "./opaque-values";
import { prometheusRulesDiff } from "./prometheus-rules-diff";
import { diffValues, formatChange, formatValue } from "./value-diff";

/** A values document of a Helm release: its title (its concern, if named) and content. */
interface ValuesDocument {
  readonly title?: string;
  readonly content: unknown;
}

/** The concern of each values document of the releases before and after, in order (`"//".valuesDocuments` of cdk.tf.json). */
export interface DocumentTitles {
  readonly before?: readonly string[];
  readonly after?: readonly string[];
}

/**
 * Parses `helm_release.values` (YAML or JSON documents: JSON is YAML); a document that does
 * not parse stays text. Each is titled by `titles` (by position), else by a `# concern`
 * comment on its first line.
 */
function valuesDocuments(values: unknown, titles: readonly string[] = []): ValuesDocument[] {
  if (!Array.isArray(values)) return [];
  return values.map((text, index) => {
    if (typeof text !== "string") return { title: titles[index], content: text };
    const title = titles[index] ?? /^#\s*(.+)$/.exec(text.split("\n", 1)[0])?.[1].trim();
    try {
      return { title, content: hideCredentials(parse(text) ?? {}, false) };
    } catch {
      return { title, content: text };
    }
  });
}

/** The values Helm sees: the documents merged in order, maps key by key, everything else replaced. */
export function mergedValues(values: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v) && v.constructor === Object;
  const merge = (a: unknown, b: unknown): unknown => {
    if (!isMap(a) || !isMap(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [key, value] of Object.entries(b)) out[key] = key in a ? merge(a[key], value) : value;
    return out;
  };
  return valuesDocuments(values).reduce<unknown>((merged, document) => merge(merged, document.content), {});
}

/** Documents matched by title (a repeated title by its occurrence, an untitled one by its position). */
function byTitle(documents: readonly ValuesDocument[]): Map<string, unknown> {
  const seen = new Map<string, number>();
  return new Map(
    documents.map(({ title = "values", content }) => {
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

/** The changes between two values trees, Prometheus rules by name. */
function valuesTreeDiff(before: unknown, after: unknown): string[] {
  return [...diffValues(withoutRules(before), withoutRules(after)).flatMap((change) => formatChange(change)), ...prometheusRulesDiff(rulesOf(before), rulesOf(after))];
}

/**
 * Key-level changes between two releases' values, per values document: `[title] path: old → new`,
 * a Prometheus rule of `additionalPrometheusRulesMap` by its name (`[title] rule …`), an added
 * or removed document as one line. Documents without a title are compared as Helm merges
 * them, by key path alone.
 */
export function helmValuesDiff(before: unknown, after: unknown, documentTitles: DocumentTitles = {}): string[] {
  const [documentsA, documentsB] = [valuesDocuments(before, documentTitles.before), valuesDocuments(after, documentTitles.after)];
  if ([...documentsA, ...documentsB].every((document) => document.title === undefined)) return valuesTreeDiff(mergedValues(before), mergedValues(after));
  const [old, current] = [byTitle(documentsA), byTitle(documentsB)];
  const titles = [...old.keys(), ...[...current.keys()].filter((title) => !old.has(title))];
  return titles.flatMap((title) => {
    if (!current.has(title)) return [`[${title}] - document`];
    if (!old.has(title)) return [`[${title}] + document`];
    const [a, b] = [old.get(title), current.get(title)];
    if (typeof a === "string" || typeof b === "string") return a === b ? [] : [`[${title}] ${formatValue(a)} → ${formatValue(b)}`];
    return valuesTreeDiff(a, b).map((line) => (line.startsWith("  ") ? line : `[${title}] ${line}`));
  });
}
