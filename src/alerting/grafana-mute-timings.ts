import { MuteTiming } from "./mute-timing";

/** A `grafana_mute_timing`. */
export interface GrafanaMuteTiming {
  readonly name: string;
  readonly intervals: Array<{
    times?: Array<{ start: string; end: string }>;
    weekdays?: string[];
    daysOfMonth?: string[];
    months?: string[];
    years?: string[];
    location?: string;
  }>;
}

/**
 * A mute timing as Grafana's: the same windows as Alertmanager's time intervals (Grafana
 * uses Alertmanager's time interval code), each field left out matching everything.
 */
export function renderGrafanaMuteTiming(timing: MuteTiming): GrafanaMuteTiming {
  return {
    name: timing.name,
    intervals: timing.intervals.map((interval) => ({
      ...(interval.times ? { times: interval.times.map(({ start, end }) => ({ start, end })) } : {}),
      ...(interval.weekdays ? { weekdays: interval.weekdays } : {}),
      ...(interval.daysOfMonth ? { daysOfMonth: interval.daysOfMonth } : {}),
      ...(interval.months ? { months: interval.months } : {}),
      ...(interval.years ? { years: interval.years } : {}),
      ...(interval.location ? { location: interval.location } : {}),
    })),
  };
}
