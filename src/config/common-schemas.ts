import { isIP } from "node:net";
import { z } from "zod";
import { isDuration } from "./duration";
import { isQuantity } from "./quantity";

/** Building blocks shared by the environment schema and construct props. */

/** A Prometheus (and Loki) label name: the classic charset, which every Prometheus version accepts. */
export const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");

export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label (lowercase letters, digits and '-', at most 63)");
/** A DNS name as Kubernetes takes it (RFC 1123 subdomain): lowercase labels of at most 63 characters, at most 253 in all. */
export const dnsName = z
  .string()
  .max(253, "must be a DNS name of at most 253 characters")
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/, "must be a DNS name (lowercase labels of letters, digits and '-', at most 63 each)");
// abort: later refinements (durationSeconds…) would throw on a malformed duration
export const duration = z.string().refine(isDuration, { message: "must be a duration like 30s, 5m, 12h, 15d", abort: true });
export const quantity = z.string().refine(isQuantity, "must be a Kubernetes quantity like 512Mi, 10Gi or 500m");
/**
 * An http(s) URL written as RFC 3986 allows (no spaces, control characters, braces or
 * non-ASCII, so nothing the URL parser would silently drop or Terraform would evaluate),
 * with a valid host name. Aborts on failure, so refinements may parse it.
 */
export const httpUrl = z
  .string()
  .max(2048, { message: "must be a URL of at most 2048 characters", abort: true })
  .regex(/^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/, { message: "must be an http(s) URL (only the characters RFC 3986 allows)", abort: true })
  .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname, error: "must be an http(s) URL", abort: true }));
export const nonEmpty = z.string().min(1, "must not be empty");
/** One line of text: no control characters, at most `max` characters. */
export const singleLine = (max: number) =>
  nonEmpty.max(max, `must be at most ${max} characters`).regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters");
/** `host:port` of a server reached without a scheme (an SMTP relay…): a host name or bracketed IPv6 address, a port 1-65535. */
export const hostAndPort = z.string().refine((value) => {
  const [, host, port] = /^(.+):(\d{1,5})$/.exec(value) ?? [];
  return host !== undefined && (z.regexes.hostname.test(host) || /^\[[0-9a-fA-F:.]+\]$/.test(host)) && Number(port) >= 1 && Number(port) <= 65535;
}, "must be host:port (a host name, a port 1-65535)");
/** A relative path in POSIX's portable characters (letters, digits, `.`, `_`, `-`, `/`). */
export const relativePath = z
  .string()
  .min(1, "must not be empty")
  .max(1024, "must be at most 1024 characters")
  .regex(/^[A-Za-z0-9._/-]+$/, { message: "must be a path of letters, digits, '.', '_', '-' and '/'", abort: true })
  .refine((p) => !p.startsWith("/"), "must be a path relative to the project");
/** Kubernetes label map: qualified keys (a DNS name prefix and a name of at most 63), values of at most 63 characters. */
export const labels = z.record(
  z.string().regex(/^([a-z0-9.-]{1,253}\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, "must be a Kubernetes label key"),
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
