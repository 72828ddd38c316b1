/** The IANA ports of OTLP: gRPC and HTTP. Jaeger v2 and the collector both listen on them. */
export const OTLP_GRPC_PORT = 4317;
export const OTLP_HTTP_PORT = 4318;

/** Where a component receives OTLP, in the forms exporters and SDKs take. */
export interface OtlpEndpoints {
  /** `host:4317`: what an OTLP gRPC exporter takes (no scheme). */
  readonly grpc: string;
  /** `http://host:4318`: the base URL of OTLP/HTTP (clients append `/v1/traces`, `/v1/metrics`, `/v1/logs`). */
  readonly http: string;
}

export function otlpEndpoints(host: string): OtlpEndpoints {
  return { grpc: `${host}:${OTLP_GRPC_PORT}`, http: `http://${host}:${OTLP_HTTP_PORT}` };
}
