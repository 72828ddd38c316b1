import { TerraformStack } from "cdktf";
import { ConfigError } from "../src/config/config-error";
import { fieldPath } from "../src/config/parse-config";
import { validateEnvironments } from "../src/config/validate-environment";
import { buildApp, validateApp } from "../stacks/app";
import { environments } from "../stacks/environments";
import { ENVIRONMENT_VARIANTS } from "./helpers/environment-variants";
import { liveInterpolationsIn } from "./helpers/live-interpolations";

/**
 * Every leaf (and every object and list) of every shipped environment, and of the settings
 * they leave out, replaced by a bad value: null, a wrong type, empty, overlong, a control
 * character, a Terraform `${…}` or `%{…}`, cdktf's `${TfToken[…]}`, negative, huge. Each
 * mutation must end in a one-line ConfigError naming the environment and the field, or in a
 * synthesis where the planted marker never lands inside a `${…}`/`%{…}` that Terraform would
 * evaluate (and a control character is never accepted). Validation runs per mutation; the
 * ones that pass are synthesized (in memory) many at a time, split up only when a batch fails.
 */

type Path = readonly (string | number)[];
interface Mutation {
  readonly env: string;
  readonly path: Path;
  readonly kind: string;
  readonly original: unknown;
  readonly value: unknown;
  /** Planted in `${…}`/`%{…}` mutations; must never reach a live interpolation. */
  readonly marker?: string;
}

const describeMutation = (m: Mutation) => `${m.env} ${fieldPath(m.path)} ← ${m.kind} ${JSON.stringify(m.value)}`;

/** Every node below the root, with its path. */
function nodes(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : typeof value === "object" && value !== null ? Object.entries(value) : [];
  return [...(path.length ? [{ path, value }] : []), ...children.flatMap(([key, child]) => nodes(child, [...path, key]))];
}

let markers = 0;
const nextMarker = () => `MUT${++markers}Q`;

/** The bad values tried in place of `value`. */
function badValues(value: unknown): { kind: string; value: unknown; marker?: string }[] {
  const bad: { kind: string; value: unknown; marker?: string }[] = [{ kind: "null", value: null }];
  if (typeof value === "string") {
    const dollar = nextMarker();
    const percent = nextMarker();
    bad.push(
      { kind: "wrong type", value: 42 },
      { kind: "empty", value: "" },
      { kind: "overlong", value: "a".repeat(300) },
      { kind: "control character", value: `${value}\nx` },
      { kind: "control character", value: `${value}\u0000` },
      { kind: "control character", value: `${value.slice(0, 1)}\u0007${value.slice(1)}` },
      { kind: "interpolation", value: `${value}\${${dollar}}`, marker: dollar },
      { kind: "directive", value: `${value}%{${percent}}`, marker: percent },
      // cdktf's own token syntax: resolved (or, unknown, refused) as if it were a reference
      { kind: "cdktf token", value: `${value}\${TfToken[TOKEN.99999]}` },
      { kind: "negative", value: `-${value}` },
      { kind: "huge", value: `${"9".repeat(30)}${value}` },
    );
  } else if (typeof value === "number") {
    bad.push({ kind: "wrong type", value: String(value) }, { kind: "negative", value: -1 }, { kind: "huge", value: 1e21 }, { kind: "fraction", value: value + 0.5 });
  } else if (typeof value === "boolean") {
    bad.push({ kind: "wrong type", value: String(value) });
  } else {
    bad.push({ kind: "wrong type", value: "x" }, { kind: "empty", value: Array.isArray(value) ? [] : {} });
  }
  return bad;
}

/** Mutations of the nodes of `env` under each of `scopes` (the whole environment by default). */
function mutationsOf(env: { name: string }, scopes: readonly Path[] = [[]]): Mutation[] {
  return scopes.flatMap((scope) =>
    nodes(scope.reduce<any>((node, key) => node[key], env), scope).flatMap(({ path, value }) => badValues(value).map((bad) => ({ env: env.name, path, original: value, ...bad }))),
  );
}

const cases = [
  ...environments.map((env) => ({ label: env.name, env, mutations: mutationsOf(env) })),
  ...ENVIRONMENT_VARIANTS.map(({ label, env, scopes }) => ({ label, env, mutations: mutationsOf(env, scopes) })),
];

/** `base` with the mutations applied, copying only the objects on their paths. */
function mutated(base: object, mutations: readonly Mutation[]): object {
  const copy = (node: any) => (Array.isArray(node) ? [...node] : { ...node });
  const root = copy(base);
  for (const { path, value } of mutations) {
    const parent = path.slice(0, -1).reduce((node, key) => (node[key] = copy(node[key])), root);
    parent[path[path.length - 1]] = value;
  }
  return root;
}

