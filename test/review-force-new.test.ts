import { readFileSync } from "node:fs";
import { FORCE_NEW_ATTRIBUTES, ForceNewRule, replacingArguments } from "../src/review/force-new-attributes";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { readStack, STACK_NAMES, synthToTempDir } from "./helpers/synth";

type ReferenceRule = string | { path: string; if_prior?: Record<string, unknown>; if_json_key_changes?: string };

/** Our rule in the reference table's shape. */
const asReference = (rule: ForceNewRule): ReferenceRule =>
  typeof rule === "string" ? rule : { path: rule.path, ...(rule.ifPrior ? { if_prior: rule.ifPrior } : {}), ...(rule.ifJsonKey ? { if_json_key_changes: rule.ifJsonKey } : {}) };

describe("force-new arguments", () => {
  it("replace a Secret on a data change only while it is immutable", () => {
    const secret = (immutable: boolean, value: string) => ({ metadata: { name: "s" }, immutable, data: { k: value } });
    expect(replacingArguments("kubernetes_secret_v1", secret(false, "a"), secret(false, "b"))).toEqual([]);
    expect(replacingArguments("kubernetes_secret_v1", secret(true, "a"), secret(true, "b"))).toEqual(["data"]);
  });

  it("cover every resource type the shipped stacks create", () => {
    const outdir = synthToTempDir();
    const types = new Set(STACK_NAMES.flatMap((stack) => Object.keys(readStack(outdir, stack).resource ?? {})));
    expect([...types].filter((type) => !(type in FORCE_NEW_ATTRIBUTES))).toEqual([]);
  });
});

describeWithShared("force-new arguments against the reference providers' table", () => {
  const reference = JSON.parse(readFileSync(sharedPath("tools", "tfstub", "replace.json"), "utf8")).resources as Record<string, { requires_replace?: ReferenceRule[] }>;

  it.each(Object.keys(FORCE_NEW_ATTRIBUTES))("%s: the same arguments force replacement as in tfstub/replace.json", (type) => {
    expect(FORCE_NEW_ATTRIBUTES[type].map(asReference)).toEqual(reference[type]?.requires_replace);
  });
});
