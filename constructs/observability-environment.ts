import { Construct } from "constructs";
import { Environment, EnvironmentInput } from "../src/config/environment-schema";
import { inEnvironment, ValidatedEnvironment, validateEnvironment, withAlertingAndSlos } from "../src/config/validate-environment";
import { GrafanaStack } from "./grafana-stack";
import { PlatformStack } from "./platform-stack";

/**
 * One environment: its `<env>-platform` stack (namespace, Helm releases, generated secrets)
 * and its `<env>-grafana` stack (datasources, folders, dashboards, alerting), the second
 * depending on the first, from one typed environment configuration. A platform repo writes
 * its environment files and one line per environment:
 *
 * ```ts
 * const app = new App();
 * new ObservabilityEnvironment(app, prod);
 * app.synth();
 * ```
 *
 * The configuration and its alerting are validated before any stack exists: a mistake is a
 * one-line ConfigError naming the environment and the field.
 */
export class ObservabilityEnvironment {
  /** The validated configuration, every default filled in. */
  readonly environment: Environment;
  readonly platform: PlatformStack;
  readonly grafana: GrafanaStack;

  /**
   * @param scope the app (stacks are named `<env>-platform` and `<env>-grafana`, so each
   * environment's name must be unique in it)
   * @param environment the environment as written, or already validated (`withAlertingAndSlos`)
   */
  constructor(scope: Construct, environment: EnvironmentInput | ValidatedEnvironment) {
    const validated = isValidated(environment) ? environment : withAlertingAndSlos(validateEnvironment(environment));
    this.environment = validated.environment;
    const { name } = this.environment;
    this.platform = inEnvironment(name, () => new PlatformStack(scope, validated.environment, validated.alerting, validated.slos));
    this.grafana = inEnvironment(name, () => new GrafanaStack(scope, this.platform));
  }
}

function isValidated(environment: EnvironmentInput | ValidatedEnvironment): environment is ValidatedEnvironment {
  // an environment as written has no `environment` key (its schema is strict)
  return "environment" in environment;
}
