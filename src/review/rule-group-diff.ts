import { diffValues, formatChange, formatPath } from "./value-diff";

type Rule = Record<string, unknown>;

function parseModel(model: unknown): Record<string, unknown> {
  if (typeof model !== "string") return (model ?? {}) as Record<string, unknown>;
  try {
    return JSON.parse(model);
  } catch {
    return { model };
  }
}

const COMPARATORS: Record<string, string> = { gt: ">", lt: "<", eq: "==", ne: "!=", gte: ">=", lte: "<=" };

/** A threshold expression's condition as an expression: `> 0.01`, `within 1..5`. */
function thresholdText(model: Record<string, unknown>): string | undefined {
  const evaluator = (model.conditions as { evaluator?: { type?: string; params?: number[] } }[] | undefined)?.[0]?.evaluator;
  if (model.type !== "threshold" || !evaluator?.type) return undefined;
  const params = evaluator.params ?? [];
  return COMPARATORS[evaluator.type] ? `${COMPARATORS[evaluator.type]} ${params[0]}` : `${evaluator.type.replace(/_/g, " ")} ${params.join("..")}`;
}

/** A rule's queries by refId as what they compute: the query expression, a threshold's condition, the rest of the model. */
function queriesOf(rule: Rule): Record<string, unknown> {
  const data = (Array.isArray(rule.data) ? rule.data : []) as Record<string, unknown>[];
  return Object.fromEntries(
    data.map((query, i) => {
      const model = parseModel(query.model);
      const { refId: _r, intervalMs: _i, maxDataPoints: _m, ...rest } = model;
      const text = thresholdText(model) ?? model.expr ?? undefined;
      return [String(query.ref_id ?? i), text !== undefined ? { expression: text, datasource: query.datasource_uid } : { ...rest, datasource: query.datasource_uid }];
    }),
  );
}

/**
 * Key-level changes of a `grafana_rule_group`: rules matched by uid, each named `rule 'Name'`,
 * its queries and threshold as expressions (`rule 'X' query A: old → new`), `for`, labels and
 * the rest by key; the group's own settings by key.
 */
export function ruleGroupDiff(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const rulesOf = (config: Record<string, unknown>) =>
    new Map(((Array.isArray(config.rule) ? config.rule : config.rule ? [config.rule] : []) as Rule[]).map((rule, i) => [String(rule.uid ?? rule.name ?? i), rule]));
  const [old, current] = [rulesOf(before), rulesOf(after)];
  const uids = [...old.keys(), ...[...current.keys()].filter((uid) => !old.has(uid))];
  const { rule: _a, ...groupA } = before;
  const { rule: _b, ...groupB } = after;
  return [
    ...diffValues(groupA, groupB).flatMap((change) => formatChange(change)),
    ...uids.flatMap((uid) => {
      const [x, y] = [old.get(uid), current.get(uid)];
      const name = `rule '${String((y ?? x)!.name ?? uid)}'`;
      if (!y) return [`- ${name}`];
      if (!x) return [`+ ${name}`];
      const [qx, qy] = [queriesOf(x), queriesOf(y)];
      const { data: _x, ...restX } = x;
      const { data: _y, ...restY } = y;
      return [
        ...diffValues(qx, qy).flatMap((change) => {
          const [ref, ...path] = change.path;
          const label = path.length === 1 && path[0] === "expression" ? `query ${String(ref)}` : `query ${String(ref)} ${formatPath(path)}`;
          return formatChange(change, label.trim());
        }),
        ...diffValues(restX, restY).flatMap((change) => formatChange(change)),
      ].map((line) => (line.startsWith("  ") ? line : `${name} ${line}`));
    }),
  ];
}
