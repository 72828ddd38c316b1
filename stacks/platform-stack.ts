import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { ObservabilityPlatform } from "../constructs";
import { Environment } from "../src/config/environment-schema";
import { configureBackend } from "./backend";

/** `<env>-platform`: the namespace, the Helm releases and the generated secrets of one environment. */
export class PlatformStack extends TerraformStack {
  readonly platform: ObservabilityPlatform;

  constructor(scope: Construct, readonly environment: Environment) {
    const name = `${environment.name}-platform`;
    super(scope, name);
    configureBackend(this, name, environment.backend);
    const connection = { configPath: environment.kubernetes.configPath, configContext: environment.kubernetes.context };
    new KubernetesProvider(this, "kubernetes", connection);
    new HelmProvider(this, "helm", { kubernetes: connection });
    new RandomProvider(this, "random");

    this.platform = new ObservabilityPlatform(this, "observability", {
      namespace: environment.namespace,
      grafanaAdmin: { adminUser: environment.grafana.adminUser },
    });
  }
}
