import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { annotationScrapeConfigs } from "../src/metrics/annotation-scrape-configs";
import { Labels, RawRule, relabel } from "./helpers/relabel";
import { describeWithTools, runTool } from "./helpers/tools";

const [podsJob, servicesJob] = annotationScrapeConfigs();

const pod = (overrides: Labels = {}): Labels => ({
  __address__: "10.1.2.3:8080",
  __meta_kubernetes_pod_ip: "10.1.2.3",
  __meta_kubernetes_pod_phase: "Running",
  __meta_kubernetes_namespace: "shop",
  __meta_kubernetes_pod_name: "api-7d9f",
  __meta_kubernetes_pod_node_name: "node-1",
  __meta_kubernetes_pod_label_app: "api",
  __meta_kubernetes_pod_annotation_prometheus_io_scrape: "true",
  ...overrides,
});

/** A target of the endpointslice role: the slice's own labels, plus its Service's and its pod's. */
const endpoint = (overrides: Labels = {}): Labels => ({
  __address__: "10.1.2.3:8080",
  __meta_kubernetes_endpointslice_name: "api-x7k2p",
  __meta_kubernetes_endpointslice_address_target_kind: "Pod",
  __meta_kubernetes_endpointslice_address_target_name: "api-7d9f",
  __meta_kubernetes_endpointslice_endpoint_conditions_ready: "true",
  __meta_kubernetes_endpointslice_port: "8080",
  __meta_kubernetes_namespace: "shop",
  __meta_kubernetes_service_name: "api",
  __meta_kubernetes_service_label_tier: "backend",
  __meta_kubernetes_service_annotation_prometheus_io_scrape: "true",
  __meta_kubernetes_pod_name: "api-7d9f",
  __meta_kubernetes_pod_node_name: "node-1",
  ...overrides,
});

