import { AlertingInput, AlertingModel, buildAlertingModel } from "../alerting/alerting-model";
import { ConfigError, ConfigProblem, reportedWithin } from "./config-error";
import { Environment, environmentSchema } from "./environment-schema";
import { fieldPath, parseConfig } from "./parse-config";
import { environmentSlos } from "../slo/environment-slos";
import { SloRules } from "../slo/slo-rules";

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

/** A validated environment with its alerting model (validated once for both engines). */
export interface ValidatedEnvironment {
  readonly environment: Environment;
  readonly alerting?: AlertingModel;
  /** The rules of its SLOs (`environmentSlos`). */
  readonly slos: readonly SloRules[];
}

/** Runs `build` for one environment, reporting a ConfigError as that environment's. */
export function inEnvironment<T>(name: string, build: () => T): T {
  return reportedWithin(`environment "${name}"`, build);
}

/**
 * Builds a validated environment's alerting model, its built-in RED alerts on the
 * environment's RED profiles unless the catalog lists its own, and the rules of its SLOs.
 * Throws a ConfigError naming the environment.
 */
export function withAlertingAndSlos(environment: Environment): ValidatedEnvironment {
  const { alerting } = environment;
  return {
    environment,
    alerting: alerting && inEnvironment(environment.name, () => buildAlertingModel(withRedProfiles(alerting, environment))),
    slos: environmentSlos(environment),
  };
}

function withRedProfiles(alerting: AlertingInput, environment: Environment): AlertingInput {
  if (!alerting.catalog || alerting.catalog.profiles) return alerting;
  return { ...alerting, catalog: { ...alerting.catalog, profiles: [...environment.grafana.dashboards.redProfiles] } };
}
