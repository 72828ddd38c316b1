import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { checkCorrelationOptions, type CorrelationOptions, type LinkSubject, literalValue, metricStat, metricTimeseries, promQuery } from "../dashboards/correlation-links";
import { stableUid } from "../grafana/stable-uid";
import { SERVICE_NAME_OF_JOB } from "../metrics/red-profiles";
import { budgetPercent, BURN_RATE_ALERTS, ERROR_BUDGET_REMAINING_RECORD, recordedErrorRatio, ResolvedSlo, SLI_WINDOWS } from "./slo-rules";

export interface SloDashboardOptions {
  /** How log streams are labelled, for the links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

/** The dashboard title of an SLO: `SLO <name>`. */
export function sloDashboardTitle(slo: ResolvedSlo): string {
  return `SLO ${slo.spec.name}`;
}

/** Dashed threshold lines (or coloured steps of a stat) at the given values. */
function thresholds(steps: Array<{ value: number | null; color: string }>): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps);
}

const dashed = () => new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);

/**
 * The error-budget dashboard of one SLO, over the recorded series (`buildSloRules`): the
 * budget left and the SLI over the SLO's window, the burn rate per alert window with the
 * page and ticket factors as lines, and the SLI over time against the objective. Every panel
 * links to the service's logs and traces, as the RED dashboards do. Stable UID from the SLO name.
 */
export function sloDashboard(slo: ResolvedSlo, options: SloDashboardOptions = {}): dashboard.Dashboard {
  const title = sloDashboardTitle(slo);
  checkCorrelationOptions(options.correlation, `dashboard "${title}"`);
  const { spec, budget } = slo;
  const window = spec.timeWindow;
  // an OTLP job is `<service.namespace>/<service.name>`: logs and traces know the name only
  const serviceName = new RegExp(`^${SERVICE_NAME_OF_JOB}$`).exec(slo.service)![1];
  const subject: LinkSubject = {
    service: literalValue(serviceName),
    ...(slo.namespace ? { namespace: literalValue(slo.namespace) } : {}),
  };
  const objective = spec.objective / 100;
  const factors = [...new Set(BURN_RATE_ALERTS.flatMap((alert) => alert.conditions.map((c) => c.factor)))].sort((a, b) => a - b);

  return new dashboard.DashboardBuilder(title)
    .uid(stableUid("slo", spec.name))
    .description(spec.description ?? `${slo.service}: ${spec.objective} % ${spec.indicator.type} over ${window}.`)
    .tags(["cdktf-observability", "slo", slo.service])
    .time({ from: "now-7d", to: "now" })
    .refresh("5m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withPanel(
      metricStat("Error budget remaining", subject, options.correlation)
        .description(`Share of the ${window} error budget (${budgetPercent(slo)} % of events may be bad) not yet spent; below 0 the objective is missed.`)
        .unit("percentunit")
        .span(12)
        .thresholds(
          thresholds([
            { value: null, color: "red" },
            { value: 0, color: "orange" },
            { value: 0.25, color: "green" },
          ]),
        )
        .withTarget(promQuery(`${ERROR_BUDGET_REMAINING_RECORD}${slo.selector}`, "budget remaining")),
    )
    .withPanel(
      metricStat(`SLI over ${window}`, subject, options.correlation)
        .description(`Share of good events over the SLO's window; the objective is ${spec.objective} %.`)
        .unit("percentunit")
        .decimals(3)
        .span(12)
        .thresholds(
          thresholds([
            { value: null, color: "red" },
            { value: objective, color: "green" },
          ]),
        )
        .withTarget(promQuery(`1 - ${recordedErrorRatio(slo, window)}`, "SLI")),
    )
    .withPanel(
      metricTimeseries("Burn rate per window", subject, options.correlation)
        .description(
          "How fast the error budget burns over each window the alerts read (1 = spent exactly over the SLO's window). Page: 14.4× over 1h and 5m, or 6× over 6h and 30m; ticket: 3× over 1d and 2h, or 1× over 3d and 6h.",
        )
        .unit("x")
        .min(0)
        .span(24)
        .thresholds(thresholds([{ value: null, color: "green" }, ...factors.map((factor) => ({ value: factor, color: factor >= 6 ? "red" : "orange" }))]))
        .thresholdsStyle(dashed())
        .targets(SLI_WINDOWS.map((w, i) => promQuery(`${recordedErrorRatio(slo, w)} / ${budget}`, w, String.fromCharCode(65 + i)))),
    )
    .withPanel(
      metricTimeseries("SLI over time", subject, options.correlation)
        .description(`Share of good events over the last 5 minutes and the last hour, against the ${spec.objective} % objective.`)
        .unit("percentunit")
        .max(1)
        .span(24)
        .thresholds(
          thresholds([
            { value: null, color: "red" },
            { value: objective, color: "green" },
          ]),
        )
        .thresholdsStyle(dashed())
        .targets([promQuery(`1 - ${recordedErrorRatio(slo, "5m")}`, "5m", "A"), promQuery(`1 - ${recordedErrorRatio(slo, "1h")}`, "1h", "B")]),
    )
    .build();
}
