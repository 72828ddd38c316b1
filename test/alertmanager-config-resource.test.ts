import { renderAlertmanagerConfigResource } from "../src/alerting/alertmanager-config-resource";
import { ContactPointInput, contactPointSchema } from "../src/alerting/contact-point";
import { configErrorOf } from "./helpers/config-error";
import { crdErrors, crdUnknownFields } from "./helpers/crd-schemas";
import { describeWithShared } from "./helpers/shared-dir";

const secret = (key: string) => ({ secret: { name: "team-alerting", key } });

/** One contact point of every type, every optional credential and setting given. */
const CONTACT_POINTS: ContactPointInput[] = [
  {
    name: "mail",
    type: "email",
    to: ["a@example.com", "b@example.com"],
    subject: "{{ .CommonLabels.alertname }}",
    smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com", username: "alerts", password: secret("smtp") },
  },
  { name: "chat", type: "slack", webhookUrl: secret("slack"), channel: "#shop" },
  { name: "hook", type: "webhook", url: secret("url"), bearerToken: secret("token"), maxAlerts: 5 },
  { name: "teams", type: "msteams", webhookUrl: secret("teams") },
  { name: "teams-legacy", type: "msteams", kind: "connector", webhookUrl: secret("teams") },
  { name: "pager", type: "pagerduty", routingKey: secret("pd"), url: "https://events.eu.pagerduty.com/v2/enqueue" },
  { name: "genie", type: "opsgenie", apiKey: secret("og"), apiUrl: "https://api.eu.opsgenie.com/", responders: [{ type: "team", name: "shop" }, { type: "user", name: "jo" }], priority: "P2" },
];

const render = (input: ContactPointInput) =>
  renderAlertmanagerConfigResource(contactPointSchema.parse(input), { name: "checkout", namespace: "shop", match: { team: "shop", service: "checkout" } });

describe("a team's AlertmanagerConfig", () => {
  it("routes the team's alerts to its one receiver", () => {
    const config = render(CONTACT_POINTS[1]);
    expect(config.spec.route).toEqual({
      receiver: "chat",
      matchers: [
        { name: "team", value: "shop", matchType: "=" },
        { name: "service", value: "checkout", matchType: "=" },
      ],
    });
    expect(config.spec.receivers.map((r) => r.name)).toEqual(["chat"]);
  });

  it("reads every credential as a key of a Secret in its own namespace, never a value", () => {
    const json = JSON.stringify(CONTACT_POINTS.map(render));
    const selectors = [...json.matchAll(/\{"name":"team-alerting","key":"[a-z]+"\}/g)];
    expect(selectors).toHaveLength(8);
  });

  it("uses the Teams Workflows receiver unless the contact point is a legacy connector", () => {
    expect(Object.keys(render(CONTACT_POINTS[3]).spec.receivers[0])).toContain("msteamsv2Configs");
    expect(Object.keys(render(CONTACT_POINTS[4]).spec.receivers[0])).toContain("msteamsConfigs");
  });

  it("refuses a Terraform variable (the operator reads Secrets only) and e-mail without an SMTP relay", () => {
    expect(configErrorOf(() => render({ name: "chat", type: "slack", webhookUrl: { variable: "slack" } })).message).toMatch(
      /^contact point "chat": webhookUrl: an AlertmanagerConfig reads credentials from Secrets in its own namespace: .*"shop"/,
    );
    expect(configErrorOf(() => render({ name: "mail", type: "email", to: ["a@example.com"] })).message).toMatch(/^contact point "mail": smtp: /);
  });

  describeWithShared("against the chart's AlertmanagerConfig CRD (v1alpha1)", () => {
    it("would notice a misspelt field", () => {
      const config = structuredClone(render(CONTACT_POINTS[1]));
      (config.spec.receivers[0].slackConfigs as Array<Record<string, unknown>>)[0].apiUrl = { name: "x", key: "y" };
      expect(crdUnknownFields("AlertmanagerConfig", config)).toEqual(["/spec/receivers/0/slackConfigs/0/apiUrl"]);
    });

    it.each(CONTACT_POINTS.map((cp) => [cp.name, cp] as const))("%s is valid", (_, contactPoint) => {
      expect(crdErrors("AlertmanagerConfig", render(contactPoint))).toEqual([]);
      // the API server would drop a misspelt field silently
      expect(crdUnknownFields("AlertmanagerConfig", render(contactPoint))).toEqual([]);
    });
  });
});
