import { join } from "node:path";
import { TerraformJson } from "./synth";

type RemoteState = { backend: string; config: Record<string, unknown> };

/**
 * A synthesized stack as `cdktf deploy` would run it, but with its state in a local file
 * `<stateDir>/<stack>.tfstate` instead of its backend, and each cross-stack reference
 * (`terraform_remote_state` of another stack's backend) reading that stack's local file.
 * `stacks` are all stacks of the app, by name: a reference names the stack whose backend it reads.
 */
export function withLocalState(name: string, stacks: Record<string, TerraformJson>, stateDir: string): TerraformJson {
  const backendOf = (stack: TerraformJson) => JSON.stringify(Object.values(stack.terraform.backend ?? {})[0]);
  const copy: TerraformJson = structuredClone(stacks[name]);
  copy.terraform.backend = {
    local: { path: join(stateDir, `${name}.tfstate`) },
  };
  for (const [id, reference] of Object.entries((copy.data?.terraform_remote_state ?? {}) as Record<string, RemoteState>)) {
    const source = Object.keys(stacks).find((other) => backendOf(stacks[other]) === JSON.stringify(reference.config));
    if (!source) throw new Error(`${name}: data.terraform_remote_state.${id} reads no stack of the app`);
    reference.backend = "local";
    reference.config = { path: join(stateDir, `${source}.tfstate`) };
  }
  return copy;
}
