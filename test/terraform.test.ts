import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectNoSecrets } from "./helpers/secret-scan";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { STACK_NAMES, shippedSynth } from "./helpers/synth";

/** Values of the sensitive alerting variables, as an operator sets them (TF_VAR_…); planted to prove they never reach synthesized files. */
const PLANTED_CREDENTIALS = {
  TF_VAR_slack_webhook_url: "https://hooks.slack.com/services/T0PLANTED/B0PLANTED/planted-slack-secret",
  TF_VAR_smtp_password: "planted-smtp-password-9f3a",
  TF_VAR_pagerduty_routing_key: "planted-pagerduty-routing-key-77c1",
};

const ENVIRONMENTS = ["dev", "staging", "prod"];

type ToolRun = { status: number | null; output: string };

function tool(name: string, args: string[]): Promise<ToolRun> {
  const env = { ...process.env, ...PLANTED_CREDENTIALS, CHECKPOINT_DISABLE: "1" };
  return new Promise((done, fail) => {
    const child = spawn(sharedPath("tools", name), args, { env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", fail);
    child.on("close", (status) => done({ status, output }));
  });
}

/**
 * Runs a tool once per environment on its two stacks, all environments at once (they never
 * read one another's state), so the runs share the machine's cores; the runs by environment.
 */
async function perEnvironment(name: string, args: (env: string) => string[]): Promise<Record<string, ToolRun>> {
  const runs = await Promise.all(ENVIRONMENTS.map((env) => tool(name, [...args(env), `${env}-platform`, `${env}-grafana`])));
  return Object.fromEntries(ENVIRONMENTS.map((env, i) => [env, runs[i]]));
}

describeWithShared("Terraform on every synthesized stack", () => {
  const outdir = shippedSynth();
  const scratch = mkdtempSync(join(tmpdir(), "tf-rehearsal-"));
  const stateDir = join(scratch, "state");
  let validate: Record<string, ToolRun>;
  let apply: Record<string, ToolRun>;

  // validate and the deploy rehearsal run side by side: neither writes what the other reads
  beforeAll(async () => {
    [validate, apply] = await Promise.all([
      perEnvironment("tf-validate.sh", () => [outdir]),
      perEnvironment("tf-plan.sh", (env) => [outdir, "--apply", "--state", stateDir, "--scratch", join(scratch, `apply-${env}`)]),
    ]);
  });

  it("passes terraform validate", () => {
    for (const run of Object.values(validate)) {
      expect(run.output).toContain("terraform validate: 2/2 stacks valid");
      expect(run.status).toBe(0);
    }
    const valid = Object.values(validate).flatMap((run) => [...run.output.matchAll(/^([\w-]+): valid$/gm)].map((m) => m[1]));
    expect(valid.sort()).toEqual([...STACK_NAMES].sort());
  });

  describe("deploy rehearsal", () => {
    it("applies all six stacks, each platform before its grafana stack", () => {
      const applied = ENVIRONMENTS.flatMap((env) => {
        expect(apply[env].output).toContain("tf-plan: 2/2 stacks applied");
        expect(apply[env].status).toBe(0);
        const order = [...apply[env].output.matchAll(/^([\w-]+): Apply complete!/gm)].map((m) => m[1]);
        expect(order).toEqual([`${env}-platform`, `${env}-grafana`]);
        return order;
      });
      expect(applied.sort()).toEqual([...STACK_NAMES].sort());
    });

    it("plans no changes when the same synthesis is planned again", async () => {
      // one run per stack: with the deployed state in place, a stack needs no other stack's plan
      const replans = await Promise.all(STACK_NAMES.map((stack) => tool("tf-plan.sh", [outdir, "--state", stateDir, "--scratch", join(scratch, `replan-${stack}`), stack])));
      const unchanged = replans.flatMap((run) => {
        expect(run.status).toBe(0);
        return [...run.output.matchAll(/^([\w-]+): No changes\./gm)].map((m) => m[1]);
      });
      expect(unchanged.sort()).toEqual([...STACK_NAMES].sort());
    });

    it("stores the alerting credentials only in state, never in a synthesized file", () => {
      const state = readFileSync(join(stateDir, "terraform.prod-platform.tfstate"), "utf8");
      expect(state).toContain(PLANTED_CREDENTIALS.TF_VAR_pagerduty_routing_key);
      expectNoSecrets(outdir, Object.values(PLANTED_CREDENTIALS));
    });

    it("keeps the generated Grafana password out of every synthesized file", () => {
      const passwords = ["dev", "staging", "prod"].map((env) => {
        const state = JSON.parse(readFileSync(join(stateDir, `terraform.${env}-platform.tfstate`), "utf8"));
        const resource = state.resources.find((r: { type: string }) => r.type === "random_password");
        return resource.instances[0].attributes.result as string;
      });
      expect(passwords.every((p) => p.length >= 16)).toBe(true);
      expectNoSecrets(outdir, passwords);
    });
  });
});
