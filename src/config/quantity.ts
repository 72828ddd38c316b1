/** A Kubernetes resource quantity such as `500m`, `2`, `512Mi`, `10Gi`, `1.5G`. */
const QUANTITY = /^\d+(?:\.\d+)?(?:m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}
