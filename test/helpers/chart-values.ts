import { existsSync, readFileSync } from "node:fs";
import Ajv, { ValidateFunction } from "ajv";
import { parse } from "yaml";
import { ChartRef } from "../../src/helm/charts";
import { mergeValues, Values } from "../../src/helm/values";
import { sharedPath } from "./shared-dir";

const isObject = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** The pinned chart's default values.yaml from the reference data. */
export function chartDefaults(chart: ChartRef, subchart?: ChartRef): Values {
  const ref = subchart ?? chart;
  return parse(readFileSync(sharedPath("charts", ref.name, ref.version, "values.yaml"), "utf8")) ?? {};
}

/**
 * Dotted paths of the keys in `values` that the chart does not know: absent from its
 * default values. Below a default that is an empty map, a list or null (free-form: labels,
 * scrape configs, resources…) anything goes. `freeForm` lists further paths the chart
 * documents but leaves commented out in values.yaml (e.g. `loki.storage.bucketNames`).
 */
export function unknownChartKeys(values: Values, defaults: Values, freeForm: readonly string[] = [], prefix = ""): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (freeForm.some((f) => path === f || path.startsWith(`${f}.`))) return [];
    if (!(key in defaults)) return [path];
    const known = defaults[key];
    if (isObject(value) && isObject(known) && Object.keys(known).length > 0) return unknownChartKeys(value, known, freeForm, path);
    return [];
  });
}

const schemaValidators = new Map<string, ValidateFunction>();

/** Errors of the chart's values.schema.json against its defaults merged with `values` (Helm's own check). */
export function chartSchemaErrors(chart: ChartRef, values: Values): string[] {
  const schemaFile = sharedPath("charts", chart.name, chart.version, "values.schema.json");
  if (!existsSync(schemaFile)) throw new Error(`${chart.name} ${chart.version} ships no values.schema.json`);
  let validate = schemaValidators.get(schemaFile);
  if (!validate) {
    // compiling Loki's 570 KB schema takes seconds: once per test file
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(readFileSync(schemaFile, "utf8")));
    schemaValidators.set(schemaFile, validate);
  }
  const merged = stripNulls(mergeValues(chartDefaults(chart), values));
  return validate(merged) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Helm deletes keys whose user value is null before validating and rendering. */
function stripNulls(values: Values): Values {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, isObject(v) ? stripNulls(v) : v]),
  );
}
