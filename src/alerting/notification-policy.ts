import { z } from "zod";
import { dnsLabel, duration } from "../config/common-schemas";
import { regexAlternation } from "./regex-alternation";
import { labelName } from "../config/common-schemas";
import { ALERT_CATEGORIES, AlertCategory, Severity, SEVERITIES } from "./alert-rule";

/** A label matcher, as both Alertmanager routes and Grafana notification policies take them. */
export interface Matcher {
  readonly label: string;
  readonly op: "=" | "!=" | "=~" | "!~";
  readonly value: string;
}

const matcherSchema = z.strictObject({
  label: labelName,
  /** @default "=" */
  op: z.enum(["=", "!=", "=~", "!~"]).default("="),
  value: z.string(),
});

const oneOrMore = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).min(1)]);

/** Grouping and timing a route may override. */
const timing = {
  /** Labels that make one notification. @default the parent's */
  groupBy: z.array(z.union([labelName, z.literal("...")])).min(1).optional(),
  /** Wait before the first notification of a new group. @default the parent's */
  groupWait: duration.optional(),
  /** Wait before notifying about alerts added to a group. @default the parent's */
  groupInterval: duration.optional(),
  /** Resend a still-firing group after this long. @default the parent's */
  repeatInterval: duration.optional(),
};

/** A route of the policy tree as written in configuration. */
export interface RouteInput {
  /** Matches alerts of these severities. */
  severity?: Severity | Severity[];
  /** Matches alerts of these teams. */
  team?: string | string[];
  /** Matches alerts of these categories (e.g. `security`). */
  category?: AlertCategory | AlertCategory[];
  /** Any other label matchers; all must match. */
  matchers?: Array<{ label: string; op?: Matcher["op"]; value: string }>;
  /** Where matching alerts go. @default the parent's contact point */
  contactPoint?: string;
  /** Keep looking for later sibling routes after this one matched. @default false */
  continue?: boolean;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  /** Mute timings during which nothing is sent (maintenance windows). @default none */
  muteTimings?: string[];
  /** Mute timings outside of which nothing is sent (office hours). @default always active */
  activeTimings?: string[];
  /** Nested routes, tried in order. */
  routes?: RouteInput[];
}

/** A validated route. */
export interface Route {
  readonly severity?: Severity | Severity[];
  readonly team?: string | string[];
  readonly category?: AlertCategory | AlertCategory[];
  readonly matchers?: Matcher[];
  readonly contactPoint?: string;
  readonly continue: boolean;
  readonly groupBy?: string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly muteTimings?: string[];
  readonly activeTimings?: string[];
  readonly routes?: Route[];
}

export const routeSchema: z.ZodType<Route, RouteInput> = z
  .strictObject({
    severity: oneOrMore(z.enum(SEVERITIES)).optional(),
    team: oneOrMore(dnsLabel).optional(),
    category: oneOrMore(z.enum(ALERT_CATEGORIES)).optional(),
    matchers: z.array(matcherSchema).min(1).optional(),
    contactPoint: dnsLabel.optional(),
    continue: z.boolean().default(false),
    ...timing,
    muteTimings: z.array(dnsLabel).optional(),
    activeTimings: z.array(dnsLabel).optional(),
    get routes() {
      return z.array(routeSchema).optional();
    },
  })
  .refine((route) => route.severity ?? route.team ?? route.category ?? route.matchers, {
    error: "must match on something: severity, team, category or matchers (the root of the tree catches everything else)",
  });

/**
 * The notification policy tree: the root's contact point gets whatever no route matches;
 * routes are tried in order, the first match wins unless it says `continue`.
 */
export const notificationPolicySchema = z.strictObject({
  /** The default contact point. */
  contactPoint: dnsLabel,
  /** @default ["alertname", "namespace", "job"] */
  groupBy: timing.groupBy.default(["alertname", "namespace", "job"]),
  /** @default "30s" */
  groupWait: duration.default("30s"),
  /** @default "5m" */
  groupInterval: duration.default("5m"),
  /** @default "4h" */
  repeatInterval: duration.default("4h"),
  /** @default [] */
  routes: z.array(routeSchema).default([]),
});

export type NotificationPolicyInput = z.input<typeof notificationPolicySchema>;
export type NotificationPolicy = z.output<typeof notificationPolicySchema>;

function fieldMatcher(label: string, value: string | readonly string[] | undefined): Matcher[] {
  if (value === undefined) return [];
  const values = typeof value === "string" ? [value] : value;
  return [values.length === 1 ? { label, op: "=", value: values[0] } : { label, op: "=~", value: regexAlternation(values) }];
}

/** All matchers of a route, the severity/team/category shorthands first. */
export function routeMatchers(route: Route): Matcher[] {
  return [
    ...fieldMatcher("severity", route.severity),
    ...fieldMatcher("team", route.team),
    ...fieldMatcher("category", route.category),
    ...(route.matchers ?? []),
  ];
}
