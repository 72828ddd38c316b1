import { z } from "zod";
import { dnsLabel, hostAndPort, httpUrl } from "../config/common-schemas";
import { GRAFANA_UID } from "../dashboards/normalize-dashboard";
import { DATASOURCE_UIDS, DatasourceKind } from "../grafana/datasource-uids";
import { RED_PROFILES, RedProfileName } from "../metrics/red-profiles";

const grafanaUid = z.string().regex(GRAFANA_UID, "must be a Grafana UID (1 to 40 letters, digits, '-' or '_')");
const profileName = z.enum(Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]]);

/**
 * What an application's IaC repo needs to know about a deployed environment, without
 * references into its stacks: where to send telemetry, what to query, and where in Grafana
 * its objects go. The environment's grafana stack publishes it as Terraform outputs.
 */
export const platformValuesSchema = z.strictObject({
  /** Environment name (`dev`, `prod`…). */
  environment: dnsLabel,
  /** Cluster name: the `cluster` label on every series, log stream and alert. */
  cluster: dnsLabel,
  /** The monitoring namespace (Prometheus, Alertmanager, Grafana, Loki, Jaeger, the collector). */
  namespace: dnsLabel,
  /** The OpenTelemetry Collector's OTLP gRPC endpoint, `host:4317`. */
  otlpGrpcEndpoint: hostAndPort,
  /** The OpenTelemetry Collector's OTLP/HTTP base URL, `http://host:4318`. */
  otlpHttpEndpoint: httpUrl,
  /** Prometheus' in-cluster query URL. */
  prometheusUrl: httpUrl,
  /** Alertmanager's in-cluster URL. */
  alertmanagerUrl: httpUrl,
  /** Loki's in-cluster query URL. */
  lokiUrl: httpUrl,
  /** Jaeger's in-cluster query URL. */
  jaegerUrl: httpUrl,
  /** The URL Grafana is reached at (what the grafana provider takes). */
  grafanaUrl: httpUrl,
  /** The RED profiles the environment's dashboards chart and its catalog alerts on. */
  redProfiles: z.array(profileName).min(1, "must list at least one RED profile"),
  /** UIDs of the platform's datasources. */
  datasourceUids: z.strictObject(Object.fromEntries(Object.keys(DATASOURCE_UIDS).map((kind) => [kind, grafanaUid])) as Record<DatasourceKind, typeof grafanaUid>),
  /** UIDs of the platform's folders: the top folder and its `Services` sub-folder, where teams' folders go. */
  folderUids: z.strictObject({ root: grafanaUid, services: grafanaUid }),
});

export type PlatformValues = z.output<typeof platformValuesSchema>;

/** How a value is read back from Terraform outputs: a string, a list of strings, or a map of strings. */
type OutputShape = "string" | "list" | "map";

/**
 * The Terraform output of each platform value, and its shape: the one list the grafana
 * stack writes and `PlatformHandle.fromRemoteState` reads, so no output name is typed twice.
 */
export const PLATFORM_OUTPUTS: { readonly [K in keyof PlatformValues]: { readonly name: string; readonly shape: OutputShape } } = {
  environment: { name: "environment", shape: "string" },
  cluster: { name: "cluster", shape: "string" },
  namespace: { name: "namespace", shape: "string" },
  otlpGrpcEndpoint: { name: "otlp_grpc_endpoint", shape: "string" },
  otlpHttpEndpoint: { name: "otlp_http_endpoint", shape: "string" },
  prometheusUrl: { name: "prometheus_url", shape: "string" },
  alertmanagerUrl: { name: "alertmanager_url", shape: "string" },
  lokiUrl: { name: "loki_url", shape: "string" },
  jaegerUrl: { name: "jaeger_url", shape: "string" },
  grafanaUrl: { name: "grafana_url", shape: "string" },
  redProfiles: { name: "red_profiles", shape: "list" },
  datasourceUids: { name: "datasource_uids", shape: "map" },
  folderUids: { name: "folder_uids", shape: "map" },
};
