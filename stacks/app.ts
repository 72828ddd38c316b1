import { App } from "cdktf";
import { ConfigError } from "../src/config/config-error";
import { validateEnvironments } from "../src/config/validate-environment";
import { GrafanaStack } from "./grafana-stack";
import { PlatformStack } from "./platform-stack";

/**
 * Builds the app: a `<env>-platform` and a `<env>-grafana` stack per environment. Every
 * environment is validated before any stack exists, and nothing is written before
 * `app.synth()`, so a configuration error leaves no partial output behind.
 */
export function buildApp(environmentInputs: readonly unknown[], outdir?: string): App {
  const environments = validateEnvironments(environmentInputs);
  const app = new App({ outdir, skipValidation: false });
  for (const environment of environments) {
    try {
      new GrafanaStack(app, new PlatformStack(app, environment));
    } catch (error) {
      throw error instanceof ConfigError ? error.within(`environment "${environment.name}"`) : error;
    }
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
