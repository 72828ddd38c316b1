import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ReviewInputError } from "./review-input-error";

/** What Terraform will do to one resource. */
export type ResourceAction = "create" | "update" | "replace" | "delete";

/** One managed resource's planned change, from `terraform show -json`. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  /** `undefined`: no change (`no-op`). */
  readonly action?: ResourceAction;
  readonly before: unknown;
  readonly after: unknown;
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  readonly afterUnknown: unknown;
}

/** A stack's plan: its managed resources' changes by address. */
export type StackPlan = ReadonlyMap<string, PlannedChange>;

/** Terraform's action list as one action (`["delete","create"]` and `["create","delete"]` are replacements). */
export function actionOf(actions: readonly string[], file: string, address: string): ResourceAction | undefined {
  const key = [...actions].sort().join(",");
  const action = ({ "": undefined, "no-op": undefined, read: undefined, create: "create", update: "update", delete: "delete", "create,delete": "replace" } as const)[key];
  if (action === undefined && !["", "no-op", "read"].includes(key)) throw new ReviewInputError(`${file}: ${address}: unknown actions ${JSON.stringify(actions)}`);
  return action;
}

/** Reads one `terraform show -json` plan. */
export function readPlan(file: string): StackPlan {
  let document: any;
  try {
    document = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ReviewInputError(`${file}: not a Terraform JSON plan: ${(error as Error).message}`);
  }
  if (!Array.isArray(document?.resource_changes) && document?.format_version === undefined) {
    throw new ReviewInputError(`${file}: not a Terraform JSON plan (\`terraform show -json <planfile>\`): no format_version or resource_changes`);
  }
  const changes = new Map<string, PlannedChange>();
  for (const change of document.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    const body = change.change ?? {};
    changes.set(change.address, {
      address: change.address,
      type: change.type,
      action: actionOf(body.actions ?? [], file, change.address),
      before: body.before,
      after: body.after,
      beforeSensitive: body.before_sensitive,
      afterSensitive: body.after_sensitive,
      afterUnknown: body.after_unknown,
    });
  }
  return changes;
}

/**
 * The plans in `dir`, one `<stack>.plan.json` per stack, by stack name. A plan of a stack the
 * synthesized app does not have is an error (a typo or the wrong folder), so is a folder with none.
 */
export function readPlans(dir: string, stackNames: readonly string[]): Map<string, StackPlan> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ReviewInputError(`--plans ${dir}: no such directory`);
  const files = readdirSync(dir).filter((name) => name.endsWith(".plan.json")).sort();
  if (!files.length) throw new ReviewInputError(`--plans ${dir}: no <stack>.plan.json files`);
  const plans = new Map<string, StackPlan>();
  for (const file of files) {
    const stack = file.slice(0, -".plan.json".length);
    if (!stackNames.includes(stack)) throw new ReviewInputError(`${join(dir, file)}: plan of stack "${stack}", which the head app does not have (stacks: ${stackNames.join(", ")})`);
    plans.set(stack, readPlan(join(dir, file)));
  }
  return plans;
}
