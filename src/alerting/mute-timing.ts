import { z } from "zod";
import { dnsLabel } from "../config/common-schemas";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** `x` or `x:y`, each side accepted by `valid`, and the range not reversed by `order`. */
function range(valid: (part: string) => boolean, order: (part: string) => number, example: string) {
  return z.string().refine((value) => {
    const parts = value.split(":");
    if (parts.length > 2 || !parts.every(valid)) return false;
    return parts.length === 1 || order(parts[0]) <= order(parts[1]);
  }, `must be a value or an ascending range like ${example}`);
}

const isInt = (min: number, max: number) => (part: string) => /^-?\d+$/.test(part) && Number(part) >= min && Number(part) <= max;
const monthNumber = (part: string) => (/^\d+$/.test(part) ? Number(part) : MONTHS.indexOf(part) + 1);

/** `HH:MM`, 00:00–24:00. */
const clock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "must be a time HH:MM between 00:00 and 24:00");

/** IANA time zone, as Alertmanager and Grafana load it (`Europe/Amsterdam`). */
const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone like Europe/Amsterdam or UTC");

/**
 * One recurring window; every field left out matches everything. The shape of Alertmanager's
 * `time_intervals` and Grafana's mute timings alike.
 */
export const timeIntervalSchema = z.strictObject({
  /** Times of day, `[{ start: "09:00", end: "17:00" }]`. */
  times: z
    .array(z.strictObject({ start: clock, end: clock }).refine((t) => t.start < t.end, "start must be before end"))
    .min(1)
    .optional(),
  /** `monday:friday`, `saturday`. */
  weekdays: z.array(range((d) => WEEKDAYS.includes(d), (d) => WEEKDAYS.indexOf(d), "monday:friday")).min(1).optional(),
  /** `1:7`, `-1` (the last day). */
  daysOfMonth: z
    .array(range((d) => isInt(-31, 31)(d) && d !== "0", Number, "1:7 or -3:-1"))
    .min(1)
    .optional(),
  /** `january:march`, `12`. */
  months: z.array(range((m) => MONTHS.includes(m) || isInt(1, 12)(m), monthNumber, "january:march or 1:3")).min(1).optional(),
  /** `2026`, `2026:2027`. */
  years: z.array(range(isInt(1970, 9999), Number, "2026:2027")).min(1).optional(),
  /** Time zone of `times`. @default UTC */
  location: timeZone.optional(),
});

/**
 * A named set of windows: maintenance windows (routes mute notifications during them) or
 * office hours (routes notify only during them).
 */
export const muteTimingSchema = z.strictObject({
  name: dnsLabel,
  intervals: z.array(timeIntervalSchema).min(1, "must list at least one interval"),
});

export type MuteTimingInput = z.input<typeof muteTimingSchema>;
export type MuteTiming = z.output<typeof muteTimingSchema>;
export type TimeInterval = z.output<typeof timeIntervalSchema>;
