import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { ConfigError, type ConfigProblem } from "../config/config-error";
import { stableUid } from "../grafana/stable-uid";
import {
  DEFAULT_RED_PROFILE_NAMES,
  errorRatio,
  latencyQuantile,
  RED_PROFILES,
  requestRate,
  type RedProfile,
  type RedProfileName,
  SERVICE_NAME_LABEL,
  withServiceName,
} from "../metrics/red-profiles";
import { findSyntaxError } from "../queries/validate-query";
import { checkCorrelationOptions, type CorrelationOptions, metricTimeseries, promQuery, promVariable, seriesLabel } from "./correlation-links";

/** A built-in RED profile by name, or a custom profile of the same shape. */
export type RedProfileChoice = RedProfileName | RedProfile;

/** The seed's FastAPI backend (`starlette-prometheus`) and OpenTelemetry-instrumented services. */
export const DEFAULT_RED_PROFILES: readonly RedProfileChoice[] = DEFAULT_RED_PROFILE_NAMES;

export interface ServiceRedOptions {
  /**
   * The instrumentation libraries whose metrics are charted, one row each. All must name
   * the service with the same label (the `service` variable lists its values).
   * @default ["starlette-prometheus", "otel-http"]
   */
  readonly profiles?: readonly RedProfileChoice[];
  /** How log streams are labelled, for the links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
  /** Chart one service only (its value of the profiles' service label), without the `service` variable. @default every service, chosen with the variable */
  readonly service?: string;
  /** @default "Service RED" */
  readonly title?: string;
  /** @default `stableUid(title)` */
  readonly uid?: string;
}

export const SERVICE_RED_TITLE = "Service RED";

/** The error ratio the seed alerts on (API error rate above 1 %), drawn as a threshold line. */
const ERROR_RATIO_THRESHOLD = 0.01;

const METRIC_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function customProfileProblems(profile: RedProfile, field: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!profile.name?.trim()) problems.push({ field: `${field}.name`, problem: "must not be empty" });
  for (const key of ["requestsTotal", "durationBucket"] as const) {
    if (!METRIC_NAME.test(profile[key] ?? "")) problems.push({ field: `${field}.${key}`, problem: `not a metric name: ${JSON.stringify(profile[key])}` });
  }
  if (!METRIC_NAME.test(profile.errors?.metric ?? "")) {
    problems.push({ field: `${field}.errors.metric`, problem: `not a metric name: ${JSON.stringify(profile.errors?.metric)}` });
  }
  if (!profile.errors?.matcher || findSyntaxError("promql", `m{${profile.errors.matcher}}`)) {
    problems.push({ field: `${field}.errors.matcher`, problem: `not a label matcher: ${JSON.stringify(profile.errors?.matcher)}` });
  }
  if (!LABEL_NAME.test(profile.serviceLabel ?? "")) {
    problems.push({ field: `${field}.serviceLabel`, problem: `not a label name: ${JSON.stringify(profile.serviceLabel)}` });
  }
  return problems;
}

/**
 * The profiles a RED-based dashboard charts, checked: known names, well-formed custom
 * profiles, unique names and one service label. Throws a ConfigError naming `where` and the
 * `profiles.<i>` field.
 */
export function resolveRedProfiles(choices: readonly RedProfileChoice[], where: string): RedProfile[] {
  if (!choices.length) throw new ConfigError(where, [{ field: "profiles", problem: "must list at least one RED profile" }]);
  const problems: ConfigProblem[] = [];
  const profiles = choices.map((choice, i): RedProfile => {
    if (typeof choice !== "string") {
      problems.push(...customProfileProblems(choice, `profiles.${i}`));
      return choice;
    }
    if (!(choice in RED_PROFILES)) {
      problems.push({ field: `profiles.${i}`, problem: `unknown RED profile "${choice}" (built-in: ${Object.keys(RED_PROFILES).join(", ")})` });
    }
    return RED_PROFILES[choice as RedProfileName];
  });
  if (problems.length) throw new ConfigError(where, problems);
  profiles.forEach((profile, i) => {
    if (profiles.findIndex((p) => p.name === profile.name) < i) problems.push({ field: `profiles.${i}`, problem: `profile "${profile.name}" is listed twice` });
    if (profile.serviceLabel !== profiles[0].serviceLabel) {
      problems.push({
        field: `profiles.${i}.serviceLabel`,
        problem: `"${profile.serviceLabel}" differs from "${profiles[0].serviceLabel}" of profile "${profiles[0].name}": one dashboard lists services by one label`,
      });
    }
  });
  if (problems.length) throw new ConfigError(where, problems);
  return profiles;
}

