import { quantityValue } from "../../src/config/quantity";
import { isEmptySelector, LabelSelector, selects } from "./label-selector";
import { podHasPort, RenderedCluster, Service, Workload } from "./rendered-cluster";

/**
 * A finding of a check. `unrendered` names the subchart it involves when that subchart was
 * not rendered (its source absent): the finding can then be neither confirmed nor refuted.
 */
export interface Finding {
  readonly message: string;
  readonly unrendered?: string;
}

/** A subchart that was not rendered, by release and the name its objects carry. */
export interface UnrenderedSubchart {
  readonly release: string;
  readonly subchart: string;
}

/** The unrendered subchart a name or label value belongs to (`<subchart>` or `<release>-<subchart>…`). */
export function unrenderedOwner(names: readonly string[], unrendered: readonly UnrenderedSubchart[]): string | undefined {
  const owner = unrendered.find(({ release, subchart }) => names.some((n) => n === subchart || n.startsWith(`${release}-${subchart}`)));
  return owner && `${owner.release}/${owner.subchart}`;
}

/** An in-cluster address found in configuration: where it was found and what it names. */
export interface InClusterAddress {
  readonly source: string;
  readonly text: string;
  readonly scheme?: string;
  /** `[service, namespace]` or `[pod, service, namespace]` (a StatefulSet pod behind its headless Service). */
  readonly labels: readonly string[];
  readonly port?: number;
  /** The port name of a DNS SRV name `_<port name>._<protocol>.<service>.<namespace>.svc`. */
  readonly portName?: string;
}

const ADDRESS =
  /(?:\b([a-z][a-z0-9+.-]*):\/\/)?(?:_([a-z0-9-]+)\._(?:tcp|udp)\.)?\b((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+)svc(?:\.cluster\.local\.?)?(?::(\d+))?(?![a-z0-9-]|\.[a-z0-9])/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Every `<name>.<namespace>.svc[.cluster.local][.][:port]` (with or without a scheme, or as an
 * SRV name) in the strings of a value, labelled by path; with `namespaces`, also the short
 * `<name>.<namespace>` of those namespaces where a scheme or a port marks it as an address.
 */
export function inClusterAddresses(value: unknown, source: string, namespaces: readonly string[] = []): InClusterAddress[] {
  if (typeof value === "string") {
    const full = [...value.matchAll(ADDRESS)].map((m) => ({
      source,
      text: m[0],
      scheme: m[1],
      portName: m[2],
      labels: m[3].slice(0, -1).split("."),
      port: m[4] ? Number(m[4]) : undefined,
    }));
    const short = namespaces.length
      ? [...value.matchAll(new RegExp(`(?:\\b([a-z][a-z0-9+.-]*)://)?(?<![a-z0-9.-])([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\\.(${namespaces.map(escapeRegExp).join("|")})(?::(\\d+))?(?![a-z0-9-]|\\.[a-z0-9])`, "g"))]
          .filter((m) => m[1] !== undefined || m[4] !== undefined)
          .map((m) => ({ source, text: m[0], scheme: m[1], labels: [m[2], m[3]], port: m[4] ? Number(m[4]) : undefined }))
      : [];
    return [...full, ...short];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => inClusterAddresses(v, `${source}[${i}]`, namespaces));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => inClusterAddresses(v, source ? `${source}.${k}` : k, namespaces));
  return [];
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443 };

/** The pods that serve a Service port: a selected pod declaring its target port. */
function servingPods(cluster: RenderedCluster, service: Service, port: number): Workload[] {
  const servicePort = service.ports.find((p) => p.port === port);
  const target = servicePort?.targetPort ?? port;
  return cluster.podsOf(service).filter((w) => podHasPort(w, target, servicePort?.protocol));
}

/**
 * Whether an address reaches a port something listens on: the Service exists with that port
 * and a pod it selects declares the target port; for `<pod>.<service>`, the pod is one of the
 * StatefulSet's (governed by that headless Service) and declares the port itself. Undefined:
 * it resolves; `null`: the namespace is not one the releases render into (not checked).
 */
