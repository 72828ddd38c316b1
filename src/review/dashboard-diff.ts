import { diffValues, formatChange, formatPath, formatValue, sameValue, ValueChange } from "./value-diff";

type Panel = Record<string, unknown>;

function parseJson(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Every panel of a dashboard with the title of the row above it (rows' own nested panels included). */
function panelsOf(model: Record<string, unknown>): { panel: Panel; row?: string }[] {
  const panels: { panel: Panel; row?: string }[] = [];
  let row: string | undefined;
  for (const panel of (Array.isArray(model.panels) ? model.panels : []) as Panel[]) {
    if (panel?.type === "row") {
      row = String(panel.title ?? "");
      for (const nested of (Array.isArray(panel.panels) ? panel.panels : []) as Panel[]) panels.push({ panel: nested, row });
    }
    panels.push({ panel, row: panel?.type === "row" ? undefined : row });
  }
  return panels;
}

/** Panels by name: the title; where titles repeat, the row's title before it; then the panel id. */
function panelsByName(model: Record<string, unknown>): Map<string, Panel> {
  const panels = panelsOf(model);
  const label = ({ panel }: { panel: Panel }) => `${panel.type === "row" ? "row" : "panel"} '${String(panel.title ?? "")}'`;
  const count = (name: string) => panels.filter((entry) => label(entry) === name).length;
  const named = new Map<string, Panel>();
  for (const entry of panels) {
    let name = label(entry);
    if (count(name) > 1 && entry.row !== undefined) name = `${entry.panel.type === "row" ? "row" : "panel"} '${entry.row} › ${String(entry.panel.title ?? "")}'`;
    if (named.has(name)) name = `${name} #${String(entry.panel.id)}`;
    named.set(name, entry.panel);
  }
  return named;
}

/** A query as its expression: PromQL/LogQL `expr`, a search `query`, or a server-side `expression`. */
function queryText(target: unknown): unknown {
  const t = (target ?? {}) as Record<string, unknown>;
  return t.expr ?? t.query ?? t.expression ?? target;
}

/** Threshold steps as one expression: `green, red ≥ 0.05`. */
function thresholdsText(thresholds: unknown): string | undefined {
  const steps = (thresholds as { steps?: { color?: string; value?: number | null }[] } | undefined)?.steps;
  if (!Array.isArray(steps)) return undefined;
  const mode = (thresholds as { mode?: string }).mode === "percentage" ? "%" : "";
  return steps.map((step) => (step.value === null || step.value === undefined ? String(step.color) : `${step.color} ≥ ${step.value}${mode}`)).join(", ");
}

const LAYOUT = new Set(["id", "gridPos"]);

/** A panel's changes, its queries by refId and its thresholds as expressions; position and id left out (an inserted panel moves the others). */
function panelChanges(name: string, before: Panel, after: Panel): string[] {
  const strip = (panel: Panel) => {
    const { targets, fieldConfig, panels: _nested, ...rest } = panel;
    const defaults = ((fieldConfig ?? {}) as { defaults?: Record<string, unknown> }).defaults ?? {};
    const { thresholds, ...otherDefaults } = defaults;
    const targetsByRef = Object.fromEntries(((Array.isArray(targets) ? targets : []) as Record<string, unknown>[]).map((target, i) => [String(target.refId ?? i), target]));
    return {
      rest: Object.fromEntries(Object.entries({ ...rest, fieldConfig: { ...(fieldConfig as object), defaults: otherDefaults } }).filter(([key]) => !LAYOUT.has(key))),
      targets: targetsByRef,
      thresholds: thresholdsText(thresholds),
    };
  };
  const [a, b] = [strip(before), strip(after)];
  const refs = [...new Set([...Object.keys(a.targets), ...Object.keys(b.targets)])];
  const lines = refs.flatMap((ref) => {
    const [x, y] = [a.targets[ref], b.targets[ref]];
    const [qx, qy] = [queryText(x), queryText(y)];
    const query: ValueChange[] = sameValue(qx, qy) ? [] : [{ path: [], before: x && qx, after: y && qy }];
    const rest = x && y ? diffValues({ ...x, expr: undefined, query: undefined, expression: undefined }, { ...y, expr: undefined, query: undefined, expression: undefined }) : [];
    return [...query.flatMap((change) => formatChange(change, `query ${ref}`)), ...rest.flatMap((change) => formatChange(change, `query ${ref} ${formatPath(change.path)}`))];
  });
  if (a.thresholds !== b.thresholds) lines.push(`thresholds: ${a.thresholds ?? "(none)"} → ${b.thresholds ?? "(none)"}`);
  lines.push(...diffValues(a.rest, b.rest).flatMap((change) => formatChange(change)));
  return lines.map((line) => (line.startsWith("  ") ? line : `${name} ${line}`));
}

/**
 * Key-level changes of a `grafana_dashboard.config_json`: dashboard settings by key, panels
 * matched by title (an inserted panel is one `+ panel 'X'` line, not every later panel
 * moved), query and threshold changes as expressions.
 */
export function dashboardDiff(before: unknown, after: unknown): string[] {
  const [a, b] = [parseJson(before), parseJson(after)];
  if (!a || !b) return before === after ? [] : [`config_json: ${formatValue(before)} → ${formatValue(after)}`];
  const { panels: _a, ...settingsA } = a;
  const { panels: _b, ...settingsB } = b;
  const [old, current] = [panelsByName(a), panelsByName(b)];
  const names = [...old.keys(), ...[...current.keys()].filter((name) => !old.has(name))];
  return [
    ...diffValues(settingsA, settingsB).flatMap((change) => formatChange(change)),
    ...names.flatMap((name) => {
      const [x, y] = [old.get(name), current.get(name)];
      if (!y) return [`- ${name}`];
      if (!x) return [`+ ${name}`];
      return panelChanges(name, x, y);
    }),
  ];
}
