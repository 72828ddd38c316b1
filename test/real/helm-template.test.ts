import { stringify } from "yaml";
import { mergeValues, Values } from "../../src/helm/values";
import { renderAdditionalServiceMonitors } from "../../src/metrics/monitors";
import { chartSource, chartSourceFolders } from "../helpers/chart-sources";
import { ENVIRONMENT_VARIANTS } from "../helpers/environment-variants";
import { renderHelmTpl } from "../helpers/helm-tpl";
import { HELM, helmTemplate, PreparedChart, prepareChart, removeHelmScratch } from "../helpers/helm-template";
import {
  addressFinding,
  discoveryFindings,
  disruptionBudgetFindings,
  Finding,
  imageFindings,
  inClusterAddresses,
  InClusterAddress,
  monitorFindings,
  networkPolicyFindings,
  resourceFindings,
  TerraformNetworkPolicy,
  UnrenderedSubchart,
} from "../helpers/manifest-checks";
import { describeWithBuiltTools } from "../helpers/real-programs";
import { releaseValues } from "../helpers/release-values";
import { RenderedCluster, RenderedRelease } from "../helpers/rendered-cluster";
import { describeSkipped } from "../helpers/skipped-block";
import { readStack, resourcesOf, synthToTempDir, TerraformJson } from "../helpers/synth";

const ENVIRONMENTS = ["dev", "staging", "prod"];
const inCi = process.env.CI === "true";

/** A helm_release of a synthesized stack, ready to render. */
interface Release {
  readonly name: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly documents: string[];
  readonly values: Values;
  readonly source?: string;
}

/** A namespace as written in the stack: a literal, or a reference to a kubernetes_namespace_v1 of the same stack. */
function namespaceOf(stack: TerraformJson, value: string): string {
  const ref = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata\[0\]\.name\}$/.exec(value);
  return ref ? resourcesOf(stack, "kubernetes_namespace_v1")[ref[1]].metadata.name : value;
}

function releasesOf(stack: TerraformJson): Release[] {
  return Object.values(resourcesOf(stack, "helm_release")).map((r: any) => ({
    name: r.name,
    chart: r.chart,
    version: r.version,
    namespace: namespaceOf(stack, r.namespace),
    ...releaseValues(r),
    source: chartSource(r.chart, r.version),
  }));
}

/** The documents Helm gets for a prepared chart: ours, then the switch that turns absent subcharts off. */
const documentsFor = (release: Release, prepared: PreparedChart) =>
  Object.keys(prepared.turnedOff).length ? [...release.documents, `# subcharts absent from the chart source\n${stringify(prepared.turnedOff)}`] : release.documents;

/** Every in-cluster address an environment configures: in its releases' values and in both stacks' other resources. */
function addressesOf(platform: TerraformJson, grafana: TerraformJson, releases: readonly Release[]): InClusterAddress[] {
  const { helm_release: _releases, ...otherPlatformResources } = platform.resource ?? {};
  const namespaces = [...new Set(releases.map((r) => r.namespace))];
  return [
    ...releases.flatMap((r) => inClusterAddresses(r.values, `helm_release ${r.name} values`, namespaces)),
    ...inClusterAddresses(otherPlatformResources, "platform stack", namespaces),
    ...inClusterAddresses({ resource: grafana.resource, data: grafana.data }, "grafana stack", namespaces),
  ];
}

