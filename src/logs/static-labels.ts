import { z } from "zod";
import { labelName } from "../config/common-schemas";
import { POD_LOG_LABELS } from "./alloy-config";

/**
 * Loki's `max_label_names_per_series` (its default), set explicitly: a stream with more
 * labels is refused with a 400 that only the sender sees. Loki does not count `service_name`.
 */
export const MAX_LABEL_NAMES_PER_SERIES = 15;

/** How many static labels (cluster, environment…) fit beside the pod-log labels. */
export const MAX_STATIC_LABELS = MAX_LABEL_NAMES_PER_SERIES - POD_LOG_LABELS.length;

// Loki's defaults: max_label_name_length 1024, max_label_value_length 2048.
/** The name of a static label every log stream carries: not internal, not one the pipeline sets. */
export const staticLabelName = labelName
  .max(1024, "must be at most 1024 characters")
  .refine((name) => !name.startsWith("__"), "must not start with __ (reserved for internal labels)")
  .refine((name) => !POD_LOG_LABELS.includes(name), `must not be one the pipeline sets (${POD_LOG_LABELS.join(", ")})`);

const staticLabelValue = z
  .string()
  .min(1, "must not be empty (Loki drops empty labels)")
  .max(2048, "must be at most 2048 characters")
  .refine((value) => !/[\p{Cc}\p{Cs}]/u.test(value), "must not contain control characters or unpaired surrogates");

const tooMany = `must have at most ${MAX_STATIC_LABELS}: with the ${POD_LOG_LABELS.length} pod-log labels a stream would exceed Loki's ${MAX_LABEL_NAMES_PER_SERIES}`;

/** Static labels on every stream (`{ cluster: "eu-1", environment: "prod" }`); an error names the label and the rule it breaks. */
export const staticLabels = z.record(z.string(), staticLabelValue).superRefine((labels, ctx) => {
  for (const name of Object.keys(labels)) {
    const result = staticLabelName.safeParse(name);
    if (!result.success) ctx.addIssue({ code: "custom", path: [name], message: `label name ${result.error.issues.map((i) => i.message).join(", ")}` });
  }
  if (Object.keys(labels).length > MAX_STATIC_LABELS) ctx.addIssue({ code: "custom", path: [], message: tooMany });
});

/** The names of the static labels, as Loki is told to index them from OTLP resource attributes. */
export const staticLabelNames = z
  .array(staticLabelName)
  .max(MAX_STATIC_LABELS, tooMany)
  .refine((names) => new Set(names).size === names.length, "must not repeat a name");
