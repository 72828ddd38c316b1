import { Manifest } from "./helm-template";
import { LabelSelector, mapSelector, selects } from "./label-selector";

/** A container port as the pod declares it. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

/** A container of a pod template (or of a pod a CR makes the operator run). */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly ContainerPort[];
  readonly resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}

/** A controller of pods: Deployment, StatefulSet, DaemonSet, Job, CronJob, or the StatefulSet the operator makes of a Prometheus/Alertmanager. */
export interface Workload {
  /** `<Kind>/<name>` (`Prometheus/<name>` for the operator's StatefulSet of that CR). */
  readonly id: string;
  readonly release: string;
  readonly kind: string;
  readonly namespace: string;
  /** Pod names a StatefulSet's governing (headless) Service resolves: `<statefulset>-<ordinal>`. */
  readonly podNames: readonly string[];
  readonly serviceName?: string;
  /** `spec.replicas` (Kubernetes' default 1); undefined for DaemonSets and Jobs. */
  readonly replicas?: number;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly containers: readonly Container[];
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: string;
}

export interface Service {
  readonly release: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Undefined for a Service without selector (its endpoints are written by someone else). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly headless: boolean;
  readonly ports: readonly ServicePort[];
}

/** One rendered release: its namespace and what `helm template` printed. */
export interface RenderedRelease {
  readonly name: string;
  readonly namespace: string;
  readonly manifests: readonly Manifest[];
}

const POD_CONTROLLERS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

function podTemplate(m: Manifest): any {
  return m.kind === "CronJob" ? m.spec?.jobTemplate?.spec?.template : m.spec?.template;
}

function workloadOf(release: RenderedRelease, m: Manifest): Workload {
  const template = podTemplate(m);
  const namespace = m.metadata.namespace ?? release.namespace;
  const replicas = ["Deployment", "StatefulSet"].includes(m.kind) ? (m.spec?.replicas ?? 1) : undefined;
  const podNames = m.kind === "StatefulSet" ? Array.from({ length: replicas ?? 1 }, (_, i) => `${m.metadata.name}-${i}`) : [];
  return {
    id: `${m.kind}/${m.metadata.name}`,
    release: release.name,
    kind: m.kind,
    namespace,
    podNames,
    serviceName: m.spec?.serviceName,
    replicas,
    podLabels: template?.metadata?.labels ?? {},
    podAnnotations: template?.metadata?.annotations ?? {},
    containers: [...(template?.spec?.initContainers ?? []), ...(template?.spec?.containers ?? [])],
  };
}

