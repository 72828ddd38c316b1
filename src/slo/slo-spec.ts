import { parser } from "@prometheus-io/lezer-promql";
import { z } from "zod";
import { dnsLabel, httpUrl, singleLine } from "../config/common-schemas";
import { durationSeconds, isDuration } from "../config/duration";
import { ALERT_ENGINES } from "../alerting/alert-rule";
import { RED_PROFILES, RedProfileName } from "../metrics/red-profiles";
import { findSyntaxError } from "../queries/validate-query";

const PROFILE_NAMES = Object.keys(RED_PROFILES) as [RedProfileName, ...RedProfileName[]];

/** The longest window a burn-rate alert looks at (the slow ticket: 1× over 3 days). */
export const LONGEST_ALERT_WINDOW = "3d";

/** A series selector of a counter, e.g. `http_requests_total{job="api", code!~"5.."}` (parsed with the official grammar). */
const counterSelector = z.string().refine((query) => !findSyntaxError("promql", query) && parser.parse(query).topNode.firstChild?.name === "VectorSelector", {
  message: 'must be a series selector of a counter, like http_requests_total{job="api"} (no functions, ranges or operators)',
});

/**
 * What the SLO measures: its service level indicator (SLI), as a fraction of good events.
 * OpenSLO's `indicator`, reduced to the three kinds Prometheus metrics give directly.
 */
export const sloIndicatorSchema = z.discriminatedUnion("type", [
  z.strictObject({
    /** Requests not answered with a server error, from the RED profile's request and error counters. */
    type: z.literal("availability"),
    /** The service's RED profile. @default the caller's profile (an environment's first `grafana.dashboards.redProfiles`) */
    profile: z.enum(PROFILE_NAMES).optional(),
  }),
  z.strictObject({
    /** Requests served within `thresholdSeconds`, from the RED profile's duration histogram. */
    type: z.literal("latency"),
    /** The service's RED profile; it needs a duration histogram. @default the caller's profile */
    profile: z.enum(PROFILE_NAMES).optional(),
    /** A request is good when it takes at most this long; must be one of the histogram's bucket bounds (`le`). */
    thresholdSeconds: z.number().positive("must be more than 0 seconds").refine((s) => !String(s).includes("e"), "must be a plain decimal number of seconds, like 0.5"),
  }),
  z.strictObject({
    /** Any pair of counters: the good events and all events (the SLI is good / total). */
    type: z.literal("ratio"),
    /** Series selector of the counter of good events. */
    good: counterSelector,
    /** Series selector of the counter of all events. */
    total: counterSelector,
  }),
]);

/**
 * One service level objective, OpenSLO's field names where they map (`name`, `service`,
 * `description`, `indicator`, `timeWindow`; `objective` is OpenSLO's `target` in percent).
 */
export const sloSpecSchema = z.strictObject({
  /** Names the SLO: recording-rule and alert label `slo`, rule ids, the dashboard. DNS label, unique per environment. */
  name: dnsLabel,
  /** The service (its value of the RED profile's service label, e.g. `job`). @default the caller's service */
  service: singleLine(253).regex(/^[^"\\${}]*$/, "must be a job label value (no quotes, backslashes, $, { or })").optional(),
  /** Kubernetes namespace of the service: a `namespace` label on the recorded series and alerts (namespaced routing). @default the caller's (none for an environment's SLOs) */
  namespace: dnsLabel.optional(),
  /** What the objective promises, for people (dashboard description). @default none */
  description: singleLine(1024).optional(),
  /** Percentage of good events promised over `timeWindow`, strictly between 0 and 100, e.g. 99.9. */
  objective: z
    .number()
    .refine((value) => value > 0 && value < 100, "must be a percentage strictly between 0 and 100, like 99.9 (100 % leaves no error budget to alert on)"),
  /** Rolling window the objective holds over: days or weeks with their unit, longer than the 3d ticket window. @default "28d" */
  timeWindow: z
    .string()
    .regex(/^[1-9][0-9]*[dw]$/, { message: "must be days or weeks with their unit, like 28d or 4w", abort: true })
    .refine(isDuration, { message: "is longer than Prometheus can hold", abort: true })
    .refine((window) => durationSeconds(window) > durationSeconds(LONGEST_ALERT_WINDOW), `must be longer than the ${LONGEST_ALERT_WINDOW} window of the slow burn-rate alert`)
    .default("28d"),
  indicator: sloIndicatorSchema,
  /** Team owning the SLO's alerts (`team` label; the policy tree routes on it). @default the caller's team */
  team: dnsLabel.optional(),
  /** Runbook page of the SLO's alerts. @default `<runbook base URL>/slo-error-budget-burn` */
  runbookUrl: httpUrl.optional(),
  /** Engine of the burn-rate alerts (the recording rules are always Prometheus'). @default the environment's default engine */
  engine: z.enum(ALERT_ENGINES).optional(),
});

/** An SLO as written in configuration. */
export type SloSpecInput = z.input<typeof sloSpecSchema>;
/** A validated SLO spec (`timeWindow` filled in). */
export type SloSpec = z.output<typeof sloSpecSchema>;
