import { Values } from "../helm/values";
import { LokiStorageType } from "./loki-storage";

/**
 * The day Loki's one schema period starts. Fixed, never derived from the clock: changing it
 * (or the store below) on a Loki that holds data makes the old chunks unreadable. A new
 * store or schema version gets a new period with a future `from` date instead.
 */
export const LOKI_SCHEMA_FROM = "2025-01-01";
/** TSDB index tables span one day; retention deletes whole tables, so it cannot be shorter. */
export const LOKI_INDEX_PERIOD = "24h";

/** `loki.schemaConfig`, which the chart requires: TSDB, schema v13, daily index tables. */
export function lokiSchemaValues(objectStore: LokiStorageType): Values {
  return {
    loki: {
      schemaConfig: {
        configs: [{ from: LOKI_SCHEMA_FROM, store: "tsdb", object_store: objectStore, schema: "v13", index: { prefix: "index_", period: LOKI_INDEX_PERIOD } }],
      },
    },
  };
}
