/**
 * The environment an instrumented application needs to send traces, metrics and logs to
 * the collector. The collector forwards context but never creates it: propagation happens
 * in the applications' SDKs, so W3C Trace Context and Baggage are set here, explicitly, for
 * every team (the SDK default, but some agents and older SDKs still default to B3 or Jaeger).
 */
export interface OtelAppEnvironment {
  /** Base URL of the collector's OTLP/HTTP receiver; SDKs append `/v1/<signal>`. */
  readonly OTEL_EXPORTER_OTLP_ENDPOINT: string;
  /** `http/protobuf`: the protocol every SDK supports and the one `OTEL_EXPORTER_OTLP_ENDPOINT` points at. */
  readonly OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf";
  /** `tracecontext,baggage`: W3C Trace Context and W3C Baggage. */
  readonly OTEL_PROPAGATORS: "tracecontext,baggage";
}

export function otelAppEnvironment(otlpHttpEndpoint: string): OtelAppEnvironment {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpHttpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_PROPAGATORS: "tracecontext,baggage",
  };
}
