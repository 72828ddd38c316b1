import { diffValues, formatChange, formatValue } from "./value-diff";

type Rule = Record<string, unknown>;

/**
 * The rules of an `additionalPrometheusRulesMap`, keyed by name: the alert or record name,
 * with its severity label when it has one (one alert often has a warning and a critical rule).
 */
function rulesByName(rulesMap: unknown): Map<string, Rule> {
  const rules = new Map<string, Rule>();
  if (rulesMap === null || typeof rulesMap !== "object") return rules;
  for (const entry of Object.values(rulesMap as Record<string, { groups?: { rules?: Rule[] }[] }>)) {
    for (const group of entry?.groups ?? []) {
      for (const rule of group?.rules ?? []) {
        const labels = (rule.labels ?? {}) as Record<string, unknown>;
        const base = String(rule.alert ?? rule.record ?? "(unnamed)") + (labels.severity ? `{severity="${labels.severity}"}` : "");
        let name = base;
        for (let n = 2; rules.has(name); n++) name = `${base} #${n}`;
        rules.set(name, rule);
      }
    }
  }
  return rules;
}

/** `<query> > 0.01`: a rule's expression as its query and threshold. */
const THRESHOLD = /^([\s\S]*?)\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/;

/** A changed expression: `threshold: > 0.01 → > 0.02` when only the threshold moved, else the expression. */
function exprLines(name: string, before: unknown, after: unknown): string[] {
  const [a, b] = [before, after].map((expr) => (typeof expr === "string" ? THRESHOLD.exec(expr) : null));
  if (a && b && a[1] === b[1]) return [`rule ${name} threshold: ${a[2]} ${a[3]} → ${b[2]} ${b[3]}`];
  return formatChange({ path: [], before, after }, `rule ${name} expr`);
}

/** Changed, added and removed Prometheus rules: `rule <name> threshold: > 1 → > 2`, `rule <name> expr: old → new`, `+ rule <name>`, `- rule <name>`. */
export function prometheusRulesDiff(before: unknown, after: unknown): string[] {
  const [old, current] = [rulesByName(before), rulesByName(after)];
  const names = [...old.keys(), ...[...current.keys()].filter((name) => !old.has(name))];
  return names.flatMap((name) => {
    const [a, b] = [old.get(name), current.get(name)];
    if (!b) return [`- rule ${name}`];
    if (!a) return [`+ rule ${name}: ${formatValue(b.expr)}`];
    const { expr: exprA, ...restA } = a;
    const { expr: exprB, ...restB } = b;
    return [
      ...(exprA === exprB ? [] : exprLines(name, exprA, exprB)),
      ...diffValues(restA, restB).flatMap((change) => formatChange(change).map((line, i) => (i === 0 ? `rule ${name} ${line}` : line))),
    ];
  });
}
