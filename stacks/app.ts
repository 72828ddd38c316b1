import { App } from "cdktf";
import { ObservabilityEnvironment, TARGET_VERSIONS } from "../constructs";
import { ConfigError } from "../src/config/config-error";
import { ValidatedEnvironment, validateEnvironments, withAlertingAndSlos } from "../src/config/validate-environment";

/**
 * Validates every environment and builds its alerting model: all the checks that need no
 * construct. Throws the first ConfigError, naming its environment.
 */
export function validateApp(environmentInputs: readonly unknown[]): ValidatedEnvironment[] {
  return validateEnvironments(environmentInputs).map(withAlertingAndSlos);
}

/**
 * Builds the app: a `<env>-platform` and a `<env>-grafana` stack per environment. Every
 * environment and its alerting model is validated before the app exists, and nothing is
 * written before `app.synth()`, so a configuration error leaves no stack output behind.
 */
export function buildApp(environmentInputs: readonly unknown[], outdir?: string): App {
  const environments = validateApp(environmentInputs);
  const app = new App({ outdir, skipValidation: false, context: { targetVersions: TARGET_VERSIONS } });
  for (const environment of environments) new ObservabilityEnvironment(app, environment);
  return app;
}

/** The CLI entry: synthesizes, or prints a configuration error as one line and exits non-zero. */
export function runApp(environmentInputs: readonly unknown[]): void {
  try {
    buildApp(environmentInputs).synth();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Invalid configuration: ${error.message}`);
    process.exitCode = 1;
  }
}
