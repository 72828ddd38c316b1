import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder as LokiQuery } from "@grafana/grafana-foundation-sdk/loki";
import { PanelBuilder as LogsPanel } from "@grafana/grafana-foundation-sdk/logs";
import { DataqueryBuilder as PrometheusQuery } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { GrafanaDashboard, GrafanaDashboardProps } from "../constructs/grafana-dashboard";
import { escapeTerraformTemplates } from "../src/terraform/escape-templates";
import { GrafanaFolder, GrafanaFolderProps } from "../constructs/grafana-folder";
import { ConfigError } from "../src/config/config-error";
import { normalizeDashboard } from "../src/dashboards/normalize-dashboard";
import { configErrorOf } from "./helpers/config-error";

const FIXTURE = join(__dirname, "fixtures", "api-dashboard.json");
type Synth = { resource: Record<string, Record<string, any>> };

function synth(build: (scope: Construct) => void): Synth {
  return JSON.parse(Testing.synthScope(build));
}
const only = (out: Synth, type: string) => {
  const blocks = Object.values(out.resource[type] ?? {});
  expect(blocks).toHaveLength(1);
  return blocks[0];
};
/** What Grafana receives: Terraform turns `$${` back into `${`. */
const sent = (configJson: string) => JSON.parse(configJson.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{"));

function errorOf(build: (scope: Construct) => void): ConfigError {
  return configErrorOf(() => synth(build));
}

const checkout = (expr = 'sum by (job) (rate(http_server_request_duration_seconds_count{job=~"${service}"}[$__rate_interval]))') =>
  new DashboardBuilder("Checkout")
    .withPanel(new TimeseriesPanel().title("Request rate").datasource({ type: "prometheus", uid: "prometheus" }).withTarget(new PrometheusQuery().expr(expr)))
    .withPanel(new LogsPanel().title("Errors").datasource({ type: "loki", uid: "loki" }).withTarget(new LokiQuery().expr('{app="checkout"} |= "error"')))
    .build();

describe("GrafanaDashboard", () => {
  it("creates a grafana_dashboard in the folder with the normalized model", () => {
    let dashboard!: GrafanaDashboard;
    const out = synth((scope) => {
      dashboard = new GrafanaDashboard(scope, "checkout", { folder: "observability", dashboard: checkout() });
    });
    const resource = only(out, "grafana_dashboard");
    expect(resource.folder).toBe("observability");
    expect(resource.overwrite).toBe(true);
    expect(sent(resource.config_json)).toEqual(JSON.parse(normalizeDashboard(checkout())));
    expect(dashboard.uid).toBe("checkout");
    expect(dashboard.title).toBe("Checkout");
    expect(dashboard.urlPath).toBe("/d/checkout");
    expect(dashboard.url).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  it("escapes Grafana's ${…} and %{…} so Terraform does not read them as templates", () => {
    const resource = only(synth((scope) => new GrafanaDashboard(scope, "checkout", { folder: "observability", dashboard: checkout() })), "grafana_dashboard");
    expect(resource.config_json).toContain('job=~\\"$${service}\\"');
    expect(resource.config_json.replace(/\$\$\{/g, "")).not.toContain("${");
    expect(escapeTerraformTemplates("a ${b} %{c} $${d} $e ${TfToken[TOKEN.1]}")).toBe("a $${b} %%{c} $$${d} $e ${TfToken[TOKEN.1]}");
  });

  it("uses the given UID and overwrite setting, and takes a folder reference", () => {
    let folder!: GrafanaFolder;
    const out = synth((scope) => {
      folder = new GrafanaFolder(scope, "team", { title: "Team shop" });
      new GrafanaDashboard(scope, "checkout", { folder: folder.uid, dashboard: checkout(), uid: "shop-checkout", overwrite: false });
    });
    const resource = only(out, "grafana_dashboard");
    expect(resource.folder).toMatch(/^\$\{grafana_folder\.[\w-]+\.uid\}$/);
    expect(resource.overwrite).toBe(false);
    expect(sent(resource.config_json).uid).toBe("shop-checkout");
  });

  it("fails synth on a broken query, naming the construct, the dashboard, the panel and the position", () => {
    const error = errorOf((scope) => new GrafanaDashboard(scope, "checkout", { folder: "observability", dashboard: checkout("sum(rate(http_requests_total[5m])") }));
    expect(error.message).toMatch(
      /^stack\/checkout: dashboard "Checkout", panel "Request rate": panels\[0\]\.targets\[0\]\.expr: invalid PromQL at line 1, column 34: .*rate\(http_requests_total\[5m\]\)⟨here⟩$/,
    );
  });

  it("imports an exported JSON file the same way as a model", () => {
    let dashboard!: GrafanaDashboard;
    const out = synth((scope) => {
      dashboard = new GrafanaDashboard(scope, "imported", { folder: "observability", file: FIXTURE });
    });
    const configJson = sent(only(out, "grafana_dashboard").config_json);
    expect(configJson).toEqual(JSON.parse(normalizeDashboard(JSON.parse(readFileSync(FIXTURE, "utf8")))));
    expect(configJson).not.toHaveProperty("id");
    expect(configJson).not.toHaveProperty("version");
    expect(dashboard.uid).toBe("f4k3-r4nd0m-uid");
  });

  it("names the file when an imported dashboard has a broken query", () => {
    const dir = mkdtempSync(join(tmpdir(), "dashboard-file-"));
    const model = JSON.parse(readFileSync(FIXTURE, "utf8"));
    model.dashboard.panels[1].panels[0].targets[0].expr = '{namespace="shop"} |=';
    const file = join(dir, "broken.json");
    writeFileSync(file, JSON.stringify(model));
    expect(errorOf((scope) => new GrafanaDashboard(scope, "imported", { folder: "observability", file })).message).toMatch(
      new RegExp(`^stack/imported \\(${file}\\): dashboard "Shop checkout", panel "Checkout errors": panels\\[1\\]\\.panels\\[0\\]\\.targets\\[0\\]\\.expr: invalid LogQL`),
    );
  });

  it.each<[string, (dir: string) => GrafanaDashboardProps, RegExp]>([
    ["a missing file", (dir) => ({ folder: "o", file: join(dir, "missing.json") }), /^stack\/d: file: cannot read .*missing\.json: ENOENT/],
    ["a file that is not JSON", (dir) => (writeFileSync(join(dir, "bad.json"), "{ title: "), { folder: "o", file: join(dir, "bad.json") }), /^stack\/d: file: .*bad\.json is not valid JSON: /],
    ["both a model and a file", () => ({ folder: "o", file: FIXTURE, dashboard: checkout() }) as never, /^stack\/d: dashboard: give either dashboard \(a JSON model\) or file/],
    ["neither a model nor a file", () => ({ folder: "o" }) as never, /^stack\/d: dashboard: give either/],
    ["a folder that is not a UID", () => ({ folder: "My folder", dashboard: checkout() }), /^stack\/d: folder: must be a folder UID/],
    ["a model without title", () => ({ folder: "o", dashboard: { panels: [] } }), /^stack\/d: dashboard: title: must be a non-empty string$/],
    ["a UID over 40 characters", () => ({ folder: "o", dashboard: checkout(), uid: "u".repeat(41) }), /^stack\/d: dashboard "Checkout": uid: /],
  ])("rejects %s", (_, props, message) => {
    const dir = mkdtempSync(join(tmpdir(), "dashboard-file-"));
    expect(errorOf((scope) => new GrafanaDashboard(scope, "d", props(dir))).message).toMatch(message);
  });
});

describe("GrafanaFolder", () => {
  it("creates a folder with a UID from its title, nested under a parent by reference", () => {
    const out = synth((scope) => {
      const team = new GrafanaFolder(scope, "team", { title: "Team shop" });
      new GrafanaFolder(scope, "services", { title: "Services", uid: "shop-services", parentFolderUid: team.uid, preventDestroyIfNotEmpty: false });
    });
    const folders = Object.fromEntries(Object.values(out.resource.grafana_folder).map((f) => [f.uid, f]));
    expect(folders["team-shop"]).toEqual({ title: "Team shop", uid: "team-shop", prevent_destroy_if_not_empty: true });
    expect(folders["shop-services"]).toEqual(expect.objectContaining({ title: "Services", prevent_destroy_if_not_empty: false }));
    expect(folders["shop-services"].parent_folder_uid).toMatch(/^\$\{grafana_folder\.team_folder_\w+\.uid\}$/);
  });

  it.each<[GrafanaFolderProps, RegExp]>([
    [{ title: " " }, /^stack\/f: title: must not be empty$/],
    [{ title: "T", uid: "a b" }, /^stack\/f: uid: "a b" must be 1 to 40 letters/],
    [{ title: "T", parentFolderUid: "no/slashes" }, /^stack\/f: parentFolderUid: must be a folder UID or a reference$/],
    [{ title: "T", parentFolderUid: "t" }, /^stack\/f: parentFolderUid: must not be the folder itself$/],
  ])("rejects %j", (props, message) => {
    expect(errorOf((scope) => new GrafanaFolder(scope, "f", props)).message).toMatch(message);
  });
});
