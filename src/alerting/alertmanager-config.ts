import { ConfigError } from "../config/config-error";
import { AlertingModel } from "./alerting-model";
import { RED_COVERAGE, RED_COVERAGE_LABEL } from "./catalog";
import { ContactPoint, contactPointSecrets, NULL_RECEIVER } from "./contact-point";
import { TimeInterval } from "./mute-timing";
import { Matcher, Route, routeMatchers } from "./notification-policy";
import { isKubernetesSecret, SecretReference } from "./secret-reference";

/** The Alertmanager kube-prometheus-stack 88.5.3 deploys (`alertmanager.alertmanagerSpec.image.tag`). */
export const CHART_ALERTMANAGER_VERSION = "0.34.0";

/** Where the operator mounts `alertmanagerSpec.secrets` and the chart writes `templateFiles`. */
const SECRETS_DIRECTORY = "/etc/alertmanager/secrets";
const TEMPLATES_DIRECTORY = "/etc/alertmanager/config";

/** Alerts of the chart's default rules that must not notify anyone. */
const SILENT_ALERTS = ["Watchdog", "InfoInhibitor"];

/** Labels an inhibiting alert must share with the alert it mutes: the same alert on the same thing (for SLO alerts, of the same SLO). */
const DEFAULT_INHIBIT_EQUAL = ["alertname", "namespace", "service", "job", "instance", "pod", "container", "slo"];

export interface AlertmanagerConfigOptions {
  /**
   * The Alertmanager release the configuration is for: receivers it cannot express without
   * a literal secret are refused. @default CHART_ALERTMANAGER_VERSION
   */
  readonly alertmanagerVersion?: string;
  /** Directory holding one sub-directory per mounted Secret. @default "/etc/alertmanager/secrets" */
  readonly secretsDirectory?: string;
  /** Directory holding the message templates (`<name>.tmpl`). @default "/etc/alertmanager/config" */
  readonly templatesDirectory?: string;
  /** @default "5m" */
  readonly resolveTimeout?: string;
  /** Labels a critical (warning) alert must share with a warning or info (info) alert to mute it. @default alertname, namespace, service, job, instance, pod, container */
  readonly inhibitEqual?: readonly string[];
}

/** The rendered alertmanager.yml (kube-prometheus-stack `alertmanager.config`). */
export type AlertmanagerConfig = {
  global: { resolve_timeout: string };
  route: AlertmanagerRoute;
  receivers: Array<{ name: string } & Record<string, unknown>>;
  inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[]; equal: string[] }>;
  time_intervals?: Array<{ name: string; time_intervals: Record<string, unknown>[] }>;
  templates: string[];
};

export type AlertmanagerRoute = {
  receiver?: string;
  matchers?: string[];
  continue?: boolean;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: AlertmanagerRoute[];
};

export interface RenderedAlertmanager {
  /** kube-prometheus-stack `alertmanager.config`. */
  readonly config: AlertmanagerConfig;
  /** kube-prometheus-stack `alertmanager.alertmanagerSpec.secrets`: the Secrets receivers read credentials from. */
  readonly secrets: string[];
  /** kube-prometheus-stack `alertmanager.templateFiles`: `<name>.tmpl` → template text. */
  readonly templateFiles: Record<string, string>;
}

/** Receiver features newer than the oldest Alertmanager we render for, by the release that added them. */
const SINCE: Record<string, [number, number]> = {
  "webhook url_file": [0, 26],
  "msteams webhook_url_file": [0, 27],
  "msteamsv2 (Teams workflows)": [0, 28],
};

/**
 * The contact points and policy tree of a model as Alertmanager configuration: the routing
 * tree (Watchdog and InfoInhibitor silenced first), one receiver per contact point reading
 * its credentials from mounted Secret files, inhibition of lower severities by higher ones
 * for the same alert and of catch-all RED alerts by a service's own, mute timings as time
 * intervals, and the message templates.
 */
