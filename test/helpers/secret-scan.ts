import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** A secret found where it must not be. */
export interface SecretLeak {
  readonly file: string;
  readonly secret: string;
}

/**
 * Scans every file below `dir` (synthesized stacks, manifests, assets…) for each of the
 * given secret strings, and for their base64 form (Kubernetes Secret data), and returns
 * every place one occurs. Later capabilities plant their own secrets in configuration and
 * call this on the synthesized output.
 */
export function findSecrets(dir: string, secrets: readonly string[]): SecretLeak[] {
  const needles = secrets.flatMap((secret) => {
    if (secret.length < 6) throw new Error(`planted secret "${secret}" is too short to search for reliably`);
    return [secret, Buffer.from(secret).toString("base64")].map((needle) => ({ secret, needle }));
  });
  return filesBelow(dir).flatMap((file) => {
    const text = readFileSync(file, "latin1");
    return needles.filter(({ needle }) => text.includes(needle)).map(({ secret }) => ({ file: relative(dir, file), secret }));
  });
}

/** Fails with the list of leaks if any of the secrets occurs below `dir`. */
export function expectNoSecrets(dir: string, secrets: readonly string[]): void {
  expect(findSecrets(dir, secrets)).toEqual([]);
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}
