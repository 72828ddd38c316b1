import { Testing } from "cdktf";
import * as api from "../constructs";
import { buildAlertingModel } from "../src/alerting/alerting-model";

const DATASOURCES = {
  prometheus: { url: "http://prometheus.monitoring:9090" },
  loki: { url: "http://loki.monitoring" },
  jaeger: { url: "http://jaeger.monitoring:16686" },
  alertmanager: { url: "http://alertmanager.monitoring:9093" },
};

/** The `uid`s of every resource of `type` that a GrafanaWorkspace with alerting synthesizes. */
function workspaceUids(type: string, folderTitle?: string): string[] {
  const model = buildAlertingModel({ contactPoints: [{ name: "team", type: "email", to: ["team@example.com"] }], policy: { contactPoint: "team" } });
  const out = JSON.parse(Testing.synthScope((scope) => new api.GrafanaWorkspace(scope, "grafana", { folderTitle, datasources: DATASOURCES, alerting: { model } })));
  return Object.values<{ uid: string }>(out.resource[type]).map((resource) => resource.uid).sort();
}

describe("the public API (constructs/index.ts) gives an app repo the platform's UIDs", () => {
  it("DATASOURCE_UIDS: the UIDs of the datasources the grafana stack provisions", () => {
    expect(Object.values(api.DATASOURCE_UIDS).sort()).toEqual(workspaceUids("grafana_data_source"));
  });

  it("FOLDER_UIDS: the UIDs of the folder tree the grafana stack provisions", () => {
    expect(Object.values(api.FOLDER_UIDS).sort()).toEqual(workspaceUids("grafana_folder"));
    expect(api.FOLDER_UIDS.services).toBe(api.stableUid("Observability", "Services"));
  });

  it("folderUids(title): the same tree under another top folder", () => {
    expect(Object.values(api.folderUids("Platform")).sort()).toEqual(workspaceUids("grafana_folder", "Platform"));
  });
});
