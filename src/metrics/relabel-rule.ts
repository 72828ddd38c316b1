import { z } from "zod";
import { labelName } from "../config/common-schemas";

const relabelActions = ["replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase", "keepequal", "dropequal"] as const;
/** Actions that write `targetLabel`, so Prometheus refuses them without one. */
const WRITING_ACTIONS: ReadonlySet<string> = new Set(["replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"]);

/**
 * One relabelling rule in the prometheus-operator (camelCase) form, as ServiceMonitor and
 * PodMonitor endpoints take it. {@link toPrometheusRelabelConfig} gives the raw Prometheus
 * (snake_case) form for scrape configs.
 */
export const relabelRuleSchema = z
  .strictObject({
    /** Labels whose values, joined by `separator`, are matched against `regex`. @default none */
    sourceLabels: z.array(labelName).optional(),
    /** @default ";" */
    separator: z.string().optional(),
    /** Label the result is written to (required by replace, hashmod, lowercase, uppercase, keepequal, dropequal). @default none */
    targetLabel: z.string().min(1, "must not be empty").optional(),
    /** RE2 regular expression, anchored at both ends by Prometheus. @default "(.*)" */
    regex: z.string().optional(),
    /** Modulus of the hash (hashmod only). @default none */
    modulus: z.number().int().positive().optional(),
    /** Replacement with `$1`-style capture references. @default "$1" */
    replacement: z.string().optional(),
    /** @default "replace" */
    action: z.enum(relabelActions).optional(),
  })
  .superRefine((rule, ctx) => {
    const action = rule.action ?? "replace";
    if (WRITING_ACTIONS.has(action) && rule.targetLabel === undefined) {
      ctx.addIssue({ code: "custom", path: ["targetLabel"], message: `is required for action "${action}"` });
    }
    if (action === "hashmod" && rule.modulus === undefined) {
      ctx.addIssue({ code: "custom", path: ["modulus"], message: 'is required for action "hashmod"' });
    }
  });

export type RelabelRule = z.input<typeof relabelRuleSchema>;

/** The raw Prometheus `relabel_config` form of a rule (for `scrape_configs`). */
export function toPrometheusRelabelConfig(rule: RelabelRule): Record<string, unknown> {
  const raw: Record<string, unknown> = {
    source_labels: rule.sourceLabels,
    separator: rule.separator,
    target_label: rule.targetLabel,
    regex: rule.regex,
    modulus: rule.modulus,
    replacement: rule.replacement,
    action: rule.action,
  };
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined));
}
