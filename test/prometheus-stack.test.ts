import { Testing } from "cdktf";
import { parse } from "yaml";
import { ConfigError } from "../constructs";
import { PrometheusStack, PrometheusStackProps } from "../constructs/prometheus-stack";
import { CHARTS } from "../src/helm/charts";
import { mergeValues, Values } from "../src/helm/values";
import { unknownChartKeys } from "./helpers/chart-values";
import { chartDefaultsWithSubcharts, documentsByConcern } from "./helpers/release-values";
import { describeWithShared } from "./helpers/shared-dir";
import { relabel } from "./helpers/relabel";

const base: PrometheusStackProps = {
  namespace: "monitoring",
  environment: "prod",
  cluster: "prod-eu-west-1",
  grafana: { adminSecret: { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } },
};

/** Builds the construct in a throwaway stack, lets `configure` add to it, and returns it with the synthesized release. */
function build(props: PrometheusStackProps = base, configure: (p: PrometheusStack) => void = () => undefined) {
  let stack!: PrometheusStack;
  const out = JSON.parse(
    Testing.synthScope((scope) => {
      stack = new PrometheusStack(scope, "kps", props);
      configure(stack);
    }),
  );
  const release = Object.values(out.resource.helm_release)[0] as { values: string[]; [key: string]: unknown };
  return { stack, release, values: mergeValues(...release.values.map((doc) => parse(doc) as Values)) as any, concerns: () => Object.keys(documentsByConcern(stack.chart, release)) };
}