/** The operator's argument `--<name>=<value>`, from its Deployment. */
function operatorArg(manifests: readonly Manifest[], name: string): string | undefined {
  const operator = manifests.find((m) => m.kind === "Deployment" && (m.spec?.template?.spec?.containers ?? []).some((c: any) => (c.args ?? []).some((a: string) => a.startsWith("--prometheus-config-reloader="))));
  const arg = operator?.spec.template.spec.containers.flatMap((c: any) => c.args ?? []).find((a: string) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

/**
 * What prometheus-operator makes of a Prometheus or Alertmanager object (documented on the
 * CRDs' `podMetadata` and in the operator's statefulset code): a StatefulSet
 * `prometheus-<name>` / `alertmanager-<name>` whose pods carry `app.kubernetes.io/name`,
 * `app.kubernetes.io/instance`, `app.kubernetes.io/managed-by`, `operator.prometheus.io/name`
 * (Prometheus) or `alertmanager` (Alertmanager) labels, the main container listening on
 * `spec.portName`, a config-reloader on `reloader-web` 8080 (resources from the operator's
 * `--config-reloader-*` flags), and the headless governing Service `prometheus-operated` /
 * `alertmanager-operated`.
 */
function operatorManaged(release: RenderedRelease): { workloads: Workload[]; services: Service[] } {
  const workloads: Workload[] = [];
  const services = new Map<string, Service>();
  const reloader: Container = {
    name: "config-reloader",
    image: operatorArg(release.manifests, "prometheus-config-reloader"),
    ports: [{ name: "reloader-web", containerPort: 8080, protocol: "TCP" }],
    resources: {
      requests: { cpu: operatorArg(release.manifests, "config-reloader-cpu-request"), memory: operatorArg(release.manifests, "config-reloader-memory-request") },
      limits: { memory: operatorArg(release.manifests, "config-reloader-memory-limit") },
    },
  };
  for (const cr of release.manifests.filter((m) => m.kind === "Prometheus" || m.kind === "Alertmanager")) {
    const app = cr.kind === "Prometheus" ? "prometheus" : "alertmanager";
    const namespace = cr.metadata.namespace ?? release.namespace;
    const name = cr.metadata.name;
    const portName: string = cr.spec.portName ?? "web";
    const webPort = cr.kind === "Prometheus" ? 9090 : 9093;
    const mesh: ContainerPort[] = cr.kind === "Alertmanager" ? [{ name: "mesh-tcp", containerPort: 9094, protocol: "TCP" }, { name: "mesh-udp", containerPort: 9094, protocol: "UDP" }] : [];
    const replicas: number = cr.spec.replicas ?? 1;
    const shards: number = cr.kind === "Prometheus" ? (cr.spec.shards ?? 1) : 1;
    for (let shard = 0; shard < shards; shard++) {
      const statefulSet = shard === 0 ? `${app}-${name}` : `${app}-${name}-shard-${shard}`;
      const identity = cr.kind === "Prometheus" ? { "operator.prometheus.io/name": name, "operator.prometheus.io/shard": String(shard), prometheus: name } : { alertmanager: name };
      workloads.push({
        id: `${cr.kind}/${name}${shard ? ` shard ${shard}` : ""}`,
        release: release.name,
        kind: cr.kind,
        namespace,
        podNames: Array.from({ length: replicas }, (_, i) => `${statefulSet}-${i}`),
        serviceName: `${app}-operated`,
        replicas,
        podLabels: { ...(cr.spec.podMetadata?.labels ?? {}), "app.kubernetes.io/name": app, "app.kubernetes.io/instance": name, "app.kubernetes.io/managed-by": "prometheus-operator", ...identity },
        podAnnotations: cr.spec.podMetadata?.annotations ?? {},
        containers: [{ name: app, image: cr.spec.image, resources: cr.spec.resources, ports: [{ name: portName, containerPort: webPort, protocol: "TCP" }, ...mesh] }, reloader],
      });
    }
    services.set(`${namespace}/${app}-operated`, {
      release: release.name,
      namespace,
      name: `${app}-operated`,
      labels: { "operated-prometheus": "true" },
      selector: { "app.kubernetes.io/name": app },
      headless: true,
      ports: [{ name: portName, port: webPort, targetPort: portName }, ...mesh.map((p) => ({ name: p.name === "mesh-tcp" ? "tcp-mesh" : "udp-mesh", port: 9094, targetPort: 9094, protocol: p.protocol }))],
    });
  }
  const kubelet = operatorArg(release.manifests, "kubelet-service");
  if (kubelet) {
    const [namespace, name] = kubelet.split("/");
    services.set(kubelet, {
      release: release.name,
      namespace,
      name,
      labels: { "app.kubernetes.io/name": "kubelet", "app.kubernetes.io/managed-by": "prometheus-operator", "k8s-app": "kubelet" },
      headless: true,
      ports: [{ name: "https-metrics", port: 10250 }, { name: "http-metrics", port: 10255 }, { name: "cadvisor", port: 4194 }],
    });
  }
  return { workloads, services: [...services.values()] };
}

/** Services every cluster has: the API server's `default/kubernetes` (port `https` 443) and the DNS `kube-system/kube-dns`. */
const CLUSTER_SERVICES: Service[] = [
  { release: "(cluster)", namespace: "default", name: "kubernetes", labels: { component: "apiserver", provider: "kubernetes" }, headless: false, ports: [{ name: "https", port: 443 }] },
  {
    release: "(cluster)",
    namespace: "kube-system",
    name: "kube-dns",
    labels: { "k8s-app": "kube-dns" },
    headless: false,
    ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53, protocol: "TCP" }],
  },
];

/** The objects of one environment's releases, with what the operator and the cluster add. */
export class RenderedCluster {
  readonly workloads: Workload[] = [];
  readonly services: Service[] = [...CLUSTER_SERVICES];
  readonly manifests: { release: RenderedRelease; manifest: Manifest; namespace: string }[] = [];
  /** Namespaces the releases render into: addresses and selectors there must resolve. */
  readonly namespaces = new Set<string>();

  constructor(releases: readonly RenderedRelease[]) {
    for (const release of releases) {
      this.namespaces.add(release.namespace);
      for (const m of release.manifests) {
        const namespace = m.metadata.namespace ?? release.namespace;
        this.manifests.push({ release, manifest: m, namespace });
        if (POD_CONTROLLERS.includes(m.kind)) this.workloads.push(workloadOf(release, m));
        if (m.kind === "Service") {
          this.services.push({
            release: release.name,
            namespace,
            name: m.metadata.name,
            labels: m.metadata.labels ?? {},
            selector: m.spec?.selector,
            headless: m.spec?.clusterIP === "None",
            ports: m.spec?.ports ?? [],
          });
        }
      }
      const managed = operatorManaged(release);
      this.workloads.push(...managed.workloads);
      this.services.push(...managed.services);
    }
  }

  /** Every rendered object of a kind, with its namespace. */
  ofKind(kind: string): { release: RenderedRelease; manifest: Manifest; namespace: string }[] {
    return this.manifests.filter((m) => m.manifest.kind === kind);
  }

  /** Workloads in a namespace whose pods the selector selects. */
  podsSelectedBy(namespace: string, selector: LabelSelector): Workload[] {
    return this.workloads.filter((w) => w.namespace === namespace && selects(selector, w.podLabels));
  }

  /** The pods behind a Service (none for a Service without selector). */
  podsOf(service: Service): Workload[] {
    return service.selector ? this.podsSelectedBy(service.namespace, mapSelector(service.selector)) : [];
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.find((s) => s.namespace === namespace && s.name === name);
  }
}

/** Whether a pod declares the port: a number among its container ports, or a port name. */
export function podHasPort(workload: Workload, port: number | string, protocol = "TCP"): boolean {
  return workload.containers.some((c) =>
    (c.ports ?? []).some((p) => (typeof port === "number" ? p.containerPort === port : p.name === port) && (p.protocol ?? "TCP") === protocol),
  );
}
