/**
 * A Kubernetes resource quantity such as `500m`, `2`, `512Mi`, `10Gi`, `1.5G`, at most
 * 2^63-1 in magnitude (Kubernetes caps larger ones rather than holding them).
 */
const QUANTITY = /^(\d+(?:\.\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SCALE: Record<string, number> = {
  m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const MAX_QUANTITY = 2 ** 63 - 1;

/** The value of a quantity (`512Mi` → 536870912, `500m` → 0.5); undefined when malformed or too large. */
export function quantityValue(value: string): number | undefined {
  const match = QUANTITY.exec(value);
  const result = match ? Number(match[1]) * SCALE[match[2] ?? ""] : undefined;
  return result !== undefined && result <= MAX_QUANTITY ? result : undefined;
}

export function isQuantity(value: string): boolean {
  return quantityValue(value) !== undefined;
}
