/** Bytes in a Kubernetes quantity such as `200Gi`, `512Mi`, `1.5T`; throws on CPU-style or malformed input. */
const UNITS: Record<string, number> = {
  "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function quantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(quantity);
  if (!match) throw new Error(`"${quantity}" is not a byte quantity like 512Mi or 10Gi`);
  return Number(match[1]) * UNITS[match[2] ?? ""];
}

/**
 * A Prometheus `retentionSize` (base-2 units: `MB` means MiB) that keeps `1 - fraction` of a
 * volume free for the WAL and compaction, e.g. 90 % of `200Gi` → `184320MB`.
 */
export function prometheusRetentionSize(volume: string, fraction = 0.9): string {
  return `${Math.floor((quantityBytes(volume) * fraction) / 2 ** 20)}MB`;
}