export function addressFinding(address: InClusterAddress, cluster: RenderedCluster, unrendered: readonly UnrenderedSubchart[]): Finding | undefined | null {
  const where = `${address.source}: ${address.text}`;
  if (address.labels.length < 2 || address.labels.length > 3) return { message: `${where} is neither <service>.<namespace>.svc nor <pod>.<service>.<namespace>.svc` };
  const [namespace, serviceName, pod] = [...address.labels].reverse();
  if (!cluster.namespaces.has(namespace) && !cluster.manifests.some((m) => m.namespace === namespace)) return null;
  const fail = (message: string): Finding => ({ message: `${where}: ${message}`, unrendered: unrenderedOwner([serviceName, pod ?? ""], unrendered) });
  const service = cluster.service(namespace, serviceName);
  if (!service) return fail(`no Service ${namespace}/${serviceName} is rendered`);
  const port = address.portName !== undefined ? service.ports.find((p) => p.name === address.portName)?.port : (address.port ?? DEFAULT_PORTS[address.scheme ?? ""]);
  if (address.portName !== undefined && port === undefined) return fail(`Service ${namespace}/${serviceName} has no port named ${address.portName}`);
  if (pod !== undefined) {
    // a pod's own DNS name: the connection goes to the pod, past the Service's ports
    if (!service.headless) return fail(`Service ${serviceName} is not headless, so ${pod}.${serviceName} does not resolve`);
    const owner = cluster.workloads.find((w) => w.namespace === namespace && w.serviceName === serviceName && w.podNames.includes(pod));
    if (!owner) return fail(`no StatefulSet governed by ${serviceName} has a pod ${pod}`);
    return port === undefined || podHasPort(owner, port) ? undefined : fail(`pod ${pod} (${owner.id}) declares no container port ${port}`);
  }
  // a bare host name (memberlist peers, webhook service references): the client's own default port
  if (port === undefined) return undefined;
  if (!service.ports.some((p) => p.port === port)) return fail(`Service ${namespace}/${serviceName} has no port ${port} (ports: ${service.ports.map((p) => `${p.name ?? ""}:${p.port}`).join(", ")})`);
  if (!service.selector) return undefined;
  return servingPods(cluster, service, port).length ? undefined : fail(`no pod selected by Service ${serviceName} declares its target port for ${port}`);
}

/** A NetworkPolicy as the kubernetes provider's JSON holds it (snake_case). */
export interface TerraformNetworkPolicy {
  readonly name: string;
  readonly namespace: string;
  readonly spec: {
    pod_selector?: LabelSelector;
    ingress?: { from?: { pod_selector?: LabelSelector; namespace_selector?: LabelSelector }[]; ports?: { port?: string; protocol?: string }[] }[];
    egress?: { to?: { pod_selector?: LabelSelector; namespace_selector?: LabelSelector }[]; ports?: { port?: string; protocol?: string }[] }[];
  };
}

const selectorLabelValues = (selector: LabelSelector | undefined): string[] => Object.values(selector?.matchLabels ?? selector?.match_labels ?? {});

/** Whether a policy port (a number as a string, or a port name) is declared by one of the pods. */
const portOnPods = (pods: readonly Workload[], port: string, protocol = "TCP") => pods.some((w) => podHasPort(w, /^\d+$/.test(port) ? Number(port) : port, protocol));

/**
 * A policy that targets pods (a non-empty pod selector) must select rendered pods in its
 * namespace, and each port it opens must be a container port of one of them; peers picked
 * by pod selector alone (same namespace) must exist, and egress ports must be theirs.
 */
export function networkPolicyFindings(policy: TerraformNetworkPolicy, cluster: RenderedCluster, unrendered: readonly UnrenderedSubchart[]): Finding[] {
  const findings: Finding[] = [];
  const fail = (message: string, selector: LabelSelector | undefined) =>
    findings.push({ message: `NetworkPolicy ${policy.namespace}/${policy.name}: ${message}`, unrendered: unrenderedOwner(selectorLabelValues(selector), unrendered) });
  const sameNamespacePeers = (peers: { pod_selector?: LabelSelector; namespace_selector?: LabelSelector }[] = []) =>
    peers.filter((p) => p.pod_selector && !isEmptySelector(p.pod_selector) && !p.namespace_selector);
  const targets = isEmptySelector(policy.spec.pod_selector) ? undefined : cluster.podsSelectedBy(policy.namespace, policy.spec.pod_selector!);
  if (targets && !targets.length) fail(`pod selector ${JSON.stringify(policy.spec.pod_selector)} selects no rendered pod`, policy.spec.pod_selector);
  for (const rule of policy.spec.ingress ?? []) {
    for (const peer of sameNamespacePeers(rule.from)) {
      if (!cluster.podsSelectedBy(policy.namespace, peer.pod_selector!).length) fail(`ingress peer ${JSON.stringify(peer.pod_selector)} selects no rendered pod`, peer.pod_selector);
    }
    if (!targets?.length) continue;
    for (const { port, protocol } of rule.ports ?? []) {
      if (port && !portOnPods(targets, port, protocol)) fail(`ingress port ${port}/${protocol ?? "TCP"} is no container port of ${targets.map((w) => w.id).join(", ")}`, policy.spec.pod_selector);
    }
  }
  for (const rule of policy.spec.egress ?? []) {
    for (const peer of sameNamespacePeers(rule.to)) {
      const pods = cluster.podsSelectedBy(policy.namespace, peer.pod_selector!);
      if (!pods.length) fail(`egress peer ${JSON.stringify(peer.pod_selector)} selects no rendered pod`, peer.pod_selector);
      for (const { port, protocol } of pods.length ? (rule.ports ?? []) : []) {
        if (port && !portOnPods(pods, port, protocol)) fail(`egress port ${port}/${protocol ?? "TCP"} is no container port of ${pods.map((w) => w.id).join(", ")}`, peer.pod_selector);
      }
    }
  }
  return findings;
}

