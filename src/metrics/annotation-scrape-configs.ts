import { z } from "zod";
import { regexAlternation } from "../alerting/regex-alternation";
import { dnsLabel, labels } from "../config/common-schemas";
import { parseConfig } from "../config/parse-config";
import { RelabelRule, toPrometheusRelabelConfig } from "./relabel-rule";

/**
 * Raw Prometheus scrape configs for the `prometheus.io/*` annotation convention, for
 * kube-prometheus-stack's `prometheus.prometheusSpec.additionalScrapeConfigs`: pods and
 * Services annotated `prometheus.io/scrape: "true"` are scraped without a ServiceMonitor,
 * on `prometheus.io/port`, at `prometheus.io/path`, over `prometheus.io/scheme`.
 */

export const annotationScrapeOptionsSchema = z.strictObject({
  /** Prefix of the job names: `<prefix>pods` and `<prefix>service-endpoints`. @default "kubernetes-" */
  jobNamePrefix: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/, "may hold only letters, digits, '_' and '-'")
    .default("kubernetes-"),
  /** What is discovered: annotated pods, annotated Services (their endpoints). @default ["pods", "services"] */
  kinds: z
    .array(z.enum(["pods", "services"]))
    .min(1, "must list pods, services or both")
    .refine((kinds) => new Set(kinds).size === kinds.length, "must not repeat a kind")
    .default(["pods", "services"]),
  /** Namespaces to discover in. @default every namespace */
  namespaces: z.array(dnsLabel).min(1, "must list at least one namespace (leave it out for every namespace)").optional(),
  /**
   * Service discovery role for Services: `endpointslice` reads EndpointSlices, the successor
   * of the Endpoints API that Kubernetes 1.33 deprecated (kube-prometheus-stack's Prometheus
   * ClusterRole allows both); `endpoints` for a Prometheus without access to EndpointSlices.
   * The relabelling reads only the Service, pod and namespace labels both roles provide.
   * @default "endpointslice"
   */
  serviceDiscoveryRole: z.enum(["endpoints", "endpointslice"]).default("endpointslice"),
  /**
   * Pods that a ServiceMonitor or PodMonitor already scrapes: left out even when they or
   * their Service are annotated, so their series are not taken twice (e.g. CoreDNS, whose
   * kube-dns Service many distributions annotate, next to kube-prometheus-stack's
   * `coreDns` ServiceMonitor). Each entry: a namespace and pod labels that must all match.
   * @default []
   */
  skipPods: z
    .array(
      z.strictObject({
        namespace: dnsLabel,
        labels: labels.refine((l) => Object.keys(l).length > 0, "must name at least one pod label (none would skip the whole namespace)"),
      }),
    )
    .default([]),
});

export type AnnotationScrapeOptions = z.input<typeof annotationScrapeOptionsSchema>;
type AnnotationScrapeOptionsOutput = z.output<typeof annotationScrapeOptionsSchema>;
/** Pods annotation discovery leaves out: a namespace and pod labels that must all match. */
export type SkippedPods = AnnotationScrapeOptionsOutput["skipPods"][number];

/** One raw Prometheus `scrape_config` (snake_case, as prometheus.yml takes it). */
export type ScrapeConfig = Record<string, unknown>;

/** Prometheus' meta label of a pod or Service annotation (`prometheus.io/port` → `…_prometheus_io_port`). */
const annotation = (object: "pod" | "service", name: "scrape" | "port" | "path" | "scheme") =>
  `__meta_kubernetes_${object}_annotation_prometheus_io_${name}`;

/** Keep only annotated targets, then take scheme and path from the annotations when set. */
function optInRules(object: "pod" | "service"): RelabelRule[] {
  return [
    { sourceLabels: [annotation(object, "scrape")], regex: "true", action: "keep" },
    { sourceLabels: [annotation(object, "scheme")], regex: "(https?)", targetLabel: "__scheme__" },
    { sourceLabels: [annotation(object, "path")], regex: "(.+)", targetLabel: "__metrics_path__" },
  ];
}

/**
 * `__address__` from the pod IP and the port annotation. The pod IP is used rather than
 * `__address__` because a pod without declared ports has a bare address, and a bare IPv6
 * address cannot be told apart from a host:port pair. An IP with a colon is IPv6 and gets
 * brackets (Prometheus anchors both regexes, so exactly one of them applies).
 */
export const POD_ADDRESS_RULES: readonly RelabelRule[] = [
  { sourceLabels: [annotation("pod", "port"), "__meta_kubernetes_pod_ip"], regex: "(\\d+);([^:]+)", replacement: "$2:$1", targetLabel: "__address__" },
  { sourceLabels: [annotation("pod", "port"), "__meta_kubernetes_pod_ip"], regex: "(\\d+);(.*:.*)", replacement: "[$2]:$1", targetLabel: "__address__" },
];