/** The series selector of the profiles' request counters, whose service label values the `service` variable lists. */
export function serviceSeriesSelector(profiles: readonly RedProfile[]): string {
  const metrics = [...new Set(profiles.map((p) => p.requestsTotal))].join("|");
  return `{__name__=~"${metrics}"}`;
}

/** The `service` variable: every value of the profiles' service label on their request counters. */
export function serviceVariable(profiles: readonly RedProfile[], multi: boolean): dashboard.QueryVariableBuilder {
  const query = `label_values(${serviceSeriesSelector(profiles)}, ${profiles[0].serviceLabel})`;
  return promVariable("service", "Service", query, multi);
}

/** The label matcher selecting the chosen services of a profile. */
export function serviceFilter(profile: RedProfile): string {
  return `${profile.serviceLabel}=~"$service"`;
}

/**
 * Rate, errors and duration per service, one row per RED profile, with a `service`
 * variable; every panel links to the service's logs and traces.
 */
export function serviceRedDashboard(options: ServiceRedOptions = {}): dashboard.Dashboard {
  const title = options.title ?? SERVICE_RED_TITLE;
  const where = `dashboard "${title}"`;
  const profiles = resolveRedProfiles(options.profiles ?? DEFAULT_RED_PROFILES, where);
  checkCorrelationOptions(options.correlation, where);
  const { service } = options;
  const builder = new dashboard.DashboardBuilder(title)
    .uid(options.uid ?? stableUid(title))
    .description(`Request rate, server-error ratio and latency quantiles ${service === undefined ? "per service, from the services'" : `of ${service}, from its`} HTTP metrics.`)
    .tags(["cdktf-observability", "red", "services"])
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair);
  if (service === undefined) builder.withVariable(serviceVariable(profiles, true));

  for (const profile of profiles) {
    const filter = service === undefined ? serviceFilter(profile) : `${profile.serviceLabel}=${JSON.stringify(service)}`;
    // the links find logs and traces by the service name, which an OTLP `job` holds only after `<namespace>/`
    const subject = { service: seriesLabel(SERVICE_NAME_LABEL) };
    const query = (expr: string, legendFormat: string, refId?: string) => promQuery(withServiceName(profile, expr), legendFormat, refId);
    const legend = `{{${profile.serviceLabel}}}`;
    builder
      .withRow(new dashboard.RowBuilder(`${profile.name} (${profile.requestsTotal})`))
      .withPanel(
        metricTimeseries("Request rate", subject, options.correlation)
          .description("Requests per second handled by each service.")
          .unit("reqps")
          .min(0)
          .span(8)
          .withTarget(query(requestRate(profile, filter, "$__rate_interval"), legend)),
      )
      .withPanel(
        metricTimeseries("Error ratio", subject, options.correlation)
          .description(`Share of requests answered with a server error (${profile.errors.matcher}).`)
          .unit("percentunit")
          .min(0)
          .span(8)
          .thresholds(
            new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
              { value: null, color: "green" },
              { value: ERROR_RATIO_THRESHOLD, color: "red" },
            ]),
          )
          .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed))
          .withTarget(query(errorRatio(profile, filter, "$__rate_interval"), legend)),
      )
      .withPanel(
        metricTimeseries("Duration p50 / p95 / p99", subject, options.correlation)
          .description("Request duration quantiles from the duration histogram; exemplars (dots) open their trace in Jaeger.")
          .unit("s")
          .min(0)
          .span(8)
          .targets(
            ([[0.5, "A"], [0.95, "B"], [0.99, "C"]] as const).map(([q, refId]) =>
              query(latencyQuantile(profile, q, filter, "$__rate_interval"), `${legend} p${Math.round(q * 100)}`, refId).exemplar(true),
            ),
          ),
      );
  }
  return builder.build();
}
