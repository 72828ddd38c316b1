import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderMarkdown } from "../src/review/render-markdown";
import { reviewApps } from "../src/review/review-app";
import { loadSynthesizedApp } from "../src/review/synthesized-app";
import { appOf, release, ResourceSpec } from "./helpers/review-apps";

/** The key-level lines of changing one resource's arguments. */
function linesOf(type: string, before: Record<string, unknown>, after: Record<string, unknown>): readonly string[] {
  const spec = (config: Record<string, unknown>): ResourceSpec => ({ id: "r", type, path: "r", config });
  const [resource] = reviewApps(appOf({ s: [spec(before)] }), appOf({ s: [spec(after)] })).stacks[0].resources;
  return resource?.lines ?? [];
}

const dashboard = (panels: unknown[], extra: Record<string, unknown> = {}) => ({ config_json: JSON.stringify({ uid: "api", title: "API", panels, ...extra }) });
const panel = (id: number, title: string, expr: string, threshold?: number) => ({
  id,
  title,
  type: "timeseries",
  gridPos: { h: 8, w: 12, x: 0, y: id * 8 },
  targets: [{ refId: "A", expr }],
  ...(threshold === undefined ? {} : { fieldConfig: { defaults: { thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: threshold }] } } } }),
});

describe("key-level diffs of dashboards", () => {
  it("shows a changed query and threshold as expressions, by panel title", () => {
    const before = dashboard([panel(1, "Errors", "sum(rate(errors[5m]))", 0.01)]);
    const after = dashboard([panel(1, "Errors", "sum(rate(errors[1m]))", 0.05)]);
    expect(linesOf("grafana_dashboard", before, after)).toEqual(["panel 'Errors' query A: sum(rate(errors[5m])) → sum(rate(errors[1m]))", "panel 'Errors' thresholds: green, red ≥ 0.01 → green, red ≥ 0.05"]);
  });

  it("names panels of the same title by their row, and shows a removed panel as one line", () => {
    const row = (id: number, title: string) => ({ id, title, type: "row", gridPos: { h: 1, w: 24, x: 0, y: id } });
    const before = dashboard([row(1, "otel"), panel(2, "Rate", "a"), row(3, "starlette"), panel(4, "Rate", "b"), panel(5, "Old", "c")]);
    const after = dashboard([row(1, "otel"), panel(2, "Rate", "a"), row(3, "starlette"), panel(4, "Rate", "b2")]);
    expect(linesOf("grafana_dashboard", before, after)).toEqual(["panel 'starlette › Rate' query A: b → b2", "- panel 'Old'"]);
  });

  it("shows only what changed in a query that is an object (a trace search)", () => {
    const search = (limit: number) => dashboard([{ id: 1, title: "Traces", type: "table", targets: [{ refId: "A", query: { service: "api", tags: "error=true" }, limit }] }]);
    expect(linesOf("grafana_dashboard", search(20), search(50))).toEqual(["panel 'Traces' query A limit: 20 → 50"]);
  });

  it("replaces a dashboard whose uid changes, in place otherwise", () => {
    const spec = (uid: string, title: string): ResourceSpec => ({ id: "d", type: "grafana_dashboard", path: "d", config: { config_json: JSON.stringify({ uid, title }) } });
    const actionOf = (a: ResourceSpec, b: ResourceSpec) => reviewApps(appOf({ s: [a] }), appOf({ s: [b] })).stacks[0].resources[0].action;
    expect(actionOf(spec("a", "A"), spec("a", "B"))).toBe("update");
    expect(actionOf(spec("a", "A"), spec("b", "A"))).toBe("replace");
  });
});

describe("key-level diffs of Grafana alerting", () => {
  const rule = (threshold: number, expr: string, forDuration = "5m", severity = "warning") => ({
    uid: "api-errors",
    name: "ApiErrors",
    for: forDuration,
    labels: { severity },
    data: [
      { ref_id: "A", datasource_uid: "prometheus", model: JSON.stringify({ expr, refId: "A" }) },
      { ref_id: "C", datasource_uid: "__expr__", model: JSON.stringify({ type: "threshold", expression: "A", refId: "C", conditions: [{ evaluator: { type: "gt", params: [threshold] } }] }) },
    ],
  });

  it("shows a rule's query, threshold, for and labels by rule, matched by uid", () => {
    const before = { name: "api", rule: [rule(0.01, "errors")] };
    const after = { name: "api", rule: [rule(0.02, "errors_total", "10m", "critical")] };
    expect(linesOf("grafana_rule_group", before, after)).toEqual([
      "rule 'ApiErrors' query A: errors → errors_total",
      "rule 'ApiErrors' query C: > 0.01 → > 0.02",
      "rule 'ApiErrors' for: 5m → 10m",
      "rule 'ApiErrors' labels.severity: warning → critical",
    ]);
  });

  it("shows the notification policy tree by matchers and never a contact point's credentials", () => {
    const policy = (contact: string) => ({ contact_point: "team", policy: [{ contact_point: contact, matcher: [{ label: "severity", match: "=", value: "critical" }] }] });
    expect(linesOf("grafana_notification_policy", policy("pager"), policy("email"))).toEqual(['policy[severity="critical"].contact_point: pager → email']);
    const planted = "https://hooks.example.com/T0/B0/PLANTED-LITERAL";
    const before = { name: "ops", webhook: [{ url: "https://hooks.example.com/old-token", http_method: "POST", authorization_credentials: "tok-1" }] };
    const after = { name: "ops", webhook: [{ url: planted, http_method: "PUT", authorization_credentials: "PLANTED-TOKEN" }] };
    const lines = linesOf("grafana_contact_point", before, after);
    expect(lines).toEqual(["webhook[0].authorization_credentials: (sensitive) → (sensitive)", "webhook[0].http_method: POST → PUT", "webhook[0].url: (sensitive) → (sensitive)"]);
  });

  it("shows datasource settings by key, secure settings only as (sensitive)", () => {
    const source = (timeout: number, password: string) => ({ uid: "loki", url: "http://loki", json_data_encoded: JSON.stringify({ timeout, maxLines: 1000 }), secure_json_data_encoded: JSON.stringify({ basicAuthPassword: password }) });
    expect(linesOf("grafana_data_source", source(30, "old-PLANTED"), source(60, "new-PLANTED"))).toEqual(["json_data.timeout: 30 → 60", "secure_json_data: (sensitive) → (sensitive)"]);
  });
});

