/**
 * Prometheus-style durations (`30s`, `5m`, `12h`, `15d`, `2w`, `1y`, `1h30m`), the format
 * Prometheus, Alertmanager, Loki and the Grafana alerting API all accept, up to what they
 * hold: 64-bit milliseconds (Prometheus refuses longer ones as out of range).
 */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_SECONDS = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001];
const MAX_MILLISECONDS = 2 ** 63 - 1;

function secondsOf(value: string): number | undefined {
  const match = value === "" ? null : DURATION.exec(value);
  return match?.slice(1).reduce((total, part, i) => total + Number(part ?? 0) * UNIT_SECONDS[i], 0);
}

export function isDuration(value: string): boolean {
  const seconds = secondsOf(value);
  return seconds !== undefined && seconds * 1000 <= MAX_MILLISECONDS;
}

/** Seconds in a duration; throws on a malformed one. */
export function durationSeconds(value: string): number {
  if (!isDuration(value)) throw new Error(`"${value}" is not a duration like 30s, 5m, 12h, 15d`);
  return secondsOf(value)!;
}
