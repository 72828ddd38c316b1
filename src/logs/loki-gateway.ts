import { chartFullname } from "../helm/chart-fullname";
import { ONE_POD_AT_A_TIME } from "../helm/pod-disruption-budget";
import { Values } from "../helm/values";
import { AUXILIARY_RESOURCES } from "../config/auxiliary-resources";
import { Resources } from "../config/size-profiles";

/** The chart's name, from which it derives every resource name. */
const CHART_NAME = "loki";
/** The gateway Service port (the chart's `gateway.service.port`, left at its default). */
export const LOKI_GATEWAY_PORT = 80;

/** In-cluster addresses of a Loki release, all through its nginx gateway. */
export interface LokiEndpoints {
  /** Name of the gateway Service. */
  readonly gatewayService: string;
  readonly gatewayPort: number;
  /** Base URL for queries (Grafana's datasource URL). */
  readonly queryUrl: string;
  /** Push API (Alloy `loki.write`, Promtail clients). */
  readonly pushUrl: string;
  /** OTLP/HTTP base (the collector's `otlphttp` exporter appends `/v1/logs`). */
  readonly otlpEndpoint: string;
  /** Labels selecting the gateway pods, for NetworkPolicies. */
  readonly gatewayPodLabels: Readonly<Record<string, string>>;
}

/** The chart's `loki.fullname`: the release name when it contains `loki`, else `<release>-loki`. */
export function lokiFullname(releaseName: string): string {
  return chartFullname(releaseName, CHART_NAME);
}

/** The chart's `loki.gatewayFullname` (`<fullname>-gateway`, not truncated by the chart). */
export function lokiGatewayService(releaseName: string): string {
  return `${lokiFullname(releaseName)}-gateway`;
}

export function lokiEndpoints(releaseName: string, namespace: string): LokiEndpoints {
  const gatewayService = lokiGatewayService(releaseName);
  // `.svc` without the cluster domain: resolves through the pod's DNS search path on any cluster domain.
  const queryUrl = `http://${gatewayService}.${namespace}.svc:${LOKI_GATEWAY_PORT}`;
  return {
    gatewayService,
    gatewayPort: LOKI_GATEWAY_PORT,
    queryUrl,
    pushUrl: `${queryUrl}/loki/api/v1/push`,
    otlpEndpoint: `${queryUrl}/otlp`,
    gatewayPodLabels: { "app.kubernetes.io/name": CHART_NAME, "app.kubernetes.io/instance": releaseName, "app.kubernetes.io/component": "gateway" },
  };
}

/** The gateway every client goes through (its URLs are this construct's outputs, so it is always on). */
export function lokiGatewayValues(replicas: number, resources: Resources): Values {
  // a budget only for more than one replica (the chart's rule); its required anti-affinity spreads them
  return {
    gateway: {
      enabled: true,
      replicas,
      resources: structuredClone(resources),
      podDisruptionBudget: { ...ONE_POD_AT_A_TIME },
      // the access-log exporter beside nginx
      metrics: { resources: structuredClone(AUXILIARY_RESOURCES.exporter) },
    },
  };
}