describe("annotationScrapeConfigs", () => {
  it("discovers pods and service endpoints in every namespace by default", () => {
    expect(podsJob.job_name).toBe("kubernetes-pods");
    expect(podsJob.kubernetes_sd_configs).toEqual([{ role: "pod" }]);
    expect(servicesJob.job_name).toBe("kubernetes-service-endpoints");
    // EndpointSlices: Kubernetes 1.33 deprecated the Endpoints API the `endpoints` role reads
    expect(servicesJob.kubernetes_sd_configs).toEqual([{ role: "endpointslice" }]);
  });

  it("takes a job name prefix, a subset of kinds, namespaces and the Service discovery role", () => {
    const configs = annotationScrapeConfigs({ jobNamePrefix: "annotated-", kinds: ["services"], namespaces: ["shop", "billing"], serviceDiscoveryRole: "endpoints" });
    expect(configs).toHaveLength(1);
    expect(configs[0].job_name).toBe("annotated-service-endpoints");
    expect(configs[0].kubernetes_sd_configs).toEqual([{ role: "endpoints", namespaces: { names: ["shop", "billing"] } }]);
  });

  it("rejects bad options, naming where and the field", () => {
    expect(() => annotationScrapeConfigs({ kinds: [] }, "platform/prometheus")).toThrow(/^platform\/prometheus: kinds: must list pods, services or both$/);
    expect(() => annotationScrapeConfigs({ kinds: ["pods", "pods"] })).toThrow("kinds: must not repeat a kind");
    expect(() => annotationScrapeConfigs({ jobNamePrefix: "my job " })).toThrow(/jobNamePrefix: may hold only/);
    expect(() => annotationScrapeConfigs({ namespaces: ["Shop"] })).toThrow(/namespaces\[0\]: must be a DNS label/);
    expect(() => annotationScrapeConfigs({ kinds: ["nodes"] } as never)).toThrow(/kinds\[0\]/);
  });

  describe("pods", () => {
    it("keeps only pods annotated prometheus.io/scrape: true", () => {
      expect(relabel(podsJob, pod())).toBeDefined();
      expect(relabel(podsJob, pod({ __meta_kubernetes_pod_annotation_prometheus_io_scrape: "false" }))).toBeUndefined();
      const { __meta_kubernetes_pod_annotation_prometheus_io_scrape: _, ...unannotated } = pod();
      expect(relabel(podsJob, unannotated)).toBeUndefined();
    });

    it.each(["Pending", "Succeeded", "Failed"])("drops pods in phase %s", (phase) => {
      expect(relabel(podsJob, pod({ __meta_kubernetes_pod_phase: phase }))).toBeUndefined();
    });

    it("rewrites the address to the annotated port, bracketing IPv6", () => {
      const port = { __meta_kubernetes_pod_annotation_prometheus_io_port: "9100" };
      expect(relabel(podsJob, pod(port))!.__address__).toBe("10.1.2.3:9100");
      // A pod without declared ports has its bare IP as address.
      expect(relabel(podsJob, pod({ ...port, __address__: "fd00:10::3", __meta_kubernetes_pod_ip: "fd00:10::3" }))!.__address__).toBe("[fd00:10::3]:9100");
      expect(relabel(podsJob, pod({ ...port, __address__: "::ffff:10.1.2.3", __meta_kubernetes_pod_ip: "::ffff:10.1.2.3" }))!.__address__).toBe(
        "[::ffff:10.1.2.3]:9100",
      );
    });

    it("keeps the discovered address without a port annotation", () => {
      expect(relabel(podsJob, pod())!.__address__).toBe("10.1.2.3:8080");
    });

    it("states the address rules as regex and replacement", () => {
      const addressRules = (podsJob.relabel_configs as RawRule[]).filter((rule) => rule.target_label === "__address__");
      expect(addressRules).toEqual([
        { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_ip"], regex: "(\\d+);([^:]+)", replacement: "$2:$1", target_label: "__address__" },
        { source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_port", "__meta_kubernetes_pod_ip"], regex: "(\\d+);(.*:.*)", replacement: "[$2]:$1", target_label: "__address__" },
      ]);
    });

    it("honours the path and scheme annotations", () => {
      const labels = relabel(podsJob, pod({ __meta_kubernetes_pod_annotation_prometheus_io_path: "/admin/metrics", __meta_kubernetes_pod_annotation_prometheus_io_scheme: "https" }));
      expect(labels).toMatchObject({ __metrics_path__: "/admin/metrics", __scheme__: "https" });
      // Anything but http(s) is ignored rather than breaking the scrape.
      expect(relabel(podsJob, pod({ __meta_kubernetes_pod_annotation_prometheus_io_scheme: "ftp" }))!.__scheme__).toBeUndefined();
    });

    it("labels series with the pod labels, namespace, pod and node", () => {
      expect(relabel(podsJob, pod())).toEqual({ __address__: "10.1.2.3:8080", app: "api", namespace: "shop", pod: "api-7d9f", node: "node-1", job: "api" });
    });

    it("names the job after the app (app.kubernetes.io/name, else app), so per-service RED queries tell services apart", () => {
      expect(relabel(podsJob, pod({ __meta_kubernetes_pod_label_app_kubernetes_io_name: "checkout" }))!.job).toBe("checkout");
      const { __meta_kubernetes_pod_label_app: _app, ...unlabelled } = pod();
      expect(relabel(podsJob, { ...unlabelled, job: "kubernetes-pods" })!.job).toBe("kubernetes-pods");
    });
  });

  describe("service endpoints", () => {
    it("reads only labels both roles give a Service's endpoints (its Service's, its pod's, the namespace), none of the Endpoints API's", () => {
      const read = (servicesJob.relabel_configs as RawRule[]).flatMap((rule) => [...(rule.source_labels ?? []), ...(rule.action === "labelmap" ? [rule.regex!] : [])]);
      const common = /^(__address__|__meta_kubernetes_namespace|__meta_kubernetes_(service|pod)_.+)$/;
      expect(read.filter((label) => !common.test(label))).toEqual([]);
    });

    it("keeps only Services annotated prometheus.io/scrape: true", () => {
      expect(relabel(servicesJob, endpoint())).toBeDefined();
      expect(relabel(servicesJob, endpoint({ __meta_kubernetes_service_annotation_prometheus_io_scrape: "yes" }))).toBeUndefined();
    });

    it("replaces the endpoint port with the annotated one, also for IPv6", () => {
      const port = { __meta_kubernetes_service_annotation_prometheus_io_port: "9102" };
      expect(relabel(servicesJob, endpoint(port))!.__address__).toBe("10.1.2.3:9102");
      expect(relabel(servicesJob, endpoint({ ...port, __address__: "[fd00:10::3]:8080" }))!.__address__).toBe("[fd00:10::3]:9102");
      expect(relabel(servicesJob, endpoint({ __address__: "[fd00:10::3]:8080" }))!.__address__).toBe("[fd00:10::3]:8080");
      const rule = (servicesJob.relabel_configs as RawRule[]).find((r) => r.target_label === "__address__");
      expect(rule).toEqual({
        source_labels: ["__address__", "__meta_kubernetes_service_annotation_prometheus_io_port"],
        regex: "(.+?)(?::\\d+)?;(\\d+)",
        replacement: "$1:$2",
        target_label: "__address__",
      });
    });

    it("labels series with the Service labels, namespace, service, and the pod and node behind the endpoint", () => {
      expect(relabel(servicesJob, endpoint())).toEqual({ __address__: "10.1.2.3:8080", tier: "backend", namespace: "shop", service: "api", job: "api", pod: "api-7d9f", node: "node-1" });
      const { __meta_kubernetes_pod_name: _p, __meta_kubernetes_pod_node_name: _n, ...notAPod } = endpoint();
      expect(relabel(servicesJob, notAPod)).not.toHaveProperty("pod");
    });
  });
});

describe("annotationScrapeConfigs with pods a ServiceMonitor already scrapes", () => {
  const coreDnsPods = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } };
  const [pods, services] = annotationScrapeConfigs({ skipPods: [coreDnsPods] });
  const coreDns = { __meta_kubernetes_namespace: "kube-system", __meta_kubernetes_pod_label_k8s_app: "kube-dns", __meta_kubernetes_pod_name: "coredns-5d78c9869d-x2x7k" };

  it("leaves them to the ServiceMonitor, whether their Service or the pods carry the annotation", () => {
    // kubeadm, EKS and k3s annotate the kube-dns Service prometheus.io/scrape: "true"
    expect(relabel(services, endpoint({ ...coreDns, __meta_kubernetes_service_name: "kube-dns" }))).toBeUndefined();
    expect(relabel(pods, pod(coreDns))).toBeUndefined();
  });

  it("still scrapes the same labels in another namespace, and other pods of that namespace", () => {
    expect(relabel(services, endpoint({ __meta_kubernetes_pod_label_k8s_app: "kube-dns" }))).toBeDefined();
    expect(relabel(pods, pod({ __meta_kubernetes_namespace: "kube-system", __meta_kubernetes_pod_label_k8s_app: "metrics-server" }))).toBeDefined();
    // a Service endpoint that is not a pod has no pod labels
    expect(relabel(services, endpoint({ __meta_kubernetes_namespace: "kube-system", __meta_kubernetes_pod_name: "" }))).toBeDefined();
  });

  it("matches label values literally and needs every label", () => {
    const [dotted] = annotationScrapeConfigs({ kinds: ["pods"], skipPods: [{ namespace: "shop", labels: { app: "api.v1", "app.kubernetes.io/part-of": "shop" } }] });
    const both = { __meta_kubernetes_namespace: "shop", __meta_kubernetes_pod_label_app_kubernetes_io_part_of: "shop" };
    expect(relabel(dotted, pod({ ...both, __meta_kubernetes_pod_label_app: "api.v1" }))).toBeUndefined();
    expect(relabel(dotted, pod({ ...both, __meta_kubernetes_pod_label_app: "apixv1" }))).toBeDefined();
    expect(relabel(dotted, pod({ __meta_kubernetes_namespace: "shop", __meta_kubernetes_pod_label_app: "api.v1" }))).toBeDefined();
  });

  it("rejects a skipped pod set without labels (it would skip a whole namespace)", () => {
    expect(() => annotationScrapeConfigs({ skipPods: [{ namespace: "kube-system", labels: {} }] })).toThrow(/^annotationScrapeConfigs: skipPods\[0\]\.labels: /);
  });
});