export function renderAlertmanagerConfig(model: AlertingModel, options: AlertmanagerConfigOptions = {}): RenderedAlertmanager {
  const version = parseVersion(options.alertmanagerVersion ?? CHART_ALERTMANAGER_VERSION);
  const templatesDirectory = options.templatesDirectory ?? TEMPLATES_DIRECTORY;
  const receiver = receiverRenderer(version, options.secretsDirectory ?? SECRETS_DIRECTORY);
  const equal = [...(options.inhibitEqual ?? DEFAULT_INHIBIT_EQUAL)];
  const { policy } = model;
  const config: AlertmanagerConfig = {
    global: { resolve_timeout: options.resolveTimeout ?? "5m" },
    route: {
      receiver: policy.contactPoint,
      group_by: policy.groupBy,
      group_wait: policy.groupWait,
      group_interval: policy.groupInterval,
      repeat_interval: policy.repeatInterval,
      routes: [
        { receiver: NULL_RECEIVER, matchers: [matcherText({ label: "alertname", op: "=~", value: SILENT_ALERTS.join("|") })] },
        ...policy.routes.map(renderRoute),
      ],
    },
    receivers: [{ name: NULL_RECEIVER }, ...model.contactPoints.map(receiver)],
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal },
      // A service's own RED alert (listed, or its team's from its namespace) mutes the catch-all
      // one for it, whichever severity: the team already hears of it. Only `service` names the
      // service on both (the catch-all sums by job alone: no namespace). Here, not in the team's
      // AlertmanagerConfig: the operator confines those rules' source and target to its namespace.
      {
        source_matchers: [matcherText({ label: RED_COVERAGE_LABEL, op: "=", value: RED_COVERAGE.owned })],
        target_matchers: [matcherText({ label: RED_COVERAGE_LABEL, op: "=", value: RED_COVERAGE.catchAll })],
        equal: ["alertname", "service"],
      },
      // The chart's InfoInhibitor fires while info alerts are the only ones in a namespace.
      { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"'], equal: ["namespace"] },
    ],
    ...(model.muteTimings.length
      ? { time_intervals: model.muteTimings.map((timing) => ({ name: timing.name, time_intervals: timing.intervals.map(timeInterval) })) }
      : {}),
    templates: [`${templatesDirectory}/*.tmpl`],
  };
  const secrets = model.contactPoints.flatMap(contactPointSecrets).map(({ reference }) => reference);
  return {
    config,
    secrets: [...new Set(secrets.filter(isKubernetesSecret).map((reference) => reference.secret.name))].sort(),
    templateFiles: Object.fromEntries(model.templates.map((template) => [`${template.name}.tmpl`, template.content])),
  };
}

function renderRoute(route: Route): AlertmanagerRoute {
  return {
    ...(route.contactPoint ? { receiver: route.contactPoint } : {}),
    matchers: routeMatchers(route).map(matcherText),
    ...(route.continue ? { continue: true } : {}),
    ...(route.groupBy ? { group_by: route.groupBy } : {}),
    ...(route.groupWait ? { group_wait: route.groupWait } : {}),
    ...(route.groupInterval ? { group_interval: route.groupInterval } : {}),
    ...(route.repeatInterval ? { repeat_interval: route.repeatInterval } : {}),
    ...(route.muteTimings?.length ? { mute_time_intervals: route.muteTimings } : {}),
    ...(route.activeTimings?.length ? { active_time_intervals: route.activeTimings } : {}),
    ...(route.routes?.length ? { routes: route.routes.map(renderRoute) } : {}),
  };
}

/** `label="value"`, quoted so any value survives Alertmanager's matcher parser. */
function matcherText(matcher: Matcher): string {
  const quoted = matcher.value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `${matcher.label}${matcher.op}"${quoted}"`;
}

function timeInterval(interval: TimeInterval): Record<string, unknown> {
  return {
    ...(interval.times ? { times: interval.times.map((t) => ({ start_time: t.start, end_time: t.end })) } : {}),
    ...(interval.weekdays ? { weekdays: interval.weekdays } : {}),
    ...(interval.daysOfMonth ? { days_of_month: interval.daysOfMonth } : {}),
    ...(interval.months ? { months: interval.months } : {}),
    ...(interval.years ? { years: interval.years } : {}),
    ...(interval.location ? { location: interval.location } : {}),
  };
}

function parseVersion(version: string): [number, number] {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?/.exec(version);
  if (!match) throw new Error(`"${version}" is not an Alertmanager version like 0.34.0`);
  return [Number(match[1]), Number(match[2])];
}

