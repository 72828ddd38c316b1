import { join } from "node:path";
import { Values } from "../../src/helm/values";
import { PrometheusAlertingRule, PrometheusRecordingRule, PrometheusRuleGroup, PrometheusRulesMap } from "../../src/alerting/prometheus-rules";
import { freePort } from "./loopback";

/**
 * The configurations the project renders, moved onto 127.0.0.1 for the loopback tests:
 * what listens gets a free port, what is called gets the loopback address of the program
 * standing in for the in-cluster Service, files move to a temporary directory. Nothing
 * else changes, so the programs judge what would be deployed.
 */

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Values as Helm merges them: a `null` deletes the chart default's key, so it is no key at all. */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)])) as T;
}

/** A listening address the charts give a program: every interface or the pod IP, on a port. */
const LISTEN_ADDRESS = /^(?:0\.0\.0\.0|\$\{env:MY_POD_IP\}|\[::\]|):(\d+)$/;

export interface LoopbackCollectorConfig {
  readonly config: Values;
  /** The loopback port of every listener, by its path in the config (`receivers.otlp.protocols.grpc.endpoint`, `service.telemetry.metrics`). */
  readonly ports: Readonly<Record<string, number>>;
}

/**
 * An OpenTelemetry Collector style config (the collector's or Jaeger v2's) on loopback:
 * every listening `endpoint` and the telemetry's Prometheus reader on a free port, every
 * exporter's `endpoint` (`host:port` or a URL) pointed where `upstream` says for its
 * `host:port`; `upstream` throws for a host it does not stand in for.
 */
export async function collectorConfigOnLoopback(config: Values, upstream: (hostPort: string) => string): Promise<LoopbackCollectorConfig> {
  const ports: Record<string, number> = {};
  const walk = async (node: Json, path: string[]): Promise<Json> => {
    if (Array.isArray(node)) return Promise.all(node.map((item, i) => walk(item, [...path, String(i)])));
    if (!isObject(node)) return node;
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) {
      const here = [...path, key];
      if (key === "endpoint" && typeof value === "string" && path[0] === "exporters") {
        out[key] = value.replace(/^((?:\w+:\/\/)?)([^/]+)/, (_, scheme: string, hostPort: string) => `${scheme}${upstream(hostPort)}`);
      } else if (key === "endpoint" && typeof value === "string" && LISTEN_ADDRESS.test(value)) {
        ports[here.join(".")] = await freePort();
        out[key] = `127.0.0.1:${ports[here.join(".")]}`;
      } else if (key === "prometheus" && isObject(value) && "port" in value && path.includes("telemetry")) {
        ports["service.telemetry.metrics"] = await freePort();
        out[key] = { ...value, host: "127.0.0.1", port: ports["service.telemetry.metrics"] };
      } else out[key] = await walk(value, here);
    }
    return out;
  };
  return { config: (await walk(config, [])) as Values, ports };
}

/** Where the rendered Alertmanager config reads a credential: the mounted Secret's file. */
export interface CredentialFile {
  readonly secret: string;
  readonly key: string;
  readonly path: string;
}

/**
 * The rendered Alertmanager config on loopback: credential files and templates under
 * `dir`, PagerDuty and Slack to `webhook` (Slack by its URL file), mail to a loopback
 * port nobody listens on, and notifications grouped within a second. Mute timings are
 * dropped: a weekly maintenance window would silence the test during it.
 */
export function alertmanagerConfigOnLoopback(config: Values, options: { dir: string; pagerDutyUrl: string; smtpAddress: string }): { config: Values; credentials: CredentialFile[] } {
  const credentials: CredentialFile[] = [];
  const walk = (node: Json, key?: string): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (!isObject(node)) return node;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(node)) {
      const mounted = typeof v === "string" ? /^\/etc\/alertmanager\/secrets\/([^/]+)\/([^/]+)$/.exec(v) : null;
      if (k.endsWith("_file") && mounted) {
        const path = join(options.dir, "secrets", mounted[1], mounted[2]);
        credentials.push({ secret: mounted[1], key: mounted[2], path });
        out[k] = path;
      } else if (k === "mute_time_intervals") continue;
      else out[k] = walk(v, k);
    }
    if (key === "pagerduty_configs") out.url = options.pagerDutyUrl;
    if (key === "email_configs") out.smarthost = options.smtpAddress;
    return out;
  };
  const rewritten = walk(config) as Values;
  const route = rewritten.route as Values;
  return {
    config: {
      ...rewritten,
      templates: ((rewritten.templates ?? []) as string[]).map((glob) => join(options.dir, "templates", glob.split("/").pop()!)),
      route: { ...route, group_wait: "1s", group_interval: "1s" },
    },
    credentials,
  };
}

/**
 * The rendered rule groups as one rule file, every alert's `for` shortened to `pending` so a
 * test sees it fire within seconds (recording rules, which have no `for`, as they are).
 */
export function ruleFileOnLoopback(rules: PrometheusRulesMap, pending: string): { groups: PrometheusRuleGroup<PrometheusAlertingRule | PrometheusRecordingRule>[] } {
  const shortened = (rule: PrometheusAlertingRule | PrometheusRecordingRule) => ("alert" in rule ? { ...rule, for: pending } : rule);
  return { groups: Object.values(rules).flatMap((entry) => entry.groups.map((group) => ({ ...group, rules: group.rules.map(shortened) }))) };
}
