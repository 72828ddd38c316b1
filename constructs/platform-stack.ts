import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { ObservabilityPlatform } from "./observability-platform";
import { AlertingModel } from "../src/alerting/alerting-model";
import { Environment } from "../src/config/environment-schema";
import { LOKI_CACHES, SIZE_PROFILES } from "../src/config/size-profiles";
import { SloRules } from "../src/slo/slo-rules";
import { configureBackend } from "./terraform-backend";
import { kubernetesConnection } from "./kubernetes-connection";

/** `<env>-platform`: the namespace, the Helm releases and the generated secrets of one environment. */
export class PlatformStack extends TerraformStack {
  readonly platform: ObservabilityPlatform;

  /**
   * @param alerting the environment's alerting, validated once for both engines (this
   * stack's Prometheus and Alertmanager, the grafana stack's Grafana-managed alerting)
   * @param slos the environment's SLOs (`environmentSlos`): rules here, alerts and dashboards
   * in the grafana stack
   */
  constructor(
    scope: Construct,
    readonly environment: Environment,
    readonly alerting?: AlertingModel,
    readonly slos: readonly SloRules[] = [],
  ) {
    const name = `${environment.name}-platform`;
    super(scope, name);
    configureBackend(this, name, environment.backend);
    const { kubernetes, storage, retention, metrics, grafana, logs, traces } = environment;
    const connection = kubernetesConnection(kubernetes);
    new KubernetesProvider(this, "kubernetes", connection);
    new HelmProvider(this, "helm", { kubernetes: connection });
    new RandomProvider(this, "random");

    const size = SIZE_PROFILES[environment.size];
    const volume = ({ persistent, ...claim }: Environment["storage"]["metrics"]) => (persistent ? claim : undefined);
    const traceStorage = traces.storage ?? (storage.traces.persistent ? { type: "badger" as const, ...storage.traces, retention: retention.traces } : { type: "memory" as const });
    this.platform = new ObservabilityPlatform(this, "observability", {
      namespace: environment.namespace,
      appNamespaces: environment.network.appNamespaces,
      ingressNamespaces: environment.network.ingressNamespaces,
      controlPlaneCidrs: environment.network.controlPlaneCidrs,
      grafanaAdmin: { adminUser: grafana.adminUser },
      prometheus: {
        environment: environment.name,
        cluster: kubernetes.clusterName,
        platform: kubernetes.platform,
        prometheus: {
          replicas: size.prometheus.replicas,
          resources: size.prometheus.resources,
          retention: retention.metrics,
          storage: volume(storage.metrics),
          scrapeInterval: metrics.scrapeInterval,
          annotationScraping: metrics.annotationScraping,
          remoteWrite: metrics.remoteWrite,
        },
        alertmanager: {
          replicas: size.alertmanager.replicas,
          resources: size.alertmanager.resources,
          // silences must survive restarts wherever metrics do
          storage: storage.metrics.persistent ? { size: "1Gi", storageClass: storage.metrics.storageClass } : undefined,
        },
        grafana: { ingress: grafana.ingress, resources: size.grafana.resources },
        operatorResources: size.operator.resources,
        kubeStateMetricsResources: size.kubeStateMetrics.resources,
        nodeExporterResources: size.nodeExporter.resources,
      },
      loki: {
        storage: logs.storage,
        tenancy: logs.tenancy,
        retention: retention.logs,
        streamRetention: logs.streamRetention,
        // filesystem storage is one pod's volume; replicas need object storage
        replicas: logs.storage.type === "filesystem" ? 1 : size.loki.replicas,
        resources: size.loki.resources,
        persistence: { enabled: storage.logs.persistent, size: storage.logs.size, storageClass: storage.logs.storageClass },
        caches: LOKI_CACHES[environment.size],
        gateway: { replicas: size.loki.replicas > 1 ? 2 : 1 },
        canary: environment.size !== "small",
      },
      logAgent: { agent: logs.agent, resources: size.logAgent.resources },
      jaeger: {
        storage: traceStorage,
        // in-memory and Badger storage live in one pod
        replicas: traceStorage.type === "memory" || traceStorage.type === "badger" ? 1 : size.jaeger.replicas,
        resources: size.jaeger.resources,
      },
      collector: {
        metricsProtocol: traces.metricsProtocol,
        spanMetrics: traces.spanMetrics ? {} : undefined,
        replicas: size.otelCollector.replicas,
        resources: size.otelCollector.resources,
      },
      databases: environment.databases.map((database) => ({
        ...database,
        replicas: size.postgresExporter.replicas,
        resources: size.postgresExporter.resources,
      })),
      alerting: this.alerting,
      slos,
    });
  }
}
