import { quantityValue } from "./quantity";

/** Bytes in a Kubernetes quantity such as `200Gi`, `512Mi`, `1.5T`; throws on CPU-style (`500m`) or malformed input. */
export function quantityBytes(quantity: string): number {
  const bytes = quantity.endsWith("m") ? undefined : quantityValue(quantity);
  if (bytes === undefined) throw new Error(`"${quantity}" is not a byte quantity like 512Mi or 10Gi`);
  return bytes;
}

/**
 * A Prometheus `retentionSize` (base-2 units: `MB` means MiB) that keeps `1 - fraction` of a
 * volume free for the WAL and compaction, e.g. 90 % of `200Gi` → `184320MB`.
 */
export function prometheusRetentionSize(volume: string, fraction = 0.9): string {
  return `${Math.floor((quantityBytes(volume) * fraction) / 2 ** 20)}MB`;
}
