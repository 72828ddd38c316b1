import { buildAlertingModel } from "../src/alerting/alerting-model";
import { grafanaSmtp } from "../src/alerting/grafana-smtp";
import { configErrorOf } from "./helpers/config-error";

const smtp = { smarthost: "smtp.example.com:587", from: "alerts@example.com", username: "alerts", password: { secret: { name: "smtp", key: "password" } } };
const model = (second: Record<string, unknown> = smtp, first: Record<string, unknown> = smtp) =>
  buildAlertingModel({
    contactPoints: [
      { name: "team", type: "email", to: ["team@example.com"], smtp: first as typeof smtp },
      { name: "ciso", type: "email", to: ["ciso@example.com"], smtp: second as typeof smtp },
    ],
    policy: { contactPoint: "team" },
  });

describe("Grafana's SMTP server", () => {
  it("is the one the e-mail contact points share", () => {
    expect(grafanaSmtp(model())).toEqual({ host: "smtp.example.com:587", from: "alerts@example.com", user: "alerts", password: { name: "smtp", key: "password" }, requireTls: true });
  });

  it("is absent without e-mail contact points", () => {
    expect(grafanaSmtp(buildAlertingModel({ contactPoints: [{ name: "s", type: "slack", webhookUrl: { variable: "x" } }], policy: { contactPoint: "s" } }))).toBeUndefined();
  });

  it("refuses contact points that name different servers, since Grafana has one", () => {
    expect(configErrorOf(() => grafanaSmtp(model({ ...smtp, smarthost: "other.example.com:25" }))).message).toBe(
      'alerting: contact point "ciso".smtp: differs from "team": Grafana sends all e-mail through one SMTP server',
    );
  });

  it("needs the password in a Secret", () => {
    const fromVariable = { ...smtp, password: { variable: "p" } };
    expect(configErrorOf(() => grafanaSmtp(model(fromVariable, fromVariable))).message).toBe(
      'alerting: contact point "team".smtp.password: must be stored in a Secret for Grafana',
    );
  });
});