describe("PrometheusStack", () => {
  it("installs the pinned kube-prometheus-stack with recoverable upgrade settings", () => {
    const { release } = build();
    expect(release).toMatchObject({
      chart: "kube-prometheus-stack",
      version: "88.5.3",
      repository: "https://prometheus-community.github.io/helm-charts",
      namespace: "monitoring",
      atomic: true,
      cleanup_on_fail: true,
      wait: true,
      max_history: 10,
    });
    expect(release.timeout).toBeGreaterThanOrEqual(600);
  });

  it("renders values as several documents, one per concern", () => {
    expect(build().concerns()).toEqual(["components", "prometheus", "scrape discovery", "alertmanager", "grafana", "auxiliary containers"]);
  });

  it("gives every container requests and a memory limit when no size is given", () => {
    const { values } = build();
    const paths = [
      "prometheus.prometheusSpec",
      "alertmanager.alertmanagerSpec",
      "grafana",
      "grafana.sidecar",
      "grafana.initChownData",
      "prometheusOperator",
      "prometheusOperator.prometheusConfigReloader",
      "prometheusOperator.admissionWebhooks.patch",
      "crds.upgradeJob",
      "kube-state-metrics",
      "prometheus-node-exporter",
    ];
    const at = (path: string) => path.split(".").reduce((node, key) => node?.[key], values).resources;
    for (const path of paths) {
      expect({ path, resources: at(path) }).toEqual({
        path,
        resources: { requests: { cpu: expect.any(String), memory: expect.any(String) }, limits: { memory: expect.any(String) } },
      });
    }
    expect(values.crds.upgradeJob.image.busybox.tag).not.toBe("latest");
  });

  it("always sets the cluster and environment external labels", () => {
    const { values } = build({ ...base, prometheus: { externalLabels: { team: "platform", cluster: "ignored" } } });
    expect(values.prometheus.prometheusSpec.externalLabels).toEqual({ team: "platform", cluster: "prod-eu-west-1", environment: "prod" });
  });

  it("selects monitors and rules in every namespace without a release label", () => {
    const spec = build().values.prometheus.prometheusSpec;
    for (const kind of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
      expect(spec[`${kind}SelectorNilUsesHelmValues`]).toBe(false);
    }
  });

  it("merges the teams' AlertmanagerConfigs from every namespace, each only seeing alerts of its own namespace", () => {
    const spec = build().values.alertmanager.alertmanagerSpec;
    // an empty selector selects every object (nil would select none, or only the own namespace)
    expect(spec.alertmanagerConfigSelector).toEqual({});
    expect(spec.alertmanagerConfigNamespaceSelector).toEqual({});
    expect(spec.alertmanagerConfigMatcherStrategy).toEqual({ type: "OnNamespace" });
  });

  it("persists Prometheus and caps the TSDB below the volume size", () => {
    const spec = build({ ...base, prometheus: { retention: "30d", storage: { size: "100Gi", storageClass: "fast" }, replicas: 2 } }).values.prometheus
      .prometheusSpec;
    expect(spec.retention).toBe("30d");
    expect(spec.retentionSize).toBe("92160MB");
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "100Gi" } },
      storageClassName: "fast",
    });
    expect(spec.replicas).toBe(2);
    expect(spec.podAntiAffinity).toBe("hard");
  });

  it("turns the receivers for the OpenTelemetry Collector on and exposes their URLs", () => {
    const { stack, values } = build();
    expect(values.prometheus.prometheusSpec.enableRemoteWriteReceiver).toBe(true);
    expect(values.prometheus.prometheusSpec.enableOTLPReceiver).toBe(true);
    expect(stack.queryUrl).toBe("http://kube-prometheus-stack-prometheus.monitoring.svc:9090");
    expect(stack.remoteWriteUrls).toEqual(["http://prometheus-kube-prometheus-stack-prometheus-0.prometheus-operated.monitoring.svc:9090/api/v1/write"]);
    expect(stack.otlpUrls).toEqual(["http://prometheus-kube-prometheus-stack-prometheus-0.prometheus-operated.monitoring.svc:9090/api/v1/otlp"]);
    expect(stack.alertmanagerUrl).toBe("http://kube-prometheus-stack-alertmanager.monitoring.svc:9093");
    expect(stack.grafanaUrl).toBe("http://kube-prometheus-stack-grafana.monitoring.svc:80");
  });

  it("exposes one push URL per Prometheus replica, so each replica of an HA pair gets every sample", () => {
    const { stack } = build({ ...base, prometheus: { replicas: 2 } });
    expect(stack.remoteWriteUrls).toEqual([0, 1].map((n) => `http://prometheus-kube-prometheus-stack-prometheus-${n}.prometheus-operated.monitoring.svc:9090/api/v1/write`));
  });

  it("derives service names from another release name as the chart does", () => {
    const { stack } = build({ ...base, releaseName: "metrics" });
    expect(stack.queryUrl).toBe("http://metrics-kube-prometheus-st-prometheus.monitoring.svc:9090");
    expect(stack.grafanaUrl).toBe("http://metrics-grafana.monitoring.svc:80");
  });

  it.each([
    ["generic", true],
    ["kind", false],
    ["eks", false],
    ["gke", false],
    ["aks", false],
  ] as const)("scrapes the control plane on %s: %s", (platform, scraped) => {
    const { values } = build({ ...base, platform });
    for (const component of ["kubeEtcd", "kubeControllerManager", "kubeScheduler", "kubeProxy"]) {
      expect(values[component].enabled).toBe(scraped);
    }
    expect(values.nodeExporter.enabled).toBe(true);
    expect(values.kubeStateMetrics.enabled).toBe(true);
    // scraped by its ServiceMonitor only, not a second time through annotation scraping
    expect(values["prometheus-node-exporter"].service.annotations["prometheus.io/scrape"]).toBe("false");
  });

  it("accepts out-of-order samples within the window asked for, and drops them by default", () => {
    const spec = (props: PrometheusStackProps) => build(props).values.prometheus.prometheusSpec;
    expect(spec({ ...base, prometheus: { outOfOrderTimeWindow: "5m" } }).tsdb).toEqual({ outOfOrderTimeWindow: "5m" });
    expect(spec(base).tsdb).toBeUndefined();
    expect(() => build({ ...base, prometheus: { outOfOrderTimeWindow: "5 minutes" } })).toThrow(/^stack\/kps: prometheus\.outOfOrderTimeWindow: /);
  });

  it("links notifications to Grafana's alerting UI when Grafana is public, since Alertmanager itself is not", () => {
    const spec = (props: PrometheusStackProps) => build(props).values;
    const publicGrafana = { ...base.grafana, ingress: { host: "grafana.example.com", tlsSecret: "tls" } };
    // Slack titles, e-mail and PagerDuty links are <externalUrl>/#/alerts…: the fragment is ignored, /alerting opens
    expect(spec({ ...base, grafana: publicGrafana }).alertmanager.alertmanagerSpec.externalUrl).toBe("https://grafana.example.com/alerting");
    expect(spec({ ...base, grafana: { ...publicGrafana, ingress: { host: "grafana.example.com" } } }).alertmanager.alertmanagerSpec.externalUrl).toBe(
      "http://grafana.example.com/alerting",
    );
    // without a public URL the chart's in-cluster default stays; Prometheus is never public unless told
    expect(spec(base).alertmanager.alertmanagerSpec).not.toHaveProperty("externalUrl");
    expect(spec({ ...base, grafana: publicGrafana }).prometheus.prometheusSpec).not.toHaveProperty("externalUrl");
    const exposed = spec({
      ...base,
      grafana: publicGrafana,
      prometheus: { externalUrl: "https://prometheus.example.com" },
      alertmanager: { externalUrl: "https://alertmanager.example.com" },
    });
    expect(exposed.prometheus.prometheusSpec.externalUrl).toBe("https://prometheus.example.com");
    expect(exposed.alertmanager.alertmanagerSpec.externalUrl).toBe("https://alertmanager.example.com");
    expect(() => build({ ...base, alertmanager: { externalUrl: "alertmanager.example.com" } })).toThrow(/^stack\/kps: alertmanager\.externalUrl: /);
  });

  it("uses the admin Secret, keeps anonymous access off and leaves datasources to the grafana stack", () => {
    const { grafana } = build({ ...base, grafana: { ...base.grafana, ingress: { host: "grafana.example.com", tlsSecret: "tls" } } }).values;
    expect(grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
    expect(grafana.adminPassword).toBeUndefined();
    expect(grafana["grafana.ini"]["auth.anonymous"].enabled).toBe(false);
    expect(grafana.sidecar.datasources.enabled).toBe(false);
    expect(grafana.persistence).toMatchObject({ enabled: true, size: "1Gi" });
    expect(grafana.deploymentStrategy).toEqual({ type: "Recreate" });
    expect(grafana.ingress).toMatchObject({ enabled: true, hosts: ["grafana.example.com"], tls: [{ secretName: "tls", hosts: ["grafana.example.com"] }] });
    expect(grafana["grafana.ini"].server.root_url).toBe("https://grafana.example.com");
  });

  it("renders monitors, scrape configs, rules and the Alertmanager config added after construction", () => {
    const { values, concerns } = build(base, (p) => {
      p.addServiceMonitor({ name: "api", namespace: "shop", selector: { matchLabels: { app: "api" } }, endpoints: [{ port: "http" }] });
      p.addPodMonitor({ name: "worker", selector: { matchLabels: { app: "worker" } }, podMetricsEndpoints: [{ port: "metrics" }] });
      p.addScrapeConfigs({ job_name: "extra" });
      p.addRuleGroups("api", { groups: [{ name: "api", rules: [] }] });
      p.setAlertmanagerConfig({ route: { receiver: "team" }, receivers: [{ name: "team" }] }, ["slack-webhook"]);
    });
    expect(values.prometheus.additionalServiceMonitors.map((m: any) => m.name)).toEqual(["api"]);
    expect(values.prometheus.additionalPodMonitors.map((m: any) => m.name)).toEqual(["worker"]);
    expect(values.prometheus.additionalServiceMonitors[0].namespaceSelector).toEqual({ matchNames: ["shop"] });
    expect(values.prometheus.prometheusSpec.additionalScrapeConfigs).toContainEqual({ job_name: "extra" });
    expect(values.additionalPrometheusRulesMap.api.groups[0].name).toBe("api");
    expect(values.alertmanager.config.route.receiver).toBe("team");
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual(["slack-webhook"]);
    expect(concerns()).toContain("rules");
  });

  it("applies raw value overrides last", () => {
    const { values, concerns } = build({ ...base, values: { prometheus: { prometheusSpec: { scrapeInterval: "15s" } } } });
    expect(values.prometheus.prometheusSpec.scrapeInterval).toBe("15s");
    expect(concerns().at(-1)).toBe("overrides");
  });

  it.each([
    [{ ...base, platform: "openshift" }, "platform"],
    [{ ...base, prometheus: { retention: "30 days" } }, "prometheus.retention"],
    [{ ...base, prometheus: { replicas: 0 } }, "prometheus.replicas"],
    [{ ...base, prometheus: { retention: "-5d" } }, "prometheus.retention"],
    [{ ...base, prometheus: { storage: { size: "10 GB" } } }, "prometheus.storage.size"],
    [{ ...base, prometheus: { externalLabels: { "bad-label": "x" } } }, "prometheus.externalLabels.bad-label"],
    [{ ...base, prometheus: { remoteWrite: [{ url: "mimir:9009" }] } }, "prometheus.remoteWrite[0].url"],
    [{ ...base, alertmanager: { storage: { size: "lots" } } }, "alertmanager.storage.size"],
    [{ ...base, grafana: { ...base.grafana, ingress: { host: "Grafana Example" } } }, "grafana.ingress.host"],
    [{ ...base, environment: "Prod" }, "environment"],
  ] as const)("rejects bad props naming the construct path and field (%#: %s)", (props, field) => {
    expect(() => build(props as unknown as PrometheusStackProps)).toThrow(ConfigError);
    expect(() => build(props as unknown as PrometheusStackProps)).toThrow(new RegExp(`^stack/kps: .*${field.replace(/[[\].]/g, "\\$&")}: `));
  });

  it("scrapes annotated pods and services unless switched off", () => {
    const jobs = (props: PrometheusStackProps) => build(props).values.prometheus.prometheusSpec.additionalScrapeConfigs.map((c: any) => c.job_name);
    expect(jobs(base)).toEqual(["kubernetes-pods", "kubernetes-service-endpoints"]);
    expect(jobs({ ...base, prometheus: { annotationScraping: false } })).toEqual([]);
  });

  it("scrapes CoreDNS once: through the chart's coreDns ServiceMonitor, not also through its annotated kube-dns Service", () => {
    const { values } = build();
    // what the chart's coreDns Service selects (templates/exporters/core-dns/service.yaml): k8s-app=kube-dns in kube-system
    const coreDnsEndpoint = {
      __address__: "10.244.0.5:53",
      __meta_kubernetes_namespace: "kube-system",
      __meta_kubernetes_service_name: "kube-dns",
      __meta_kubernetes_service_annotation_prometheus_io_scrape: "true",
      __meta_kubernetes_service_annotation_prometheus_io_port: "9153",
      __meta_kubernetes_pod_label_k8s_app: "kube-dns",
      __meta_kubernetes_pod_name: "coredns-5d78c9869d-x2x7k",
    };
    for (const job of values.prometheus.prometheusSpec.additionalScrapeConfigs) expect(relabel(job, coreDnsEndpoint)).toBeUndefined();
  });

  it("rejects an invalid monitor when it is added, naming it", () => {
    expect(() => build(base, (p) => p.addServiceMonitor({ name: "api", selector: { matchLabels: { app: "api" } }, endpoints: [] }))).toThrow(
      /kps: serviceMonitor "api"/,
    );
    const monitor = { name: "api", selector: { matchLabels: { app: "api" } }, endpoints: [{ port: "http" }] };
    expect(() => build(base, (p) => [1, 2].forEach(() => p.addServiceMonitor(monitor)))).toThrow('a monitor named "api" is added twice');
  });

  it("refuses a rule set or an Alertmanager config given twice", () => {
    expect(() => build(base, (p) => ["a", "a"].forEach((n) => p.addRuleGroups(n, { groups: [] })))).toThrow('rule set "a" is added twice');
    expect(() => build(base, (p) => [1, 2].forEach(() => p.setAlertmanagerConfig({})))).toThrow("set twice");
  });
});

