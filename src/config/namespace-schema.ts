import { z } from "zod";
import { dnsLabel, labels, quantity } from "./common-schemas";

const podSecurityLevel = z.enum(["privileged", "baseline", "restricted"]);

/**
 * The monitoring namespace: Pod Security Standards labels, optional quota and container
 * defaults, and which other namespaces may connect in.
 */
export const namespaceSchema = z.strictObject({
  /** Namespace every platform component runs in. @default "monitoring" */
  name: dnsLabel.default("monitoring"),
  /**
   * Namespaces whose pods may open connections into the monitoring namespace (apps pushing
   * OTLP, ingress controllers in front of Grafana…). Ingress is otherwise denied, except
   * from pods of the monitoring namespace itself. @default []
   */
  allowIngressFromNamespaces: z.array(dnsLabel).default([]),
  /**
   * Pod Security Standards levels (`pod-security.kubernetes.io/*` labels). `enforce`
   * defaults to `privileged` because node-exporter needs the host network and PID
   * namespace and the log agent reads `/var/log` from the node; `audit` and `warn` stay at
   * `baseline` so anything else that over-reaches is still reported.
   * @default { enforce: "privileged", audit: "baseline", warn: "baseline" }
   */
  podSecurity: z
    .strictObject({ enforce: podSecurityLevel, audit: podSecurityLevel, warn: podSecurityLevel })
    .default({ enforce: "privileged", audit: "baseline", warn: "baseline" }),
  /** Extra labels on the namespace. @default {} */
  labels: labels.default({}),
  /** A ResourceQuota on the namespace. @default none */
  quota: z
    .strictObject({
      requestsCpu: quantity.optional(),
      requestsMemory: quantity.optional(),
      limitsCpu: quantity.optional(),
      limitsMemory: quantity.optional(),
      requestsStorage: quantity.optional(),
      persistentVolumeClaims: z.number().int().positive().optional(),
      pods: z.number().int().positive().optional(),
    })
    .refine((q) => Object.keys(q).length > 0, "must set at least one limit")
    .optional(),
  /** Default requests and limits for containers that set none (a LimitRange). @default none */
  limitRange: z
    .strictObject({
      defaultRequest: z.strictObject({ cpu: quantity, memory: quantity }),
      defaultLimit: z.strictObject({ cpu: quantity.optional(), memory: quantity }),
    })
    .optional(),
});

export type NamespaceProps = z.input<typeof namespaceSchema>;
export type NamespaceConfig = z.output<typeof namespaceSchema>;
