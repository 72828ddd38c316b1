/**
 * RED metrics (rate, errors, duration) of an HTTP service as different instrumentation
 * libraries name them. Dashboards and alert rules build their PromQL from a profile, so one
 * service-level view works whichever library a team uses.
 */
export interface RedProfile {
  /** Profile name, e.g. `otel-http`. */
  readonly name: string;
  /**
   * Counter of handled requests (without `_total` suffix handling: the full series name), or
   * an RE2 pattern of the names (selected with `__name__=~`) where exporters spell it differently.
   */
  readonly requestsTotal: string;
  /** Counter whose series carry the response status (a name or a pattern, as `requestsTotal`), and the matcher selecting server errors. */
  readonly errors: { readonly metric: string; readonly matcher: string };
  /**
   * Histogram of request durations in seconds: the `_bucket` series name, or a pattern of
   * names as `requestsTotal`. @default none (the library records no durations: no latency
   * panels, alerts or SLOs)
   */
  readonly durationBucket?: string;
  /** Label that names the service (the `service` dashboard variable and alert grouping). */
  readonly serviceLabel: string;
  /**
   * Largest finite bucket bound (seconds) of the duration histogram as the library creates
   * it by default: `histogram_quantile` never reports more, so a latency threshold at or
   * above it can never fire. @default unknown (latency thresholds are not checked)
   */
  readonly largestFiniteBucketSeconds?: number;
  /**
   * The finite bucket bounds (seconds, ascending) of the duration histogram as the library
   * creates it by default: a latency SLO counts the requests within one of them.
   * @default unknown (a latency SLO's threshold is not checked against them)
   */
  readonly bucketBoundsSeconds?: readonly number[];
}

/** prometheus_client's default histogram buckets (seconds), which starlette-prometheus keeps. */
const PROMETHEUS_CLIENT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** The buckets of prometheus-fastapi-instrumentator's `http_request_duration_highr_seconds`. */
const INSTRUMENTATOR_HIGHR_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5, 10, 30, 60];

/** The built-in profiles. */
export const RED_PROFILES = {
  /**
   * OpenTelemetry HTTP semantic conventions (`http.server.request.duration`), in both spellings:
   * with the unit suffix as OTLP metrics reach Prometheus (its OTLP receiver, the collector's
   * remote write; `service.name` → `job`), and without it as the OpenTelemetry JS Prometheus
   * exporter serves them for a scrape (the unit only in `# UNIT`).
   */
  "otel-http": {
    name: "otel-http",
    requestsTotal: "http_server_request_duration(_seconds)?_count",
    errors: { metric: "http_server_request_duration(_seconds)?_count", matcher: 'http_response_status_code=~"5.."' },
    durationBucket: "http_server_request_duration(_seconds)?_bucket",
    serviceLabel: "job",
    // the semantic conventions' advice for this histogram (0.005 … 10 s), which the SDKs follow
    largestFiniteBucketSeconds: 10,
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
    largestFiniteBucketSeconds: Math.max(...PROMETHEUS_CLIENT_BUCKETS),
    bucketBoundsSeconds: PROMETHEUS_CLIENT_BUCKETS,
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
    largestFiniteBucketSeconds: Math.max(...INSTRUMENTATOR_HIGHR_BUCKETS),
    bucketBoundsSeconds: INSTRUMENTATOR_HIGHR_BUCKETS,
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
    // the span metrics connector's default buckets (2 ms … 15 s); the collector config sets none of its own
    largestFiniteBucketSeconds: 15,
  },
} as const satisfies Record<string, RedProfile>;

export type RedProfileName = keyof typeof RED_PROFILES;

/** The profiles an environment charts and alerts on unless it lists its own. */
export const DEFAULT_RED_PROFILE_NAMES: readonly RedProfileName[] = ["starlette-prometheus", "otel-http"];

const METRIC_NAME = /^[A-Za-z_:][A-Za-z0-9_:]*$/;

/**
 * The series of `metric` (a name, or a pattern of names) with the given matchers, dropping
 * empty ones: `name{a, b}`, or `{__name__=~"pattern", a, b}`.
 */
export function series(metric: string, ...matchers: Array<string | undefined>): string {
  const name = METRIC_NAME.test(metric) ? undefined : `__name__=~${JSON.stringify(metric)}`;
  const parts = [name, ...matchers].filter((m): m is string => !!m);
  return `${name ? "" : metric}${parts.length ? `{${parts.join(", ")}}` : ""}`;
}

/** Requests per second, per service. `filter` is an extra label matcher such as `job=~"$service"`. */
export function requestRate(profile: RedProfile, filter?: string, window = "5m"): string {
  return `sum by (${profile.serviceLabel}) (rate(${series(profile.requestsTotal, filter)}[${window}]))`;
}

/** Fraction (0–1) of requests answered with a server error, per service. */
export function errorRatio(profile: RedProfile, filter?: string, window = "5m"): string {
  return (
    `sum by (${profile.serviceLabel}) (rate(${series(profile.errors.metric, profile.errors.matcher, filter)}[${window}]))` +
    ` / ${requestRate(profile, filter, window)}`
  );
}

/**
 * One query over several profiles: each profile's `query`, joined with `or`. A service that
 * more than one profile finds (the same label set) keeps the first profile's value only, so
 * an alert on it fires once.
 */
export function anyProfile(profiles: readonly RedProfile[], query: (profile: RedProfile) => string): string {
  if (!profiles.length) throw new Error("anyProfile needs at least one profile");
  return profiles.length === 1 ? query(profiles[0]) : profiles.map((profile) => `(${query(profile)})`).join(" or ");
}

/** The `quantile` (0–1) of request duration in seconds, per service. */
export function latencyQuantile(profile: RedProfile, quantile: number, filter?: string, window = "5m"): string {
  if (!(quantile > 0 && quantile < 1)) throw new Error(`quantile must be between 0 and 1, got ${quantile}`);
  return `histogram_quantile(${quantile}, sum by (${profile.serviceLabel}, le) (rate(${series(durationBucketOf(profile), filter)}[${window}])))`;
}

/** The profile's duration histogram; throws for a profile that has none (see {@link latencyThresholdProblem}). */
export function durationBucketOf(profile: RedProfile): string {
  if (!profile.durationBucket) throw new Error(`RED profile "${profile.name}" has no duration histogram`);
  return profile.durationBucket;
}

/**
 * Why a latency threshold (seconds) cannot be watched on a profile's histogram, if it cannot:
 * the profile has no histogram, or `histogram_quantile` (and any `le` bucket) never reports
 * more than the largest finite bucket, so a threshold at or above it would never be crossed.
 */
export function latencyThresholdProblem(profile: RedProfile, seconds: number): string | undefined {
  if (!profile.durationBucket) return `the ${profile.name} profile has no request duration histogram`;
  const largest = profile.largestFiniteBucketSeconds;
  if (largest === undefined || seconds < largest) return undefined;
  return `${seconds} s cannot be detected: the ${profile.name} histogram's largest finite bucket is ${largest} s, the most histogram_quantile reports`;
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
