import { dashboardDiff } from "./dashboard-diff";
import { type DocumentTitles, helmValuesDiff } from "./helm-values-diff";
import { hideCredentials, SensitiveValue } from "./opaque-values";
import { ruleGroupDiff } from "./rule-group-diff";
import { diffValues, formatChange } from "./value-diff";

type Config = Record<string, unknown>;

function without(config: Config, ...keys: string[]): Config {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));
}

function genericDiff(before: Config, after: Config): string[] {
  return diffValues(before, after).flatMap((change) => formatChange(change));
}

function parsedJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every value of a Secret's data maps hidden: Kubernetes Secret data is never printed. */
function hideSecretData(config: Config): Config {
  // a plan marks the whole map sensitive; its keys are still worth showing
  const hidden = (value: unknown) => {
    const map = value instanceof SensitiveValue ? value.value : value;
    if (map === undefined || map === null) return map;
    if (typeof map !== "object" || Array.isArray(map)) return new SensitiveValue(map);
    return Object.fromEntries(Object.keys(map).map((key) => [key, new SensitiveValue((map as Config)[key])]));
  };
  return { ...config, data: hidden(config.data), string_data: hidden(config.string_data), binary_data: hidden(config.binary_data) };
}

/** A notification policy tree with each level's routes keyed by their matchers (`severity="critical"`), nested the same way. */
function policyTree(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(policyTree);
  if (config === null || typeof config !== "object" || config instanceof SensitiveValue) return config;
  const { policy, ...rest } = config as Config;
  if (policy === undefined) return rest;
  const routes = (Array.isArray(policy) ? policy : [policy]) as Config[];
  const named = new Map<string, unknown>();
  for (const route of routes) {
    const matchers = ((Array.isArray(route.matcher) ? route.matcher : route.matcher ? [route.matcher] : []) as Config[]).map((m) => `${m.label}${m.match}"${m.value}"`);
    const base = matchers.length ? matchers.join(", ") : `→ ${String(route.contact_point ?? "default")}`;
    let name = base;
    for (let n = 2; named.has(name); n++) name = `${base} #${n}`;
    named.set(name, policyTree(without(route, "matcher")));
  }
  return { ...rest, policy: Object.fromEntries(named) };
}

/**
 * The key-level changes of one resource's arguments, by type: Helm values per document,
 * dashboards by panel, rule groups by rule, the policy tree by matchers, datasource settings
 * by key; credentials (contact point settings, Secret data, secure datasource settings) only
 * as `(sensitive)`. `documentTitles` name a Helm release's values documents on each side.
 */
export function argumentDiff(type: string, before: Config, after: Config, documentTitles: DocumentTitles = {}): string[] {
  switch (type) {
    case "helm_release":
      return [
        ...genericDiff(hideCredentials(without(before, "values"), false) as Config, hideCredentials(without(after, "values"), false) as Config),
        ...helmValuesDiff(before.values, after.values, documentTitles),
      ];
    case "grafana_dashboard":
      return [...genericDiff(without(before, "config_json"), without(after, "config_json")), ...dashboardDiff(before.config_json, after.config_json)];
    case "grafana_rule_group":
      return ruleGroupDiff(before, after);
    case "grafana_contact_point":
      return genericDiff(hideCredentials(before, true) as Config, hideCredentials(after, true) as Config);
    case "grafana_notification_policy":
      return genericDiff(policyTree(before) as Config, policyTree(after) as Config);
    case "grafana_data_source": {
      const settings = (config: Config) => ({
        ...hideCredentials(without(config, "json_data_encoded", "secure_json_data_encoded", "http_headers", "basic_auth_password"), false) as Config,
        json_data: hideCredentials(parsedJson(config.json_data_encoded), false),
        secure_json_data: config.secure_json_data_encoded === undefined ? undefined : new SensitiveValue(config.secure_json_data_encoded),
        http_headers: config.http_headers === undefined ? undefined : new SensitiveValue(config.http_headers),
        basic_auth_password: config.basic_auth_password === undefined ? undefined : new SensitiveValue(config.basic_auth_password),
      });
      return genericDiff(settings(before), settings(after));
    }
    default:
      if (/^kubernetes_secret(_v1)?$/.test(type)) return genericDiff(hideSecretData(before), hideSecretData(after));
      return genericDiff(hideCredentials(before, false) as Config, hideCredentials(after, false) as Config);
  }
}
