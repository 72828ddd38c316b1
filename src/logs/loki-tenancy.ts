import { z } from "zod";
import { Values } from "../helm/values";

/** The header every push and query to a multi-tenant Loki carries. */
export const TENANT_HEADER = "X-Scope-OrgID";

/** Loki's rule for tenant ids: up to 150 of these characters, and not `.` or `..`. */
export const lokiTenantId = z
  .string({ error: (issue) => (issue.input === undefined ? "multi-tenant Loki needs the tenantId clients send as X-Scope-OrgID" : undefined) })
  .regex(/^[A-Za-z0-9!._*'()-]{1,150}$/, "must be 1-150 letters, digits or !-_.*'()")
  .refine((id) => id !== "." && id !== "..", "must not be '.' or '..'");

/**
 * Single tenant: no header, everything under Loki's implicit tenant. Multi: Loki requires
 * `X-Scope-OrgID` on every request (`auth_enabled`), and this construct's clients send `tenantId`.
 */
export const lokiTenancySchema = z.discriminatedUnion(
  "mode",
  [z.strictObject({ mode: z.literal("single") }), z.strictObject({ mode: z.literal("multi"), tenantId: lokiTenantId })],
  { error: (issue) => (issue.code === "invalid_union" ? 'must be { mode: "single" } or { mode: "multi", tenantId }' : undefined) },
);
export type LokiTenancy = z.input<typeof lokiTenancySchema>;

export function lokiTenancyValues(tenancy: LokiTenancy): Values {
  return { loki: { auth_enabled: tenancy.mode === "multi" } };
}

/** Headers a client adds to every request: the tenant's, or none for a single tenant. */
export function lokiTenantHeaders(tenancy: LokiTenancy): Readonly<Record<string, string>> {
  return tenancy.mode === "multi" ? { [TENANT_HEADER]: tenancy.tenantId } : {};
}
