import { Construct } from "constructs";
import { AlertingModel } from "../src/alerting/alerting-model";
import { ShippedDashboardName, shippedDashboards, ShippedDashboardsOptions } from "../src/dashboards";
import { SUBFOLDER_TITLES, subfolderUid, TOP_FOLDER_TITLE } from "../src/grafana/folder-uids";
import { stableUid } from "../src/grafana/stable-uid";
import { GrafanaAlerting, GrafanaAlertingProps } from "./grafana-alerting";
import { GrafanaDashboard } from "./grafana-dashboard";
import { GrafanaDatasources, GrafanaDatasourcesProps } from "./grafana-datasources";
import { GrafanaFolder } from "./grafana-folder";

export interface GrafanaWorkspaceProps {
  /** Title of the top folder holding everything this library provisions. @default "Observability" */
  readonly folderTitle?: string;
  /** The Prometheus, Loki, Jaeger and Alertmanager datasources, from the platform's typed endpoints. */
  readonly datasources: GrafanaDatasourcesProps;
  /** Options of the six shipped dashboards. @default the built-in defaults */
  readonly dashboards?: ShippedDashboardsOptions;
  /**
   * Grafana-managed alerting: the model's Grafana-engine rules (in an "Alert rules" folder),
   * its contact points, policy tree, mute timings and templates. @default none
   */
  readonly alerting?: { readonly model: AlertingModel } & Omit<GrafanaAlertingProps, "model" | "folderUid" | "dependsOn">;
}

/** The sub-folder of the top folder each shipped dashboard goes into. */
const DASHBOARD_FOLDERS: Record<ShippedDashboardName, string> = {
  "service-red": SUBFOLDER_TITLES.services,
  "release-impact": SUBFOLDER_TITLES.services,
  "kubernetes-overview": SUBFOLDER_TITLES.kubernetes,
  postgresql: SUBFOLDER_TITLES.databases,
  "compliance-audit": SUBFOLDER_TITLES.compliance,
  "stack-health": SUBFOLDER_TITLES.observabilityStack,
};

/**
 * Everything provisioned inside Grafana through its API for one environment: the entry
 * point of a grafana stack. Datasources with their correlations, a folder tree, and the
 * shipped dashboards. Needs a configured `grafana` provider in its stack.
 */
export class GrafanaWorkspace extends Construct {
  /** The top folder. */
  readonly folder: GrafanaFolder;
  /** Sub-folders by title. */
  readonly folders: Readonly<Record<string, GrafanaFolder>>;
  readonly datasources: GrafanaDatasources;
  readonly dashboards: Readonly<Record<ShippedDashboardName, GrafanaDashboard>>;
  readonly alerting?: GrafanaAlerting;

  constructor(scope: Construct, id: string, props: GrafanaWorkspaceProps) {
    super(scope, id);
    const title = props.folderTitle ?? TOP_FOLDER_TITLE;
    this.folder = new GrafanaFolder(this, "folder", { title });
    const subfolders = [...new Set(Object.values(DASHBOARD_FOLDERS))].sort();
    this.folders = Object.fromEntries(
      subfolders.map((name) => [
        name,
        new GrafanaFolder(this, `folder-${stableUid(name)}`, { title: name, uid: subfolderUid(title, name), parentFolderUid: this.folder.uid }),
      ]),
    );
    this.datasources = new GrafanaDatasources(this, "datasources", props.datasources);
    const models = shippedDashboards(props.dashboards);
    this.dashboards = Object.fromEntries(
      (Object.keys(models) as ShippedDashboardName[]).map((name) => [
        name,
        new GrafanaDashboard(this, `dashboard-${name}`, { folder: this.folders[DASHBOARD_FOLDERS[name]].uid, dashboard: models[name] }),
      ]),
    ) as Record<ShippedDashboardName, GrafanaDashboard>;
    if (props.alerting) {
      const rulesFolder = new GrafanaFolder(this, "folder-alert-rules", { title: SUBFOLDER_TITLES.alertRules, uid: subfolderUid(title, SUBFOLDER_TITLES.alertRules), parentFolderUid: this.folder.uid });
      this.alerting = new GrafanaAlerting(this, "alerting", {
        ...props.alerting,
        folderUid: rulesFolder.uid,
        // rules query the datasources by UID
        dependsOn: [this.datasources.prometheus, this.datasources.loki],
      });
    }
  }
}
