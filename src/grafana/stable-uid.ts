import { createHash } from "node:crypto";

/** Grafana caps UIDs at 40 characters. */
const MAX_UID = 40;

/**
 * A Grafana UID derived from a name, the same on every synth and in every environment, so
 * links and bookmarks survive redeploys: the slug of the name, shortened with a hash
 * suffix when it would exceed Grafana's 40-character limit.
 */
export function stableUid(...nameParts: string[]): string {
  const slug = nameParts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (!slug) throw new Error(`cannot derive a UID from ${JSON.stringify(nameParts)}`);
  if (slug.length <= MAX_UID) return slug;
  const hash = createHash("sha256").update(slug).digest("hex").slice(0, 8);
  return `${slug.slice(0, MAX_UID - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
