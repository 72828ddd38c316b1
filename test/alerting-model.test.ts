import { AlertRuleInput } from "../src/alerting/alert-rule";
import { AlertingInput, buildAlertingModel } from "../src/alerting/alerting-model";
import { ConfigError } from "../src/config/config-error";
import { configErrorOf } from "./helpers/config-error";

const errorRate: AlertRuleInput = {
  name: "CheckoutErrorRateHigh",
  summary: "{{ $value | humanizePercentage }} of checkouts fail",
  description: "Checkouts fail. Check the payment provider's status page and the checkout logs in Loki.",
  runbookUrl: "https://runbooks.example.com/alerts/checkout-error-rate-high",
  severity: "warning",
  team: "shop",
  category: "availability",
  query: 'sum(rate(checkout_failures_total[5m])) / sum(rate(checkout_total{shop="nl"}[5m]))',
  threshold: 0.01,
};

const base: AlertingInput = {
  rules: [errorRate],
  contactPoints: [
    { name: "team-slack", type: "slack", webhookUrl: { secret: { name: "alerting", key: "slack-url" } } },
    { name: "ciso", type: "email", to: ["ciso@example.com"] },
  ],
  policy: { contactPoint: "team-slack", routes: [{ category: "security", contactPoint: "ciso" }] },
};

/** The ConfigError `build` throws. */
function failure(input: unknown): ConfigError {
  return configErrorOf(() => buildAlertingModel(input as AlertingInput));
}

