import { validateDashboardQueries } from "../src/dashboards/validate-dashboard-queries";
import { buildSloRules, SloContext } from "../src/slo/slo-rules";
import { sloDashboard } from "../src/slo/slo-dashboard";
import { SloSpecInput } from "../src/slo/slo-spec";
import { configErrorOf } from "./helpers/config-error";

const CONTEXT: SloContext = { service: "shop/api", namespace: "productie", profile: "otel-http", team: "shop", runbookBaseUrl: "https://runbooks.example.com" };
const SPEC: SloSpecInput = { name: "api-availability", objective: 99.5, indicator: { type: "availability" } };

type Panel = { title: string; type: string; targets?: Array<{ expr: string }>; fieldConfig?: { defaults?: { links?: Array<{ title: string; url: string }> } }; links?: unknown };
const rules = buildSloRules(SPEC, CONTEXT);
const model = sloDashboard(rules.slo) as unknown as { uid: string; title: string; panels: Panel[] };

describe("SLO dashboard", () => {
  it("has a stable UID and title from the SLO's name", () => {
    expect(model.uid).toBe("slo-api-availability");
    expect((sloDashboard(buildSloRules(SPEC, CONTEXT).slo) as unknown as { uid: string }).uid).toBe(model.uid);
    expect(model.title).toBe("SLO api-availability");
  });

  it("shows the budget remaining, the burn rate per alert window and the SLI over time", () => {
    expect(model.panels.map((p) => p.title)).toEqual(["Error budget remaining", "SLI over 28d", "Burn rate per window", "SLI over time"]);
    const burn = model.panels.find((p) => p.title === "Burn rate per window")!;
    for (const window of ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]) expect(burn.targets!.map((t) => t.expr)).toContain(`slo:sli_error:ratio_rate${window}{slo="api-availability", service="shop/api", namespace="productie"} / 0.005`);
  });

  it("charts only series the SLO's rules record, and every query parses", () => {
    const recorded = new Set(rules.prometheus.rules.groups.flatMap((g) => g.rules.flatMap((r) => ("record" in r ? [r.record] : []))));
    const exprs = model.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    for (const expr of exprs) expect([...expr.matchAll(/[a-z_:]+:[a-z_:0-9]+/g)].every(([name]) => recorded.has(name))).toBe(true);
    expect(validateDashboardQueries(model)).toHaveLength(exprs.length);
  });

  it("links every panel to the service's logs and traces in its namespace, by the service name an OTLP job carries after its namespace", () => {
    for (const panel of model.panels) {
      const links = panel.fieldConfig?.defaults?.links ?? [];
      expect(links.map((l) => l.title)).toEqual(["Logs in Loki", "Traces in Jaeger"]);
      const logs = decodeURIComponent(links[0].url);
      expect(logs).toContain('service_name=\\"api\\"');
      expect(logs).toContain('namespace=\\"productie\\"');
    }
  });

  it("rejects bad correlation options naming the dashboard", () => {
    expect(configErrorOf(() => sloDashboard(rules.slo, { correlation: { lokiLabels: { service: "not a label" } } })).message).toMatch(/^dashboard "SLO api-availability": correlation.lokiLabels.service/);
  });
});
