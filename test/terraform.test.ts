import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectNoSecrets } from "./helpers/secret-scan";
import { describeWithShared, sharedPath } from "./helpers/shared-dir";
import { STACK_NAMES, synthToTempDir } from "./helpers/synth";

/** Values of the sensitive alerting variables, as an operator sets them (TF_VAR_…); planted to prove they never reach synthesized files. */
const PLANTED_CREDENTIALS = {
  TF_VAR_slack_webhook_url: "https://hooks.slack.com/services/T0PLANTED/B0PLANTED/planted-slack-secret",
  TF_VAR_smtp_password: "planted-smtp-password-9f3a",
  TF_VAR_pagerduty_routing_key: "planted-pagerduty-routing-key-77c1",
};

function tool(name: string, ...args: string[]) {
  const env = { ...process.env, ...PLANTED_CREDENTIALS, CHECKPOINT_DISABLE: "1" };
  const run = spawnSync(sharedPath("tools", name), args, { encoding: "utf8", env });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describeWithShared("Terraform on every synthesized stack", () => {
  const outdir = synthToTempDir();

  it("passes terraform validate", () => {
    const run = tool("tf-validate.sh", outdir);
    expect(run.output).toContain(`terraform validate: ${STACK_NAMES.length}/${STACK_NAMES.length} stacks valid`);
    expect(run.status).toBe(0);
  });

  describe("deploy rehearsal", () => {
    const scratch = mkdtempSync(join(tmpdir(), "tf-rehearsal-"));
    let apply: ReturnType<typeof tool>;

    beforeAll(() => {
      apply = tool("tf-plan.sh", outdir, "--apply", "--scratch", join(scratch, "apply"));
    });

    it("applies all six stacks, each platform before its grafana stack", () => {
      expect(apply.output).toContain(`tf-plan: ${STACK_NAMES.length}/${STACK_NAMES.length} stacks applied`);
      expect(apply.status).toBe(0);
      const applied = [...apply.output.matchAll(/^([\w-]+): Apply complete!/gm)].map((m) => m[1]);
      expect([...applied].sort()).toEqual([...STACK_NAMES].sort());
      for (const env of ["dev", "staging", "prod"]) {
        expect(applied.indexOf(`${env}-platform`)).toBeLessThan(applied.indexOf(`${env}-grafana`));
      }
    });

    it("plans no changes when the same synthesis is planned again", () => {
      const replan = tool("tf-plan.sh", outdir, "--state", join(scratch, "apply", "state"), "--scratch", join(scratch, "replan"));
      expect(replan.status).toBe(0);
      const unchanged = [...replan.output.matchAll(/^([\w-]+): No changes\./gm)].map((m) => m[1]);
      expect(unchanged.sort()).toEqual([...STACK_NAMES].sort());
    });

    it("stores the alerting credentials only in state, never in a synthesized file", () => {
      const state = readFileSync(join(scratch, "apply", "state", "terraform.prod-platform.tfstate"), "utf8");
      expect(state).toContain(PLANTED_CREDENTIALS.TF_VAR_pagerduty_routing_key);
      expectNoSecrets(outdir, Object.values(PLANTED_CREDENTIALS));
    });

    it("keeps the generated Grafana password out of every synthesized file", () => {
      const passwords = ["dev", "staging", "prod"].map((env) => {
        const state = JSON.parse(readFileSync(join(scratch, "apply", "state", `terraform.${env}-platform.tfstate`), "utf8"));
        const resource = state.resources.find((r: { type: string }) => r.type === "random_password");
        return resource.instances[0].attributes.result as string;
      });
      expect(passwords.every((p) => p.length >= 16)).toBe(true);
      expectNoSecrets(outdir, passwords);
    });
  });
});
