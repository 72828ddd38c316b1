import { dangersOf } from "./danger-rules";
import { applyPlanMasks } from "./opaque-values";
import { replacingArguments } from "./force-new-attributes";
import { argumentDiff } from "./resource-argument-diff";
import { ChangeSummary, ResourceReview, Review, StackReview } from "./review-model";
import { SynthesizedApp, SynthesizedResource, SynthesizedStack } from "./synthesized-app";
import { PlannedChange, ResourceAction, StackPlan } from "./terraform-plan";
import { sameValue } from "./value-diff";

type Config = Record<string, unknown>;

const EMPTY_STACK: SynthesizedStack = { name: "", resources: new Map() };

/** What the synthesized configurations say Terraform will do to a resource. */
function synthesizedAction(base: SynthesizedResource | undefined, head: SynthesizedResource | undefined): ResourceAction | undefined {
  if (!base) return head ? "create" : undefined;
  if (!head) return "delete";
  if (base.type !== head.type) return "replace";
  if (sameValue(base.config, head.config)) return undefined;
  return replacingArguments(head.type, base.config, head.config).length ? "replace" : "update";
}

/**
 * A plan value cut to the shape of the synthesized arguments: only the keys the configuration
 * sets (computed attributes and provider defaults left out), and a block Terraform's JSON
 * holds as a one-element list (`metadata: [{…}]`) as the one object cdktf writes, so plan
 * values and synthesized arguments diff alike.
 */
function likeConfigured(value: unknown, configured: unknown): unknown {
  const isMap = (v: unknown): v is Config => v !== null && typeof v === "object" && !Array.isArray(v) && v.constructor === Object;
  if (isMap(configured)) {
    const block = Array.isArray(value) && value.length === 1 ? value[0] : value;
    if (!isMap(block)) return block;
    return Object.fromEntries(Object.keys(configured).filter((key) => key in block).map((key) => [key, likeConfigured(block[key], configured[key])]));
  }
  if (Array.isArray(configured) && Array.isArray(value)) return value.map((item, i) => likeConfigured(item, configured[Math.min(i, configured.length - 1)]));
  return value;
}

/** A plan's values of a resource, masked, in the shape of its synthesized arguments. */
function planArguments(change: PlannedChange, side: "before" | "after", configured: Config | undefined): Config | undefined {
  const value = side === "before" ? change.before : change.after;
  if (value === null || value === undefined) return undefined;
  const masked = applyPlanMasks(value, side === "before" ? change.beforeSensitive : change.afterSensitive, side === "after" ? change.afterUnknown : undefined);
  return (configured ? likeConfigured(masked, configured) : masked) as Config;
}

const emptySummary = (): { -readonly [K in keyof ChangeSummary]: number } => ({ add: 0, change: 0, replace: 0, destroy: 0 });
const SUMMARY_KEY = { create: "add", update: "change", replace: "replace", delete: "destroy" } as const;
const ORDER: Record<ResourceAction, number> = { delete: 0, replace: 1, update: 2, create: 3 };

function reviewStack(name: string, base: SynthesizedStack, head: SynthesizedStack, plan: StackPlan | undefined): StackReview {
  const addresses = [...new Set([...base.resources.keys(), ...head.resources.keys(), ...(plan?.keys() ?? [])])];
  const resources: ResourceReview[] = [];
  const dangers: string[] = [];
  const disagreements: string[] = [];
  const summary = emptySummary();
  for (const address of addresses) {
    const [old, current] = [base.resources.get(address), head.resources.get(address)];
    const planned = plan?.get(address);
    const synthesized = synthesizedAction(old, current);
    const action = plan ? planned?.action : synthesized;
    const named = current ?? old;
    if (plan && action !== synthesized) disagreements.push(`${named?.path ?? address}: plan ${action ?? "no change"}, synthesized ${synthesized ?? "no change"}`);
    if (!action) continue;
    const type = named?.type ?? planned!.type;
    const before = planned ? planArguments(planned, "before", old?.config) : action === "create" ? undefined : old?.config;
    const after = planned ? planArguments(planned, "after", current?.config) : action === "delete" ? undefined : current?.config;
    const replacedBy = action === "replace" && old && current ? replacingArguments(type, old.config, current.config) : [];
    resources.push({
      path: named?.path ?? address,
      type,
      address,
      action,
      ...(replacedBy.length ? { replacedBy } : {}),
      lines: before && after ? argumentDiff(type, before, after, { before: old?.documentTitles, after: current?.documentTitles }) : [],
    });
    summary[SUMMARY_KEY[action]]++;
    const found = dangersOf({ type, action, before, after }, base).map((danger) => `${name} \`${named?.path ?? address}\`: ${danger}`);
    // the namespace first: losing it loses everything else listed
    dangers[/^kubernetes_namespace/.test(type) ? "unshift" : "push"](...found);
  }
  resources.sort((a, b) => ORDER[a.action] - ORDER[b.action] || a.path.localeCompare(b.path));
  return { stack: name, source: plan ? "plan" : "synthesized", summary, resources, dangers, disagreements };
}

/**
 * The review of a change from the synthesized `base` app to `head`: per stack, what changes
 * (from the Terraform plans where given, else from the synthesized diff), key by key, and
 * what loses data or access. Stacks in head order, then stacks only the base has.
 */
export function reviewApps(base: SynthesizedApp, head: SynthesizedApp, plans: ReadonlyMap<string, StackPlan> = new Map()): Review {
  const names = [...head.stacks.keys(), ...[...base.stacks.keys()].filter((name) => !head.stacks.has(name))];
  return {
    stacks: names.map((name) => reviewStack(name, base.stacks.get(name) ?? EMPTY_STACK, head.stacks.get(name) ?? EMPTY_STACK, plans.get(name))),
  };
}
