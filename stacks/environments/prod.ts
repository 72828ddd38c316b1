import { EnvironmentInput } from "../../src/config/environment-schema";
import { standardAlerting } from "./alerting";
import { apiSlos } from "./slos";

/** Production: highly available, long retention (audit trails), persistent volumes everywhere. */
export const prod: EnvironmentInput = {
  name: "prod",
  kubernetes: { configPath: "~/.kube/config", context: "production", clusterName: "prod-eu-west-1", platform: "eks" },
  size: "large",
  retention: { metrics: "30d", logs: "365d", traces: "14d" },
  storage: {
    metrics: { persistent: true, size: "200Gi", storageClass: "fast-ssd" },
    logs: { persistent: true, size: "100Gi", storageClass: "fast-ssd" },
    traces: { persistent: true, size: "50Gi", storageClass: "fast-ssd" },
  },
  network: { appNamespaces: ["productie"], ingressNamespaces: ["ingress-nginx"] },
  namespace: {
    quota: { requestsCpu: "32", requestsMemory: "128Gi", persistentVolumeClaims: 30 },
    limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { memory: "1Gi" } },
  },
  grafana: { url: "https://grafana.example.com", ingress: { host: "grafana.example.com", tlsSecret: "grafana-tls", className: "nginx" } },
  logs: {
    storage: {
      type: "s3",
      buckets: { chunks: "example-prod-loki-chunks", ruler: "example-prod-loki-ruler" },
      region: "eu-west-1",
      roleArn: "arn:aws:iam::222222222222:role/prod-loki",
    },
    tenancy: { mode: "multi", tenantId: "platform" },
  },
  traces: {
    storage: {
      type: "opensearch",
      urls: ["https://traces.search.example.com:443"],
      indexPrefix: "prod",
      usernameSecret: { name: "jaeger-opensearch", key: "username" },
      passwordSecret: { name: "jaeger-opensearch", key: "password" },
      retention: "14d",
    },
  },
  databases: [
    {
      name: "rentguy",
      connection: { host: "rentguy-prod.cluster-abc.eu-west-1.rds.amazonaws.com", database: "rentguy", user: "postgres_exporter" },
      passwordSecret: { name: "rentguy-db-exporter", key: "password" },
    },
  ],
  alerting: standardAlerting({ type: "pagerduty" }),
  slos: apiSlos({ availability: 99.9, latency: { objective: 99, thresholdSeconds: 0.5 }, timeWindow: "30d" }),
  backend: { type: "s3", bucket: "example-terraform-state", region: "eu-west-1", keyPrefix: "observability/prod" },
};
