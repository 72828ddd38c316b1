import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { AlertingInput, AlertingModel, buildAlertingModel } from "../src/alerting/alerting-model";
import { CHART_ALERTMANAGER_VERSION, renderAlertmanagerConfig } from "../src/alerting/alertmanager-config";
import { ContactPointInput, contactPointSecrets } from "../src/alerting/contact-point";
import { isKubernetesSecret } from "../src/alerting/secret-reference";
import { describeWithTools, runTool, toolVersion } from "./helpers/tools";

const secret = (key: string, name = "alerting") => ({ secret: { name, key } });
const smtp = { smarthost: "smtp.example.com:587", from: "alertmanager@example.com", username: "alertmanager", password: secret("password", "smtp") };

/** Contact points that need an Alertmanager newer than 0.25 (Debian's amtool) to read their URL from a file. */
const NEWER_CONTACT_POINTS: ContactPointInput[] = [
  { name: "ops-webhook", type: "webhook", url: secret("ops-webhook-url"), bearerToken: secret("ops-webhook-token") },
  { name: "ops-teams", type: "msteams", webhookUrl: secret("teams-url") },
];

/** An environment's alerting: a paging contact, a CISO, team channels, a default. */
const ALERTING: AlertingInput = {
  catalog: { runbookBaseUrl: "https://runbooks.example.com/alerts", services: { checkout: { team: "shop" } } },
  contactPoints: [
    { name: "platform-slack", type: "slack", webhookUrl: secret("slack-platform"), channel: "#platform-alerts" },
    { name: "shop-slack", type: "slack", webhookUrl: secret("slack-shop") },
    { name: "payments-mail", type: "email", to: ["payments@example.com", "lead@example.com"], smtp, subject: "[{{ .Status }}] {{ .CommonLabels.alertname }}" },
    { name: "oncall", type: "pagerduty", routingKey: secret("pagerduty-routing-key") },
    { name: "ciso", type: "email", to: ["ciso@example.com"], smtp },
    { name: "ops-genie", type: "opsgenie", apiKey: secret("opsgenie-api-key"), responders: [{ type: "team", name: "ops" }] },
    ...NEWER_CONTACT_POINTS,
  ],
  policy: {
    contactPoint: "platform-slack",
    routes: [
      { category: "security", contactPoint: "ciso" },
      { severity: "critical", contactPoint: "oncall" },
      { team: "shop", contactPoint: "shop-slack", routes: [{ severity: "info", activeTimings: ["office-hours"] }] },
      { team: "payments", contactPoint: "payments-mail", muteTimings: ["maintenance"], repeatInterval: "12h" },
    ],
  },
  muteTimings: [
    { name: "office-hours", intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "17:00" }], location: "Europe/Amsterdam" }] },
    { name: "maintenance", intervals: [{ daysOfMonth: ["1"], months: ["january:december"], times: [{ start: "02:00", end: "04:00" }], location: "UTC" }] },
  ],
  templates: [{ name: "shop", content: '{{ define "shop.title" }}Shop: {{ .CommonLabels.alertname }}{{ end }}' }],
};

const model = buildAlertingModel(ALERTING);

