import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findSecrets } from "./helpers/secret-scan";
import { readStack, resourceAt, STACK_NAMES, shippedSynth } from "./helpers/synth";

describe("secret scan helper", () => {
  it("finds a planted secret, plain or base64, in any file below the directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "secret-scan-"));
    mkdirSync(join(dir, "stacks", "a"), { recursive: true });
    writeFileSync(join(dir, "stacks", "a", "cdk.tf.json"), '{"password":"hunter2-planted"}');
    writeFileSync(join(dir, "manifest.json"), Buffer.from("s3cr3t-token").toString("base64"));
    writeFileSync(join(dir, "clean.json"), "{}");
    expect(findSecrets(dir, ["hunter2-planted", "s3cr3t-token", "never-there"])).toEqual([
      { file: "manifest.json", secret: "s3cr3t-token" },
      { file: join("stacks", "a", "cdk.tf.json"), secret: "hunter2-planted" },
    ]);
  });
});

describe("synthesized stacks", () => {
  const outdir = shippedSynth();

  it("generate the Grafana admin password in Terraform, never as a literal", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const stack = readStack(outdir, `${env}-platform`);
      const password = resourceAt(stack, "random_password", "grafana-admin/password");
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(password.override_special).not.toContain(":");
    }
  });

  it("never carry a password attribute with a literal value", () => {
    const literalSecrets = STACK_NAMES.flatMap((name) =>
      [...JSON.stringify(readStack(outdir, name)).matchAll(/"(password|auth|token|secret)":"([^"]*)"/gi)]
        .filter((m) => !m[2].includes("${"))
        .map((m) => `${name}: ${m[1]}`),
    );
    expect(literalSecrets).toEqual([]);
  });
});
