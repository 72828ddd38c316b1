import { SensitiveValue, UnknownValue } from "./opaque-values";

/** Where a value sits in a document: object keys, list indexes, or `{ key, value }` for a list element matched by a key. */
export type PathSegment = string | number | { readonly key: string; readonly value: string };
export type ValuePath = readonly PathSegment[];

/** One leaf that differs between two documents; `undefined` is "absent". */
export interface ValueChange {
  readonly path: ValuePath;
  readonly before: unknown;
  readonly after: unknown;
}

/** Keys that identify an element of a list of objects, tried in this order. */
const IDENTITY_KEYS = ["uid", "name", "alert", "record", "refId", "job_name", "selector", "title", "key"];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof SensitiveValue) && !(value instanceof UnknownValue);

/** Deep equality of documents; sensitive values compare by their hidden value, unknown values never equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof UnknownValue || b instanceof UnknownValue) return false;
  if (a instanceof SensitiveValue) return b instanceof SensitiveValue ? sameValue(a.value, b.value) : sameValue(a.value, b);
  if (b instanceof SensitiveValue) return sameValue(a, b.value);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isRecord(a) || isRecord(b)) {
    if (!isRecord(a) || !isRecord(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return a === b || (a == null && b == null);
}

/** The key that identifies every element of both lists (all objects, unique values), if any. */
export function identityKeyOf(...lists: readonly unknown[][]): string | undefined {
  return IDENTITY_KEYS.find((key) =>
    lists.every((list) => {
      const values = list.map((item) => (isRecord(item) ? item[key] : undefined));
      return values.every((value) => typeof value === "string" || typeof value === "number") && new Set(values).size === values.length;
    }),
  );
}

/**
 * Every leaf that differs between `before` and `after`. Objects are compared key by key;
 * lists of objects with an identifying key (`uid`, `name`, `alert`…) element by element
 * matched on that key, so an inserted element is one addition; other lists as a whole when
 * they hold only scalars, by position otherwise.
 */
export function diffValues(before: unknown, after: unknown, path: ValuePath = []): ValueChange[] {
  if (sameValue(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = before.length + after.length > 0 ? identityKeyOf(before, after) : undefined;
    if (key) {
      const byKey = (list: unknown[]) => new Map(list.map((item) => [String((item as Record<string, unknown>)[key]), item]));
      const [old, current] = [byKey(before), byKey(after)];
      const ids = [...old.keys(), ...[...current.keys()].filter((id) => !old.has(id))];
      return ids.flatMap((id) => diffValues(old.get(id), current.get(id), [...path, { key, value: id }]));
    }
    if ([...before, ...after].some((item) => isRecord(item) || Array.isArray(item))) return diffLists(before, after, path);
  }
  return [{ path, before, after }];
}

/**
 * Lists without an identity, aligned on their equal elements (longest common subsequence):
 * an inserted element is one addition, not a change of every later one. Between two equal
 * elements, as many removed as added elements are compared pairwise (edited in place).
 */
function diffLists(before: readonly unknown[], after: readonly unknown[], path: ValuePath): ValueChange[] {
  const table = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) table[i][j] = sameValue(before[i], after[j]) ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const changes: ValueChange[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    if (removed.length === added.length) removed.forEach((i, k) => changes.push(...diffValues(before[i], after[added[k]], [...path, added[k]])));
    else {
      removed.forEach((i) => changes.push({ path: [...path, i], before: before[i], after: undefined }));
      added.forEach((j) => changes.push({ path: [...path, j], before: undefined, after: after[j] }));
    }
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && sameValue(before[i], after[j])) {
      flush();
      i++;
      j++;
    } else if (i < before.length && (j === after.length || table[i + 1][j] >= table[i][j + 1])) removed.push(i++);
    else added.push(j++);
  }
  flush();
  return changes;
}

/** `a.b[name=x].c[0]`; a key that is not a plain name in brackets (`policy[team="ops"]`). */
export function formatPath(path: ValuePath): string {
  return path
    .map((segment, i) => {
      if (typeof segment === "number") return `[${segment}]`;
      if (typeof segment === "object") return `[${segment.key}=${segment.value}]`;
      if (!/^[A-Za-z0-9_$@/-]+$/.test(segment)) return `[${segment}]`;
      return i === 0 ? segment : `.${segment}`;
    })
    .join("");
}

const MAX_VALUE_LENGTH = 300;
/** Texts longer than this show only around what changed. */
const LONG_TEXT = 120;
const CONTEXT = 40;

/** A value as one line: plain strings bare, `(none)` when absent, sensitive and unknown values by what they are, anything else as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "(none)";
  if (value instanceof SensitiveValue || containsSensitive(value)) return "(sensitive)";
  if (value instanceof UnknownValue) return "(known after apply)";
  const text = typeof value === "string" && /^[^\s"'].*[^\s]$|^[^\s"']$/.test(value) && !value.includes("\n") ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

function containsSensitive(value: unknown): boolean {
  if (value instanceof SensitiveValue) return true;
  if (Array.isArray(value)) return value.some(containsSensitive);
  return isRecord(value) && Object.values(value).some(containsSensitive);
}

/** Whether a value holds a multi-line string worth diffing line by line. */
function isMultiline(value: unknown): value is string {
  return typeof value === "string" && value.includes("\n");
}

/**
 * One change as review lines: `path: old → new`, `path: + value` / `path: - value` for an
 * added or removed leaf, and for a multi-line text (a config file inside the values) the
 * changed lines below `path:` as `- old` / `+ new`.
 */
export function formatChange(change: ValueChange, label = formatPath(change.path)): string[] {
  const { before, after } = change;
  if (isMultiline(before) && isMultiline(after)) return [`${label}:`, ...lineDiff(before, after).map((line) => `  ${line}`)];
  if (typeof before === "string" && typeof after === "string" && before.length + after.length > 2 * LONG_TEXT) {
    const [a, b] = changedSpans(before, after);
    return [`${label}: ${a} → ${b}`];
  }
  if (before === undefined) return [`${label}: + ${formatValue(after)}`];
  if (after === undefined) return [`${label}: - ${formatValue(before)}`];
  return [`${label}: ${formatValue(before)} → ${formatValue(after)}`];
}

/** The lines that differ between two texts (longest common subsequence), `- ` removed and `+ ` added, in order. */
function lineDiff(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // common prefix and suffix first: the table is only built for the changed middle
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA--, endB--);
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const table = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) table[i][j] = x[i] === y[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) (i++, j++);
    else if (i < x.length && (j === y.length || table[i + 1][j] >= table[i][j + 1])) lines.push(`- ${x[i++]}`);
    else lines.push(`+ ${y[j++]}`);
  }
  return lines;
}

/** Two long texts cut to what differs between them, with some context, `…` where cut. */
function changedSpans(before: string, after: string): [string, string] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const cut = (text: string) => {
    const from = Math.max(0, start - CONTEXT);
    const to = Math.min(text.length, text.length - end + CONTEXT);
    return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
  };
  return [cut(before), cut(after)];
}
