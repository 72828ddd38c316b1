import { ConfigError } from "../config/config-error";
import { DATASOURCE_UIDS } from "../grafana/datasource-uids";
import { stableUid } from "../grafana/stable-uid";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface NormalizeDashboardOptions {
  /** UID to give the dashboard. @default the model's own `uid`, else `stableUid(title)` */
  readonly uid?: string;
}

/** Grafana's rule for dashboard and folder UIDs (pkg/util/shortid_generator.go): at most 40 of these characters. */
export const GRAFANA_UID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Fields Grafana manages itself. Sending them back makes every plan differ from the state
 * (`version` grows on each save) or pins the dashboard to one database row (`id`).
 */
const SERVER_MANAGED = ["id", "version", "iteration"] as const;

/** Fields of Grafana's "Export for sharing externally" format, resolved and dropped here. */
const SHARING_FIELDS = ["__inputs", "__elements", "__requires"] as const;

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A JSON string of `value` with the keys of every object sorted and `undefined` members
 * left out, so the same content always yields the same bytes and a plan never shows a
 * reordering as a change. Used for every JSON document sent to Grafana.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

/**
 * The dashboard JSON model to hand to `grafana_dashboard.config_json`: from a model built
 * with `@grafana/grafana-foundation-sdk` (`.build()`), a JSON file exported from Grafana
 * (plain, wrapped as `{ dashboard, meta }` by the HTTP API, or "exported for sharing
 * externally" with `__inputs`), without the fields Grafana manages, with a stable UID and
 * numbered panels, keys sorted. Normalizing the result again yields the same bytes.
 */
export function normalizeDashboard(input: unknown, options: NormalizeDashboardOptions = {}): string {
  let model = unwrap(input);
  const title = model.title;
  if (typeof title !== "string" || !title.trim()) throw new ConfigError("dashboard", [{ field: "title", problem: "must be a non-empty string" }]);
  const where = `dashboard "${title}"`;

  model = resolveSharingInputs(model, where);
  for (const field of [...SERVER_MANAGED, ...SHARING_FIELDS]) delete model[field];

  const uid = options.uid ?? (typeof model.uid === "string" && model.uid ? model.uid : stableUid(title));
  if (!GRAFANA_UID.test(uid)) {
    throw new ConfigError(where, [{ field: "uid", problem: `"${uid}" must be 1 to 40 letters, digits, '-' or '_'` }]);
  }
  model.uid = uid;
  numberPanels(model);
  return canonicalJson(model);
}

/** The dashboard itself: a deep copy, so the caller's object (e.g. a shared builder result) is never changed. */
function unwrap(input: unknown): JsonObject {
  const copy: unknown = input === undefined ? undefined : JSON.parse(JSON.stringify(input));
  // `GET /api/dashboards/uid/<uid>` answers `{ dashboard, meta }` (`meta` is all server state) and
  // `POST /api/dashboards/db` takes `{ dashboard, folderUid, overwrite }`; a model has no `dashboard` key
  const model = isObject(copy) && isObject(copy.dashboard) && copy.title === undefined ? copy.dashboard : copy;
  if (!isObject(model)) throw new ConfigError("dashboard", [{ field: "", problem: "must be a JSON object (a dashboard model)" }]);
  return model;
}

/**
 * "Export for sharing externally" replaces datasources by `${DS_…}` placeholders listed in
 * `__inputs` (and constants by `${VAR_…}`), which Grafana's import dialog fills in. Here a
 * datasource input is bound to the datasource of the same plugin this library provisions,
 * by its stable UID, and a constant to its exported value.
 */
function resolveSharingInputs(model: JsonObject, where: string): JsonObject {
  const inputs = model.__inputs;
  if (inputs === undefined) return model;
  if (!Array.isArray(inputs)) throw new ConfigError(where, [{ field: "__inputs", problem: "must be a list" }]);
  const values = new Map<string, string>();
  inputs.forEach((input, index) => {
    const field = `__inputs[${index}]`;
    if (!isObject(input) || typeof input.name !== "string") throw new ConfigError(where, [{ field, problem: "must be an object with a name" }]);
    if (input.type === "datasource") {
      const uid = DATASOURCE_UIDS[input.pluginId as keyof typeof DATASOURCE_UIDS];
      if (!uid) {
        throw new ConfigError(where, [
          { field, problem: `no provisioned datasource of plugin "${String(input.pluginId)}" for \${${input.name}}; use one of ${Object.keys(DATASOURCE_UIDS).join(", ")}` },
        ]);
      }
      values.set(input.name, uid);
    } else if (input.type === "constant" && typeof input.value === "string") {
      values.set(input.name, input.value);
    } else {
      throw new ConfigError(where, [{ field, problem: `cannot resolve input of type "${String(input.type)}"` }]);
    }
  });
  const replace = (value: Json): Json => {
    if (typeof value === "string") return value.replace(/\$\{(\w+)\}/g, (text, name: string) => values.get(name) ?? text);
    if (Array.isArray(value)) return value.map(replace);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(model) as JsonObject;
}

/**
 * Gives every panel (rows' nested panels included) that has no positive id, or a duplicate
 * one, the next free id. Grafana would number them in the browser on every load; numbered
 * here, `viewPanel=<id>` links stay valid and what Grafana stores equals what was sent.
 */
function numberPanels(model: JsonObject): void {
  const panels: JsonObject[] = [];
  const collect = (list: Json | undefined) => {
    if (!Array.isArray(list)) return;
    for (const panel of list) {
      if (!isObject(panel)) continue;
      panels.push(panel);
      collect(panel.panels);
    }
  };
  collect(model.panels);
  const used = new Set<number>();
  const needsId = panels.filter((panel) => {
    const id = panel.id;
    if (typeof id !== "number" || !Number.isInteger(id) || id <= 0 || used.has(id)) return true;
    used.add(id);
    return false;
  });
  let next = 1;
  for (const panel of needsId) {
    while (used.has(next)) next++;
    panel.id = next;
    used.add(next);
  }
}
