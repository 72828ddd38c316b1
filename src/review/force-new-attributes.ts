import { sameValue } from "./value-diff";

/**
 * An argument whose change makes the provider replace the resource: a dotted path of
 * attribute and block names; `ifPrior` only while the prior configuration holds these values
 * (an immutable Secret); `ifJsonKey` only when that key of the JSON document changes (a
 * dashboard's `uid` in `config_json`).
 */
export type ForceNewRule = string | { readonly path: string; readonly ifPrior?: Readonly<Record<string, unknown>>; readonly ifJsonKey?: string };

const KUBERNETES_OBJECT = ["metadata.generate_name", "metadata.name"];
const NAMESPACED_OBJECT = [...KUBERNETES_OBJECT, "metadata.namespace"];
const IMMUTABLE_DATA: ForceNewRule[] = ["data", "binary_data", "immutable"].map((path) => ({ path, ifPrior: { immutable: true } }));
const ROLE_REF = ["role_ref", "role_ref.api_group", "role_ref.kind", "role_ref.name"];
const RANDOM_VALUE = ["keepers", "length", "special", "upper", "lower", "number", "numeric", "min_numeric", "min_upper", "min_lower", "min_special", "override_special"];
const GRAFANA_PROVISIONED = ["org_id", "name", "disable_provenance"];

/**
 * What forces replacement, per resource type, as the pinned providers plan it: ForceNew in
 * the SDK schemas of hashicorp/kubernetes 2.38.0 and random 3.7.2 (plus the immutable rule of
 * Secrets and ConfigMaps in their CustomizeDiff), RequiresReplace in helm 3.1.1 and grafana
 * 4.45.1 (a dashboard is replaced when its `uid` changes). A test checks it against the
 * reference table of the offline Terraform tools when that is present.
 */
export const FORCE_NEW_ATTRIBUTES: Readonly<Record<string, readonly ForceNewRule[]>> = {
  kubernetes_namespace: KUBERNETES_OBJECT,
  kubernetes_namespace_v1: KUBERNETES_OBJECT,
  kubernetes_cluster_role_v1: KUBERNETES_OBJECT,
  kubernetes_cluster_role_binding_v1: [...KUBERNETES_OBJECT, ...ROLE_REF],
  kubernetes_network_policy: NAMESPACED_OBJECT,
  kubernetes_network_policy_v1: NAMESPACED_OBJECT,
  kubernetes_limit_range: NAMESPACED_OBJECT,
  kubernetes_limit_range_v1: NAMESPACED_OBJECT,
  kubernetes_resource_quota: [...NAMESPACED_OBJECT, "spec.scopes"],
  kubernetes_resource_quota_v1: [...NAMESPACED_OBJECT, "spec.scopes"],
  kubernetes_service_account_v1: NAMESPACED_OBJECT,
  kubernetes_role_v1: NAMESPACED_OBJECT,
  kubernetes_role_binding_v1: [...NAMESPACED_OBJECT, ...ROLE_REF],
  kubernetes_config_map: [...NAMESPACED_OBJECT, ...IMMUTABLE_DATA],
  kubernetes_config_map_v1: [...NAMESPACED_OBJECT, ...IMMUTABLE_DATA],
  kubernetes_secret: [...NAMESPACED_OBJECT, "type", ...IMMUTABLE_DATA],
  kubernetes_secret_v1: [...NAMESPACED_OBJECT, "type", ...IMMUTABLE_DATA],
  kubernetes_manifest: ["manifest.apiVersion", "manifest.kind", "manifest.metadata.name", "manifest.metadata.namespace"],
  helm_release: ["name", "namespace"],
  random_password: RANDOM_VALUE,
  random_string: RANDOM_VALUE,
  random_id: ["keepers", "byte_length", "prefix"],
  random_uuid: ["keepers"],
  grafana_contact_point: GRAFANA_PROVISIONED,
  grafana_message_template: GRAFANA_PROVISIONED,
  grafana_mute_timing: GRAFANA_PROVISIONED,
  grafana_dashboard: ["org_id", { path: "config_json", ifJsonKey: "uid" }],
  grafana_data_source: ["org_id", "uid"],
  grafana_folder: ["org_id", "uid"],
  grafana_notification_policy: ["org_id"],
  grafana_rule_group: ["org_id", "name", "folder_uid"],
};

/** Every value at a dotted path; blocks may be one object or a list of them. */
function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (!path.length) return [value];
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (value === null || typeof value !== "object") return [];
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

function jsonKey(text: unknown, key: string): unknown {
  try {
    return typeof text === "string" ? JSON.parse(text)?.[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The force-new arguments of a resource type that differ between its prior and planned
 * configuration (none: an in-place update, as for every type without a rule).
 */
export function replacingArguments(type: string, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return (FORCE_NEW_ATTRIBUTES[type] ?? [])
    .filter((rule) => {
      const { path, ifPrior, ifJsonKey } = typeof rule === "string" ? { path: rule } : rule;
      if (ifPrior && !Object.entries(ifPrior).every(([key, value]) => valuesAt(before, key.split(".")).some((prior) => sameValue(prior, value)))) return false;
      const [old, current] = [before, after].map((config) => valuesAt(config, path.split(".")));
      if (ifJsonKey) return !sameValue(old.map((text) => jsonKey(text, ifJsonKey)), current.map((text) => jsonKey(text, ifJsonKey)));
      return !sameValue(old, current);
    })
    .map((rule) => (typeof rule === "string" ? rule : rule.path));
}
