/**
 * RED metrics (rate, errors, duration) of an HTTP service as different instrumentation
 * libraries name them. Dashboards and alert rules build their PromQL from a profile, so one
 * service-level view works whichever library a team uses.
 */
export interface RedProfile {
  /** Profile name, e.g. `otel-http`. */
  readonly name: string;
  /** Counter of handled requests (without `_total` suffix handling: the full series name). */
  readonly requestsTotal: string;
  /** Counter whose series carry the response status, and the matcher selecting server errors. */
  readonly errors: { readonly metric: string; readonly matcher: string };
  /** Histogram of request durations in seconds: the `_bucket` series name. */
  readonly durationBucket: string;
  /** Label that names the service (the `service` dashboard variable and alert grouping). */
  readonly serviceLabel: string;
  /**
   * Largest finite bucket bound (seconds) of the duration histogram as the library creates
   * it by default: `histogram_quantile` never reports more, so a latency threshold at or
   * above it can never fire. @default unknown (latency thresholds are not checked)
   */
  readonly largestFiniteBucketSeconds?: number;
}

/** The built-in profiles. */
export const RED_PROFILES = {
  /** OpenTelemetry HTTP semantic conventions, as Prometheus names OTLP metrics (`service.name` → `job`). */
  "otel-http": {
    name: "otel-http",
    requestsTotal: "http_server_request_duration_seconds_count",
    errors: { metric: "http_server_request_duration_seconds_count", matcher: 'http_response_status_code=~"5.."' },
    durationBucket: "http_server_request_duration_seconds_bucket",
    serviceLabel: "job",
  },
  /**
   * `starlette-prometheus` (FastAPI/Starlette middleware), scraped by Prometheus (`job` = the
   * service); its histogram has prometheus_client's default buckets (0.005 … 10 s).
   */
  "starlette-prometheus": {
    name: "starlette-prometheus",
    requestsTotal: "starlette_requests_total",
    errors: { metric: "starlette_responses_total", matcher: 'status_code=~"5.."' },
    durationBucket: "starlette_requests_processing_time_seconds_bucket",
    serviceLabel: "job",
    largestFiniteBucketSeconds: 10,
  },
  /**
   * `prometheus-fastapi-instrumentator` (status codes grouped as `2xx`, `5xx`…). Durations
   * come from its `http_request_duration_highr_seconds` (buckets 0.01 … 60 s, no handler or
   * method label): the per-handler `http_request_duration_seconds` has only 0.1, 0.5 and 1 s,
   * so its quantiles never exceed 1 s.
   */
  "prometheus-fastapi-instrumentator": {
    name: "prometheus-fastapi-instrumentator",
    requestsTotal: "http_requests_total",
    errors: { metric: "http_requests_total", matcher: 'status="5xx"' },
    durationBucket: "http_request_duration_highr_seconds_bucket",
    serviceLabel: "job",
    largestFiniteBucketSeconds: 60,
  },
  /**
   * RED metrics the OpenTelemetry Collector derives from spans (`spanMetrics`), for services
   * that export no metrics of their own; they count every span kind, filter on
   * `span_kind="SPAN_KIND_SERVER"` for served requests.
   */
  "otel-span-metrics": {
    name: "otel-span-metrics",
    requestsTotal: "traces_span_metrics_calls_total",
    errors: { metric: "traces_span_metrics_calls_total", matcher: 'status_code="STATUS_CODE_ERROR"' },
    durationBucket: "traces_span_metrics_duration_seconds_bucket",
    serviceLabel: "service_name",
  },
} as const satisfies Record<string, RedProfile>;

export type RedProfileName = keyof typeof RED_PROFILES;

/** `{a, b}` from matcher strings, dropping empty ones. */
function selector(...matchers: Array<string | undefined>): string {
  const parts = matchers.filter((m): m is string => !!m);
  return parts.length ? `{${parts.join(", ")}}` : "";
}

/** Requests per second, per service. `filter` is an extra label matcher such as `job=~"$service"`. */
export function requestRate(profile: RedProfile, filter?: string, window = "5m"): string {
  return `sum by (${profile.serviceLabel}) (rate(${profile.requestsTotal}${selector(filter)}[${window}]))`;
}

/** Fraction (0–1) of requests answered with a server error, per service. */
export function errorRatio(profile: RedProfile, filter?: string, window = "5m"): string {
  return (
    `sum by (${profile.serviceLabel}) (rate(${profile.errors.metric}${selector(profile.errors.matcher, filter)}[${window}]))` +
    ` / ${requestRate(profile, filter, window)}`
  );
}

/** The `quantile` (0–1) of request duration in seconds, per service. */
export function latencyQuantile(profile: RedProfile, quantile: number, filter?: string, window = "5m"): string {
  if (!(quantile > 0 && quantile < 1)) throw new Error(`quantile must be between 0 and 1, got ${quantile}`);
  return `histogram_quantile(${quantile}, sum by (${profile.serviceLabel}, le) (rate(${profile.durationBucket}${selector(filter)}[${window}])))`;
}

/**
 * OTLP metrics name their service in `job` as `<service.namespace>/<service.name>` (the
 * namespace part only when set): Prometheus' OTLP receiver and the collector's
 * prometheus_remote_write exporter both write it so. This RE2 pattern matches that
 * optional `<service.namespace>/`, to put before a service name.
 */
export const JOB_NAMESPACE_PREFIX = "(?:[^/]+/)?";

/** Group 1 of this (RE2, anchored) pattern is the service name of a `job`, with or without the namespace part. */
export const SERVICE_NAME_OF_JOB = `${JOB_NAMESPACE_PREFIX}(.+)`;

/** The label {@link withServiceName} puts the bare service name under (Loki's and the span metrics' name for it). */
export const SERVICE_NAME_LABEL = "service_name";

/**
 * `expr` (a RED query grouped by the profile's service label) with the service name itself
 * as `service_name`, cut out of an OTLP `job`: what logs (Loki `service_name`) and traces
 * (Jaeger's service) are found by.
 */
export function withServiceName(profile: RedProfile, expr: string): string {
  if (profile.serviceLabel === SERVICE_NAME_LABEL) return expr;
  return `label_replace(${expr}, "${SERVICE_NAME_LABEL}", "$1", "${profile.serviceLabel}", "${SERVICE_NAME_OF_JOB}")`;
}
