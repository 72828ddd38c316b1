import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DashboardBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder as PrometheusQuery } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { canonicalJson, normalizeDashboard } from "../src/dashboards/normalize-dashboard";
import { stableUid } from "../src/grafana/stable-uid";
import { configErrorOf } from "./helpers/config-error";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8"));
const parsed = (json: string) => JSON.parse(json) as Record<string, any>;

/** Every object below `value` (itself included). */
function objectsIn(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (typeof value !== "object" || value === null) return [];
  return [value as Record<string, unknown>, ...Object.values(value).flatMap(objectsIn)];
}

/** The same JSON with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
}

const errorOf = configErrorOf;

const sdkDashboard = () =>
  new DashboardBuilder("Checkout service")
    .tags(["shop"])
    .withPanel(new TimeseriesPanel().title("Requests").withTarget(new PrometheusQuery().expr("sum(rate(http_requests_total[5m]))")))
    .withRow(new RowBuilder("Details").collapsed(true).withPanel(new TimeseriesPanel().title("Latency").withTarget(new PrometheusQuery().expr("up"))))
    .build();

describe("canonicalJson", () => {
  it("sorts keys at every depth, keeps array order and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"x":2,"z":1}]},"b":1}');
  });
});

describe("normalizeDashboard", () => {
  it("removes the server-managed fields and the API's meta wrapper", () => {
    const out = parsed(normalizeDashboard(fixture("api-dashboard.json")));
    for (const field of ["id", "version", "iteration", "meta", "dashboard"]) expect(out).not.toHaveProperty(field);
    expect(out.title).toBe("Shop checkout");
    expect(out.uid).toBe("f4k3-r4nd0m-uid");
    expect(out.panels[1].panels[0].title).toBe("Checkout errors");
  });

  it("unwraps the `{ dashboard, folderUid, overwrite }` body of the dashboards API", () => {
    expect(parsed(normalizeDashboard({ dashboard: { title: "Posted", id: 3 }, folderUid: "x", overwrite: true }))).toEqual({ title: "Posted", uid: "posted" });
  });

  it("sorts the keys of every object", () => {
    for (const object of objectsIn(parsed(normalizeDashboard(fixture("api-dashboard.json"))))) {
      expect(Object.keys(object)).toEqual([...Object.keys(object)].sort());
    }
  });

  it("gives byte-identical output when run again, and whatever the input's key order", () => {
    for (const input of [fixture("api-dashboard.json"), fixture("shared-dashboard.json"), sdkDashboard()]) {
      const once = normalizeDashboard(input);
      expect(normalizeDashboard(JSON.parse(once))).toBe(once);
      expect(normalizeDashboard(reversedKeys(input))).toBe(once);
    }
  });

  it("normalizes a foundation-sdk model: UID from the title, panels numbered, undefined dropped", () => {
    const model = sdkDashboard();
    const out = parsed(normalizeDashboard(model));
    expect(out.uid).toBe(stableUid("Checkout service"));
    expect(out.uid).toBe("checkout-service");
    expect([out.panels[0].id, out.panels[1].id, out.panels[1].panels[0].id]).toEqual([1, 2, 3]);
    expect(out.panels[1].type).toBe("row");
    expect(normalizeDashboard({ title: "T", description: undefined, panels: [{ title: "p", id: 4, links: undefined }] })).toBe(
      '{"panels":[{"id":4,"title":"p"}],"title":"T","uid":"t"}',
    );
    expect(model).not.toHaveProperty("uid");
  });

  it("keeps valid panel ids and renumbers missing, zero and duplicate ones", () => {
    const out = parsed(normalizeDashboard({ title: "T", panels: [{ id: 2 }, { id: 2 }, { id: 0 }, { type: "row", panels: [{ id: 7 }, {}] }] }));
    expect([out.panels[0].id, out.panels[1].id, out.panels[2].id, out.panels[3].id, out.panels[3].panels[0].id, out.panels[3].panels[1].id]).toEqual([2, 1, 3, 4, 7, 5]);
  });

  it("takes the given UID over the model's, and the model's over one derived from the title", () => {
    expect(parsed(normalizeDashboard(fixture("api-dashboard.json"), { uid: "shop-checkout" })).uid).toBe("shop-checkout");
    expect(parsed(normalizeDashboard({ title: "Å long title: with (punctuation)!" })).uid).toBe("long-title-with-punctuation");
  });

  it("binds the datasource inputs of a dashboard exported for sharing to the provisioned datasources", () => {
    const input = fixture("shared-dashboard.json");
    const out = parsed(normalizeDashboard(input));
    for (const field of ["__inputs", "__requires", "__elements", "id", "version"]) expect(out).not.toHaveProperty(field);
    expect(out.uid).toBe("audit-trail");
    expect(out.panels[0].datasource).toEqual({ type: "loki", uid: "loki" });
    expect(out.panels[1].datasource).toEqual({ type: "prometheus", uid: "prometheus" });
    expect(out.templating.list[0].query).toBe("productie");
    expect(out.templating.list[1].datasource.uid).toBe("loki");
    expect(JSON.stringify(out)).not.toMatch(/\$\{(DS|VAR)_/);
    // dashboard variables are not inputs and stay as they are
    expect(out.panels[0].targets[0].expr).toBe('{namespace="$namespace"} |= "UserLogin"');
    expect(input.__inputs).toHaveLength(3);
  });

  it("rejects an input bound to a datasource this library does not provision", () => {
    const input = { title: "ES", __inputs: [{ name: "DS_ES", type: "datasource", pluginId: "elasticsearch" }], panels: [] };
    expect(errorOf(() => normalizeDashboard(input)).message).toMatch(/^dashboard "ES": __inputs\[0\]: no provisioned datasource of plugin "elasticsearch" for \$\{DS_ES\}/);
  });

  it.each([
    [{ panels: [] }, 'dashboard: title: must be a non-empty string'],
    [{ title: "  " }, "dashboard: title: must be a non-empty string"],
    [[{ title: "x" }], "dashboard: must be a JSON object (a dashboard model)"],
    [{ title: "Long", uid: "a".repeat(41) }, `dashboard "Long": uid: "${"a".repeat(41)}" must be 1 to 40 letters, digits, '-' or '_'`],
    [{ title: "Slash", uid: "team/dash" }, `dashboard "Slash": uid: "team/dash" must be 1 to 40 letters, digits, '-' or '_'`],
  ])("rejects %j", (input, message) => {
    expect(errorOf(() => normalizeDashboard(input)).message).toBe(message);
  });

  it("rejects a bad UID given as an option", () => {
    expect(errorOf(() => normalizeDashboard({ title: "T" }, { uid: "x".repeat(41) })).message).toMatch(/^dashboard "T": uid: /);
  });
});
