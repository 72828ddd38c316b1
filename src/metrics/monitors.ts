import { z } from "zod";
import { dnsLabel, duration, labels } from "../config/common-schemas";
import { ConfigError } from "../config/config-error";
import { durationSeconds } from "../config/duration";
import { parseConfig } from "../config/parse-config";
import { Values } from "../helm/values";
import { relabelRuleSchema } from "./relabel-rule";

/**
 * ServiceMonitors and PodMonitors (prometheus-operator `monitoring.coreos.com/v1`): the
 * subset teams use, validated, rendered either as kube-prometheus-stack values entries
 * (`prometheus.additionalServiceMonitors` / `additionalPodMonitors`, for the platform
 * itself) or as whole objects (for `kubernetes_manifest` in app repos).
 */

const labelKey = labels.keyType;
/** A named container port (IANA_SVC_NAME: at most 15 characters, at least one letter). */
const portName = z
  .string()
  .regex(/^(?=.*[a-z])[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/, "must be a port name (lowercase letters, digits and '-', at most 15, one letter)");
const portNumber = z.number().int().min(1, "must be a port 1-65535").max(65535, "must be a port 1-65535");

const matchExpressionSchema = z
  .strictObject({
    key: labelKey,
    operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
    /** Required (non-empty) for In/NotIn, absent for Exists/DoesNotExist. */
    values: z.array(z.string()).optional(),
  })
  .superRefine((expression, ctx) => {
    const takesValues = expression.operator === "In" || expression.operator === "NotIn";
    if (takesValues && !expression.values?.length) {
      ctx.addIssue({ code: "custom", path: ["values"], message: `must list at least one value for operator ${expression.operator}` });
    }
    if (!takesValues && expression.values?.length) {
      ctx.addIssue({ code: "custom", path: ["values"], message: `must be empty for operator ${expression.operator}` });
    }
  });

/** Which Services or Pods a monitor selects, by labels. */
export const labelSelectorSchema = z
  .strictObject({
    matchLabels: labels.optional(),
    matchExpressions: z.array(matchExpressionSchema).optional(),
  })
  // An empty selector is valid Kubernetes but selects everything: almost always a mistake.
  .refine(
    (selector) => Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) > 0,
    "give matchLabels or matchExpressions (an empty selector matches every object)",
  );

/** The namespaces a monitor discovers targets in. */
export const namespaceSelectorSchema = z
  .strictObject({
    /** Every namespace. */
    any: z.literal(true).optional(),
    /** These namespaces. */
    matchNames: z.array(dnsLabel).min(1, "must list at least one namespace").optional(),
  })
  .refine((selector) => (selector.any === true) !== (selector.matchNames !== undefined), "give either any: true or matchNames");

