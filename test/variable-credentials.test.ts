import { buildAlertingModel } from "../src/alerting/alerting-model";
import { credentialVariables, withVariablesFromSecret } from "../src/alerting/variable-credentials";

const model = buildAlertingModel({
  contactPoints: [
    { name: "team-slack", type: "slack", webhookUrl: { variable: "slack_webhook_url" } },
    { name: "ciso-email", type: "email", to: ["ciso@example.com"], smtp: { smarthost: "smtp:587", from: "a@example.com", username: "a", password: { variable: "smtp_password" } } },
    { name: "oncall", type: "pagerduty", routingKey: { secret: { name: "pagerduty", key: "routing-key" } } },
    { name: "ops", type: "slack", webhookUrl: { variable: "slack_webhook_url" } },
  ],
  policy: { contactPoint: "team-slack" },
});

describe("credentials from sensitive Terraform variables", () => {
  it("lists each variable once, sorted, leaving Secret references out", () => {
    expect(credentialVariables(model)).toEqual(["slack_webhook_url", "smtp_password"]);
  });

  it("reads each variable from the platform's Secret for Alertmanager, leaving other references alone", () => {
    const resolved = withVariablesFromSecret(model, "alerting-credentials");
    const [slack, email, pagerduty] = resolved.contactPoints as any[];
    expect(slack.webhookUrl).toEqual({ secret: { name: "alerting-credentials", key: "slack_webhook_url" } });
    expect(email.smtp.password).toEqual({ secret: { name: "alerting-credentials", key: "smtp_password" } });
    expect(pagerduty.routingKey).toEqual({ secret: { name: "pagerduty", key: "routing-key" } });
    expect(credentialVariables(resolved)).toEqual([]);
    expect((model.contactPoints[0] as any).webhookUrl).toEqual({ variable: "slack_webhook_url" });
  });
});
