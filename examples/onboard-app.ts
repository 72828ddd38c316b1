/**
 * What an application's own IaC repo adds once the platform runs: one service onboarded
 * with its metrics scraped, its RED dashboard, its alerts, an SLO and its team's routing, against
 * the platform's published outputs. Everything comes from the package's public API (here
 * `../constructs`, in another repo `cdktf-observability`). The stack around it configures
 * the kubernetes and grafana providers.
 */
import { Construct } from "constructs";
import { PlatformHandle, ServiceObservability } from "../constructs";

export class CheckoutObservability extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const platform = PlatformHandle.fromRemoteState(this, { environment: "prod", backend: { type: "s3", bucket: "acme-terraform-state", region: "eu-west-1" } });
    new ServiceObservability(this, "checkout", {
      platform,
      service: "checkout", namespace: "shop", team: "shop",
      selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } },
      port: "http", profile: "starlette-prometheus",
      contactPoint: { type: "slack", webhookUrl: { secret: { name: "shop-alerting", key: "slack-url" } } },
      slo: { name: "checkout-availability", objective: 99.9, indicator: { type: "availability" } },
    });
  }
}