/** Every in-cluster address in what the charts rendered (configs, arguments, environment; Secret data decoded), besides metadata. */
function renderedAddresses(cluster: RenderedCluster): InClusterAddress[] {
  return cluster.manifests.flatMap(({ release, manifest }) => {
    const { metadata: _metadata, ...body }: Record<string, unknown> = manifest;
    if (manifest.kind === "Secret") body.data = Object.fromEntries(Object.entries((manifest.data ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
    return inClusterAddresses(body, `${release.name} ${manifest.kind}/${manifest.metadata.name}`, [...cluster.namespaces]);
  });
}

function networkPoliciesOf(platform: TerraformJson): TerraformNetworkPolicy[] {
  return Object.values(resourcesOf(platform, "kubernetes_network_policy_v1")).map((p: any) => ({
    name: p.metadata.name,
    namespace: namespaceOf(platform, p.metadata.namespace),
    spec: p.spec,
  }));
}

const failures = (findings: readonly Finding[]) => findings.filter((f) => !f.unrendered).map((f) => f.message);

/** Findings about subcharts that were not rendered: reported, neither passed nor failed. */
function reportUnverifiable(check: string, env: string, findings: readonly (Finding | null | undefined)[]): void {
  const open = findings.filter((f): f is Finding => !!f?.unrendered);
  if (open.length) process.stderr.write(`NOT VERIFIED (${env}, ${check}), subchart not rendered:\n${open.map((f) => `  [${f.unrendered}] ${f.message}`).join("\n")}\n`);
}

/** An environment to render: its two stacks and its releases. */
interface Case {
  readonly label: string;
  readonly platform: TerraformJson;
  readonly grafana: TerraformJson;
  readonly releases: readonly Release[];
}

function caseOf(label: string, outdir: string, env: string): Case {
  const platform = readStack(outdir, `${env}-platform`);
  return { label, platform, grafana: readStack(outdir, `${env}-grafana`), releases: releasesOf(platform) };
}

const outdir = synthToTempDir();
const shipped = ENVIRONMENTS.map((env) => caseOf(env, outdir, env));
// the settings the shipped environments leave out, each set on one of them
const variants = ENVIRONMENT_VARIANTS.map((v) => caseOf(v.label, synthToTempDir([v.env]), v.env.name));
const cases = [...shipped, ...variants];
const prod = shipped.find((c) => c.label === "prod")!;
const sourceless = [...new Set(cases.flatMap((c) => c.releases).filter((r) => !r.source).map((r) => `${r.chart}-${r.version}`))];

function describeWithChartSources(name: string, body: () => void): void {
  if (!sourceless.length) return describe(name, body);
  const notice = `no chart source for ${sourceless.join(", ")} in ${chartSourceFolders().join(", ")} (run npm run charts:pull)`;
  if (!inCi) return describeSkipped(name, notice);
  describe(name, () => it("has the pinned chart sources", () => {
    throw new Error(`${notice}: required when CI=true`);
  }));
}

describeWithBuiltTools([HELM], "helm template with the real charts", () => {
  afterAll(removeHelmScratch);

  describeWithChartSources("every release of every environment", () => {
    describe.each(cases.map((c) => [c.label, c] as const))("%s", (env, { platform, grafana, releases }) => {
      const prepared = new Map(releases.map((r) => [r.name, prepareChart(r.source!, r.values)]));
      const unrendered: UnrenderedSubchart[] = releases.flatMap((r) =>
        prepared.get(r.name)!.notRendered.map(({ subchart }) => ({ release: r.name, subchart })),
      );
      const rendered: RenderedRelease[] = [];
      const renderErrors = new Map<string, string>();
      let cluster: RenderedCluster;

      beforeAll(() => {
        for (const release of releases) {
          const chart = prepared.get(release.name)!;
          try {
            const manifests = helmTemplate({ helm: HELM, release: release.name, namespace: release.namespace, chartDir: chart.dir, valuesDocuments: documentsFor(release, chart), context: env });
            rendered.push({ name: release.name, namespace: release.namespace, manifests });
          } catch (error) {
            renderErrors.set(release.name, (error as Error).message);
          }
        }
        cluster = new RenderedCluster(rendered);
      });

      it.each(releases.map((r) => [r.name, r.chart, r.version]))("renders %s (%s %s) from our values", (name) => {
        expect(renderErrors.get(name)).toBeUndefined();
      });

      it("reads our values documents as Terraform writes them, JSON, with multi-line strings (the Alloy pipeline) intact", () => {
        expect(releases.flatMap((r) => r.documents).filter((doc) => !doc.startsWith("{"))).toEqual([]);
        const alloy = releases.find((r) => r.chart === "alloy");
        if (!alloy) return; // the Promtail variant
        const configMap = rendered.find((r) => r.name === alloy.name)!.manifests.find((m) => m.kind === "ConfigMap" && (m.data as any)?.["config.alloy"]);
        // the chart writes the pipeline through `tpl` into a `|-` block
        expect((configMap!.data as any)["config.alloy"]).toBe(renderHelmTpl((alloy.values as any).alloy.configMap.content).trimEnd());
      });

      // A gap of the chart source, not of our values: reported as skipped (also in CI, whose
      // offline reference copies lack them), with the checks' findings about them listed apart.
      const notRendered = releases.flatMap((r) => prepared.get(r.name)!.notRendered.map(({ subchart, version }) => `${r.chart}/${subchart} ${version}`));
      if (notRendered.length) {
        const notice = `not rendered: ${notRendered.join(", ")} (absent from the chart source; npm run charts:pull fetches them)`;
        process.stderr.write(`SKIPPED (${env}): ${notice}\n`);
        it.skip(`[${notice}]`, () => undefined);
      }

      it("every in-cluster address (datasources, exporters, push and remote-write URLs, storage endpoints) names a rendered Service port", () => {
        const addresses = addressesOf(platform, grafana, releases);
        // the scan must see the wiring it exists for
        const sources = addresses.map((a) => a.source).join("\n");
        expect(sources).toMatch(/grafana stack\.resource\.grafana_data_source\./);
        expect(sources).toMatch(/helm_release opentelemetry-collector values\.config\.exporters\./);
        expect(sources).toMatch(/helm_release (alloy values\.alloy\.configMap\.content|promtail values\.config\.clients)/);
        const rendered = renderedAddresses(cluster);
        expect(rendered.map((a) => a.source).join("\n")).toMatch(/^loki ConfigMap\/loki-gateway/m);
        addresses.push(...rendered);
        const findings = addresses.map((a) => addressFinding(a, cluster, unrendered));
        const outside = addresses.filter((_, i) => findings[i] === null).map((a) => `${a.source}: ${a.text}`);
        if (outside.length) process.stderr.write(`NOT CHECKED (${env}), namespace no release renders into:\n  ${outside.join("\n  ")}\n`);
        reportUnverifiable("addresses", env, findings);
        expect(failures(findings.filter((f): f is Finding => !!f))).toEqual([]);
      });

      it("every NetworkPolicy that targets pods selects rendered pods and opens their container ports", () => {
        const policies = networkPoliciesOf(platform).filter((p) => p.spec.pod_selector && Object.keys(p.spec.pod_selector).length);
        expect(policies.length).toBeGreaterThan(0);
        const findings = policies.flatMap((p) => networkPolicyFindings(p, cluster, unrendered));
        reportUnverifiable("network policies", env, findings);
        expect(failures(findings)).toEqual([]);
      });

      it("every ServiceMonitor and PodMonitor selects a rendered Service or pod and one of its port names; alerting, ingress and annotation scrape targets exist", () => {
        expect(cluster.ofKind("ServiceMonitor").length).toBeGreaterThan(0);
        const findings = [...monitorFindings(cluster, unrendered), ...discoveryFindings(cluster, unrendered)];
        reportUnverifiable("monitors", env, findings);
        expect(failures(findings)).toEqual([]);
      });

      it("every container requests CPU and memory, within its limits, and has a memory limit", () => {
        expect(failures(resourceFindings(cluster))).toEqual([]);
      });

      it("every image is pinned to a tag other than latest", () => {
        expect(failures(imageFindings(cluster))).toEqual([]);
      });

      it("every Deployment, StatefulSet, Prometheus and Alertmanager with more than one replica has a PodDisruptionBudget", () => {
        expect(failures(disruptionBudgetFindings(cluster))).toEqual([]);
      });
    });
  });

  describeWithChartSources("planted defects", () => {
    const collector = prod.releases.find((r) => r.chart === "opentelemetry-collector")!;
    const render = (release: Release, extra: Values) => {
      const chart = prepareChart(release.source!, mergeValues(release.values, extra));
      const documents = [...documentsFor(release, chart), stringify(extra)];
      return helmTemplate({ helm: HELM, release: release.name, namespace: release.namespace, chartDir: chart.dir, valuesDocuments: documents, context: "prod, planted" });
    };

    it("a values key the collector chart's strict schema does not know fails the render, naming release and environment", () => {
      expect(() => render(collector, { replicaCountt: 2 })).toThrow(/release opentelemetry-collector \(prod, planted\).*(schema|additional)/is);
    });

    it("a value of the wrong type fails the render the same way", () => {
      expect(() => render(collector, { replicaCount: "three" })).toThrow(/release opentelemetry-collector \(prod, planted\).*replicaCount/is);
    });

    it("a scalar where a chart without schema has a table fails (Helm's merge warning)", () => {
      const exporter = prod.releases.find((r) => r.chart === "prometheus-postgres-exporter")!;
      expect(() => render(exporter, { securityContext: { capabilities: "NET_ADMIN" } })).toThrow(/release postgres-exporter-rentguy \(prod, planted\) warned: .*cannot overwrite table with non table/);
    });

    describe("against the rendered prod cluster", () => {
      let rendered: RenderedRelease[];
      let cluster: RenderedCluster;
      beforeAll(() => {
        rendered = prod.releases.map((r) => {
          const chart = prepareChart(r.source!, r.values);
          const manifests = helmTemplate({ helm: HELM, release: r.name, namespace: r.namespace, chartDir: chart.dir, valuesDocuments: documentsFor(r, chart), context: "prod" });
          return { name: r.name, namespace: r.namespace, manifests };
        });
        cluster = new RenderedCluster(rendered);
      });
      const check = (text: string) => addressFinding(inClusterAddresses(text, "planted")[0], cluster, []);

      it("resolves the real addresses it is shown", () => {
        expect(check("http://loki-gateway.monitoring.svc:80/otlp")).toBeUndefined();
        expect(check("http://prometheus-kube-prometheus-stack-prometheus-1.prometheus-operated.monitoring.svc.cluster.local:9090/api/v1/write")).toBeUndefined();
      });

      it("an address on a port the Service does not have fails", () => {
        expect(check("http://loki-gateway.monitoring.svc:3100/otlp")?.message).toMatch(/loki-gateway has no port 3100/);
      });

      it("an address of a Service no chart renders fails", () => {
        expect(check("jaeger-collector.monitoring.svc:4317")?.message).toMatch(/no Service monitoring\/jaeger-collector/);
      });

      it("a DNS SRV name needs the Service's port of that name", () => {
        expect(check("_memcached-client._tcp.loki-chunks-cache.monitoring.svc.cluster.local")).toBeUndefined();
        expect(check("_memcache._tcp.loki-chunks-cache.monitoring.svc.cluster.local")?.message).toMatch(/has no port named memcache/);
      });

      it("a StatefulSet pod beyond its replicas fails", () => {
        expect(check("http://prometheus-kube-prometheus-stack-prometheus-2.prometheus-operated.monitoring.svc:9090")?.message).toMatch(/no StatefulSet governed by prometheus-operated has a pod/);
      });

      it("an additionalServiceMonitors entry is checked like the chart's own: a port name its Service lacks fails", () => {
        const stack = prod.releases.find((r) => r.chart === "kube-prometheus-stack")!;
        const withMonitor = (port: string) => {
          const entries = renderAdditionalServiceMonitors([{ name: "jaeger", selector: { matchLabels: { "app.kubernetes.io/name": "jaeger" } }, endpoints: [{ port }] }]);
          const manifests = render(stack, { prometheus: { additionalServiceMonitors: entries } });
          expect(manifests.some((m) => m.kind === "ServiceMonitor" && m.metadata.name === "jaeger")).toBe(true);
          return new RenderedCluster(rendered.map((r) => (r.name === stack.name ? { ...r, manifests } : r)));
        };
        expect(failures(monitorFindings(withMonitor("internal-metrics"), []))).toEqual([]);
        expect(failures(monitorFindings(withMonitor("metrics"), []))).toEqual([expect.stringMatching(/ServiceMonitor monitoring\/jaeger: endpoint port metrics is no port name of jaeger/)]);
      });

      it("a NetworkPolicy opening a port no selected container declares fails", () => {
        const policy = networkPoliciesOf(prod.platform).find((p) => p.name === "apps-to-otel-collector")!;
        const planted = { ...policy, spec: { ...policy.spec, ingress: [{ ports: [{ port: "4319", protocol: "TCP" }] }] } };
        expect(failures(networkPolicyFindings(planted, cluster, []))).toEqual([expect.stringMatching(/ingress port 4319\/TCP is no container port/)]);
      });
    });
  });
});
