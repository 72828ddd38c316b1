/**
 * A block reported as skipped, with the reason on stderr and in the test name. The block's
 * body is never called: Jest collects even a `describe.skip` by running it, and the bodies of
 * these blocks read reference data or start tools while they declare their tests.
 */
export function describeSkipped(name: string, reason: string): void {
  process.stderr.write(`SKIPPED "${name}": ${reason}\n`);
  describe(name, () => {
    it.skip(`[skipped: ${reason}]`, () => undefined);
  });
}

/**
 * `describe` when nothing is missing; otherwise, when `CI=true` (CI installs or builds what
 * the block needs), a block whose one test fails saying what is missing, and elsewhere a
 * skipped block saying how to get it.
 */
export function describeRequiredInCi(name: string, missing: string | undefined, body: () => void): void {
  if (!missing) describe(name, body);
  else if (process.env.CI === "true") {
    describe(name, () => {
      it("has what it needs", () => {
        throw new Error(`${missing}: required when CI=true`);
      });
    });
  } else describeSkipped(name, missing);
}
