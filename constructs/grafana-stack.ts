import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { GrafanaProvider } from "../.gen/providers/grafana/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { GrafanaWorkspace } from "./grafana-workspace";
import { AlertingModel } from "../src/alerting/alerting-model";
import { contactPointSecrets } from "../src/alerting/contact-point";
import { isKubernetesSecret } from "../src/alerting/secret-reference";
import { PLATFORM_OUTPUTS, PlatformValues } from "../src/platform/platform-values";
import { configureBackend } from "./terraform-backend";
import { kubernetesConnection } from "./kubernetes-connection";
import { PlatformStack } from "./platform-stack";

/**
 * `<env>-grafana`: what lives inside Grafana (folders, datasources, dashboards, alerting).
 * It needs the Grafana that the platform stack deploys, so it depends on that stack and
 * reads the generated admin password from it as a sensitive cross-stack reference.
 */
export class GrafanaStack extends TerraformStack {
  readonly workspace: GrafanaWorkspace;

  constructor(scope: Construct, platform: PlatformStack) {
    const { environment } = platform;
    const name = `${environment.name}-grafana`;
    super(scope, name);
    configureBackend(this, name, environment.backend);
    const admin = platform.platform.grafanaAdmin;
    new GrafanaProvider(this, "grafana", { url: environment.grafana.url, auth: `${admin.adminUser}:${admin.password}` });
    this.addDependency(platform);

    const { prometheus, loki, jaeger } = platform.platform;
    // in-cluster URLs: Grafana reaches the backends, Terraform only configures them (plain strings, no cross-stack reference)
    this.workspace = new GrafanaWorkspace(this, "workspace", {
      datasources: {
        prometheus: { url: prometheus.queryUrl, scrapeInterval: environment.metrics.scrapeInterval },
        loki: { url: loki.queryUrl, tenantId: loki.tenantId },
        jaeger: { url: jaeger.queryUrl },
        alertmanager: { url: prometheus.alertmanagerUrl },
        // span → metrics links query the metrics the environment's services expose
        correlations: { redProfiles: environment.grafana.dashboards.redProfiles },
      },
      dashboards: {
        redProfiles: environment.grafana.dashboards.redProfiles,
        compliance: environment.grafana.dashboards.compliance,
      },
      alerting: platform.alerting && { model: platform.alerting, secretsNamespace: platform.platform.namespace.name },
      slos: platform.slos,
    });
    this.publish({
      environment: environment.name,
      cluster: environment.kubernetes.clusterName,
      namespace: platform.platform.namespace.name,
      otlpGrpcEndpoint: platform.platform.collector.otlpGrpcEndpoint,
      otlpHttpEndpoint: platform.platform.collector.otlpHttpEndpoint,
      prometheusUrl: prometheus.queryUrl,
      alertmanagerUrl: prometheus.alertmanagerUrl,
      lokiUrl: loki.queryUrl,
      jaegerUrl: jaeger.queryUrl,
      grafanaUrl: environment.grafana.url,
      redProfiles: [...environment.grafana.dashboards.redProfiles],
      datasourceUids: this.workspace.datasources.uids,
      folderUids: { root: this.workspace.folder.uid, services: this.workspace.folders.Services.uid },
    });
    // contact points that read a Kubernetes Secret need the cluster too
    if (platform.alerting && readsKubernetesSecrets(platform.alerting)) {
      new KubernetesProvider(this, "kubernetes", kubernetesConnection(environment.kubernetes));
    }
  }

  /**
   * What application repos read of this environment (`PlatformHandle.fromRemoteState`), as
   * Terraform outputs; none of them is a secret. Folder UIDs are references, so an app repo
   * only finds them once the folders exist.
   */
  private publish(values: PlatformValues): void {
    for (const key of Object.keys(PLATFORM_OUTPUTS) as Array<keyof PlatformValues>) {
      const { name } = PLATFORM_OUTPUTS[key];
      new TerraformOutput(this, `output-${name}`, { value: values[key], description: `${key}, read by PlatformHandle.fromRemoteState` }).overrideLogicalId(name);
    }
  }
}

function readsKubernetesSecrets(model: AlertingModel): boolean {
  return model.contactPoints.some((cp) => contactPointSecrets(cp).some(({ reference }) => isKubernetesSecret(reference)));
}
