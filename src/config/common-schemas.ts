import { isIP } from "node:net";
import { z } from "zod";
import { isDuration } from "./duration";
import { isQuantity } from "./quantity";

/** Building blocks shared by the environment schema and construct props. */

export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label (lowercase letters, digits and '-', at most 63)");
export const duration = z.string().refine(isDuration, "must be a duration like 30s, 5m, 12h, 15d");
export const quantity = z.string().refine(isQuantity, "must be a Kubernetes quantity like 512Mi, 10Gi or 500m");
export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
export const nonEmpty = z.string().min(1, "must not be empty");
/** `host:port` of a server reached without a scheme (an SMTP relay…). */
export const hostAndPort = z.string().regex(/^[^\s:]+:\d+$/, "must be host:port");
export const relativePath = z
  .string()
  .min(1, "must not be empty")
  .refine((p) => !p.startsWith("/") && !p.startsWith("~") && !/^[A-Za-z]:[\\/]/.test(p), "must be a path relative to the project");
/** Kubernetes label map: qualified keys, values of at most 63 characters. */
export const labels = z.record(
  z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "must be a Kubernetes label key"),
  z.string().regex(/^(|[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/, "must be a Kubernetes label value"),
);

/** Container resources: requests and a memory limit (see `Resources` in size-profiles). */
export const resources = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ memory: quantity }),
});

/** A persistent volume: size and optional StorageClass. */
export const volume = z.strictObject({
  size: quantity,
  storageClass: dnsLabel.optional(),
});

const LITERAL_SECRET = "must reference an existing Kubernetes Secret as { name, key }, never a literal secret";

/**
 * A key of an existing Kubernetes Secret: how every credential is passed. A string where one
 * is expected is refused: it would be a credential written into configuration, the plan and
 * the Helm release.
 */
export const secretKeyRef = z.strictObject(
  {
    /** Name of the Secret, in the release's namespace. */
    name: z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/, "must be a Secret name (DNS subdomain)"),
    /** Key inside the Secret. */
    key: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, "must be a Secret key (letters, digits, '-', '_', '.')"),
  },
  { error: (issue) => (typeof issue.input === "string" ? LITERAL_SECRET : undefined) },
);
export type SecretKeyRef = z.input<typeof secretKeyRef>;

/** An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/16`, `fd00::/64`), as a NetworkPolicy ipBlock takes it. */
export const cidr = z.string().refine((value) => {
  const [address, prefix, ...rest] = value.split("/");
  const version = isIP(address ?? "");
  return rest.length === 0 && version !== 0 && /^\d{1,3}$/.test(prefix ?? "") && Number(prefix) <= (version === 4 ? 32 : 128);
}, "must be an IPv4 or IPv6 network in CIDR notation, e.g. 10.0.0.0/16");