/**
 * `__address__` of a Service endpoint with its port replaced by the annotation. Endpoint
 * addresses always carry a port and IPv6 hosts are already bracketed (`[fd00::1]:8080`),
 * so the lazy host group stops before the last `:port`.
 */
export const SERVICE_ADDRESS_RULE: RelabelRule = {
  sourceLabels: ["__address__", annotation("service", "port")],
  regex: "(.+?)(?::\\d+)?;(\\d+)",
  replacement: "$1:$2",
  targetLabel: "__address__",
};

const copy = (from: string, to: string): RelabelRule => ({ sourceLabels: [from], targetLabel: to });

/** Prometheus' meta label of a pod label: every character outside `[a-zA-Z0-9_]` becomes `_`. */
const podLabel = (name: string) => `__meta_kubernetes_pod_label_${name.replace(/[^a-zA-Z0-9_]/g, "_")}`;

/**
 * Drops the targets that are one of the skipped pods: in both jobs the pod's namespace and
 * labels are known (a Service endpoint that is not a pod has no pod labels and never matches).
 */
function skipRules(skipPods: readonly SkippedPods[]): RelabelRule[] {
  return skipPods.map(({ namespace, labels: podLabels }) => {
    const names = Object.keys(podLabels).sort();
    return {
      sourceLabels: ["__meta_kubernetes_namespace", ...names.map(podLabel)],
      regex: [namespace, ...names.map((name) => podLabels[name])].map((value) => regexAlternation([value])).join(";"),
      action: "drop",
    };
  });
}

/**
 * `job` names the service, as the RED dashboards and per-service alerts expect (otherwise
 * every annotated app would share the scrape job's name): the pod's
 * `app.kubernetes.io/name`, else its `app` label; a pod with neither keeps the job name.
 */
const POD_JOB_RULE: RelabelRule = {
  sourceLabels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"],
  regex: ";*([^;]+).*",
  targetLabel: "job",
};

const POD_RULES: readonly RelabelRule[] = [
  ...optInRules("pod"),
  // Finished pods keep their IP for a while (another pod may get it); pending ones serve nothing yet.
  { sourceLabels: ["__meta_kubernetes_pod_phase"], regex: "Pending|Succeeded|Failed", action: "drop" },
  ...POD_ADDRESS_RULES,
  { regex: "__meta_kubernetes_pod_label_(.+)", action: "labelmap" },
  copy("__meta_kubernetes_namespace", "namespace"),
  copy("__meta_kubernetes_pod_name", "pod"),
  copy("__meta_kubernetes_pod_node_name", "node"),
  POD_JOB_RULE,
];

const SERVICE_RULES: readonly RelabelRule[] = [
  ...optInRules("service"),
  SERVICE_ADDRESS_RULE,
  { regex: "__meta_kubernetes_service_label_(.+)", action: "labelmap" },
  copy("__meta_kubernetes_namespace", "namespace"),
  copy("__meta_kubernetes_service_name", "service"),
  // the Service names the service: its `job`, as the RED dashboards and per-service alerts expect
  copy("__meta_kubernetes_service_name", "job"),
  // Set when the endpoint is a pod; an empty value leaves the label out.
  copy("__meta_kubernetes_pod_name", "pod"),
  copy("__meta_kubernetes_pod_node_name", "node"),
];

/**
 * The scrape configs, one job per kind. Throws a ConfigError naming `where` and the option.
 */
export function annotationScrapeConfigs(options: AnnotationScrapeOptions = {}, where = "annotationScrapeConfigs"): ScrapeConfig[] {
  const config = parseConfig(annotationScrapeOptionsSchema, options, where);
  const discovery = (role: string) => [{ role, ...(config.namespaces ? { namespaces: { names: [...config.namespaces] } } : {}) }];
  const skip = skipRules(config.skipPods);
  const jobs = {
    pods: { job_name: `${config.jobNamePrefix}pods`, kubernetes_sd_configs: discovery("pod"), relabel_configs: [...skip, ...POD_RULES] },
    services: {
      job_name: `${config.jobNamePrefix}service-endpoints`,
      kubernetes_sd_configs: discovery(config.serviceDiscoveryRole),
      relabel_configs: [...skip, ...SERVICE_RULES],
    },
  };
  return config.kinds.map((kind) => ({ ...jobs[kind], relabel_configs: jobs[kind].relabel_configs.map(toPrometheusRelabelConfig) }));
}
