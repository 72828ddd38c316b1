import { EnvironmentInput } from "../../src/config/environment-schema";
import { standardAlerting } from "./alerting";
import { apiSlos } from "./slos";

/** A laptop cluster (kind, k3d, minikube…): one replica of everything, short retention, small volumes. */
export const dev: EnvironmentInput = {
  name: "dev",
  kubernetes: { configPath: "~/.kube/config", context: "kind-observability", clusterName: "kind-observability", platform: "kind" },
  size: "small",
  retention: { metrics: "3d", logs: "7d", traces: "1d" },
  storage: {
    metrics: { persistent: false, size: "5Gi" },
    logs: { persistent: true, size: "5Gi" },
    traces: { persistent: false, size: "1Gi" },
  },
  network: { appNamespaces: ["default"] },
  // `kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80`
  grafana: { url: "http://localhost:3000" },
  // seed 2: the application database, watched by postgres_exporter (password Secret in the monitoring namespace)
  databases: [
    {
      name: "rentguy",
      connection: { host: "rentguy-postgresql.default.svc", database: "rentguy", user: "postgres_exporter", sslmode: "disable" },
      passwordSecret: { name: "rentguy-db-exporter", key: "password" },
    },
  ],
  alerting: standardAlerting({ type: "email", to: "dev-team@example.com" }),
  // the budget covers what is kept: 3 days of metrics here
  slos: apiSlos({ availability: 99.5, latency: { objective: 99, thresholdSeconds: 1 }, timeWindow: "28d" }),
  backend: { type: "local" },
};
