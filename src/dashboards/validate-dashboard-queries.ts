import { ConfigError } from "../config/config-error";
import { DATASOURCE_UIDS } from "../grafana/datasource-uids";
import { DATASOURCE_NAMES } from "../grafana/datasources";
import { assertValidQuery, QueryLanguage } from "../queries/validate-query";

/** One query that was parsed: where it is and in which language. */
export interface CheckedQuery {
  /** `dashboard "…", panel "…"` (or `variable "…"`, `annotation "…"`). */
  readonly where: string;
  /** Path of the query in the dashboard model, e.g. `panels[2].panels[0].targets[1].expr`. */
  readonly field: string;
  readonly language: QueryLanguage;
  /** The query as parsed (a variable's inner selector or expression, not its Grafana wrapper). */
  readonly query: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Query languages by datasource plugin type; other plugins (Jaeger, expressions, Grafana's own…) are not checked. */
const LANGUAGE_OF_PLUGIN: Record<string, QueryLanguage> = { prometheus: "promql", loki: "logql" };
/** The datasources this library provisions, by UID and by name (old dashboards refer by name). */
const LANGUAGE_OF_DATASOURCE: Record<string, QueryLanguage> = {
  [DATASOURCE_UIDS.prometheus]: "promql",
  [DATASOURCE_NAMES.prometheus]: "promql",
  [DATASOURCE_UIDS.loki]: "logql",
  [DATASOURCE_NAMES.loki]: "logql",
};
const MIXED = "-- Mixed --";
/** Grafana's default datasource, used by panels and targets that name none: Prometheus here. */
const DEFAULT: Resolved = { language: "promql", note: "no datasource set, so Grafana's default: Prometheus" };

interface Resolved {
  readonly language?: QueryLanguage;
  /** Why the language was chosen, when it is not written beside the query. */
  readonly note?: string;
  /** The Mixed datasource: each target names its own. */
  readonly mixed?: boolean;
}

/**
 * Parses every PromQL and LogQL query of a dashboard model: panel targets (rows' nested
 * panels included), query template variables and annotations. The language follows the
 * datasource (target's, else panel's, else Grafana's default, Prometheus; `${var}` datasource
 * variables by their plugin type); queries of other datasources are skipped. Throws a
 * ConfigError naming the dashboard, the panel (or variable/annotation), the field path and
 * the line/column of the first error; returns what was checked.
 */
export function validateDashboardQueries(model: object): CheckedQuery[] {
  const dashboard = model as JsonObject;
  const title = typeof dashboard.title === "string" ? dashboard.title : "(untitled)";
  const variablePlugins = datasourceVariables(dashboard);
  const resolve = (ref: unknown): Resolved | undefined => resolveDatasource(ref, variablePlugins);
  const checked: CheckedQuery[] = [];
  const check = (resolved: Resolved, query: string, where: string, field: string) => {
    if (!resolved.language) return;
    const fullWhere = `dashboard "${title}", ${where}`;
    try {
      assertValidQuery(resolved.language, query, fullWhere, field);
    } catch (error) {
      if (!(error instanceof ConfigError) || !resolved.note) throw error;
      throw new ConfigError(error.where, error.problems.map((p) => ({ ...p, problem: `${p.problem} (${resolved.note})` })));
    }
    checked.push({ where: fullWhere, field, language: resolved.language, query });
  };

  const walkPanels = (panels: unknown, path: string) => {
    if (!Array.isArray(panels)) return;
    panels.forEach((panel, index) => {
      if (!isObject(panel)) return;
      const panelPath = `${path}[${index}]`;
      const where = `panel "${typeof panel.title === "string" && panel.title ? panel.title : `#${String(panel.id ?? index)}`}"`;
      const panelDatasource = resolve(panel.datasource);
      const targets = Array.isArray(panel.targets) ? panel.targets : [];
      targets.forEach((target, t) => {
        if (!isObject(target) || typeof target.expr !== "string") return;
        const resolved = resolve(target.datasource) ?? panelDatasource ?? DEFAULT;
        check(resolved.mixed ? DEFAULT : resolved, target.expr, where, `${panelPath}.targets[${t}].expr`);
      });
      walkPanels(panel.panels, `${panelPath}.panels`);
    });
  };
  walkPanels(dashboard.panels, "panels");

  listOf(dashboard.templating).forEach((variable, index) => {
    if (variable.type !== "query") return;
    const resolved = resolve(variable.datasource) ?? DEFAULT;
    for (const { query, field } of variableQueries(variable.query, resolved.language)) {
      check(resolved, query, `variable "${String(variable.name)}"`, `templating.list[${index}].query${field}`);
    }
  });

  listOf(dashboard.annotations).forEach((annotation, index) => {
    const resolved = resolve(annotation.datasource);
    // annotations without a datasource are Grafana's own (`-- Grafana --`), not PromQL
    if (!resolved || resolved.mixed) return;
    const where = `annotation "${String(annotation.name)}"`;
    if (typeof annotation.expr === "string") check(resolved, annotation.expr, where, `annotations.list[${index}].expr`);
    if (isObject(annotation.target) && typeof annotation.target.expr === "string") {
      check(resolved, annotation.target.expr, where, `annotations.list[${index}].target.expr`);
    }
  });
  return checked;
}

/** `templating.list` / `annotations.list` entries. */
function listOf(container: unknown): JsonObject[] {
  return isObject(container) && Array.isArray(container.list) ? container.list.filter(isObject) : [];
}

/** Datasource template variables (`type: "datasource"`) by name → the plugin type they choose from. */
function datasourceVariables(dashboard: JsonObject): Map<string, string> {
  return new Map(
    listOf(dashboard.templating)
      .filter((v) => v.type === "datasource" && typeof v.name === "string" && typeof v.query === "string")
      .map((v) => [v.name as string, v.query as string]),
  );
}

const VARIABLE_REFERENCE = /^\$(?:\{(\w+)(?::\w+)?\}|(\w+))$/;

/**
 * The language of a datasource reference (`{ type, uid }`, a legacy name/UID string or a
 * `${var}` datasource variable); no language for other plugins; undefined when the reference
 * is absent (the caller falls back to the panel's, then to the default).
 */
function resolveDatasource(ref: unknown, variablePlugins: Map<string, string>): Resolved | undefined {
  if (ref === undefined || ref === null) return undefined;
  const uid = isObject(ref) ? ref.uid : ref;
  const type = isObject(ref) ? ref.type : undefined;
  if (uid === MIXED) return { mixed: true };
  const variable = typeof uid === "string" ? VARIABLE_REFERENCE.exec(uid) : null;
  const plugin = variable ? variablePlugins.get(variable[1] ?? variable[2]) : undefined;
  if (plugin) return { language: LANGUAGE_OF_PLUGIN[plugin] };
  if (typeof type === "string") return { language: LANGUAGE_OF_PLUGIN[type] };
  return { language: typeof uid === "string" ? LANGUAGE_OF_DATASOURCE[uid] : undefined };
}

/**
 * The PromQL/LogQL inside a query variable's query. Variable queries are Grafana syntax,
 * not PromQL/LogQL: `label_values(selector, label)` and `query_result(expr)` wrap a real
 * query, which is checked; `label_names()`, `label_values(label)` and `metrics(regex)`
 * contain none and are skipped. A Prometheus variable with any other text is sent to the
 * series API as a selector, so it is checked as PromQL; a Loki variable only understands
 * the two functions (or the editor's `{ stream }` object), so other text is skipped.
 */
function variableQueries(query: unknown, language: QueryLanguage | undefined): Array<{ query: string; field: string }> {
  if (isObject(query)) {
    // the variable editors save objects: Prometheus `{ query, qryType }`, Loki `{ type, label, stream }`
    if (language === "logql") return typeof query.stream === "string" && query.stream.trim() ? [{ query: query.stream, field: ".stream" }] : [];
    return typeof query.query === "string" ? variableQueries(query.query, language).map((q) => ({ ...q, field: `.query${q.field}` })) : [];
  }
  if (typeof query !== "string" || !query.trim()) return [];
  const text = query.trim();
  const labelValues = /^label_values\(\s*(.+?)\s*,\s*[^,()]+\)$/s.exec(text);
  if (labelValues) return [{ query: labelValues[1], field: " (label_values selector)" }];
  const queryResult = /^query_result\((.+)\)$/s.exec(text);
  if (queryResult) return language === "promql" ? [{ query: queryResult[1], field: " (query_result argument)" }] : [];
  if (/^(label_names|label_values|metrics)\(/.test(text)) return [];
  return language === "promql" ? [{ query: text, field: "" }] : [];
}
