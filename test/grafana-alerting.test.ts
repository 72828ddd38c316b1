import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { Construct } from "constructs";
import { GrafanaAlerting, GrafanaAlertingProps } from "../constructs/grafana-alerting";
import { GrafanaFolder } from "../constructs/grafana-folder";
import { AlertRuleInput } from "../src/alerting/alert-rule";
import { AlertingInput, AlertingModel, buildAlertingModel } from "../src/alerting/alerting-model";
import { DEFAULT_MESSAGE_TEMPLATE, DEFAULT_TEXT, DEFAULT_TITLE } from "../src/alerting/message-template";
import { renderGrafanaNotificationPolicy } from "../src/alerting/grafana-notification-policy";
import { grafanaRuleTitle, renderGrafanaRuleGroups } from "../src/alerting/grafana-rule-groups";
import { RouteInput } from "../src/alerting/notification-policy";
import { configErrorOf } from "./helpers/config-error";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";

type Block = Record<string, any>;
type Synth = { resource: Record<string, Record<string, Block>>; data?: Record<string, Record<string, Block>>; variable?: Record<string, Block> };

const secret = (name: string, key: string) => ({ secret: { name, key } });

/** A custom PromQL rule evaluated by Grafana. */
const checkoutLatency: AlertRuleInput = {
  name: "CheckoutLatencyHigh",
  summary: "Checkout p95 latency is {{ $value | humanizeDuration }}",
  description: "Checkouts are slow. Check the payment provider and the checkout traces in Jaeger.",
  runbookUrl: "https://runbooks.example.com/alerts/checkout-latency-high",
  severity: "warning",
  team: "shop",
  category: "performance",
  query: 'histogram_quantile(0.95, sum by (le) (rate(checkout_duration_seconds_bucket{shop="nl"}[5m])))',
  comparison: ">=",
  threshold: 2,
  for: "1d",
  engine: "grafana",
};

/** Every contact point type, credentials from variables (one shared) and from Secrets. */
const ALERTING: AlertingInput = {
  catalog: { runbookBaseUrl: "https://runbooks.example.com/alerts", engines: { ServiceErrorRateHigh: "grafana" } },
  rules: [checkoutLatency],
  contactPoints: [
    { name: "team-slack", type: "slack", webhookUrl: { variable: "slack_webhook_url" }, channel: "#alerts" },
    { name: "shop-slack", type: "slack", webhookUrl: { variable: "slack_webhook_url" }, channel: "#shop", sendResolved: false },
    {
      name: "ciso-email",
      type: "email",
      to: ["ciso@example.com", "security@example.com"],
      smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com", password: { variable: "smtp_password" } },
      subject: "[{{ .Status }}] {{ .CommonLabels.alertname }}",
    },
    { name: "oncall", type: "pagerduty", routingKey: secret("alerting", "pagerduty-routing-key"), url: "https://events.eu.pagerduty.com/v2/enqueue" },
    { name: "ops-webhook", type: "webhook", url: { variable: "ops_webhook_url" }, bearerToken: secret("alerting", "webhook-token"), maxAlerts: 10 },
    { name: "ops-teams", type: "msteams", webhookUrl: { variable: "teams_webhook_url" } },
    {
      name: "ops-genie",
      type: "opsgenie",
      apiKey: secret("opsgenie", "api-key"),
      apiUrl: "https://api.eu.opsgenie.com/",
      responders: [
        { type: "team", name: "ops" },
        { type: "user", name: "jane@example.com" },
      ],
      priority: "P1",
    },
  ],
  policy: {
    contactPoint: "team-slack",
    routes: [
      { category: "security", contactPoint: "ciso-email" },
      { severity: "critical", contactPoint: "oncall", continue: true },
      { team: "shop", contactPoint: "shop-slack", groupBy: ["alertname"], routes: [{ severity: ["info", "warning"], activeTimings: ["office-hours"] }] },
      { severity: "warning", muteTimings: ["maintenance"], repeatInterval: "12h" },
    ],
  },
  muteTimings: [
    { name: "office-hours", intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "17:00" }], location: "Europe/Amsterdam" }] },
    { name: "maintenance", intervals: [{ daysOfMonth: ["1"], times: [{ start: "02:00", end: "04:00" }] }] },
  ],
  templates: [{ name: "shop", content: '{{ define "shop.title" }}Shop ${region}: {{ .CommonLabels.alertname }}{{ end }}' }],
};

