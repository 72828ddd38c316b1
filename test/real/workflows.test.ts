import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cachedTool, describeWithBuiltTools } from "../helpers/real-programs";

/** actionlint, built by `npm run tools:build` (scripts/tools/build-actionlint.sh). */
const ACTIONLINT = cachedTool("actionlint-1.7.12", "bin", "actionlint");
const WORKFLOWS = resolve(__dirname, "../../.github/workflows");

/**
 * actionlint's findings in workflow files, one line each. Without shellcheck and pyflakes,
 * so the result does not depend on what else a machine has installed.
 */
function actionlint(files: readonly string[]): string[] {
  const result = spawnSync(ACTIONLINT, ["-no-color", "-oneline", "-shellcheck=", "-pyflakes=", ...files], { encoding: "utf8" });
  if (result.status !== 0 && result.status !== 1) throw new Error(`actionlint did not run: ${result.error ?? result.stderr}`);
  return result.stdout.split("\n").filter(Boolean);
}

describeWithBuiltTools([ACTIONLINT], "actionlint on the GitHub workflows", () => {
  const scratch = mkdtempSync(join(tmpdir(), "actionlint-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("finds nothing in any workflow: expressions, contexts, needs, matrix and action inputs check out", () => {
    const files = readdirSync(WORKFLOWS).map((f) => join(WORKFLOWS, f));
    expect(files.length).toBeGreaterThan(1);
    expect(actionlint(files)).toEqual([]);
  });

  it("fails a planted mistake the schema check of npm test lets through: a matrix value that does not exist", () => {
    const planted = join(scratch, "plan-review.yml");
    writeFileSync(planted, readFileSync(join(WORKFLOWS, "plan-review.yml"), "utf8").replace("environment: ${{ matrix.environment }}", "environment: ${{ matrix.enviroment }}"));
    expect(actionlint([planted])).toEqual([expect.stringMatching(/plan-review\.yml:\d+:\d+: property "enviroment" is not defined in object type \{environment: string\}/)]);
  });
});