describe("sensitive values", () => {
  it("hides every argument that uses a variable marked sensitive", () => {
    const app = (token: string) => {
      const dir = mkdtempSync(join(tmpdir(), "review-variables-"));
      mkdirSync(join(dir, "stacks", "s"), { recursive: true });
      writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { s: {} } }));
      const resource = { "//": { metadata: { path: "s/settings" } }, metadata: { name: "settings" }, data: { header: `Bearer \${var.${token}}`, plain: `\${var.${token}_hint}` } };
      const document = { variable: { [token]: { sensitive: true }, [`${token}_hint`]: {} }, resource: { kubernetes_config_map_v1: { settings: resource } } };
      writeFileSync(join(dir, "stacks", "s", "cdk.tf.json"), JSON.stringify(document));
      return loadSynthesizedApp(dir);
    };
    const [resource] = reviewApps(app("api_token"), app("other_token")).stacks[0].resources;
    expect(resource.lines).toEqual(["data.header: (sensitive) → (sensitive)", "data.plain: ${var.api_token_hint} → ${var.other_token_hint}"]);
  });

  it("never prints Secret data or credentials in helm values, in markdown or JSON", () => {
    const secret = (value: string): ResourceSpec => ({ id: "s", type: "kubernetes_secret_v1", path: "secret", config: { metadata: { name: "creds" }, data: { token: value } } });
    const values = (password: string) =>
      release("grafana", "grafana", [`adminPassword: ${password}\nadminUser: admin\nenv:\n  - name: SMTP_PASSWORD\n    value: ${password}\nslack_configs:\n  - api_url: https://hooks.slack.com/${password}\n`]);
    const review = reviewApps(appOf({ s: [secret("PLANTED-OLD"), values("PLANTED-PW-1")] }), appOf({ s: [secret("PLANTED-NEW"), values("PLANTED-PW-2")] }));
    expect(review.stacks[0].resources.map((r) => r.lines)).toEqual([
      ["adminPassword: (sensitive) → (sensitive)", "env[name=SMTP_PASSWORD].value: (sensitive) → (sensitive)", "slack_configs[0].api_url: (sensitive) → (sensitive)"],
      ["data.token: (sensitive) → (sensitive)"],
    ]);
    for (const output of [renderMarkdown(review), JSON.stringify(review)]) expect(output).not.toMatch(/PLANTED/);
  });
});

describe("key-level diffs of helm values", () => {
  it("matches documents by their title and lists matched by name, so an inserted element is one line", () => {
    const monitors = (names: string[]) => `# scrape\nmonitors:\n${names.map((name) => `  - name: ${name}\n    port: web\n`).join("")}`;
    const before = release("p", "kube-prometheus-stack", ["# components\na: 1\n", monitors(["a", "c"])]);
    const after = release("p", "kube-prometheus-stack", [monitors(["a", "b", "c"]), "# components\na: 2\n"]);
    const [resource] = reviewApps(appOf({ s: [before] }), appOf({ s: [after] })).stacks[0].resources;
    expect(resource.lines).toEqual(["[components] a: 1 → 2", '[scrape] monitors[name=b]: + {"name":"b","port":"web"}']);
  });

  it("compares untitled (JSON) documents as Helm merges them, so a document inserted before others changes nothing else", () => {
    const before = release("loki", "loki", [JSON.stringify({ loki: { limits_config: { retention_period: "7d" } } }), JSON.stringify({ gateway: { enabled: true } })]);
    const after = release("loki", "loki", [JSON.stringify({ lokiCanary: { enabled: false } }), JSON.stringify({ loki: { limits_config: { retention_period: "14d" } } }), JSON.stringify({ gateway: { enabled: true } })]);
    const [resource] = reviewApps(appOf({ s: [before] }), appOf({ s: [after] })).stacks[0].resources;
    expect(resource.lines).toEqual(["loki.limits_config.retention_period: 7d → 14d", 'lokiCanary: + {"enabled":false}']);
  });
});
