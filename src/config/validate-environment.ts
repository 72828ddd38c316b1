import { ConfigError } from "./config-error";
import { Environment, environmentSchema } from "./environment-schema";
import { parseConfig } from "./parse-config";

/**
 * Validates one environment, filling in defaults. On failure throws a ConfigError whose
 * one-line message names the environment and every offending field path.
 */
export function validateEnvironment(input: unknown): Environment {
  const name = (input as { name?: unknown } | null)?.name;
  return parseConfig(environmentSchema, input, `environment "${typeof name === "string" && name ? name : "<unnamed>"}"`);
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