/**
 * Each ServiceMonitor selects at least one Service in the namespaces it looks in, and each
 * endpoint's `port` is a port name of a selected Service; each PodMonitor selects pods and
 * each `port` is one of their container port names. Namespaces nothing is rendered into are
 * not checked.
 */
export function monitorFindings(cluster: RenderedCluster, unrendered: readonly UnrenderedSubchart[]): Finding[] {
  const findings: Finding[] = [];
  const known = (ns: string) => cluster.namespaces.has(ns) || cluster.services.some((s) => s.namespace === ns);
  const lookIn = (namespace: string, spec: any): string[] =>
    spec.namespaceSelector?.any ? [...new Set(cluster.services.map((s) => s.namespace))] : (spec.namespaceSelector?.matchNames ?? [namespace]);
  for (const { manifest, namespace } of cluster.ofKind("ServiceMonitor")) {
    const namespaces = lookIn(namespace, manifest.spec).filter(known);
    if (!namespaces.length) continue;
    const services = cluster.services.filter((s) => namespaces.includes(s.namespace) && selects(manifest.spec.selector, s.labels));
    const id = `ServiceMonitor ${namespace}/${manifest.metadata.name}`;
    const owner = unrenderedOwner([manifest.metadata.name, ...selectorLabelValues(manifest.spec.selector)], unrendered);
    if (!services.length) {
      findings.push({ message: `${id} selects no rendered Service in ${namespaces.join(", ")} (selector ${JSON.stringify(manifest.spec.selector)})`, unrendered: owner });
      continue;
    }
    for (const endpoint of manifest.spec.endpoints ?? []) {
      if (endpoint.port !== undefined && !services.some((s) => s.ports.some((p) => p.name === endpoint.port))) {
        findings.push({ message: `${id}: endpoint port ${endpoint.port} is no port name of ${services.map((s) => s.name).join(", ")}`, unrendered: owner });
      }
      if (endpoint.port === undefined && endpoint.targetPort === undefined) findings.push({ message: `${id}: an endpoint names no port` });
    }
  }
  for (const { manifest, namespace } of cluster.ofKind("PodMonitor")) {
    const namespaces = lookIn(namespace, manifest.spec).filter(known);
    const pods = namespaces.flatMap((ns) => cluster.podsSelectedBy(ns, manifest.spec.selector));
    const id = `PodMonitor ${namespace}/${manifest.metadata.name}`;
    const owner = unrenderedOwner([manifest.metadata.name, ...selectorLabelValues(manifest.spec.selector)], unrendered);
    if (namespaces.length && !pods.length) findings.push({ message: `${id} selects no rendered pod`, unrendered: owner });
    for (const endpoint of pods.length ? (manifest.spec.podMetricsEndpoints ?? []) : []) {
      if (endpoint.port !== undefined && !pods.some((w) => podHasPort(w, endpoint.port))) findings.push({ message: `${id}: port ${endpoint.port} is no container port name of its pods`, unrendered: owner });
    }
  }
  return findings;
}

/**
 * Other ways one component finds another through the charts' objects: a Prometheus sends
 * alerts to the Alertmanager Services and ports of `spec.alerting.alertmanagers`; an Ingress
 * forwards to its backend Services' ports; a pod
 * annotated `prometheus.io/scrape: "true"` is scraped on its `prometheus.io/port`, which one
 * of its containers must declare.
 */
