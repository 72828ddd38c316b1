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
