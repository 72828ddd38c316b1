import { z } from "zod";
import { ConfigError, ConfigProblem } from "../config/config-error";
import { parseConfig } from "../config/parse-config";
import { ALERT_ENGINES, AlertRule, alertRuleSchema, resolveAlertRule, ruleWhere } from "./alert-rule";
import { catalogRules, catalogSchema } from "./catalog";
import { ContactPoint, contactPointSchema } from "./contact-point";
import { DEFAULT_MESSAGE_TEMPLATE, definedTemplates, MessageTemplate, messageTemplateSchema } from "./message-template";
import { MuteTiming, muteTimingSchema } from "./mute-timing";
import { NotificationPolicy, notificationPolicySchema, Route } from "./notification-policy";

/**
 * An environment's alerting, as written in its configuration: which engine evaluates rules
 * by default, the built-in rule catalog, custom rules, contact points, the policy tree,
 * mute timings and message templates.
 */
export const alertingSchema = z.strictObject({
  /** Engine of PromQL rules that do not pick one. @default "prometheus" */
  defaultEngine: z.enum(ALERT_ENGINES).default("prometheus"),
  /** The built-in rules; left out, there are none. @default none */
  catalog: catalogSchema.optional(),
  /** Custom rules. @default [] */
  rules: z.array(alertRuleSchema).default([]),
  contactPoints: z.array(contactPointSchema).min(1, "must list at least one contact point"),
  policy: notificationPolicySchema,
  /** @default [] */
  muteTimings: z.array(muteTimingSchema).default([]),
  /** Extra message templates (the built-in `observability` template is always there). @default [] */
  templates: z.array(messageTemplateSchema).default([]),
});

export type AlertingInput = z.input<typeof alertingSchema>;

/** One validated alerting model, rendered by every engine. */
export interface AlertingModel {
  /** Every rule, built-in and custom, with id, group and engine resolved. */
  readonly rules: readonly AlertRule[];
  readonly contactPoints: readonly ContactPoint[];
  readonly policy: NotificationPolicy;
  readonly muteTimings: readonly MuteTiming[];
  /** The built-in template first, then the configured ones. */
  readonly templates: readonly MessageTemplate[];
}

/** Each list of objects, its schema and how one of its objects is named in errors. */
const OBJECT_LISTS: Record<string, { schema: z.ZodType; name: (item: unknown, index: number) => string }> = {
  rules: { schema: alertRuleSchema, name: (item) => ruleWhere(isRecord(item) ? item : {}) },
  contactPoints: { schema: contactPointSchema, name: (item, i) => `contact point ${nameOf(item, i)}` },
  muteTimings: { schema: muteTimingSchema, name: (item, i) => `mute timing ${nameOf(item, i)}` },
  templates: { schema: messageTemplateSchema, name: (item, i) => `message template ${nameOf(item, i)}` },
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const nameOf = (item: unknown, index: number) => (isRecord(item) && typeof item.name === "string" ? `"${item.name}"` : `#${index + 1}`);

/**
 * Validates an environment's alerting and builds the model: each object on its own (a
 * ConfigError names the rule, contact point… and the field), every query parsed with the
 * official grammar, then across objects (unique names, routes to existing contact points
 * and mute timings).
 */
export function buildAlertingModel(input: AlertingInput): AlertingModel {
  const config = parseObjects(input);
  const builtIn = config.catalog ? catalogRules(config.catalog).map((rule) => parseConfig(alertRuleSchema, rule, ruleWhere(rule))) : [];
  const rules = [...builtIn, ...config.rules].map((rule) => resolveAlertRule(rule, config.defaultEngine));
  const templates = [DEFAULT_MESSAGE_TEMPLATE, ...config.templates];
  assertUnique("alert rule id", rules.map((rule) => rule.id), "rules", " (give one of them its own id)");
  assertUnique("contact point name", config.contactPoints.map((cp) => cp.name), "contactPoints");
  assertUnique("mute timing name", config.muteTimings.map((mt) => mt.name), "muteTimings");
  assertUnique("message template name", templates.map((t) => t.name), "templates");
  assertUnique("template definition", templates.flatMap((t) => definedTemplates(t.content)), "templates");
  checkPolicy(config.policy, new Set(config.contactPoints.map((cp) => cp.name)), new Set(config.muteTimings.map((mt) => mt.name)));
  return { rules, contactPoints: config.contactPoints, policy: config.policy, muteTimings: config.muteTimings, templates };
}

/**
 * Parses the whole input; on failure, parses the first offending object on its own, so the
 * error names that object (`contact point "team-slack": webhookUrl: …`) rather than a list index.
 */
function parseObjects(input: AlertingInput): z.output<typeof alertingSchema> {
  const result = alertingSchema.safeParse(input);
  if (result.success) return result.data;
  const [collection, index] = result.error.issues[0].path;
  const value = isRecord(input) ? input[collection as keyof AlertingInput] : undefined;
  const list = typeof collection === "string" ? OBJECT_LISTS[collection] : undefined;
  if (list && typeof index === "number" && Array.isArray(value)) parseConfig(list.schema, value[index], list.name(value[index], index));
  if (collection === "policy") parseConfig(notificationPolicySchema, value, "notification policy");
  if (collection === "catalog") parseConfig(catalogSchema, value, "alert catalog");
  return parseConfig(alertingSchema, input, "alerting");
}

function assertUnique(kind: string, names: readonly string[], field: string, hint = ""): void {
  const seen = new Set<string>();
  const duplicates = [...new Set(names.filter((name) => seen.size === seen.add(name).size))];
  if (duplicates.length) {
    throw new ConfigError("alerting", [{ field, problem: `duplicate ${kind}(s) ${duplicates.map((d) => `"${d}"`).join(", ")}${hint}` }]);
  }
}

function checkPolicy(policy: NotificationPolicy, contactPoints: Set<string>, muteTimings: Set<string>): void {
  const problems: ConfigProblem[] = [];
  const known = (set: Set<string>) => [...set].join(", ") || "none";
  const checkContactPoint = (name: string | undefined, field: string) => {
    if (name !== undefined && !contactPoints.has(name)) {
      problems.push({ field, problem: `unknown contact point "${name}" (contact points: ${known(contactPoints)})` });
    }
  };
  const walk = (routes: readonly Route[], path: string) =>
    routes.forEach((route, i) => {
      const at = `${path}[${i}]`;
      checkContactPoint(route.contactPoint, `${at}.contactPoint`);
      for (const field of ["muteTimings", "activeTimings"] as const) {
        for (const name of route[field] ?? []) {
          if (!muteTimings.has(name)) problems.push({ field: `${at}.${field}`, problem: `unknown mute timing "${name}" (mute timings: ${known(muteTimings)})` });
        }
      }
      walk(route.routes ?? [], `${at}.routes`);
    });
  checkContactPoint(policy.contactPoint, "contactPoint");
  walk(policy.routes, "routes");
  if (problems.length) throw new ConfigError("notification policy", problems);
}
