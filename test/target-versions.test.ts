import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../stacks/app";

/** The context key cdktn validates Terraform features against (cdktf 0.21 ignores it). */
const TARGET_VERSIONS_KEY = "targetVersions";

describe("targetVersions: the Terraform versions the stacks are written for", () => {
  const app = buildApp([], mkdtempSync(join(tmpdir(), "target-versions-")));
  const declared = app.node.tryGetContext(TARGET_VERSIONS_KEY);

  it("the App declares Terraform 1.10 or later, which S3 native locking (use_lockfile) needs, and no other product", () => {
    // without it cdktn assumes Terraform >= 1.5.7 and OpenTofu >= 1.6.0 and refuses use_lockfile
    expect(declared).toEqual({ terraform: ">=1.10.0" });
  });

  it("cdktf.json hands the CLI's synth the same context", () => {
    const cdktfJson = JSON.parse(readFileSync(join(__dirname, "..", "cdktf.json"), "utf8"));
    expect(cdktfJson.context[TARGET_VERSIONS_KEY]).toBeDefined();
    expect(cdktfJson.context[TARGET_VERSIONS_KEY]).toEqual(declared);
  });
});
