import { Construct } from "constructs";
import { GrafanaAdminCredentials, GrafanaAdminCredentialsProps } from "./grafana-admin-credentials";
import { MonitoringNamespace, MonitoringNamespaceProps } from "./monitoring-namespace";

export interface ObservabilityPlatformProps {
  /** The monitoring namespace. @default the {@link MonitoringNamespace} defaults (`monitoring`) */
  readonly namespace?: MonitoringNamespaceProps;
  /** Grafana admin credentials; the namespace is filled in. @default admin user `admin`, Secret `grafana-admin` */
  readonly grafanaAdmin?: Omit<GrafanaAdminCredentialsProps, "namespace">;
}

/**
 * The whole in-cluster observability platform of one environment, wired with good
 * defaults: the one entry point of a platform stack. Each part stays usable on its own
 * and is exposed here for stacks and other constructs to wire against.
 */
export class ObservabilityPlatform extends Construct {
  readonly namespace: MonitoringNamespace;
  readonly grafanaAdmin: GrafanaAdminCredentials;

  constructor(scope: Construct, id: string, props: ObservabilityPlatformProps = {}) {
    super(scope, id);
    this.namespace = new MonitoringNamespace(this, "namespace", props.namespace);
    this.grafanaAdmin = new GrafanaAdminCredentials(this, "grafana-admin", {
      ...props.grafanaAdmin,
      namespace: this.namespace.resource.metadata.name,
    });
  }
}
