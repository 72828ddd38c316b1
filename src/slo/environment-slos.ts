import { reportedAsField } from "../config/config-error";
import { Environment } from "../config/environment-schema";
import { buildSloRules, SloRules } from "./slo-rules";

/**
 * The rules of an environment's SLOs, in the context its alerting gives: the catalog's team
 * and runbook base URL, the default engine (so SLO alerts fire from the same engine as the
 * catalog's), the first RED profile of its dashboards. Throws a ConfigError naming the
 * environment and the field (`slos[1].indicator.thresholdSeconds`), as its schema does.
 */
export function environmentSlos(environment: Environment): SloRules[] {
  const { alerting } = environment;
  const context = {
    team: alerting?.catalog?.team ?? "platform",
    runbookBaseUrl: alerting?.catalog?.runbookBaseUrl,
    engine: alerting?.defaultEngine ?? "prometheus",
    profile: environment.grafana.dashboards.redProfiles[0],
  };
  return environment.slos.map((spec, i) => reportedAsField(`environment "${environment.name}"`, `slos[${i}]`, () => buildSloRules(spec, context)));
}