describe("Alertmanager configuration rendering", () => {
  const { config, secrets, templateFiles } = renderAlertmanagerConfig(model);

  it("reads every credential from a mounted Secret file and lists the Secrets to mount", () => {
    const receiver = (name: string) => config.receivers.find((r) => r.name === name);
    expect(receiver("platform-slack")).toEqual({
      name: "platform-slack",
      slack_configs: [
        {
          send_resolved: true,
          api_url_file: "/etc/alertmanager/secrets/alerting/slack-platform",
          channel: "#platform-alerts",
          title: '{{ template "observability.title" . }}',
          text: '{{ template "observability.text" . }}',
        },
      ],
    });
    expect(receiver("oncall")).toMatchObject({ pagerduty_configs: [{ routing_key_file: "/etc/alertmanager/secrets/alerting/pagerduty-routing-key" }] });
    expect(receiver("ops-genie")).toMatchObject({ opsgenie_configs: [{ api_key_file: "/etc/alertmanager/secrets/alerting/opsgenie-api-key" }] });
    expect(receiver("payments-mail")).toMatchObject({
      email_configs: [{ to: "payments@example.com, lead@example.com", auth_password_file: "/etc/alertmanager/secrets/smtp/password", require_tls: true }],
    });
    expect(receiver("ops-webhook")).toMatchObject({
      webhook_configs: [
        {
          url_file: "/etc/alertmanager/secrets/alerting/ops-webhook-url",
          http_config: { authorization: { type: "Bearer", credentials_file: "/etc/alertmanager/secrets/alerting/ops-webhook-token" } },
        },
      ],
    });
    expect(receiver("ops-teams")).toMatchObject({ msteamsv2_configs: [{ webhook_url_file: "/etc/alertmanager/secrets/alerting/teams-url" }] });
    expect(secrets).toEqual(["alerting", "smtp"]);
    expect(JSON.stringify(config)).not.toMatch(/api_url"|"url"|routing_key"|api_key"|auth_password"/);
  });

  it("silences the chart's Watchdog and InfoInhibitor first, then follows the policy tree", () => {
    expect(config.route).toMatchObject({ receiver: "platform-slack", group_by: ["alertname", "namespace", "job"], group_wait: "30s" });
    expect(config.route.routes).toEqual([
      { receiver: "null", matchers: ['alertname=~"Watchdog|InfoInhibitor"'] },
      { receiver: "ciso", matchers: ['category="security"'] },
      { receiver: "oncall", matchers: ['severity="critical"'] },
      { receiver: "shop-slack", matchers: ['team="shop"'], routes: [{ matchers: ['severity="info"'], active_time_intervals: ["office-hours"] }] },
      { receiver: "payments-mail", matchers: ['team="payments"'], repeat_interval: "12h", mute_time_intervals: ["maintenance"] },
    ]);
    expect(config.receivers[0]).toEqual({ name: "null" });
  });

  it("inhibits lower severities of the same alert on the same thing", () => {
    expect(config.inhibit_rules[0]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity=~"warning|info"'],
      equal: ["alertname", "namespace", "service", "job", "instance", "pod", "container", "slo"],
    });
  });

  it("renders mute timings as time intervals and ships the message templates", () => {
    expect(config.time_intervals).toEqual([
      { name: "office-hours", time_intervals: [{ times: [{ start_time: "09:00", end_time: "17:00" }], weekdays: ["monday:friday"], location: "Europe/Amsterdam" }] },
      {
        name: "maintenance",
        time_intervals: [{ times: [{ start_time: "02:00", end_time: "04:00" }], days_of_month: ["1"], months: ["january:december"], location: "UTC" }],
      },
    ]);
    expect(config.templates).toEqual(["/etc/alertmanager/config/*.tmpl"]);
    expect(Object.keys(templateFiles)).toEqual(["observability.tmpl", "shop.tmpl"]);
  });

  it("escapes matcher values", () => {
    const escaped = buildAlertingModel({ ...ALERTING, policy: { contactPoint: "ciso", routes: [{ matchers: [{ label: "path", value: 'a"b\\c' }] }] } });
    expect(renderAlertmanagerConfig(escaped).config.route.routes?.[1].matchers).toEqual(['path="a\\"b\\\\c"']);
  });

  it("refuses receivers an older Alertmanager can only take with a literal secret", () => {
    expect(() => renderAlertmanagerConfig(model, { alertmanagerVersion: "0.25.0" })).toThrow(
      'contact point "ops-webhook": url: Alertmanager 0.25 has no webhook url_file (added in 0.26)',
    );
    const teamsOnly = { ...model, contactPoints: model.contactPoints.filter((cp) => cp.name !== "ops-webhook") };
    expect(() => renderAlertmanagerConfig(teamsOnly, { alertmanagerVersion: "0.27.0" })).toThrow(
      'contact point "ops-teams": webhookUrl: Alertmanager 0.27 has no msteamsv2 (Teams workflows) (added in 0.28)',
    );
    expect(CHART_ALERTMANAGER_VERSION).toBe("0.34.0");
  });

  it("refuses Terraform-variable credentials and e-mail without an SMTP relay", () => {
    const withVariable = buildAlertingModel({
      ...ALERTING,
      contactPoints: [{ name: "grafana-only", type: "slack", webhookUrl: { variable: "slack_url" } }],
      policy: { contactPoint: "grafana-only" },
    });
    expect(() => renderAlertmanagerConfig(withVariable)).toThrow('contact point "grafana-only": webhookUrl: Alertmanager reads credentials from Kubernetes Secrets');
    const noSmtp = buildAlertingModel({ ...ALERTING, contactPoints: [{ name: "mail", type: "email", to: ["a@example.com"] }], policy: { contactPoint: "mail" } });
    expect(() => renderAlertmanagerConfig(noSmtp)).toThrow('contact point "mail": smtp: Alertmanager needs an SMTP relay');
  });
});

