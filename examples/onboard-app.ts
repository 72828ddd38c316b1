/**
 * What an application's own IaC repo adds once the platform runs: its metrics scraped and
 * a dashboard of its own next to the shipped ones. Everything comes from the package's
 * public API (here `../constructs`, in another repo `cdktf-observability`).
 */
import { Construct } from "constructs";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { DATASOURCE_UIDS, errorRatio, FOLDER_UIDS, GrafanaDashboard, RED_PROFILES, requestRate, ServiceMonitorManifest } from "../constructs";

export class CheckoutObservability extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new ServiceMonitorManifest(this, "metrics", {
      name: "checkout",
      namespace: "shop",
      selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } },
      endpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
    });
    const red = RED_PROFILES["starlette-prometheus"];
    const panel = (title: string, expr: string) =>
      new timeseries.PanelBuilder().title(title).withTarget(new prometheus.DataqueryBuilder().datasource({ type: "prometheus", uid: DATASOURCE_UIDS.prometheus }).expr(expr));
    new GrafanaDashboard(this, "dashboard", {
      folder: FOLDER_UIDS.services,
      dashboard: new dashboard.DashboardBuilder("Checkout")
        .withPanel(panel("Requests per second", requestRate(red, 'job="checkout"')))
        .withPanel(panel("Error ratio", errorRatio(red, 'job="checkout"')))
        .build(),
    });
  }
}
