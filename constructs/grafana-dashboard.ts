import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Construct } from "constructs";
import { escapeTerraformTemplates } from "../src/terraform/escape-templates";
import { Token } from "cdktf";
import { Dashboard } from "../.gen/providers/grafana/dashboard";
import { check, ConfigError } from "../src/config/config-error";
import { GRAFANA_UID, normalizeDashboard } from "../src/dashboards/normalize-dashboard";
import { validateDashboardQueries } from "../src/dashboards/validate-dashboard-queries";

interface GrafanaDashboardCommonProps {
  /** UID of the folder the dashboard goes in: a plain UID or a reference such as `workspace.folder.uid`. */
  readonly folder: string;
  /** Dashboard UID (at most 40 letters, digits, `-`, `_`). @default the model's `uid`, else `stableUid(title)` */
  readonly uid?: string;
  /**
   * Take over a dashboard with the same UID, or the same title in the folder, that already
   * exists in Grafana (made in the UI, or left by a failed apply) instead of failing: the
   * code is the source of truth. @default true
   */
  readonly overwrite?: boolean;
}

/** A dashboard from a JSON model, e.g. `new DashboardBuilder(…).build()` of `@grafana/grafana-foundation-sdk`. */
export interface GrafanaDashboardFromModelProps extends GrafanaDashboardCommonProps {
  /** The dashboard JSON model. */
  readonly dashboard: object;
  readonly file?: never;
}

/** A dashboard from a JSON file exported from Grafana (plain, `{ dashboard, meta }`, or exported for sharing). */
export interface GrafanaDashboardFromFileProps extends GrafanaDashboardCommonProps {
  /** Path of the JSON file, relative to the current directory (the project root under `cdktf synth`). */
  readonly file: string;
  readonly dashboard?: never;
}

export type GrafanaDashboardProps = GrafanaDashboardFromModelProps | GrafanaDashboardFromFileProps;

/** Path of a dashboard in Grafana, to build links from the Grafana URL. */
export function dashboardUrlPath(uid: string): string {
  return `/d/${uid}`;
}

/**
 * One dashboard in a folder, from a JSON model or an exported JSON file. At synth every
 * PromQL/LogQL query is parsed (an error names the dashboard, the panel and the position),
 * and the JSON is normalized (no server-managed fields, a stable UID, sorted keys) so a
 * re-plan shows no drift.
 */
export class GrafanaDashboard extends Construct {
  /** The dashboard UID, known at synth. */
  readonly uid: string;
  /** The dashboard title. */
  readonly title: string;
  /** Path of the dashboard in Grafana (`/d/<uid>`), to build links from the Grafana URL. */
  readonly urlPath: string;
  /** The full URL Grafana reports for the dashboard (known after apply). */
  readonly url: string;
  /** The normalized JSON model sent to Grafana. */
  readonly configJson: string;
  readonly resource: Dashboard;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const where = this.node.path;
    const fromFile = props.file !== undefined;
    check(fromFile !== (props.dashboard !== undefined), where, "dashboard", "give either dashboard (a JSON model) or file (a JSON file), not both");
    check(Token.isUnresolved(props.folder) || GRAFANA_UID.test(props.folder), where, "folder", "must be a folder UID (1 to 40 letters, digits, '-' or '_') or a reference");
    const source = fromFile ? `${where} (${props.file})` : where;

    const model = fromFile ? readDashboardFile(where, props.file) : props.dashboard;
    let normalized: { uid: string; title: string };
    try {
      this.configJson = normalizeDashboard(model, { uid: props.uid });
      normalized = JSON.parse(this.configJson);
      validateDashboardQueries(normalized);
    } catch (error) {
      throw error instanceof ConfigError ? error.within(source) : error;
    }
    this.uid = normalized.uid;
    this.title = normalized.title;
    this.urlPath = dashboardUrlPath(this.uid);
    this.resource = new Dashboard(this, "dashboard", {
      configJson: escapeTerraformTemplates(this.configJson),
      folder: props.folder,
      overwrite: props.overwrite ?? true,
    });
    this.url = this.resource.url;
  }
}

function readDashboardFile(where: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(file), "utf8");
  } catch (error) {
    throw new ConfigError(where, [{ field: "file", problem: `cannot read ${file}: ${(error as Error).message}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(where, [{ field: "file", problem: `${file} is not valid JSON: ${(error as Error).message}` }]);
  }
}
