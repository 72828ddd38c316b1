/**
 * Prometheus-style durations (`30s`, `5m`, `12h`, `15d`, `2w`, `1y`, `1h30m`), the format
 * Prometheus, Alertmanager, Loki and the Grafana alerting API all accept.
 */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_SECONDS = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];

export function isDuration(value: string): boolean {
  return value !== "" && DURATION.test(value);
}

/** Seconds in a duration; throws on a malformed one. */
export function durationSeconds(value: string): number {
  const match = isDuration(value) ? DURATION.exec(value) : null;
  if (!match) throw new Error(`"${value}" is not a duration like 30s, 5m, 12h, 15d`);
  return match.slice(1).reduce((total, part, i) => total + Number(part ?? 0) * UNIT_SECONDS[i], 0);
}
