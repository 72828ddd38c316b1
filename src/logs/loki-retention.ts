import { z } from "zod";
import { duration } from "../config/common-schemas";
import { durationSeconds } from "../config/duration";
import { findSyntaxError } from "../queries/validate-query";
import { Values } from "../helm/values";
import { LOKI_INDEX_PERIOD } from "./loki-schema-config";
import { LokiStorageType } from "./loki-storage";

/** A retention period: the compactor deletes whole daily index tables, so at least one. */
export const retentionPeriod = duration.refine(
  (period) => durationSeconds(period) >= durationSeconds(LOKI_INDEX_PERIOD),
  `must be at least the index period (${LOKI_INDEX_PERIOD}): retention deletes whole daily index tables`,
);

/** A LogQL stream selector such as `{namespace="productie"}`: what retention_stream matches. */
const streamSelector = z
  .string()
  .refine((selector) => /^\s*\{.*\}\s*$/s.test(selector) && !findSyntaxError("logql", selector), 'must be a LogQL stream selector like {namespace="productie"}')
  // The chart renders limits_config through Helm's `tpl`, where `{{` opens an action.
  .refine((selector) => !selector.includes("{{"), "must not contain '{{' (the chart renders it as a Helm template)");

/** Streams kept longer (or shorter) than the rest, e.g. an audit trail. */
export const streamRetentionSchema = z.strictObject({
  selector: streamSelector,
  period: retentionPeriod,
  /** The highest priority wins where several selectors match a stream. @default 1 */
  priority: z.int().min(1).default(1),
});
export type StreamRetention = z.input<typeof streamRetentionSchema>;

/**
 * Retention through the compactor (the table manager is deprecated): it marks chunks older
 * than the period, deletes them after a delay, and keeps delete requests in the store itself.
 */
export function lokiRetentionValues(period: string, streams: readonly z.output<typeof streamRetentionSchema>[], store: LokiStorageType): Values {
  return {
    loki: {
      compactor: { retention_enabled: true, delete_request_store: store },
      limits_config: {
        retention_period: period,
        ...(streams.length > 0 && { retention_stream: streams.map((s) => ({ selector: s.selector, priority: s.priority, period: s.period })) }),
      },
    },
  };
}
