import { SloSpecInput } from "../../src/slo/slo-spec";

/** Objectives of the API in one environment: percentages, the latency threshold and the window. */
interface ApiObjectives {
  readonly availability: number;
  readonly latency: { readonly objective: number; readonly thresholdSeconds: number };
  readonly timeWindow: string;
}

/**
 * The API's SLOs (the seed's FastAPI backend, `job="api"`, instrumented with
 * starlette-prometheus): an availability SLO on its server errors and a latency SLO on its
 * request duration histogram (the threshold one of prometheus_client's default buckets).
 * Both alert engines are in use, each SLO on one so nothing fires twice: Prometheus evaluates
 * the availability SLO's burn-rate alerts (Alertmanager routes them), Grafana the latency
 * SLO's (over the same recording rules, routed by Grafana's policy tree).
 */
export function apiSlos(objectives: ApiObjectives): SloSpecInput[] {
  const common = { service: "api", timeWindow: objectives.timeWindow };
  return [
    {
      ...common,
      name: "api-availability",
      description: `${objectives.availability} % of API requests are answered without a server error (5xx).`,
      objective: objectives.availability,
      indicator: { type: "availability", profile: "starlette-prometheus" },
    },
    {
      ...common,
      name: "api-latency",
      description: `${objectives.latency.objective} % of API requests are served within ${objectives.latency.thresholdSeconds} s.`,
      objective: objectives.latency.objective,
      indicator: { type: "latency", profile: "starlette-prometheus", thresholdSeconds: objectives.latency.thresholdSeconds },
      engine: "grafana",
    },
  ];
}
