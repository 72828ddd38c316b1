/**
 * The settings the grafana provider (4.45.1, `internal/resources/grafana/resource_data_source.go`)
 * refuses at plan time: its validators reject `json_data_encoded` / `secure_json_data_encoded`
 * whose text merely contains one of these names (the provider writes them itself, from
 * `http_headers`, `grafana_data_source_config_lbac_rules` and the PDC network id).
 */
const RESERVED = {
  json_data_encoded: ["httpHeaderName", "teamHttpHeaders", "enableSecureSocksProxy", "secureSocksProxyUsername"],
  secure_json_data_encoded: ["httpHeaderValue"],
} as const;

/** What the real provider would refuse in a synthesized `grafana_data_source` block, as `attribute: name` strings. */
export function reservedDatasourceKeys(block: Record<string, unknown>): string[] {
  return Object.entries(RESERVED).flatMap(([attribute, names]) => {
    const text = block[attribute];
    return typeof text === "string" ? names.filter((name) => text.includes(name)).map((name) => `${attribute}: ${name}`) : [];
  });
}
