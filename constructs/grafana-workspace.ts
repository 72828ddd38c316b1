import { Construct } from "constructs";
import { AlertingModel } from "../src/alerting/alerting-model";
import { check } from "../src/config/config-error";
import { ShippedDashboardName, shippedDashboards, ShippedDashboardsOptions } from "../src/dashboards";
import { SUBFOLDER_TITLES, subfolderUid, TOP_FOLDER_TITLE } from "../src/grafana/folder-uids";
import { stableUid } from "../src/grafana/stable-uid";
import { sloDashboard } from "../src/slo/slo-dashboard";
import { SloRules } from "../src/slo/slo-rules";
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
  readonly alerting?: { readonly model: AlertingModel } & Omit<GrafanaAlertingProps, "model" | "folderUid" | "dependsOn" | "ruleGroups">;
  /**
   * SLOs (`buildSloRules`): an error-budget dashboard each in an "SLOs" folder, and their
   * Grafana-managed burn-rate alerts (those on the Grafana engine) beside the alerting's rules,
   * which they need for their routes. @default []
   */
  readonly slos?: readonly SloRules[];
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
  /** The error-budget dashboard of each SLO, by SLO name. */
  readonly sloDashboards: Readonly<Record<string, GrafanaDashboard>>;
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
    const slos = props.slos ?? [];
    const sloFolder = slos.length ? new GrafanaFolder(this, "folder-slos", { title: "SLOs", uid: stableUid(title, "slos"), parentFolderUid: this.folder.uid }) : undefined;
    this.sloDashboards = Object.fromEntries(
      slos.map(({ slo }) => [
        slo.spec.name,
        new GrafanaDashboard(this, `dashboard-slo-${slo.spec.name}`, { folder: sloFolder!.uid, dashboard: sloDashboard(slo, { correlation: props.dashboards?.correlation }) }),
      ]),
    );
    const sloRuleGroups = slos.flatMap((slo) => (slo.grafana ? [slo.grafana] : []));
    const grafanaSlos = slos.filter((slo) => slo.grafana).map(({ slo }) => `"${slo.spec.name}"`);
    check(!grafanaSlos.length || props.alerting !== undefined, this.node.path, "slos", `SLO(s) ${grafanaSlos.join(", ")} alert through Grafana, which needs alerting (contact points, policy)`);
    if (props.alerting) {
      const rulesFolder = new GrafanaFolder(this, "folder-alert-rules", { title: SUBFOLDER_TITLES.alertRules, uid: subfolderUid(title, SUBFOLDER_TITLES.alertRules), parentFolderUid: this.folder.uid });
      this.alerting = new GrafanaAlerting(this, "alerting", {
        ...props.alerting,
        ruleGroups: sloRuleGroups,
        folderUid: rulesFolder.uid,
        // rules query the datasources by UID
        dependsOn: [this.datasources.prometheus, this.datasources.loki],
      });
    }
  }
}