/**
 * How an error may name the mutated field: its path. Alerting errors name the object instead
 * (`contact point "team-slack"`, `#2` without a name, `notification policy`) and the path
 * within it, or the field holding the leaf where that field is a union or a list of names.
 */
function fieldNames(path: Path): string[] {
  if (path[0] !== "alerting" || path.length === 1) return [fieldPath(path)];
  if (path.length === 2) return [String(path[1])];
  const within = typeof path[2] === "number" ? path.slice(3) : path.slice(2);
  if (within.length === 0) return [`#${Number(path[2]) + 1}`];
  return within.length > 1 ? [fieldPath(within), fieldPath(within.slice(0, -1))] : [fieldPath(within)];
}

/** What is wrong with how a mutation was rejected, if anything. */
function rejectionProblem(m: Mutation, error: unknown): string | undefined {
  if (!(error instanceof ConfigError)) return `${describeMutation(m)}: threw ${String(error).split("\n")[0]}`;
  const { message } = error;
  if (/[\u0000-\u001f\u007f]/.test(message)) return `${describeMutation(m)}: ConfigError is not one line: ${JSON.stringify(message)}`;
  if (!message.startsWith(m.path[0] === "name" ? "environment " : `environment "${m.env}": `)) return `${describeMutation(m)}: ConfigError does not name the environment: ${message}`;
  // a renamed object breaks the references to it: the error names the old name where it is referenced
  const brokenReference = m.path[m.path.length - 1] === "name" && message.includes(`"${String(m.original)}"`);
  if (!brokenReference && !fieldNames(m.path).some((field) => message.includes(field))) return `${describeMutation(m)}: ConfigError does not name ${fieldNames(m.path).join(" or ")}: ${message}`;
  return undefined;
}

/** What is wrong with a mutation that synthesized, given the live interpolations of its synthesis. */
function acceptanceProblem(m: Mutation, live: readonly string[]): string | undefined {
  if (m.kind === "control character") return `${describeMutation(m)}: accepted a control character`;
  const injected = m.marker && live.find((expression) => expression.includes(m.marker!));
  return injected ? `${describeMutation(m)}: reaches Terraform as the live ${injected}` : undefined;
}

/** Validation alone (alerting only where the mutation is in it); the error if it fails. */
function validationError(base: object, m: Mutation): unknown {
  try {
    const input = mutated(base, [m]);
    if (m.path[0] === "alerting") validateApp([input]);
    else validateEnvironments([input]);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Groups mutations so no two in a group touch the same node or one inside the other. */
function compatibleGroups(mutations: readonly Mutation[]): Mutation[][] {
  const overlaps = (a: Path, b: Path) => a.slice(0, b.length).every((part, i) => part === b[i]) || b.slice(0, a.length).every((part, i) => part === a[i]);
  const groups: Mutation[][] = [];
  for (const m of mutations) {
    const group = groups.find((g) => g.every((other) => !overlaps(other.path, m.path)));
    if (group) group.push(m);
    else groups.push([m]);
  }
  return groups;
}

/** Synthesizes a group in memory; on failure splits it until each failure is one mutation's. */
function synthesize(base: object, group: readonly Mutation[], problems: string[]): void {
  let live: string[];
  try {
    const app = buildApp([mutated(base, group)]);
    const stacks = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
    live = stacks.flatMap((stack) => liveInterpolationsIn(stack.toTerraform()));
  } catch (error) {
    if (group.length === 1) {
      const problem = rejectionProblem(group[0], error);
      if (problem) problems.push(problem);
      return;
    }
    const half = Math.ceil(group.length / 2);
    synthesize(base, group.slice(0, half), problems);
    synthesize(base, group.slice(half), problems);
    return;
  }
  for (const m of group) {
    const problem = acceptanceProblem(m, live);
    if (problem) problems.push(problem);
  }
}

const total = cases.reduce((sum, c) => sum + c.mutations.length, 0);

describe(`${total} mutations of the shipped environments`, () => {
  it.each(cases.map((c) => [c.label, c.mutations.length, c] as const))(
    "%s: each of %i ends in a one-line ConfigError naming the field, or synthesizes without injected interpolation",
    (_name, _count, { env, mutations }) => {
      const problems: string[] = [];
      const accepted: Mutation[] = [];
      for (const m of mutations) {
        const error = validationError(env, m);
        if (error === undefined) accepted.push(m);
        else {
          const problem = rejectionProblem(m, error);
          if (problem) problems.push(problem);
        }
      }
      for (const group of compatibleGroups(accepted)) synthesize(env, group, problems);
      expect(problems).toEqual([]);
    },
  );
});
