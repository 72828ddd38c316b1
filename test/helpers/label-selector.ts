/** A Kubernetes label selector, in either spelling: the API's (`matchLabels`) or the Terraform provider's (`match_labels`). */
export interface LabelSelector {
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: readonly SelectorRequirement[];
  readonly match_labels?: Record<string, string>;
  readonly match_expressions?: readonly SelectorRequirement[];
}

interface SelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}

/** Whether `labels` satisfy the selector (every requirement; an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  const matchLabels = selector?.matchLabels ?? selector?.match_labels ?? {};
  const expressions = selector?.matchExpressions ?? selector?.match_expressions ?? [];
  return (
    Object.entries(matchLabels).every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      const has = key in labels;
      if (operator === "Exists") return has;
      if (operator === "DoesNotExist") return !has;
      if (operator === "In") return has && values.includes(labels[key]);
      return !has || !values.includes(labels[key]);
    })
  );
}

/** A plain map selector (Service `spec.selector`) as a label selector. */
export const mapSelector = (map: Record<string, string>): LabelSelector => ({ matchLabels: map });

/** Whether the selector names no requirement at all. */
export const isEmptySelector = (selector: LabelSelector | undefined): boolean =>
  !Object.keys(selector?.matchLabels ?? selector?.match_labels ?? {}).length && !(selector?.matchExpressions ?? selector?.match_expressions ?? []).length;
