import { AlertingInput } from "../../src/alerting/alerting-model";

/** Who gets paged for critical alerts in an environment. */
type Paging = { readonly type: "pagerduty" } | { readonly type: "email"; readonly to: string };

const smtp = {
  smarthost: "smtp.example.com:587",
  from: "alerts@example.com",
  username: "alerts@example.com",
  password: { variable: "smtp_password" },
};

/**
 * The alerting every environment shares (seed 1 and 2): the built-in catalog (API error
 * rate above 1 % warns, above 5 % is critical; a root shell alerts the CISO), the team's
 * Slack channel as the default receiver, security to the CISO, critical to the paging
 * receiver. Credentials are sensitive Terraform variables: `TF_VAR_slack_webhook_url`,
 * `TF_VAR_smtp_password`, and `TF_VAR_pagerduty_routing_key` where PagerDuty pages.
 */
export function standardAlerting(paging: Paging): AlertingInput {
  const pagingReceiver =
    paging.type === "pagerduty"
      ? { name: "oncall-pagerduty", type: "pagerduty" as const, routingKey: { variable: "pagerduty_routing_key" } }
      : { name: "oncall-email", type: "email" as const, to: [paging.to], smtp };
  return {
    catalog: {
      runbookBaseUrl: "https://runbooks.example.com/observability",
      team: "platform",
      securityTeam: "security",
    },
    contactPoints: [
      { name: "team-slack", type: "slack", webhookUrl: { variable: "slack_webhook_url" }, channel: "#alerts" },
      { name: "ciso-email", type: "email", to: ["ciso@example.com"], smtp },
      pagingReceiver,
    ],
    policy: {
      contactPoint: "team-slack",
      routes: [
        { category: "security", contactPoint: "ciso-email" },
        { severity: "critical", contactPoint: pagingReceiver.name },
        // warnings can wait out the weekly maintenance window
        { severity: "warning", contactPoint: "team-slack", muteTimings: ["maintenance-window"] },
      ],
    },
    muteTimings: [
      {
        name: "maintenance-window",
        intervals: [{ weekdays: ["sunday"], times: [{ start: "02:00", end: "04:00" }], location: "Europe/Amsterdam" }],
      },
    ],
  };
}
