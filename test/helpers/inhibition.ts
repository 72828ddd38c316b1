/** One rendered Alertmanager inhibit rule (matchers as `label="v"` or `label=~"a|b"`). */
export interface InhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}

/** Whether an alert's labels satisfy every matcher (the `=` and `=~` forms we render). */
function matches(labels: Readonly<Record<string, string>>, matchers: readonly string[]): boolean {
  return matchers.every((matcher) => {
    const parsed = /^(\w+)(=~|=)"(.*)"$/.exec(matcher);
    if (!parsed) throw new Error(`matcher ${matcher} is not of the form label="value" or label=~"regex"`);
    const [, name, op, value] = parsed;
    return op === "=" ? labels[name] === value : new RegExp(`^(?:${value})$`).test(labels[name] ?? "");
  });
}

/**
 * Alertmanager's inhibition: a firing `source` alert mutes `target` when some rule's source
 * matchers match the source, its target matchers the target, and both carry the same value
 * (or both none) of every `equal` label.
 */
export function inhibits(rules: readonly InhibitRule[], source: Readonly<Record<string, string>>, target: Readonly<Record<string, string>>): boolean {
  return rules.some(
    (rule) => matches(source, rule.source_matchers) && matches(target, rule.target_matchers) && rule.equal.every((label) => source[label] === target[label]),
  );
}