describe("alerting model", () => {
  it("builds a model with ids, groups and engines resolved and the built-in template", () => {
    const model = buildAlertingModel({
      ...base,
      rules: [
        errorRate,
        {
          ...errorRate,
          name: "RootShellOpened",
          category: "security",
          team: "security",
          severity: "critical",
          language: "logql",
          query: 'sum by (pod) (count_over_time({namespace="falco"} |= "Terminal shell in container" [5m]))',
          threshold: 0,
          for: "0s",
        },
      ],
    });
    expect(model.rules.map((r) => [r.id, r.group, r.engine])).toEqual([
      ["checkout-error-rate-high-warning", "availability", "prometheus"],
      ["root-shell-opened-critical", "security", "grafana"],
    ]);
    expect(model.rules[0]).toMatchObject({ comparison: ">", for: "5m", language: "promql", labels: {} });
    expect(model.templates.map((t) => t.name)).toEqual(["observability"]);
    expect(model.contactPoints[0]).toMatchObject({ sendResolved: true, title: '{{ template "observability.title" . }}' });
  });

  describe("rejects bad input with a message naming the object and the field", () => {
    it.each<[string, (input: AlertingInput) => unknown, string]>([
      [
        "an unknown contact type",
        (input) => ({ ...input, contactPoints: [...input.contactPoints, { name: "pager", type: "pigeon", url: "x" }] }),
        'contact point "pager": type: must be one of email, slack, webhook, msteams, pagerduty, opsgenie',
      ],
      [
        "a literal Slack webhook URL",
        (input) => ({
          ...input,
          contactPoints: [{ name: "team-slack", type: "slack", webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXXXXXX" }, input.contactPoints[1]],
        }),
        'contact point "team-slack": webhookUrl: a literal secret is not allowed: reference an existing Kubernetes Secret ({ secret: { name, key } }) or a sensitive Terraform variable ({ variable: "name" })',
      ],
      [
        "a literal PagerDuty routing key",
        (input) => ({ ...input, contactPoints: [...input.contactPoints, { name: "oncall", type: "pagerduty", routingKey: "R0UT1NGKEY0123456789" }] }),
        'contact point "oncall": routingKey: a literal secret is not allowed',
      ],
      [
        "a literal SMTP password",
        (input) => ({
          ...input,
          contactPoints: [
            ...input.contactPoints,
            { name: "mail", type: "email", to: ["a@example.com"], smtp: { smarthost: "smtp:587", from: "b@example.com", password: "hunter2hunter2" } },
          ],
        }),
        'contact point "mail": smtp.password: a literal secret is not allowed',
      ],
      [
        "a malformed Secret reference",
        (input) => ({ ...input, contactPoints: [{ name: "team-slack", type: "slack", webhookUrl: { secret: { name: "Alerting!", key: "url" } } }] }),
        'contact point "team-slack": webhookUrl.secret.name: must be a DNS label',
      ],
      [
        "a Slack channel with a control character",
        (input) => ({ ...input, contactPoints: [{ ...input.contactPoints[0], channel: "#alerts\u0000" }, input.contactPoints[1]] }),
        'contact point "team-slack": channel: must be #channel or @user',
      ],
      [
        "an e-mail address with a control character",
        (input) => ({ ...input, contactPoints: [input.contactPoints[0], { name: "ciso", type: "email", to: ["ciso@example.com\u0000"] }] }),
        'contact point "ciso": to[0]: must be an e-mail address',
      ],
      [
        "an SMTP relay whose host name has a control character",
        (input) => ({
          ...input,
          contactPoints: [input.contactPoints[0], { name: "ciso", type: "email", to: ["ciso@example.com"], smtp: { smarthost: "smtp\u0000.example.com:587", from: "b@example.com" } }],
        }),
        'contact point "ciso": smtp.smarthost: must be host:port',
      ],
      [
        "an SMTP username with a newline",
        (input) => ({
          ...input,
          contactPoints: [input.contactPoints[0], { name: "ciso", type: "email", to: ["ciso@example.com"], smtp: { smarthost: "smtp:587", from: "b@example.com", username: "b\nx" } }],
        }),
        'contact point "ciso": smtp.username: must not contain control characters',
      ],
      [
        "a credential variable too long to be a Secret key",
        (input) => ({ ...input, contactPoints: [{ name: "team-slack", type: "slack", webhookUrl: { variable: "a".repeat(254) } }, input.contactPoints[1]] }),
        'contact point "team-slack": webhookUrl',
      ],
      [
        "a route to an undefined contact point",
        (input) => ({ ...input, policy: { contactPoint: "team-slack", routes: [{ severity: "critical", contactPoint: "pagerduty" }] } }),
        'notification policy: routes[0].contactPoint: unknown contact point "pagerduty" (contact points: team-slack, ciso)',
      ],
      [
        "a nested route to an undefined contact point",
        (input) => ({ ...input, policy: { contactPoint: "team-slack", routes: [{ team: "shop", routes: [{ severity: "info", contactPoint: "nope" }] }] } }),
        'notification policy: routes[0].routes[0].contactPoint: unknown contact point "nope"',
      ],
      [
        "an undefined default contact point",
        (input) => ({ ...input, policy: { contactPoint: "nobody" } }),
        'notification policy: contactPoint: unknown contact point "nobody"',
      ],
      [
        "an unknown mute timing",
        (input) => ({ ...input, policy: { contactPoint: "team-slack", routes: [{ team: "shop", muteTimings: ["weekend"] }] } }),
        'notification policy: routes[0].muteTimings: unknown mute timing "weekend" (mute timings: none)',
      ],
      [
        "a route matching nothing in particular",
        (input) => ({ ...input, policy: { contactPoint: "team-slack", routes: [{ contactPoint: "ciso" }] } }),
        "notification policy: routes[0]: must match on something",
      ],
      [
        "an invalid duration like `5 minutes`",
        (input) => ({ ...input, rules: [{ ...errorRate, for: "5 minutes" }] }),
        'alert rule "checkout-error-rate-high-warning": for: must be a duration like 30s, 5m, 12h, 15d',
      ],
      [
        "an invalid group_wait",
        (input) => ({ ...input, policy: { ...input.policy, groupWait: "half a minute" } }),
        "notification policy: groupWait: must be a duration like 30s, 5m, 12h, 15d",
      ],
      [
        "an invalid PromQL query",
        (input) => ({ ...input, rules: [{ ...errorRate, query: "sum(rate(checkout_failures_total[5m])" }] }),
        'alert rule "checkout-error-rate-high-warning": query: invalid PromQL at line 1, column',
      ],
      [
        "an invalid LogQL query",
        (input) => ({ ...input, rules: [{ ...errorRate, id: "shell", language: "logql", query: 'count_over_time({namespace="falco"} |= [5m])' }] }),
        'alert rule "shell": query: invalid LogQL at line 1, column',
      ],
      [
        "a LogQL rule on the Prometheus engine",
        (input) => ({ ...input, rules: [{ ...errorRate, language: "logql", engine: "prometheus", query: 'count_over_time({namespace="falco"}[5m])' }] }),
        'alert rule "checkout-error-rate-high-warning": engine: a LogQL rule cannot be evaluated by Prometheus',
      ],
      ["a missing runbook", (input) => ({ ...input, rules: [{ ...errorRate, runbookUrl: undefined }] }), 'alert rule "checkout-error-rate-high-warning": runbookUrl:'],
      [
        "a rule setting its severity as an extra label",
        (input) => ({ ...input, rules: [{ ...errorRate, labels: { severity: "page" } }] }),
        'alert rule "checkout-error-rate-high-warning": labels: must not set alertname, severity, team, category',
      ],
      [
        "an unknown severity",
        (input) => ({ ...input, rules: [{ ...errorRate, severity: "page" }] }),
        'alert rule "checkout-error-rate-high-page": severity:',
      ],
      [
        "an unterminated template action",
        (input) => ({ ...input, rules: [{ ...errorRate, summary: "{{ $labels.job } is failing" }] }),
        'alert rule "checkout-error-rate-high-warning": summary: has an unterminated or stray {{ }} template action',
      ],
      [
        "a misspelt key",
        (input) => ({ ...input, rules: [{ ...errorRate, treshold: 0.02 }] }),
        'alert rule "checkout-error-rate-high-warning": unknown key(s) treshold',
      ],
      [
        "duplicate contact point names",
        (input) => ({ ...input, contactPoints: [...input.contactPoints, input.contactPoints[0]] }),
        'alerting: contactPoints: duplicate contact point name(s) "team-slack"',
      ],
      [
        "duplicate rule ids",
        (input) => ({ ...input, rules: [errorRate, { ...errorRate, threshold: 0.02 }] }),
        'alerting: rules: duplicate alert rule id(s) "checkout-error-rate-high-warning" (give one of them its own id)',
      ],
      [
        "a contact point named like the built-in null receiver",
        (input) => ({ ...input, contactPoints: [...input.contactPoints, { name: "null", type: "email", to: ["a@example.com"] }] }),
        'contact point "null": name: "null" is reserved',
      ],
      [
        "a template that shadows the built-in one",
        (input) => ({ ...input, templates: [{ name: "mine", content: '{{ define "observability.text" }}x{{ end }}' }] }),
        'alerting: templates: duplicate template definition(s) "observability.text"',
      ],
      [
        "a template defining nothing",
        (input) => ({ ...input, templates: [{ name: "empty", content: "just text" }] }),
        'message template "empty": content: must define at least one template',
      ],
      [
        "a mute timing with a reversed range and an unknown zone",
        (input) => ({ ...input, muteTimings: [{ name: "weekend", intervals: [{ weekdays: ["sunday:saturday", "funday"], location: "Mars/Olympus" }] }] }),
        'mute timing "weekend": intervals[0].weekdays[1]: must be a value or an ascending range like monday:friday; intervals[0].location: must be an IANA time zone',
      ],
      [
        "office hours ending before they start",
        (input) => ({ ...input, muteTimings: [{ name: "office", intervals: [{ times: [{ start: "17:00", end: "09:00" }] }] }] }),
        'mute timing "office": intervals[0].times[0]: start must be before end',
      ],
      [
        "a misspelt catalog threshold",
        (input) => ({ ...input, catalog: { runbookBaseUrl: "https://runbooks.example.com", thresholds: { errorRatio: { warning: 0.02 } } } }),
        "alert catalog: thresholds: unknown key(s) errorRatio",
      ],
      [
        // prometheus-fastapi-instrumentator's finite buckets end at 60 s: histogram_quantile never reports more
        "a catalog latency threshold the profile's histogram cannot reach",
        (input) => ({
          ...input,
          catalog: { runbookBaseUrl: "https://runbooks.example.com", profiles: ["prometheus-fastapi-instrumentator"], thresholds: { latencyP95Seconds: { warning: 60 } } },
        }),
        "alert catalog: thresholds.latencyP95Seconds.warning: 60 s cannot be detected: the prometheus-fastapi-instrumentator histogram's largest finite bucket is 60 s",
      ],
      [
        "a service latency threshold its profile's histogram cannot reach",
        (input) => ({
          ...input,
          catalog: {
            runbookBaseUrl: "https://runbooks.example.com",
            services: { checkout: { profile: "starlette-prometheus", latencyP95Seconds: { critical: 30 } } },
          },
        }),
        "alert catalog: services.checkout.latencyP95Seconds.critical: 30 s cannot be detected: the starlette-prometheus histogram's largest finite bucket is 10 s",
      ],
      [
        // the OpenTelemetry semantic conventions' advised buckets end at 10 s (what the SDKs create)
        "a catalog latency threshold the OpenTelemetry HTTP histogram cannot reach",
        (input) => ({
          ...input,
          catalog: { runbookBaseUrl: "https://runbooks.example.com", profiles: ["otel-http"], thresholds: { latencyP95Seconds: { warning: 12 } } },
        }),
        "alert catalog: thresholds.latencyP95Seconds.warning: 12 s cannot be detected: the otel-http histogram's largest finite bucket is 10 s",
      ],
      [
        // the collector's span metrics connector buckets end at 15 s by default
        "a service latency threshold the span metrics histogram cannot reach",
        (input) => ({
          ...input,
          catalog: { runbookBaseUrl: "https://runbooks.example.com", services: { checkout: { profile: "otel-span-metrics", latencyP95Seconds: { warning: 20 } } } },
        }),
        "alert catalog: services.checkout.latencyP95Seconds.warning: 20 s cannot be detected: the otel-span-metrics histogram's largest finite bucket is 15 s",
      ],
      [
        "a shell source whose pattern breaks the LogQL",
        (input) => ({
          ...input,
          catalog: {
            runbookBaseUrl: "https://runbooks.example.com",
            shellSources: [{ name: "auditd", selector: '{job="auditd"}', pattern: "execve", pipeline: "| json |", by: ["host"] }],
          },
        }),
        'alert rule "root-shell-opened-auditd": query: invalid LogQL',
      ],
    ])("%s", (_name, mutate, message) => {
      const error = failure(mutate(base));
      expect(error.message).toContain(message);
    });

    it("reports every problem of the offending object at once", () => {
      const error = failure({ ...base, rules: [{ ...errorRate, for: "5 minutes", severity: "page" }] });
      expect(error.problems.map((p) => p.field).sort()).toEqual(["for", "severity"]);
    });

    it("accepts a Terraform variable for Grafana-only credentials", () => {
      const model = buildAlertingModel({ ...base, contactPoints: [{ name: "team-slack", type: "slack", webhookUrl: { variable: "slack_webhook_url" } }, base.contactPoints[1]] });
      expect(model.contactPoints[0]).toMatchObject({ webhookUrl: { variable: "slack_webhook_url" } });
    });
  });
});