function receiverRenderer(version: [number, number], secretsDirectory: string) {
  return (contactPoint: ContactPoint): { name: string } & Record<string, unknown> => {
    const where = `contact point "${contactPoint.name}"`;
    /** The mounted file holding a credential; Alertmanager cannot read Terraform variables. */
    const file = (reference: SecretReference, field: string): string => {
      if (!isKubernetesSecret(reference)) {
        throw new ConfigError(where, [
          {
            field,
            problem: `Alertmanager reads credentials from Kubernetes Secrets: use { secret: { name, key } } (a Terraform variable only reaches Grafana-managed alerting)`,
          },
        ]);
      }
      return `${secretsDirectory}/${reference.secret.name}/${reference.secret.key}`;
    };
    const requires = (feature: string, field: string) => {
      const [major, minor] = SINCE[feature];
      if (version[0] < major || (version[0] === major && version[1] < minor)) {
        throw new ConfigError(where, [
          { field, problem: `Alertmanager ${version.join(".")} has no ${feature} (added in ${major}.${minor}); this receiver needs a newer Alertmanager` },
        ]);
      }
    };
    const sendResolved = { send_resolved: contactPoint.sendResolved };
    switch (contactPoint.type) {
      case "email": {
        const { smtp } = contactPoint;
        if (!smtp) throw new ConfigError(where, [{ field: "smtp", problem: "Alertmanager needs an SMTP relay (smarthost, from) to send e-mail" }]);
        return {
          name: contactPoint.name,
          email_configs: [
            {
              ...sendResolved,
              to: contactPoint.to.join(", "),
              from: smtp.from,
              smarthost: smtp.smarthost,
              require_tls: smtp.requireTls,
              ...(smtp.username ? { auth_username: smtp.username } : {}),
              ...(smtp.password ? { auth_password_file: file(smtp.password, "smtp.password") } : {}),
              ...(contactPoint.subject ? { headers: { Subject: contactPoint.subject } } : {}),
            },
          ],
        };
      }
      case "slack":
        return {
          name: contactPoint.name,
          slack_configs: [
            {
              ...sendResolved,
              api_url_file: file(contactPoint.webhookUrl, "webhookUrl"),
              ...(contactPoint.channel ? { channel: contactPoint.channel } : {}),
              title: contactPoint.title,
              text: contactPoint.text,
            },
          ],
        };
      case "webhook":
        requires("webhook url_file", "url");
        return {
          name: contactPoint.name,
          webhook_configs: [
            {
              ...sendResolved,
              url_file: file(contactPoint.url, "url"),
              max_alerts: contactPoint.maxAlerts,
              ...(contactPoint.bearerToken
                ? { http_config: { authorization: { type: "Bearer", credentials_file: file(contactPoint.bearerToken, "bearerToken") } } }
                : {}),
            },
          ],
        };
      case "msteams": {
        const workflow = contactPoint.kind === "workflow";
        requires(workflow ? "msteamsv2 (Teams workflows)" : "msteams webhook_url_file", "webhookUrl");
        return {
          name: contactPoint.name,
          [workflow ? "msteamsv2_configs" : "msteams_configs"]: [
            { ...sendResolved, webhook_url_file: file(contactPoint.webhookUrl, "webhookUrl"), title: contactPoint.title, text: contactPoint.text },
          ],
        };
      }
      case "pagerduty":
        return {
          name: contactPoint.name,
          pagerduty_configs: [
            { ...sendResolved, routing_key_file: file(contactPoint.routingKey, "routingKey"), ...(contactPoint.url ? { url: contactPoint.url } : {}) },
          ],
        };
      case "opsgenie":
        return {
          name: contactPoint.name,
          opsgenie_configs: [
            {
              ...sendResolved,
              api_key_file: file(contactPoint.apiKey, "apiKey"),
              ...(contactPoint.apiUrl ? { api_url: contactPoint.apiUrl } : {}),
              ...(contactPoint.responders ? { responders: contactPoint.responders.map((r) => ({ type: r.type, name: r.name })) } : {}),
              ...(contactPoint.priority ? { priority: contactPoint.priority } : {}),
            },
          ],
        };
    }
  };
}