describeWithTools(["promtool"], "annotation scrape configs pass promtool", () => {
  const dir = mkdtempSync(join(tmpdir(), "annotation-scrape-"));
  const promtoolCheck = (name: string, document: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, stringify(document, { aliasDuplicateObjects: false }));
    return runTool("promtool", ["check", "config", file]);
  };

  it("promtool check config accepts every job", () => {
    let configs = annotationScrapeConfigs({ namespaces: ["shop"], skipPods: [{ namespace: "kube-system", labels: { "k8s-app": "kube-dns" } }] });
    // Debian builds Prometheus without Kubernetes discovery; then the discovery block (asserted
    // above) is swapped for an empty static one so promtool still vets jobs and relabel rules.
    const probe = promtoolCheck("probe.yml", { scrape_configs: [{ job_name: "probe", kubernetes_sd_configs: [{ role: "pod" }] }] });
    if (probe.status !== 0) {
      process.stderr.write("note: this promtool has no kubernetes_sd_configs support; checking the jobs with static_configs instead\n");
      configs = configs.map(({ kubernetes_sd_configs: _, ...job }) => ({ ...job, static_configs: [{ targets: [] }] }));
    }
    const result = promtoolCheck("prometheus.yml", { global: { scrape_interval: "30s" }, scrape_configs: configs });
    expect(`${result.stdout}${result.stderr}`).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });

  it("promtool rejects a broken relabel rule (the check has teeth)", () => {
    const [job] = annotationScrapeConfigs({ kinds: ["pods"] });
    const broken = { job_name: job.job_name, static_configs: [{ targets: [] }], relabel_configs: [{ source_labels: ["a"], regex: "(unclosed", target_label: "b" }] };
    expect(promtoolCheck("broken.yml", { scrape_configs: [broken] }).status).not.toBe(0);
  });
});