const model = buildAlertingModel(ALERTING);
const PROPS: GrafanaAlertingProps = { model, folderUid: "alerts", secretsNamespace: "monitoring" };

const synthText = (props: Partial<GrafanaAlertingProps> = {}) =>
  Testing.synthScope((scope: Construct) => {
    new GrafanaAlerting(scope, "alerting", { ...PROPS, ...props });
  });
const synth = (props: Partial<GrafanaAlertingProps> = {}): Synth => JSON.parse(synthText(props));
const out = synth();

const all = (type: string, from: Record<string, Record<string, Block>> | undefined = out.resource) => Object.values(from?.[type] ?? {});
const named = (type: string, name: string) => {
  const matches = all(type).filter((block) => block.name === name);
  expect(matches).toHaveLength(1);
  return matches[0];
};
/** Terraform address of the only data source reading a Secret. */
const secretData = (name: string) => {
  const [id] = Object.entries(out.data?.kubernetes_secret_v1 ?? {}).find(([, block]) => block.metadata.name === name) ?? [];
  expect(id).toBeDefined();
  return `data.kubernetes_secret_v1.${id}`;
};
const modelOf = (data: Block) => JSON.parse(data.model);

describe("GrafanaAlerting rule groups", () => {
  it("renders the catalog's root-shell LogQL rules as query, reduce and threshold on Loki", () => {
    const group = named("grafana_rule_group", "security");
    expect(group).toMatchObject({ folder_uid: "alerts", interval_seconds: 60, disable_provenance: false });
    expect(group.rule.map((rule: Block) => rule.name)).toEqual(["RootShellOpened (falco)", "RootShellOpened (kubernetes-audit)"]);
    const [falco] = group.rule;
    expect(falco).toMatchObject({
      uid: "root-shell-opened-falco",
      condition: "C",
      for: "0s",
      no_data_state: "OK",
      exec_err_state: "Error",
      labels: { severity: "critical", team: "security", category: "security", source: "falco" },
      annotations: { runbook_url: "https://runbooks.example.com/alerts/root-shell-opened" },
    });
    expect(falco.annotations.summary).toContain("{{ $labels.target_pod }}");
    expect(falco.annotations.description).toMatch(/^falco recorded an interactive shell/);

    const [query, reduce, threshold] = falco.data;
    expect(falco.data.map((d: Block) => d.ref_id)).toEqual(["A", "B", "C"]);
    expect(query).toMatchObject({ datasource_uid: "loki", query_type: "instant", relative_time_range: { from: 600, to: 0 } });
    expect(modelOf(query)).toEqual({
      refId: "A",
      expr: expect.stringMatching(/^sum by \(target_namespace, target_pod, user\) \(count_over_time\(\{namespace="falco", container="falco"\} \|~ `Terminal shell in container`/),
      queryType: "instant",
      intervalMs: 1000,
      maxDataPoints: 43200,
    });
    expect(reduce).toMatchObject({ datasource_uid: "__expr__", relative_time_range: { from: 0, to: 0 } });
    expect(modelOf(reduce)).toEqual({ refId: "B", type: "reduce", expression: "A", reducer: "last", intervalMs: 1000, maxDataPoints: 43200 });
    expect(threshold.datasource_uid).toBe("__expr__");
    expect(modelOf(threshold)).toEqual({
      refId: "C",
      type: "threshold",
      expression: "B",
      conditions: [{ evaluator: { type: "gt", params: [0] } }],
      intervalMs: 1000,
      maxDataPoints: 43200,
    });
  });

  it("writes every model with sorted keys and no whitespace, as Grafana's provider reads it back", () => {
    for (const data of all("grafana_rule_group").flatMap((group) => group.rule.flatMap((rule: Block) => rule.data))) {
      const sortedDeep = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(sortedDeep)
          : typeof value === "object" && value !== null
            ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedDeep((value as Block)[k])]))
            : value;
      expect(data.model).toBe(JSON.stringify(sortedDeep(modelOf(data))));
    }
  });

  it("evaluates PromQL rules that chose Grafana as instant Prometheus queries, and only those", () => {
    const red = named("grafana_rule_group", "service-red");
    expect(red.rule.map((rule: Block) => [rule.name, rule.uid])).toEqual([
      ["ServiceErrorRateHigh (critical)", "service-error-rate-high-critical"],
      ["ServiceErrorRateHigh (warning)", "service-error-rate-high-warning"],
    ]);
    const [critical] = red.rule;
    expect(critical.data[0]).toMatchObject({ datasource_uid: "prometheus", relative_time_range: { from: 600, to: 0 } });
    expect(critical.data[0]).not.toHaveProperty("query_type");
    expect(modelOf(critical.data[0])).toMatchObject({ instant: true, range: false, expr: expect.stringMatching(/^\(sum by \(job\) \(rate\(starlette_responses_total\{status_code=~"5\.\."\}/) });
    expect(modelOf(critical.data[2]).conditions).toEqual([{ evaluator: { type: "gt", params: [0.05] } }]);
    expect(critical.labels).toEqual({ service: "{{ $labels.job }}", coverage: "catch-all", severity: "critical", team: "platform", category: "availability" });

    const custom = named("grafana_rule_group", "performance").rule[0];
    expect(custom).toMatchObject({ name: "CheckoutLatencyHigh (warning)", for: "24h" });
    expect(modelOf(custom.data[2]).conditions[0].evaluator).toEqual({ type: "gte", params: [2] });
    // Prometheus keeps everything else: no Grafana group for them
    expect(all("grafana_rule_group").map((group) => group.name).sort()).toEqual(["performance", "security", "service-red"]);
  });

  it.each([
    [">", "gt"],
    [">=", "gte"],
    ["<", "lt"],
    ["<=", "lte"],
    ["==", "eq"],
    ["!=", "ne"],
  ] as const)("maps the comparison %s to Grafana's %s threshold", (comparison, evaluator) => {
    const rules = buildAlertingModel({ ...ALERTING, catalog: undefined, rules: [{ ...checkoutLatency, comparison }] }).rules;
    const [group] = renderGrafanaRuleGroups(rules);
    expect(JSON.parse(group.rule[0].data[2].model).conditions[0].evaluator.type).toBe(evaluator);
  });

  it("titles rules uniquely per folder from their id", () => {
    expect(grafanaRuleTitle({ name: "TargetDown", id: "target-down" })).toBe("TargetDown");
    expect(grafanaRuleTitle({ name: "ServiceErrorRateHigh", id: "service-error-rate-high-checkout-warning" })).toBe("ServiceErrorRateHigh (checkout-warning)");
    expect(grafanaRuleTitle({ name: "CheckoutSlow", id: "shop-checkout-slow" })).toBe("CheckoutSlow (shop-checkout-slow)");
  });

  it("shortens long ids into UIDs of at most 40 characters", () => {
    const rules = buildAlertingModel({ ...ALERTING, catalog: undefined, rules: [{ ...checkoutLatency, id: `checkout-latency-high-${"x".repeat(40)}` }] }).rules;
    const uid = renderGrafanaRuleGroups(rules)[0].rule[0].uid;
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid).toMatch(/^checkout-latency-high-x+-[0-9a-f]{8}$/);
  });
});

describe("GrafanaAlerting contact points", () => {
  it("renders each type into its Grafana integration with the model's templates", () => {
    expect(named("grafana_contact_point", "team-slack").slack).toEqual([
      {
        url: "${var.slack_webhook_url}",
        recipient: "#alerts",
        title: DEFAULT_TITLE,
        text: DEFAULT_TEXT,
        disable_resolve_message: false,
      },
    ]);
    expect(named("grafana_contact_point", "shop-slack").slack[0]).toMatchObject({ url: "${var.slack_webhook_url}", disable_resolve_message: true });
    expect(named("grafana_contact_point", "ciso-email").email).toEqual([
      {
        addresses: ["ciso@example.com", "security@example.com"],
        single_email: true,
        subject: "[{{ .Status }}] {{ .CommonLabels.alertname }}",
        disable_resolve_message: false,
      },
    ]);
    expect(named("grafana_contact_point", "oncall").pagerduty).toEqual([
      {
        integration_key: `\${${secretData("alerting")}.data["pagerduty-routing-key"]}`,
        url: "https://events.eu.pagerduty.com/v2/enqueue",
        disable_resolve_message: false,
      },
    ]);
    expect(named("grafana_contact_point", "ops-webhook").webhook).toEqual([
      {
        url: "${var.ops_webhook_url}",
        max_alerts: 10,
        authorization_scheme: "Bearer",
        authorization_credentials: `\${${secretData("alerting")}.data["webhook-token"]}`,
        disable_resolve_message: false,
      },
    ]);
    expect(named("grafana_contact_point", "ops-teams").teams).toEqual([
      { url: "${var.teams_webhook_url}", title: DEFAULT_TITLE, message: DEFAULT_TEXT, disable_resolve_message: false },
    ]);
    expect(named("grafana_contact_point", "ops-genie").opsgenie).toEqual([
      {
        api_key: `\${${secretData("opsgenie")}.data["api-key"]}`,
        url: "https://api.eu.opsgenie.com/v2/alerts",
        responders: [
          { type: "team", name: "ops" },
          { type: "user", username: "jane@example.com" },
        ],
        disable_resolve_message: false,
      },
    ]);
  });

  it("declares one sensitive variable per credential name, shared, and none for the SMTP password Grafana does not use", () => {
    expect(Object.keys(out.variable ?? {}).sort()).toEqual(["ops_webhook_url", "slack_webhook_url", "teams_webhook_url"]);
    for (const variable of Object.values(out.variable ?? {})) expect(variable).toMatchObject({ type: "string", sensitive: true });
    expect(out.variable?.slack_webhook_url.description).toBe(
      'Credential of Grafana contact point "team-slack" (webhookUrl), "shop-slack" (webhookUrl); set TF_VAR_slack_webhook_url.',
    );
  });

  it("reads each Kubernetes Secret once, in the secrets namespace", () => {
    expect(all("kubernetes_secret_v1", out.data).map((block) => block.metadata)).toEqual([
      { name: "alerting", namespace: "monitoring" },
      { name: "opsgenie", namespace: "monitoring" },
    ]);
  });

  it("never writes a credential: literals are refused by the model, and nothing secret-looking reaches the JSON", () => {
    const literal = "https://hooks.slack.com/services/T0000/B0000/planted-secret-value";
    expect(
      configErrorOf(() =>
        buildAlertingModel({ ...ALERTING, contactPoints: [{ name: "team-slack", type: "slack", webhookUrl: literal as never }], policy: { contactPoint: "team-slack" } }),
      ).message,
    ).toMatch(/^contact point "team-slack": webhookUrl: a literal secret is not allowed/);
    const text = synthText();
    for (const needle of ["hooks.slack.com", "webhook.office.com", "planted-secret-value", "smtp_password"]) expect(text).not.toContain(needle);
  });

  it("creates the contact points after the message templates they refer to", () => {
    const templates = Object.keys(out.resource.grafana_message_template).map((id) => `grafana_message_template.${id}`);
    for (const contactPoint of all("grafana_contact_point")) expect(contactPoint.depends_on.sort()).toEqual(templates.sort());
  });
});

describe("GrafanaAlerting notification policy", () => {
  const policy = all("grafana_notification_policy");

  it("routes security to the CISO, critical to paging, everything else to the team", () => {
    expect(policy).toHaveLength(1);
    const [root] = policy;
    expect(root).toMatchObject({ contact_point: "team-slack", group_by: ["alertname", "namespace", "job"], group_wait: "30s", group_interval: "5m", repeat_interval: "4h" });
    const [security, critical, shop, warning] = root.policy;
    expect(security).toEqual({ contact_point: "ciso-email", matcher: [{ label: "category", match: "=", value: "security" }] });
    expect(critical).toEqual({ contact_point: "oncall", continue: true, matcher: [{ label: "severity", match: "=", value: "critical" }] });
    expect(shop).toEqual({
      contact_point: "shop-slack",
      group_by: ["alertname"],
      matcher: [{ label: "team", match: "=", value: "shop" }],
      policy: [{ active_timings: ["office-hours"], matcher: [{ label: "severity", match: "=~", value: "info|warning" }] }],
    });
    expect(warning).toEqual({ matcher: [{ label: "severity", match: "=", value: "warning" }], mute_timings: ["maintenance"], repeat_interval: "12h" });
  });

  it("is created after the contact points and mute timings it names", () => {
    const expected = [
      ...Object.keys(out.resource.grafana_contact_point).map((id) => `grafana_contact_point.${id}`),
      ...Object.keys(out.resource.grafana_mute_timing).map((id) => `grafana_mute_timing.${id}`),
    ];
    expect(policy[0].depends_on.sort()).toEqual(expected.sort());
  });

  const nested = (levels: number): RouteInput => ({ severity: "critical", ...(levels > 1 ? { routes: [nested(levels - 1)] } : {}) });
  const policyModel = (levels: number): AlertingModel => buildAlertingModel({ ...ALERTING, policy: { contactPoint: "team-slack", routes: [nested(levels)] } });

  it("names the inherited grouping on the fifth level, where Grafana's schema requires it", () => {
    let route = renderGrafanaNotificationPolicy(policyModel(5).policy).policy[0];
    for (let level = 1; level < 5; level++) {
      expect(route.groupBy).toBeUndefined();
      route = route.policy![0];
    }
    expect(route.groupBy).toEqual(["alertname", "namespace", "job"]);
  });

  it("refuses routes nested deeper than Grafana allows, naming the route", () => {
    expect(configErrorOf(() => synth({ model: policyModel(6) })).message).toBe(
      "stack/alerting: notification policy: routes[0].routes[0].routes[0].routes[0].routes[0].routes: Grafana nests notification policies at most 5 levels deep: flatten these routes (matchers of a parent can move into its children)",
    );
  });
});

describe("GrafanaAlerting mute timings and message templates", () => {
  it("renders each mute timing with its windows", () => {
    expect(named("grafana_mute_timing", "office-hours")).toMatchObject({
      disable_provenance: false,
      intervals: [{ weekdays: ["monday:friday"], times: [{ start: "09:00", end: "17:00" }], location: "Europe/Amsterdam" }],
    });
    expect(named("grafana_mute_timing", "maintenance").intervals).toEqual([{ days_of_month: ["1"], times: [{ start: "02:00", end: "04:00" }] }]);
  });

  it("provisions the built-in template and the configured ones, escaping ${ for Terraform", () => {
    expect(named("grafana_message_template", "observability").template).toBe(DEFAULT_MESSAGE_TEMPLATE.content);
    expect(named("grafana_message_template", "shop").template).toBe('{{ define "shop.title" }}Shop $${region}: {{ .CommonLabels.alertname }}{{ end }}');
  });
});

describe("GrafanaAlerting as a whole", () => {
  it("synthesizes byte-identical JSON twice", () => {
    expect(synthText()).toBe(synthText());
  });

  it("lets operators edit in Grafana only when asked", () => {
    const editable = synth({ editableInGrafana: true });
    const types = ["grafana_rule_group", "grafana_contact_point", "grafana_notification_policy", "grafana_mute_timing", "grafana_message_template"];
    for (const type of types) {
      for (const block of all(type, editable.resource)) expect(block.disable_provenance).toBe(true);
      for (const block of all(type)) expect(block.disable_provenance).toBe(false);
    }
  });

  it("puts rule groups after the resources given in dependsOn and the policy", () => {
    const out = JSON.parse(
      Testing.synthScope((scope: Construct) => {
        const folder = new GrafanaFolder(scope, "folder", { title: "Alerts" });
        new GrafanaAlerting(scope, "alerting", { ...PROPS, folderUid: folder.uid, dependsOn: [folder.resource] });
      }),
    ) as Synth;
    const group = Object.values(out.resource.grafana_rule_group)[0];
    expect(group.folder_uid).toMatch(/^\$\{grafana_folder\.[\w-]+\.uid\}$/);
    expect(group.depends_on).toEqual([expect.stringMatching(/^grafana_folder\./), expect.stringMatching(/^grafana_notification_policy\./)]);
  });

  it.each<[string, Partial<GrafanaAlertingProps>, RegExp]>([
    ["a folder that is not a UID", { folderUid: "My alerts" }, /^stack\/alerting: folderUid: must be a folder UID/],
    ["an interval that is not a duration", { evaluationInterval: "5 minutes" }, /^stack\/alerting: evaluationInterval: "5 minutes" must be a duration like 1m$/],
    ["an interval off Grafana's 10s ticks", { evaluationInterval: "45s" }, /^stack\/alerting: evaluationInterval: "45s" must be a multiple of Grafana's 10s/],
    ["a namespace that is not a DNS label", { secretsNamespace: "Monitoring" }, /^stack\/alerting: secretsNamespace: must be a namespace name/],
    ["Secret credentials without a namespace", { secretsNamespace: undefined }, /^stack\/alerting: secretsNamespace: is required to read the Kubernetes Secrets of contact points "oncall" \(routingKey\), "ops-webhook" \(bearerToken\), "ops-genie" \(apiKey\)$/],
  ])("rejects %s", (_, props, message) => {
    expect(configErrorOf(() => synth(props)).message).toMatch(message);
  });

  it("rejects a LogQL log query, which returns no number to compare", () => {
    const logQuery = buildAlertingModel({
      ...ALERTING,
      catalog: undefined,
      rules: [{ ...checkoutLatency, language: "logql", query: '{namespace="shop"} |= "panic"', threshold: 0 }],
    });
    expect(configErrorOf(() => synth({ model: logQuery })).message).toMatch(/^stack\/alerting: alert rule "checkout-latency-high-warning": query: a LogQL alert needs a metric query/);
  });

  it("rejects two rules that would get the same Grafana title, naming both", () => {
    const clash = buildAlertingModel({
      ...ALERTING,
      catalog: undefined,
      rules: [
        { ...checkoutLatency, name: "Checkout", id: "checkout-slow" },
        { ...checkoutLatency, name: "Checkout", id: "slow" },
      ],
    });
    expect(configErrorOf(() => synth({ model: clash })).message).toBe(
      'stack/alerting: alerting: rules: rules "checkout-slow" and "slow" get the same Grafana title "Checkout (slow)" (give one of them another id)',
    );
  });
});

describeWithShared("GrafanaAlerting against the Grafana and Kubernetes provider schemas", () => {
  it("passes check_tf.py with no problems", () => {
    const dir = mkdtempSync(join(tmpdir(), "grafana-alerting-"));
    try {
      const file = join(dir, "cdk.tf.json");
      writeFileSync(file, synthText());
      const schemas = ["grafana.json", "kubernetes.json"].map((name) => sharedPath("provider-schemas", name));
      const result = spawnSync("python3", [sharedPath("tools", "check_tf.py"), ...schemas, file], { encoding: "utf8", timeout: 60_000 });
      expect(`${result.stdout}${result.stderr}`).toMatch(/checked \d+ block\(s\) of grafana, kubernetes; .* 0 problem\(s\)/);
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
