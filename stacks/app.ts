import { App } from "cdktf";
import { AlertingInput, AlertingModel, buildAlertingModel } from "../src/alerting/alerting-model";
import { ConfigError } from "../src/config/config-error";
import { Environment } from "../src/config/environment-schema";
import { validateEnvironments } from "../src/config/validate-environment";
import { environmentSlos } from "../src/slo/environment-slos";
import { SloRules } from "../src/slo/slo-rules";
import { GrafanaStack } from "./grafana-stack";
import { PlatformStack } from "./platform-stack";

/** Runs `build` for one environment, reporting a ConfigError as that environment's. */
function inEnvironment<T>(name: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw error instanceof ConfigError ? error.within(`environment "${name}"`) : error;
  }
}

/**
 * Validates every environment and builds its alerting model: all the checks that need no
 * construct. Throws the first ConfigError, naming its environment.
 */
export function validateApp(environmentInputs: readonly unknown[]): { environment: Environment; alerting?: AlertingModel; slos: SloRules[] }[] {
  return validateEnvironments(environmentInputs).map((environment) => ({
    environment,
    alerting: environment.alerting && inEnvironment(environment.name, () => buildAlertingModel(withRedProfiles(environment.alerting!, environment))),
    slos: environmentSlos(environment),
  }));
}

/** The alerting of an environment, its built-in RED alerts on the environment's RED profiles unless the catalog lists its own. */
function withRedProfiles(alerting: AlertingInput, environment: Environment): AlertingInput {
  if (!alerting.catalog || alerting.catalog.profiles) return alerting;
  return { ...alerting, catalog: { ...alerting.catalog, profiles: [...environment.grafana.dashboards.redProfiles] } };
}

/**
 * Builds the app: a `<env>-platform` and a `<env>-grafana` stack per environment. Every
 * environment and its alerting model is validated before the app exists, and nothing is
 * written before `app.synth()`, so a configuration error leaves no stack output behind.
 */
export function buildApp(environmentInputs: readonly unknown[], outdir?: string): App {
  const environments = validateApp(environmentInputs);
  const app = new App({ outdir, skipValidation: false });
  for (const { environment, alerting, slos } of environments) {
    inEnvironment(environment.name, () => new GrafanaStack(app, new PlatformStack(app, environment, alerting, slos)));
  }
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
