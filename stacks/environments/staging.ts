import { EnvironmentInput } from "../../src/config/environment-schema";
import { standardAlerting } from "./alerting";
import { apiSlos } from "./slos";

/** The shared pre-production cluster: production shape at a smaller size. */
export const staging: EnvironmentInput = {
  name: "staging",
  kubernetes: { configPath: "~/.kube/config", context: "staging", clusterName: "staging-eu-west-1", platform: "eks" },
  size: "medium",
  retention: { metrics: "15d", logs: "30d", traces: "7d" },
  storage: {
    metrics: { persistent: true, size: "50Gi" },
    logs: { persistent: true, size: "50Gi" },
    traces: { persistent: true, size: "20Gi" },
  },
  network: { appNamespaces: ["staging-apps"], ingressNamespaces: ["ingress-nginx"] },
  namespace: {
    quota: { requestsCpu: "16", requestsMemory: "64Gi", persistentVolumeClaims: 20 },
    limitRange: { defaultRequest: { cpu: "50m", memory: "64Mi" }, defaultLimit: { memory: "512Mi" } },
  },
  grafana: { url: "https://grafana.staging.example.com", ingress: { host: "grafana.staging.example.com", tlsSecret: "grafana-tls", className: "nginx" } },
  logs: {
    storage: {
      type: "s3",
      buckets: { chunks: "example-staging-loki-chunks", ruler: "example-staging-loki-ruler" },
      region: "eu-west-1",
      roleArn: "arn:aws:iam::111111111111:role/staging-loki",
    },
  },
  databases: [
    {
      name: "rentguy",
      connection: { host: "rentguy-staging.cluster-abc.eu-west-1.rds.amazonaws.com", database: "rentguy", user: "postgres_exporter" },
      passwordSecret: { name: "rentguy-db-exporter", key: "password" },
    },
  ],
  alerting: standardAlerting({ type: "email", to: "platform-team@example.com" }),
  slos: apiSlos({ availability: 99.5, latency: { objective: 99, thresholdSeconds: 0.5 }, timeWindow: "28d" }),
  backend: { type: "s3", bucket: "example-terraform-state", region: "eu-west-1", keyPrefix: "observability/staging" },
};