export function discoveryFindings(cluster: RenderedCluster, unrendered: readonly UnrenderedSubchart[]): Finding[] {
  const findings: Finding[] = [];
  for (const { manifest, namespace } of cluster.ofKind("Prometheus")) {
    for (const am of manifest.spec.alerting?.alertmanagers ?? []) {
      const service = cluster.service(am.namespace ?? namespace, am.name);
      const id = `Prometheus ${namespace}/${manifest.metadata.name} alerting`;
      if (!service) findings.push({ message: `${id}: no Service ${am.namespace ?? namespace}/${am.name} is rendered`, unrendered: unrenderedOwner([am.name], unrendered) });
      else if (!service.ports.some((p) => (typeof am.port === "number" ? p.port === am.port : p.name === am.port))) findings.push({ message: `${id}: Service ${am.name} has no port ${am.port}` });
    }
  }
  for (const { manifest, namespace } of cluster.ofKind("Ingress")) {
    const backends = [manifest.spec.defaultBackend, ...(manifest.spec.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => p.backend))].filter((b) => b?.service);
    for (const { service: ref } of backends) {
      const service = cluster.service(namespace, ref.name);
      const id = `Ingress ${namespace}/${manifest.metadata.name}`;
      const port = ref.port?.number ?? ref.port?.name;
      if (!service) findings.push({ message: `${id}: no Service ${namespace}/${ref.name} is rendered`, unrendered: unrenderedOwner([ref.name], unrendered) });
      else if (!service.ports.some((p) => p.port === port || p.name === port)) findings.push({ message: `${id}: Service ${ref.name} has no port ${port}` });
    }
  }
  for (const w of cluster.workloads.filter((w) => w.podAnnotations["prometheus.io/scrape"] === "true")) {
    const port = w.podAnnotations["prometheus.io/port"];
    if (port !== undefined && !podHasPort(w, Number(port))) findings.push({ message: `${w.release} ${w.namespace}/${w.id}: prometheus.io/port ${port} is no container port of its pods` });
  }
  return findings;
}

const quantity = (v: unknown) => v !== undefined && v !== null && v !== "" && v !== "0" && v !== 0;

/** A request above its limit: the API server rejects such a pod. */
const requestAboveLimit = (requests: Record<string, unknown> = {}, limits: Record<string, unknown> = {}) =>
  ["cpu", "memory"].filter((r) => quantity(requests[r]) && quantity(limits[r]) && quantityValue(String(requests[r]))! > quantityValue(String(limits[r]))!);

/** Every container asks for CPU and memory, has a memory limit, and asks for no more than its limits. */
export function resourceFindings(cluster: RenderedCluster): Finding[] {
  return cluster.workloads.flatMap((w) =>
    w.containers.flatMap((c) => {
      const id = `${w.release} ${w.namespace}/${w.id} container ${c.name}`;
      const missing = [
        ...(quantity(c.resources?.requests?.cpu) ? [] : ["requests.cpu"]),
        ...(quantity(c.resources?.requests?.memory) ? [] : ["requests.memory"]),
        ...(quantity(c.resources?.limits?.memory) ? [] : ["limits.memory"]),
      ];
      return [
        ...(missing.length ? [{ message: `${id}: no ${missing.join(", ")}` }] : []),
        ...requestAboveLimit(c.resources?.requests, c.resources?.limits).map((r) => ({ message: `${id}: requests.${r} above limits.${r}` })),
      ];
    }),
  );
}

/** Every image names a tag other than `latest`, or a digest. */
export function imageFindings(cluster: RenderedCluster): Finding[] {
  return cluster.workloads.flatMap((w) =>
    w.containers.flatMap((c) => {
      const image = c.image ?? "";
      const lastSegment = image.slice(image.lastIndexOf("/") + 1);
      const tag = lastSegment.includes("@") ? undefined : lastSegment.split(":")[1];
      const pinned = lastSegment.includes("@sha256:") || (tag !== undefined && tag !== "" && tag !== "latest");
      return pinned ? [] : [{ message: `${w.release} ${w.namespace}/${w.id} container ${c.name}: image ${JSON.stringify(image)} is untagged or latest` }];
    }),
  );
}

/** Every Deployment, StatefulSet, Prometheus or Alertmanager with more than one replica has a PodDisruptionBudget selecting its pods. */
export function disruptionBudgetFindings(cluster: RenderedCluster): Finding[] {
  const budgets = cluster.ofKind("PodDisruptionBudget");
  return cluster.workloads
    .filter((w) => (w.replicas ?? 0) > 1)
    .filter((w) => !budgets.some((b) => b.namespace === w.namespace && selects(b.manifest.spec?.selector, w.podLabels)))
    .map((w) => ({ message: `${w.release} ${w.namespace}/${w.id}: ${w.replicas} replicas and no PodDisruptionBudget selects its pods` }));
}
