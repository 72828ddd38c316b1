import { z } from "zod";
import { ConfigError, ConfigProblem, reportedAsField } from "./config-error";

/**
 * Parses `value` with a zod schema, filling defaults. On failure throws one ConfigError
 * naming `where` (an environment or a construct path) and every offending field path.
 */
export function parseConfig<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ConfigError(where, result.error.issues.map(toProblem));
}

/** A field path as errors name it: `grafana.url`, `databases[0].name`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  return {
    field: fieldPath(issue.path),
    problem: issue.code === "unrecognized_keys" ? `unknown key(s) ${issue.keys.join(", ")}` : issue.message,
  };
}

/** Parses one field of a props object with `parseConfig`, naming its problems `<field>.<path>`. */
export function parseConfigField<T extends z.ZodType>(schema: T, value: unknown, where: string, field: string): z.output<T> {
  return reportedAsField(where, field, () => parseConfig(schema, value, where));
}
