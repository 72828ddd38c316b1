import { z } from "zod";
import { quantity } from "../config/common-schemas";
import { AUXILIARY_RESOURCES } from "../config/auxiliary-resources";
import { Values } from "../helm/values";

/**
 * The chart's two memcached StatefulSets. Its defaults ask for 8 GiB (chunks) plus 1 GiB
 * (results) and half a CPU each, more than a laptop cluster has to spare; these defaults fit
 * one, and a large environment raises them.
 */
export const lokiCachesSchema = z.union([
  z.literal(false),
  z.strictObject({
    /** Memory of the chunks cache in MB (the chart's `allocatedMemory`). @default 512 */
    chunksMemoryMb: z.int().min(64, "must be at least 64 (MB)").default(512),
    /** Memory of the query results cache in MB. @default 128 */
    resultsMemoryMb: z.int().min(64, "must be at least 64 (MB)").default(128),
    /** CPU each cache requests. @default "100m" */
    cpu: quantity.default("100m"),
  }),
]);
export type LokiCaches = z.input<typeof lokiCachesSchema>;

export function lokiCachesValues(caches: z.output<typeof lokiCachesSchema>): Values {
  if (caches === false) return { chunksCache: { enabled: false }, resultsCache: { enabled: false } };
  // the chart derives each memcached's requests and memory limit from its allocation
  return {
    chunksCache: { enabled: true, allocatedMemory: caches.chunksMemoryMb, allocatedCPU: caches.cpu },
    resultsCache: { enabled: true, allocatedMemory: caches.resultsMemoryMb, allocatedCPU: caches.cpu },
    memcachedExporter: { resources: structuredClone(AUXILIARY_RESOURCES.exporter) },
  };
}
