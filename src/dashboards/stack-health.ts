import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { stableUid } from "../grafana/stable-uid";
import { checkCorrelationOptions, type CorrelationOptions, metricTimeseries, promQuery, seriesLabel } from "./correlation-links";

export interface StackHealthOptions {
  /** How log streams are labelled, for the links to Loki. @default Loki 3 / Alloy labels */
  readonly correlation?: CorrelationOptions;
}

export const STACK_HEALTH_TITLE = "Observability stack health";

/** Aggregations keep the pod, so a click opens the logs of the very component that reported it. */
const BY_POD = "namespace, pod";

/**
 * The collector's (and Jaeger v2's, built on it) own metrics, scraped through their
 * ServiceMonitors, are shown per `instance` (pod IP and port); their panels have no links
 * to logs or traces.
 */
const BY_INSTANCE = "instance";

/**
 * A counter of the collector's (or Jaeger v2's) own metrics, whichever way it is named:
 * collector 0.158 (the chart's image) exports its counters without the `_total` suffix
 * (`otelcol_receiver_accepted_spans`), earlier releases and some scrape paths with it.
 */
function collectorCounter(name: string, matchers = ""): string {
  return `{__name__=~"${name}(?:_total)?"${matchers ? `, ${matchers}` : ""}}`;
}

/** Per-second rate of a counter (a series selector) per `by` labels, and per `label` when given. */
function rateBy(by: string, selector: string, label?: string): string {
  return `sum by (${by}${label ? `, ${label}` : ""}) (rate(${selector}[$__rate_interval]))`;
}

/**
 * Is the observability stack itself healthy? Prometheus (targets, head series, rule and
 * remote-write failures), Loki ingestion, the OpenTelemetry Collector pipeline and Jaeger's
 * span storage, from the components' own metrics. Jaeger v2 is built on the collector, so
 * both report `otelcol_*` metrics.
 */
export function stackHealthDashboard(options: StackHealthOptions = {}): dashboard.Dashboard {
  checkCorrelationOptions(options.correlation, `dashboard "${STACK_HEALTH_TITLE}"`);
  const pod = { namespace: seriesLabel("namespace"), pod: seriesLabel("pod") };
  const panel = (title: string, description: string) =>
    metricTimeseries(title, pod, options.correlation).description(description).min(0).span(8);
  const collectorPanel = (title: string, description: string) => metricTimeseries(title, undefined).description(description).min(0).span(8);

  return new dashboard.DashboardBuilder(STACK_HEALTH_TITLE)
    .uid(stableUid(STACK_HEALTH_TITLE))
    .description("Health of Prometheus, Loki, the OpenTelemetry Collector and Jaeger.")
    .tags(["cdktf-observability", "stack-health"])
    .time({ from: "now-6h", to: "now" })
    .refresh("1m")
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withRow(new dashboard.RowBuilder("Prometheus"))
    .withPanel(
      metricTimeseries("Scrape targets up", { service: seriesLabel("job") }, options.correlation)
        .description("Share of each job's targets that answered the last scrape.")
        .unit("percentunit")
        .min(0)
        .max(1)
        .span(12)
        .withTarget(promQuery("sum by (job) (up) / count by (job) (up)", "{{job}}")),
    )
    .withPanel(
      panel("Head series", "Active series in the TSDB head: memory use follows it.")
        .span(12)
        .withTarget(promQuery(`sum by (${BY_POD}) (prometheus_tsdb_head_series)`, "{{pod}}")),
    )
    .withPanel(
      panel("Rule evaluation failures", "Recording and alerting rules that failed to evaluate, per second.")
        .span(12)
        .withTarget(promQuery(rateBy(BY_POD, "prometheus_rule_evaluation_failures_total", "rule_group"), "{{rule_group}}")),
    )
    .withPanel(
      panel("Remote write failures", "Samples remote write could not deliver, per second.")
        .span(12)
        .withTarget(promQuery(rateBy(BY_POD, "prometheus_remote_storage_samples_failed_total", "remote_name"), "{{pod}} {{remote_name}}")),
    )
    .withRow(new dashboard.RowBuilder("Loki"))
    .withPanel(
      panel("Ingested bytes", "Log bytes the distributors receive.")
        .unit("Bps")
        .withTarget(promQuery(rateBy(BY_POD, "loki_distributor_bytes_received_total"), "{{pod}}")),
    )
    .withPanel(
      panel("Push latency p99", "99th percentile of push request duration.")
        .unit("s")
        .withTarget(
          promQuery(
            `histogram_quantile(0.99, ${rateBy(BY_POD, 'loki_request_duration_seconds_bucket{route=~"loki_api_v1_push|otlp_v1_logs|api_prom_push"}', "le")})`,
            "{{pod}}",
          ),
        ),
    )
    .withPanel(
      panel("Discarded samples", "Log lines Loki refused, by reason (rate limits, too old, too long…).")
        .withTarget(promQuery(rateBy(BY_POD, "loki_discarded_samples_total", "reason"), "{{reason}}")),
    )
    .withRow(new dashboard.RowBuilder("OpenTelemetry Collector"))
    .withPanel(
      collectorPanel("Spans received", "Spans each receiver accepted into, or refused at, the pipeline.").targets([
        promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_receiver_accepted_spans"), "receiver"), "{{instance}} {{receiver}} accepted", "A"),
        promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_receiver_refused_spans"), "receiver"), "{{instance}} {{receiver}} refused", "B"),
      ]),
    )
    .withPanel(
      collectorPanel("Export failures", "Telemetry the exporters failed to send, per signal.").targets([
        promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_exporter_send_failed_spans"), "exporter"), "{{exporter}} spans", "A"),
        promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_exporter_send_failed_metric_points"), "exporter"), "{{exporter}} metric points", "B"),
        promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_exporter_send_failed_log_records"), "exporter"), "{{exporter}} log records", "C"),
      ]),
    )
    .withPanel(
      collectorPanel("Exporter queue usage", "Sending queue fill; at 1 new data is dropped.")
        .unit("percentunit")
        .max(1)
        .withTarget(
          promQuery(
            `max by (${BY_INSTANCE}, exporter) (otelcol_exporter_queue_size) / max by (${BY_INSTANCE}, exporter) (otelcol_exporter_queue_capacity)`,
            "{{instance}} {{exporter}}",
          ),
        ),
    )
    .withRow(new dashboard.RowBuilder("Jaeger"))
    .withPanel(
      collectorPanel("Spans stored", "Spans Jaeger's storage exporter wrote, and failed to write.")
        .span(24)
        .targets([
          promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_exporter_sent_spans", 'exporter=~"jaeger_storage_exporter.*"')), "{{instance}} stored", "A"),
          promQuery(rateBy(BY_INSTANCE, collectorCounter("otelcol_exporter_send_failed_spans", 'exporter=~"jaeger_storage_exporter.*"')), "{{instance}} failed", "B"),
        ]),
    )
    .build();
}