/** How one endpoint is scraped; shared by Service and Pod endpoints. */
const scrapeSettings = {
  /** HTTP path of the metrics. @default "/metrics" */
  path: z.string().regex(/^\//, "must start with /").optional(),
  /** Scrape interval. @default Prometheus' global scrape interval */
  interval: duration.optional(),
  /** Scrape timeout; must not exceed the interval. @default Prometheus' global scrape timeout */
  scrapeTimeout: duration.optional(),
  /** @default "http" */
  scheme: z.enum(["http", "https"]).optional(),
  /** Keep the target's own labels when they clash with the target labels. @default false */
  honorLabels: z.boolean().optional(),
  /** Relabelling of the target before the scrape. @default none */
  relabelings: z.array(relabelRuleSchema).optional(),
  /** Relabelling of the scraped samples before ingestion (e.g. dropping series). @default none */
  metricRelabelings: z.array(relabelRuleSchema).optional(),
};

type ScrapeSettings = { interval?: string; scrapeTimeout?: string };

/** The operator rejects a monitor whose timeout exceeds its interval. */
function checkTimeout(endpoint: ScrapeSettings, ctx: z.RefinementCtx): void {
  if (endpoint.interval && endpoint.scrapeTimeout && durationSeconds(endpoint.scrapeTimeout) > durationSeconds(endpoint.interval)) {
    ctx.addIssue({ code: "custom", path: ["scrapeTimeout"], message: `must not exceed the interval (${endpoint.interval})` });
  }
}

/** Exactly one way to name the port, so a target is never scraped on every port by accident. */
function checkOnePort(endpoint: Record<string, unknown>, keys: readonly [string, string], ctx: z.RefinementCtx): void {
  const given = keys.filter((key) => endpoint[key] !== undefined);
  if (given.length !== 1) ctx.addIssue({ code: "custom", path: [keys[0]], message: `give exactly one of ${keys.join(", ")}` });
}

const SERVICE_PORT_KEYS = ["port", "targetPort"] as const;
const POD_PORT_KEYS = ["port", "portNumber"] as const;

export const serviceEndpointSchema = z
  .strictObject({
    /**
     * Name of the Service port (`spec.ports[].name`): a DNS label, as Kubernetes names Service
     * ports (the jaeger chart's `internal-metrics` is 16 characters). Give this or `targetPort`.
     */
    port: dnsLabel.optional(),
    /** Name or number of the container port behind the Service. Give this or `port`. */
    targetPort: z.union([portNumber, portName]).optional(),
    ...scrapeSettings,
  })
  .superRefine((endpoint, ctx) => {
    checkOnePort(endpoint, SERVICE_PORT_KEYS, ctx);
    checkTimeout(endpoint, ctx);
  });

export const podMetricsEndpointSchema = z
  .strictObject({
    /** Name of the container port. Give this or `portNumber`. */
    port: portName.optional(),
    /** Number of a declared container port. Give this or `port`. */
    portNumber: portNumber.optional(),
    ...scrapeSettings,
  })
  .superRefine((endpoint, ctx) => {
    checkOnePort(endpoint, POD_PORT_KEYS, ctx);
    checkTimeout(endpoint, ctx);
  });

const monitorFields = {
  /** Name of the object. */
  name: dnsLabel,
  /**
   * Namespace of the object; targets are discovered there unless `namespaceSelector` says
   * otherwise. Chart-rendered monitors always live in the release namespace, so there it
   * becomes `namespaceSelector.matchNames: [namespace]`. Required for whole objects.
   * @default none
   */
  namespace: dnsLabel.optional(),
  /**
   * Extra labels on the object. kube-prometheus-stack's Prometheus selects only monitors
   * labelled `release: <its release name>` unless its `*SelectorNilUsesHelmValues` flags are
   * off; chart-rendered monitors get that label from the chart. @default {}
   */
  labels: labels.default({}),
  /** Services/Pods to scrape, by labels (at least one matchLabels or matchExpressions entry). */
  selector: labelSelectorSchema,
  /** @default the object's own namespace */
  namespaceSelector: namespaceSelectorSchema.optional(),
  /** Label of the Service/Pod whose value becomes the `job` label. @default the Service name (Pod monitors: the monitor) */
  jobLabel: labelKey.optional(),
  /** Pod labels copied onto every series. @default none */
  podTargetLabels: z.array(labelKey).optional(),
};

/** A ServiceMonitor: scrapes the endpoints behind the selected Services. */
export const serviceMonitorSchema = z.strictObject({
  ...monitorFields,
  /** Ports of the selected Services to scrape (at least one). */
  endpoints: z.array(serviceEndpointSchema).min(1, "must list at least one endpoint"),
  /** Service labels copied onto every series. @default none */
  targetLabels: z.array(labelKey).optional(),
});

/** A PodMonitor: scrapes the selected Pods directly, without a Service. */
export const podMonitorSchema = z.strictObject({
  ...monitorFields,
  /** Ports of the selected Pods to scrape (at least one: a PodMonitor without one scrapes nothing). */
  podMetricsEndpoints: z.array(podMetricsEndpointSchema).min(1, "must list at least one endpoint"),
});

export type LabelSelector = z.input<typeof labelSelectorSchema>;
export type NamespaceSelector = z.input<typeof namespaceSelectorSchema>;
export type ServiceEndpoint = z.input<typeof serviceEndpointSchema>;
export type PodMetricsEndpoint = z.input<typeof podMetricsEndpointSchema>;
export type ServiceMonitorDefinition = z.input<typeof serviceMonitorSchema>;
export type PodMonitorDefinition = z.input<typeof podMonitorSchema>;

type MonitorKind = "ServiceMonitor" | "PodMonitor";
type MonitorConfig = z.output<typeof serviceMonitorSchema> | z.output<typeof podMonitorSchema>;

const SCHEMAS = { ServiceMonitor: serviceMonitorSchema, PodMonitor: podMonitorSchema } as const;

/** A prometheus-operator object, ready for `kubernetes_manifest`. */
export interface MonitorObject {
  readonly apiVersion: "monitoring.coreos.com/v1";
  readonly kind: MonitorKind;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  readonly spec: Values;
}

function listSchema(kind: MonitorKind) {
  return z.array(SCHEMAS[kind] as z.ZodType<MonitorConfig>).superRefine((monitors, ctx) => {
    monitors.forEach((monitor, i) => {
      if (monitors.findIndex((other) => other.name === monitor.name) < i) {
        ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate ${kind} name "${monitor.name}"` });
      }
    });
  });
}

/** Drops keys given as `undefined` (`{ interval: undefined }`), which would otherwise show up as explicit keys. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)])) as T;
}

/** One chart entry: the spec keys, plus `name` and `additionalLabels` (the chart adds `release`). */
function chartEntry(config: MonitorConfig): Values {
  const { name, namespace, labels: extraLabels, ...spec } = withoutUndefined(config);
  const namespaceSelector = spec.namespaceSelector ?? (namespace ? { matchNames: [namespace] } : undefined);
  return {
    name,
    ...(Object.keys(extraLabels).length > 0 ? { additionalLabels: extraLabels } : {}),
    ...spec,
    ...(namespaceSelector ? { namespaceSelector } : {}),
  };
}

/**
 * `prometheus.additionalServiceMonitors` entries of kube-prometheus-stack. Throws a
 * ConfigError naming `where` and the entry's field (`[1].endpoints[0].interval: …`).
 */
export function renderAdditionalServiceMonitors(definitions: readonly ServiceMonitorDefinition[], where = "prometheus.additionalServiceMonitors"): Values[] {
  return parseConfig(listSchema("ServiceMonitor"), definitions, where).map(chartEntry);
}

/** `prometheus.additionalPodMonitors` entries of kube-prometheus-stack (see {@link renderAdditionalServiceMonitors}). */
export function renderAdditionalPodMonitors(definitions: readonly PodMonitorDefinition[], where = "prometheus.additionalPodMonitors"): Values[] {
  return parseConfig(listSchema("PodMonitor"), definitions, where).map(chartEntry);
}

function monitorObject(kind: MonitorKind, definition: unknown, where: string): MonitorObject {
  const { name, namespace, labels: objectLabels, ...spec } = withoutUndefined(parseConfig(SCHEMAS[kind] as z.ZodType<MonitorConfig>, definition, where));
  if (!namespace) throw new ConfigError(where, [{ field: "namespace", problem: `is required: the namespace the ${kind} is created in` }]);
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind,
    metadata: { name, namespace, ...(Object.keys(objectLabels).length > 0 ? { labels: objectLabels } : {}) },
    spec,
  };
}

/** A whole ServiceMonitor object. Throws a ConfigError naming `where` and the field. */
export function serviceMonitorObject(definition: ServiceMonitorDefinition, where = "ServiceMonitor"): MonitorObject {
  return monitorObject("ServiceMonitor", definition, where);
}

/** A whole PodMonitor object. Throws a ConfigError naming `where` and the field. */
export function podMonitorObject(definition: PodMonitorDefinition, where = "PodMonitor"): MonitorObject {
  return monitorObject("PodMonitor", definition, where);
}