describeWithTools(["amtool"], "Alertmanager configuration checked by amtool", () => {
  let dir: string;
  let configFile: string;
  /** The installed amtool may predate the chart's Alertmanager: leave out the receivers it cannot know (covered above). */
  let checked: AlertingModel;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "alertmanager-config-"));
    const version = toolVersion("amtool");
    const older = version.localeCompare(CHART_ALERTMANAGER_VERSION, undefined, { numeric: true }) < 0;
    checked = older ? { ...model, contactPoints: model.contactPoints.filter((cp) => !NEWER_CONTACT_POINTS.some((n) => n.name === cp.name)) } : model;
    configFile = render(checked, dir, version);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("passes amtool check-config, templates included", () => {
    const result = runTool("amtool", ["check-config", configFile]);
    expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringContaining("SUCCESS") });
    expect(result.output).toContain(`${checked.contactPoints.length + 1} receivers`);
    expect(result.output).toContain("1 templates");
  });

  it("fails amtool check-config on a broken message template (the check reads them)", () => {
    const broken = buildAlertingModel({ ...ALERTING, contactPoints: [...checked.contactPoints], templates: [{ name: "broken", content: '{{ define "broken" }}{{ if }}{{ end }}' }] });
    const brokenDir = join(dir, "broken");
    mkdirSync(brokenDir);
    const result = runTool("amtool", ["check-config", render(broken, brokenDir, toolVersion("amtool"))]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("broken.tmpl");
  });

  it.each([
    ["critical → the paging receiver", ["alertname=ServiceErrorRateHigh", "severity=critical", "team=shop", "category=availability"], "oncall"],
    ["security → the CISO", ["alertname=RootShellOpened", "severity=critical", "team=security", "category=security"], "ciso"],
    ["a team's warning → its channel", ["alertname=ServiceErrorRateHigh", "severity=warning", "team=shop", "category=availability"], "shop-slack"],
    ["a team's info → its channel (nested route)", ["alertname=ServiceLatencyHigh", "severity=info", "team=shop"], "shop-slack"],
    ["another team → its mailbox", ["alertname=ServiceLatencyHigh", "severity=warning", "team=payments"], "payments-mail"],
    ["platform warnings → the default", ["alertname=NodeCpuSaturated", "severity=warning", "team=platform"], "platform-slack"],
    ["the chart's own alerts → the default", ["alertname=KubePodCrashLooping", "severity=warning", "namespace=kube-system"], "platform-slack"],
    ["the chart's critical alerts → the paging receiver", ["alertname=KubeAPIDown", "severity=critical"], "oncall"],
    ["Watchdog → nobody", ["alertname=Watchdog", "severity=none"], "null"],
  ])("routes %s", (_name, labels, receiver) => {
    const result = runTool("amtool", ["config", "routes", "test", `--config.file=${configFile}`, `--verify.receivers=${receiver}`, ...labels]);
    expect({ status: result.status, receivers: result.stdout.trim() }).toEqual({ status: 0, receivers: receiver });
  });

  it("reports a route test that expects the wrong receiver (the route tests can fail)", () => {
    const result = runTool("amtool", ["config", "routes", "test", `--config.file=${configFile}`, "--verify.receivers=platform-slack", "category=security"]);
    expect(result.status).not.toBe(0);
  });
});

/** Writes the config for `version` into `dir` with its secret files and templates there, returns the config file. */
function render(model: AlertingModel, dir: string, version: string): string {
  const rendered = renderAlertmanagerConfig(model, {
    alertmanagerVersion: version,
    secretsDirectory: join(dir, "secrets"),
    templatesDirectory: join(dir, "templates"),
  });
  mkdirSync(join(dir, "templates"), { recursive: true });
  for (const [file, content] of Object.entries(rendered.templateFiles)) writeFileSync(join(dir, "templates", file), content);
  // amtool does not open credential files, Alertmanager opens them when it notifies; create them as the mount would.
  for (const { reference } of model.contactPoints.flatMap(contactPointSecrets)) {
    if (!isKubernetesSecret(reference)) continue;
    mkdirSync(join(dir, "secrets", reference.secret.name), { recursive: true });
    writeFileSync(join(dir, "secrets", reference.secret.name, reference.secret.key), "https://example.invalid/placeholder\n");
  }
  const file = join(dir, "alertmanager.yml");
  writeFileSync(file, stringify(rendered.config));
  return file;
}
