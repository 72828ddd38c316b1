import { ConfigError, ConfigProblem } from "./config-error";
import { Environment, environmentSchema } from "./environment-schema";
import { fieldPath, parseConfig } from "./parse-config";

/**
 * cdktf's token syntax: cdktf replaces it, in any string, by the Terraform expression of
 * the reference it stands for (or fails on an unknown one). Configuration is plain data.
 */
const TOKEN_SYNTAX = "${TfToken[";

function tokenSyntaxProblems(value: unknown, path: readonly PropertyKey[] = []): ConfigProblem[] {
  if (typeof value === "string") return value.includes(TOKEN_SYNTAX) ? [{ field: fieldPath(path), problem: `must not contain ${TOKEN_SYNTAX} (cdktf's token syntax)` }] : [];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => tokenSyntaxProblems(child, [...path, Array.isArray(value) ? Number(key) : key]));
}

/**
 * Validates one environment, filling in defaults. On failure throws a ConfigError whose
 * one-line message names the environment and every offending field path.
 */
export function validateEnvironment(input: unknown): Environment {
  const name = (input as { name?: unknown } | null)?.name;
  const where = `environment "${typeof name === "string" && name ? name : "<unnamed>"}"`;
  const tokens = tokenSyntaxProblems(input);
  if (tokens.length > 0) throw new ConfigError(where, tokens);
  return parseConfig(environmentSchema, input, where);
}

/** Validates every environment and rejects duplicate names. */
export function validateEnvironments(inputs: readonly unknown[]): Environment[] {
  const environments = inputs.map(validateEnvironment);
  const seen = new Set<string>();
  for (const env of environments) {
    if (seen.has(env.name)) throw new ConfigError(`environment "${env.name}"`, [{ field: "name", problem: "is defined twice" }]);
    seen.add(env.name);
  }
  return environments;
}
