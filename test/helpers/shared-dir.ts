import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describeSkipped } from "./skipped-block";

/**
 * The reference data beside the checkout (`../shared`: chart values, CRD and provider
 * schemas, offline Terraform tools). CI always has it; a user's machine may not, and then
 * the tests that only check against it are skipped, saying so.
 */
export const SHARED_DIR = resolve(process.env.OBSERVABILITY_SHARED_DIR ?? resolve(__dirname, "../../../shared"));
export const hasShared = existsSync(resolve(SHARED_DIR, "DESIGN.md"));

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

/** `describe` when the reference data is present; otherwise a skipped block saying why. */
export function describeWithShared(name: string, body: () => void): void {
  if (hasShared) describe(name, body);
  else describeSkipped(name, `reference data not found at ${SHARED_DIR} (set OBSERVABILITY_SHARED_DIR)`);
}
