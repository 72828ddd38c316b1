/**
 * A regular expression matching exactly one of `values` (`a|b\.c`), for PromQL selectors
 * (`job!~"…"`) and Alertmanager matchers (`team=~"…"`), both RE2 and fully anchored.
 */
export function regexAlternation(values: readonly string[]): string {
  return values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
}
