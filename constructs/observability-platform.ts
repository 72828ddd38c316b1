import { Construct } from "constructs";
import { GrafanaAdminCredentials, GrafanaAdminCredentialsProps } from "./grafana-admin-credentials";
import { MonitoringNamespace, MonitoringNamespaceProps } from "./monitoring-namespace";
import { PrometheusStack, PrometheusStackProps } from "./prometheus-stack";

/** kube-prometheus-stack props; namespace, admin Secret and ordering are filled in by the platform. */
export type PlatformPrometheusProps = Omit<PrometheusStackProps, "namespace" | "grafana" | "dependsOn"> & {
  /** Grafana settings other than its admin Secret. @default persistence 1Gi, no ingress */
  readonly grafana?: Omit<PrometheusStackProps["grafana"], "adminSecret">;
};

export interface ObservabilityPlatformProps {
  /** The monitoring namespace. @default the {@link MonitoringNamespace} defaults (`monitoring`) */
  readonly namespace?: MonitoringNamespaceProps;
  /** Grafana admin credentials; the namespace is filled in. @default admin user `admin`, Secret `grafana-admin` */
  readonly grafanaAdmin?: Omit<GrafanaAdminCredentialsProps, "namespace">;
  /** Prometheus, Alertmanager and Grafana (kube-prometheus-stack). */
  readonly prometheus: PlatformPrometheusProps;
}

/**
 * The whole in-cluster observability platform of one environment, wired with good
 * defaults: the one entry point of a platform stack. Each part stays usable on its own
 * and is exposed here for stacks and other constructs to wire against.
 */
export class ObservabilityPlatform extends Construct {
  readonly namespace: MonitoringNamespace;
  readonly grafanaAdmin: GrafanaAdminCredentials;
  readonly prometheus: PrometheusStack;

  constructor(scope: Construct, id: string, props: ObservabilityPlatformProps) {
    super(scope, id);
    this.namespace = new MonitoringNamespace(this, "namespace", props.namespace);
    const namespace = this.namespace.name;
    this.grafanaAdmin = new GrafanaAdminCredentials(this, "grafana-admin", {
      ...props.grafanaAdmin,
      namespace: this.namespace.resource.metadata.name,
    });

    this.prometheus = new PrometheusStack(this, "prometheus", {
      ...props.prometheus,
      namespace,
      grafana: {
        ...props.prometheus.grafana,
        adminSecret: {
          name: this.grafanaAdmin.secretName,
          userKey: GrafanaAdminCredentials.USER_KEY,
          passwordKey: GrafanaAdminCredentials.PASSWORD_KEY,
        },
      },
      dependsOn: [this.namespace.resource, this.grafanaAdmin.secret],
    });
    // the API server calls the operator's admission webhook from outside any namespace
    this.namespace.allowIngress("apiserver-to-operator-webhook", {
      podSelector: this.prometheus.podLabels.operator,
      fromCidrs: ["0.0.0.0/0", "::/0"],
      ports: [{ port: 10250 }],
    });
  }
}
