import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { GrafanaAdminCredentials } from "../constructs";
import { reservedDatasourceKeys } from "./helpers/datasource-reserved-keys";
import { dev } from "../stacks/environments/dev";
import { describeWithShared } from "./helpers/shared-dir";
import { readStack, resourceAt, resourcesOf, shippedSynth, STACK_NAMES, synthToTempDir } from "./helpers/synth";
import { relabel } from "./helpers/relabel";
import { releaseValues, releasesOf } from "./helpers/release-values";
import { canonicalJson } from "../src/dashboards/normalize-dashboard";

const outdir = shippedSynth();
const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));

describe("stacks of the shipped environments", () => {
  it("are exactly a platform and a grafana stack per environment", () => {
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([...STACK_NAMES].sort());
    expect(Object.keys(manifest.stacks).sort()).toEqual([...STACK_NAMES].sort());
  });

  it.each(["dev", "staging", "prod"])("deploy %s-grafana after %s-platform", (env) => {
    expect(manifest.stacks[`${env}-grafana`].dependencies).toEqual([`${env}-platform`]);
    expect(manifest.stacks[`${env}-platform`].dependencies).toEqual([]);
  });

  it.each(["dev", "staging", "prod"])("configure %s-platform's providers from the environment's connection", (env) => {
    const stack = readStack(outdir, `${env}-platform`);
    const kubernetes = stack.provider!.kubernetes[0];
    const helm = stack.provider!.helm[0] as { kubernetes: Record<string, string> };
    expect(kubernetes.config_path).toBe("~/.kube/config");
    expect(helm.kubernetes).toEqual({ config_path: kubernetes.config_path, config_context: kubernetes.config_context });
    expect(Object.keys(stack.terraform.required_providers!).sort()).toEqual(["helm", "kubernetes", "random"]);
  });

  it.each(["dev", "staging", "prod"])("put the namespace, its NetworkPolicies and the credentials Secret in %s-platform", (env) => {
    const stack = readStack(outdir, `${env}-platform`);
    expect(Object.values(resourcesOf(stack, "kubernetes_namespace_v1")).map((n) => n.metadata.name)).toEqual(["monitoring"]);
    const policies = Object.values(resourcesOf(stack, "kubernetes_network_policy_v1")).map((p) => p.metadata.name);
    expect(policies).toEqual(expect.arrayContaining(["default-deny-ingress", "allow-same-namespace", "apps-to-otel-collector"]));
    const secret = resourceAt(stack, "kubernetes_secret_v1", "grafana-admin/secret");
    expect(secret.metadata.name).toBe("grafana-admin");
    expect(Object.keys(secret.data).sort()).toEqual([GrafanaAdminCredentials.PASSWORD_KEY, GrafanaAdminCredentials.USER_KEY].sort());
    expect(secret.data[GrafanaAdminCredentials.PASSWORD_KEY]).toMatch(/^\$\{random_password\.[\w-]+\.result\}$/);
  });

  it("open exactly the cross-namespace flows: apps to the collector's OTLP ports, the ingress controller to Grafana", () => {
    const policies = Object.fromEntries(
      Object.values(resourcesOf(readStack(outdir, "prod-platform"), "kubernetes_network_policy_v1")).map((p) => [p.metadata.name, p.spec]),
    );
    expect(Object.keys(policies).sort()).toEqual(
      ["allow-same-namespace", "apiserver-to-operator-webhook", "apps-to-otel-collector", "default-deny-ingress", "ingress-to-grafana"].sort(),
    );
    const fromNamespace = (name: string) => ({ namespace_selector: { match_labels: { "kubernetes.io/metadata.name": name } } });
    expect(policies["apps-to-otel-collector"].pod_selector.match_labels["app.kubernetes.io/name"]).toBe("opentelemetry-collector");
    expect(policies["apps-to-otel-collector"].ingress).toEqual([
      { from: [fromNamespace("productie")], ports: [{ port: "4317", protocol: "TCP" }, { port: "4318", protocol: "TCP" }] },
    ]);
    expect(policies["ingress-to-grafana"].pod_selector.match_labels["app.kubernetes.io/name"]).toBe("grafana");
    expect(policies["ingress-to-grafana"].ingress).toEqual([{ from: [fromNamespace("ingress-nginx")], ports: [{ port: "3000", protocol: "TCP" }] }]);
    expect(policies["apiserver-to-operator-webhook"].ingress[0].ports).toEqual([{ port: "10250", protocol: "TCP" }]);
  });

  it("let the API server reach the operator's webhook port from the control-plane network when it is known, from anywhere otherwise", () => {
    const webhookPolicy = (dir: string) =>
      Object.values(resourcesOf(readStack(dir, "dev-platform"), "kubernetes_network_policy_v1")).find((p) => p.metadata.name === "apiserver-to-operator-webhook")!.spec;
    const known = webhookPolicy(synthToTempDir([{ ...dev, network: { controlPlaneCidrs: ["10.0.0.0/24", "fd00:0:0:1::/64"] } }]));
    expect(known.pod_selector.match_labels).toMatchObject({ app: "kube-prometheus-stack-operator" });
    expect(known.ingress).toEqual([
      { from: [{ ip_block: { cidr: "10.0.0.0/24" } }, { ip_block: { cidr: "fd00:0:0:1::/64" } }], ports: [{ port: "10250", protocol: "TCP" }] },
    ]);
    // the API server's source address is not knowable in general (host network, a managed control plane's ENIs…)
    expect(webhookPolicy(outdir).ingress[0].from).toEqual([{ ip_block: { cidr: "0.0.0.0/0" } }, { ip_block: { cidr: "::/0" } }]);
  });

  it.each(["dev", "staging", "prod"])("configure %s-grafana's provider with the platform's generated password", (env) => {
    const stack = readStack(outdir, `${env}-grafana`);
    const grafana = stack.provider!.grafana[0] as { url: string; auth: string };
    expect(grafana.url).toMatch(/^https?:\/\//);
    expect(grafana.auth).toMatch(/^admin:\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\}$/);
    const folders = Object.values(resourcesOf(stack, "grafana_folder"));
    expect(folders.filter((f) => !f.parent_folder_uid).map((f) => f.uid)).toEqual(["observability"]);
    expect(folders.filter((f) => f.parent_folder_uid).map((f) => f.title).sort()).toEqual(["Alert rules", "Compliance", "Databases", "Kubernetes", "Observability stack", "SLOs", "Services"]);
    expect(Object.values(resourcesOf(stack, "grafana_data_source")).map((d) => d.uid).sort()).toEqual(["alertmanager", "jaeger", "loki", "prometheus"]);
    expect(Object.keys(resourcesOf(stack, "grafana_dashboard"))).toHaveLength(8);
    expect(stack.terraform.required_providers!.grafana).toEqual({ source: "registry.terraform.io/grafana/grafana", version: "4.45.1" });
  });

  it.each(["dev", "staging", "prod"])("give %s-grafana's datasources no setting the grafana provider reserves (it refuses the plan)", (env) => {
    const datasources = Object.values(resourcesOf(readStack(outdir, `${env}-grafana`), "grafana_data_source"));
    expect(datasources.flatMap((d) => reservedDatasourceKeys(d).map((problem) => `${d.uid}: ${problem}`))).toEqual([]);
  });

  it("send prod's Loki tenant as the X-Scope-OrgID header (prod Loki is multi-tenant)", () => {
    const loki = resourceAt(readStack(outdir, "prod-grafana"), "grafana_data_source", "datasources/loki");
    expect(Object.keys(loki.http_headers)).toEqual(["X-Scope-OrgID"]);
  });

  it.each(["dev", "staging", "prod"])("put Grafana-managed alerting in %s-grafana: the root-shell rule on Loki, contact points and the policy tree", (env) => {
    const stack = readStack(outdir, `${env}-grafana`);
    const rules = Object.values(resourcesOf(stack, "grafana_rule_group")).flatMap((g) => g.rule);
    expect(rules.map((r: any) => r.labels.category)).toContain("security");
    expect(rules.every((r: any) => r.data[0].datasource_uid === "loki" || r.data[0].datasource_uid === "prometheus")).toBe(true);
    expect(Object.values(resourcesOf(stack, "grafana_contact_point")).map((c) => c.name).sort()).toEqual(
      ["ciso-email", "team-slack", env === "prod" ? "oncall-pagerduty" : "oncall-email"].sort(),
    );
    const [policy] = Object.values(resourcesOf(stack, "grafana_notification_policy"));
    expect(policy.contact_point).toBe("team-slack");
    expect(policy.policy[0]).toMatchObject({ contact_point: "ciso-email", matcher: [{ label: "category", match: "=", value: "security" }] });
    for (const variable of Object.values(stack.variable ?? {})) expect(variable.sensitive).toBe(true);
  });

  it.each(["dev", "staging", "prod"])("scrape every component of %s through its chart's ServiceMonitor, released after the operator's CRDs", (env) => {
    const releases = Object.values(resourcesOf(readStack(outdir, `${env}-platform`), "helm_release"));
    const operator = Object.entries(resourcesOf(readStack(outdir, `${env}-platform`), "helm_release")).find(([, r]) => r.chart === "kube-prometheus-stack")![0];
    const monitored = (release: any) =>
      (release.values as string[]).some((doc) => {
        const values = parse(doc.replaceAll("$${", "${")) ?? {};
        return values.serviceMonitor?.enabled === true || values.monitoring?.serviceMonitor?.enabled === true;
      });
    expect(releases.filter(monitored).map((r) => r.chart).sort()).toEqual(
      ["alloy", "loki", "opentelemetry-collector", "prometheus-postgres-exporter"],
    );
    for (const release of releases.filter(monitored)) expect(release.depends_on).toContain(`helm_release.${operator}`);
  });

  // the releases' values read with the pinned charts' defaults (../shared)
  describeWithShared("Jaeger scraped once", () => {
    it.each(["dev", "staging", "prod"])("scrape %s's Jaeger once, through a ServiceMonitor on its Service's internal-metrics port", (env) => {
      const releases = releasesOf(readStack(outdir, `${env}-platform`));
      const jaeger = releases.find((r) => r.chart === "jaeger")!;
      const prometheus = releases.find((r) => r.chart === "kube-prometheus-stack")!.values.prometheus as any;
      // the chart's Service labels (jaeger.labels plus the all-in-one component)
      const serviceLabels: Record<string, string> = {
        "app.kubernetes.io/name": "jaeger",
        "app.kubernetes.io/instance": jaeger.name,
        "app.kubernetes.io/component": "all-in-one",
        "app.kubernetes.io/managed-by": "Helm",
      };
      const selecting = (prometheus.additionalServiceMonitors ?? []).filter(
        (m: any) =>
          Object.entries(m.selector?.matchLabels ?? {}).every(([k, v]) => serviceLabels[k] === v) &&
          (m.namespaceSelector?.matchNames ?? []).includes("monitoring"),
      );
      expect(selecting.map((m: any) => m.endpoints.map((e: any) => e.port))).toEqual([["internal-metrics"]]);
      // the chart annotates the Jaeger pod prometheus.io/scrape: annotation discovery must leave it to the ServiceMonitor
      const pod = {
        __meta_kubernetes_namespace: "monitoring",
        __meta_kubernetes_pod_name: "jaeger-6f7c9d8b5-abcde",
        __meta_kubernetes_pod_ip: "10.0.0.7",
        __meta_kubernetes_pod_phase: "Running",
        __meta_kubernetes_pod_annotation_prometheus_io_scrape: "true",
        __meta_kubernetes_pod_annotation_prometheus_io_port: "8888",
        ...Object.fromEntries(Object.entries(serviceLabels).map(([k, v]) => [`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, "_")}`, v])),
      };
      const annotationJobs = prometheus.prometheusSpec.additionalScrapeConfigs ?? [];
      expect(annotationJobs.length).toBeGreaterThan(0);
      for (const job of annotationJobs) expect(relabel(job, pod)).toBeUndefined();
    });
  });

  it.each(["dev", "staging", "prod"])("let %s's Prometheus take the interleaved pushes of several collector replicas", (env) => {
    const releases = Object.values(resourcesOf(readStack(outdir, `${env}-platform`), "helm_release"));
    const values = (chart: string) =>
      Object.assign({}, ...(releases.find((r) => r.chart === chart)!.values as string[]).map((doc) => parse(doc.replaceAll("$${", "${")) ?? {}));
    const collector = values("opentelemetry-collector");
    const severalCollectors = collector.replicaCount > 1 || collector.autoscaling?.enabled === true;
    // the same series reaches Prometheus through different replicas, each batching and retrying on its own
    const window = releases
      .find((r) => r.chart === "kube-prometheus-stack")!
      .values.map((doc: string) => parse(doc)?.prometheus?.prometheusSpec?.tsdb?.outOfOrderTimeWindow)
      .find((w: string | undefined) => w !== undefined);
    expect({ severalCollectors, window }).toEqual(severalCollectors ? { severalCollectors, window: "5m" } : { severalCollectors, window: undefined });
    if (env !== "dev") expect(severalCollectors).toBe(true);
  });

  it("hands the password over only as a sensitive output", () => {
    const outputs = Object.values(readStack(outdir, "prod-platform").output ?? {});
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) expect(output.sensitive).toBe(true);
  });

  it("keeps dev's state local with relative paths and staging/prod's in S3 with one key per stack", () => {
    expect(readStack(outdir, "dev-platform").terraform.backend).toEqual({ local: { path: "../../../terraform.dev-platform.tfstate" } });
    expect(readStack(outdir, "prod-grafana").terraform.backend!.s3).toMatchObject({
      key: "observability/prod/prod-grafana.tfstate",
      encrypt: true,
      use_lockfile: true,
    });
    const grafanaReadsPlatform = Object.values(readStack(outdir, "prod-grafana").data!.terraform_remote_state)[0] as any;
    expect(grafanaReadsPlatform.config).toEqual(readStack(outdir, "prod-platform").terraform.backend!.s3);
  });

  it("give dashboards the same UIDs in every environment and byte-identical JSON on every synth", () => {
    const dashboards = (dir: string, env: string) =>
      Object.values(resourcesOf(readStack(dir, `${env}-grafana`), "grafana_dashboard")).map((d) => d.config_json as string);
    const uids = (env: string) => dashboards(outdir, env).map((json) => JSON.parse(json.replace(/\$\$\{/g, "${")).uid).sort();
    expect(uids("dev")).toHaveLength(8);
    expect(uids("staging")).toEqual(uids("dev"));
    expect(uids("prod")).toEqual(uids("dev"));
    expect(dashboards(synthToTempDir(), "prod")).toEqual(dashboards(outdir, "prod"));
  });

  it("keep the addresses of stateful resources, so a refactoring cannot silently destroy data", () => {
    const addresses = (name: string) =>
      Object.entries(readStack(outdir, name).resource ?? {}).flatMap(([type, resources]) => Object.keys(resources).map((id) => `${type}.${id}`));
    // a changed address plans a destroy + create: Loki's and Prometheus' volumes, the generated password
    expect(addresses("prod-platform")).toEqual(
      expect.arrayContaining([
        "kubernetes_namespace_v1.observability_namespace_5391CE89",
        "random_password.observability_grafana-admin_password_5452E79D",
        "kubernetes_secret_v1.observability_grafana-admin_secret_C556B97B",
        "helm_release.observability_prometheus_release_9F82BBD4",
      ]),
    );
    expect(addresses("prod-platform").filter((a) => a.startsWith("helm_release.")).sort()).toMatchSnapshot();
    expect(addresses("prod-grafana").sort()).toMatchSnapshot();
  });

  it("render every release's values as canonical JSON documents, each named by its concern in the release's comment block", () => {
    for (const name of STACK_NAMES.filter((n) => n.endsWith("-platform"))) {
      for (const release of Object.values(resourcesOf(readStack(outdir, name), "helm_release"))) {
        const concerns: string[] = release["//"].valuesDocuments;
        expect({ release: release.name, documents: concerns.length }).toEqual({ release: release.name, documents: release.values.length });
        expect(new Set(concerns).size).toBe(concerns.length);
        for (const doc of releaseValues(release).documents) {
          // a string that parses as a JSON object is what Terraform's plan diffs key by key
          expect(doc.startsWith("{")).toBe(true);
          expect(canonicalJson(JSON.parse(doc))).toBe(doc);
        }
      }
    }
  });

  it("writes no machine path into any stack", () => {
    for (const name of STACK_NAMES) {
      const text = readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8");
      expect(text).not.toContain(process.cwd());
      expect(text).not.toContain(outdir);
    }
  });
});