describeWithShared("PrometheusStack values against the pinned charts", () => {
  // subcharts' own values are reachable under their keys in the parent chart
  const known = chartDefaultsWithSubcharts(CHARTS.kubePrometheusStack.name, CHARTS.kubePrometheusStack.version);

  it("keep the chart's coreDns ServiceMonitor, the one scrape of CoreDNS", () => {
    expect(mergeValues(known, build().values).coreDns).toMatchObject({ enabled: true, service: { enabled: true }, serviceMonitor: { enabled: true } });
  });

  it("give Grafana no Role or ClusterRole that reads Secrets, and keep the chart's dashboards", () => {
    const { grafana, extraManifests } = mergeValues(known, build().values) as any;
    // grafana 12.11.1 templates/clusterrole.yaml and role.yaml: rbac.create gates both, a ClusterRole unless
    // namespaced, and the chart's own Role grants configmaps and secrets whenever a sidecar is on
    const clusterRole = grafana.rbac.create && (!grafana.rbac.namespaced || grafana.rbac.extraClusterRoleRules.length > 0) && !grafana.rbac.useExistingClusterRole;
    const chartRole = grafana.rbac.create && grafana.rbac.namespaced && !grafana.rbac.useExistingRole;
    expect({ clusterRole, chartRole }).toEqual({ clusterRole: false, chartRole: false });
    // the RoleBinding the chart renders points at our Role, which reads ConfigMaps only
    const role = (extraManifests as any[]).find((manifest) => manifest.kind === "Role" && manifest.metadata.name === grafana.rbac.useExistingRole);
    expect(role.rules.flatMap((rule: { resources: string[] }) => rule.resources)).toEqual(["configmaps"]);
    expect(role.metadata.namespace).toBeUndefined(); // the release's namespace, where Grafana and its dashboards are
    // the sidecar watches ConfigMaps in Grafana's own namespace only, where the chart puts its default dashboards
    const sidecarsOn = ["dashboards", "datasources", "plugins", "alerts"].filter((name) => grafana.sidecar[name].enabled);
    expect(sidecarsOn).toEqual(["dashboards"]);
    expect(grafana.sidecar.dashboards).toMatchObject({ resource: "configmap", searchNamespace: null });
    expect(grafana.defaultDashboardsEnabled).toBe(true);
  });

  it("discover ServiceMonitor targets through EndpointSlices, which the chart's Prometheus ClusterRole may read", () => {
    const merged = mergeValues(known, build().values) as any;
    // kube-prometheus-stack 88.5.3: an empty serviceDiscoveryRole leaves the operator on the deprecated Endpoints
    // role; templates/prometheus/clusterrole.yaml grants discovery.k8s.io endpointslices get/list/watch whenever
    // prometheus.enabled and global.rbac.create render it
    expect(merged.prometheus.prometheusSpec.serviceDiscoveryRole).toBe("EndpointSlice");
    expect(merged.prometheus.enabled && merged.global.rbac.create).toBe(true);
  });

  it("give kube-state-metrics no rule over Secrets (no dashboard or alert reads kube_secret_*)", () => {
    const ksm = (mergeValues(known, build().values) as any)["kube-state-metrics"];
    // kube-state-metrics 8.4.0 _helpers.tpl "kube-state-metrics.collectors": collectors minus collectorsExclude,
    // plus collectorsExtra; templates/role.yaml renders a list/watch rule on secrets when that list has "secrets"
    const active = [...new Set([...ksm.collectors.filter((c: string) => !ksm.collectorsExclude.includes(c)), ...ksm.collectorsExtra])];
    expect(ksm.rbac.create && !ksm.rbac.useExistingRole).toBe(true);
    expect(active).not.toContain("secrets");
    // everything else the chart collects stays
    expect(active).toEqual(ksm.collectors.filter((c: string) => c !== "secrets"));
  });

  it("sets only keys the charts define", () => {
    const { values } = build(
      {
        ...base,
        prometheus: {
          storage: { size: "10Gi", storageClass: "x" },
          remoteWrite: [{ url: "http://mimir/api/v1/push" }],
          replicas: 2,
          externalUrl: "https://prometheus.example.com",
          outOfOrderTimeWindow: "5m",
        },
        alertmanager: { storage: { size: "1Gi" }, replicas: 3 },
        grafana: {
          ...base.grafana,
          ingress: { host: "g.example.com", tlsSecret: "tls", className: "nginx" },
          smtp: { host: "smtp.example.com:587", from: "a@example.com", user: "a", password: { name: "smtp", key: "password" } },
        },
        operatorResources: { requests: { cpu: "10m", memory: "10Mi" }, limits: { memory: "20Mi" } },
      },
      (p) => {
        p.setAlertmanagerConfig({ route: {} }, ["s"]);
        p.disableChartAlerts("TargetDown");
      },
    );
    // grafana.ini is free-form INI; alertmanager.config is the whole alertmanager.yml;
    // ingressClassName, the budgets' maxUnavailable and Grafana's useExistingRole are documented but commented out in values.yaml
    const documented = ["grafana.ingress.ingressClassName", "grafana.rbac.useExistingRole", "prometheus.podDisruptionBudget.maxUnavailable", "alertmanager.podDisruptionBudget.maxUnavailable"];
    expect(unknownChartKeys(values, known, ["grafana.grafana.ini", "alertmanager.config", ...documented])).toEqual([]);
  });
});
