import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { z } from "zod";
import { duration } from "../config/common-schemas";
import { parseConfig } from "../config/parse-config";
import { stableUid } from "../grafana/stable-uid";
import {
  errorRatio,
  JOB_NAMESPACE_PREFIX,
  latencyQuantile,
  requestRate,
  type RedProfile,
  SERVICE_NAME_LABEL,
  SERVICE_NAME_OF_JOB,
  withServiceName,
} from "../metrics/red-profiles";
import { findSyntaxError } from "../queries/validate-query";
import {
  checkCorrelationOptions,
  type CorrelationOptions,
  DATASOURCES,
  type LinkSubject,
  metricTimeseries,
  promQuery,
  seriesLabel,
} from "./correlation-links";
import { DEFAULT_RED_PROFILES, type RedProfileChoice, resolveRedProfiles, serviceVariable } from "./service-red";

export interface ReleaseImpactOptions {
  /** The instrumentation libraries whose RED metrics are compared, one row each. @default ["starlette-prometheus", "otel-http"] */
  readonly profiles?: readonly RedProfileChoice[];
  /** How far back the baseline each series is compared with lies (a Prometheus duration). @default "1d" */
  readonly baselineOffset?: string;
  /**
   * A LogQL log query whose lines mark releases (e.g. the Kubernetes events a log shipper
   * forwards: `{job="loki.source.kubernetes_events"} |= "ScalingReplicaSet"`), shown as
   * annotations besides the rollouts kube-state-metrics records. @default none
   */
  readonly eventsQuery?: string;
  /** How log streams are labelled, for the links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

export const RELEASE_IMPACT_TITLE = "Release impact";

const schema = z.strictObject({
  profiles: z.custom<readonly RedProfileChoice[]>((v) => Array.isArray(v), "must be a list of RED profiles").default(DEFAULT_RED_PROFILES),
  baselineOffset: duration.default("1d"),
  eventsQuery: z
    .string()
    .refine((q) => !findSyntaxError("logql", q), "must be a LogQL log query")
    .optional(),
  correlation: z.custom<CorrelationOptions>().optional(),
});

/** A rollout is a change of the generation the Deployment controller has acted on; deployments are named like the service. */
const ROLLOUTS = 'changes(kube_deployment_status_observed_generation{deployment=~"$service"}';

/**
 * The RED series of the chosen service: the `service` variable holds a service name (cut
 * out of an OTLP `job`, so that Deployments match it), the series' label may hold it after
 * the `<service.namespace>/` of an OTLP `job`.
 */
function chosenService(profile: RedProfile): string {
  return `${profile.serviceLabel}=~"${JOB_NAMESPACE_PREFIX}$service"`;
}

/**
 * Did the last release hurt? For the chosen service: rollouts (annotations and a panel),
 * replicas, and error ratio, p95 latency and request rate now against the same time
 * `baselineOffset` earlier, one row per RED profile.
 */
export function releaseImpactDashboard(options: ReleaseImpactOptions = {}): dashboard.Dashboard {
  const where = `dashboard "${RELEASE_IMPACT_TITLE}"`;
  const config = parseConfig(schema, options, where);
  const profiles = resolveRedProfiles(config.profiles, where);
  checkCorrelationOptions(config.correlation, where);
  const { baselineOffset: offset, correlation } = config;
  const deployment: LinkSubject = { namespace: seriesLabel("namespace"), service: seriesLabel("deployment") };

  const builder = new dashboard.DashboardBuilder(RELEASE_IMPACT_TITLE)
    .uid(stableUid(RELEASE_IMPACT_TITLE))
    .description(`Rollouts of a service and its error ratio, latency and traffic against ${offset} earlier.`)
    .tags(["cdktf-observability", "release", "red"])
    .time({ from: "now-24h", to: "now" })
    .refresh("1m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    // service names, not OTLP `job`s (`<service.namespace>/<service.name>`): Deployments are named like the service
    .withVariable(serviceVariable(profiles, false).regex(`/^${SERVICE_NAME_OF_JOB}$/`))
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name("Rollouts")
        .datasource(DATASOURCES.prometheus)
        .enable(true)
        .iconColor("blue")
        .expr(`sum by (namespace, deployment) (${ROLLOUTS}[2m])) > 0`)
        .step("1m")
        .titleFormat("Rollout of {{deployment}}")
        .textFormat("Deployment {{namespace}}/{{deployment}} rolled out a new generation")
        .tagKeys("namespace,deployment"),
    );
  if (config.eventsQuery) {
    builder.annotation(
      new dashboard.AnnotationQueryBuilder().name("Release events").datasource(DATASOURCES.loki).enable(true).iconColor("orange").expr(config.eventsQuery),
    );
  }

  builder
    .withRow(new dashboard.RowBuilder("Rollouts"))
    .withPanel(
      metricTimeseries("Rollouts", deployment, correlation)
        .description("Generations rolled out per interval (kube-state-metrics).")
        .min(0)
        .decimals(0)
        .span(12)
        .drawStyle(common.GraphDrawStyle.Bars)
        .withTarget(promQuery(`sum by (namespace, deployment) (${ROLLOUTS}[$__rate_interval])) > 0`, "{{namespace}}/{{deployment}}")),
    )
    .withPanel(
      metricTimeseries("Replicas: available vs desired", deployment, correlation)
        .description("A rollout that does not finish shows as available below desired.")
        .min(0)
        .decimals(0)
        .span(12)
        .targets([
          promQuery('sum by (namespace, deployment) (kube_deployment_status_replicas_available{deployment=~"$service"})', "{{deployment}} available", "A"),
          promQuery('sum by (namespace, deployment) (kube_deployment_spec_replicas{deployment=~"$service"})', "{{deployment}} desired", "B"),
        ]),
    );

  for (const profile of profiles) {
    builder.withRow(new dashboard.RowBuilder(`${profile.name}: now vs ${offset} earlier`));
    const filter = chosenService(profile);
    const comparisons: Array<[title: string, unit: string, expr: string, exemplars: boolean]> = [
      ["Error ratio", "percentunit", errorRatio(profile, filter, "$__rate_interval"), false],
      ["Duration p95", "s", latencyQuantile(profile, 0.95, filter, "$__rate_interval"), true],
      ["Request rate", "reqps", requestRate(profile, filter, "$__rate_interval"), false],
    ];
    for (const [title, unit, expr, exemplars] of comparisons) builder.withPanel(comparisonPanel(title, unit, expr, exemplars, profile, offset, correlation));
  }
  return builder.build();
}

/**
 * A RED series now and the same series `offset` earlier (dashed). The baseline goes
 * through a subquery because PromQL's `offset` applies to selectors, not to the
 * aggregated expression the profile builds. `exemplars` (for a histogram) are requested
 * for the current series only: the baseline's would be today's, pinned to the old curve.
 */
function comparisonPanel(
  title: string,
  unit: string,
  expr: string,
  exemplars: boolean,
  profile: RedProfile,
  offset: string,
  correlation: CorrelationOptions | undefined,
): timeseries.PanelBuilder {
  const legend = `{{${profile.serviceLabel}}}`;
  const current = promQuery(withServiceName(profile, expr), `${legend} now`, "A");
  if (exemplars) current.exemplar(true);
  return metricTimeseries(title, { service: seriesLabel(SERVICE_NAME_LABEL) }, correlation)
    .unit(unit)
    .min(0)
    .span(8)
    .targets([
      current,
      promQuery(withServiceName(profile, `avg_over_time((${expr})[$__rate_interval:] offset ${offset})`), `${legend} ${offset} earlier`, "B"),
    ])
    .overrideByQuery("B", [{ id: "custom.lineStyle", value: { fill: "dash", dash: [10, 10] } }]);
}
