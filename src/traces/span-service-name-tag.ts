/**
 * The resource attribute the collector copies `service.name` to on spans, so Grafana's span
 * links can name a span's service. Jaeger turns `service.name` into the span's process
 * service name and keeps only the other resource attributes as process tags; Grafana's trace
 * view gives links those tags (`${__span.tags.…}`, `$__tags`) and no service name. This copy
 * is such a tag. Spans that reach Jaeger without the collector lack it.
 */
export const SPAN_SERVICE_NAME_TAG = "service_name";
