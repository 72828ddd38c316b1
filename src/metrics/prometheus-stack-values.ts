import { AUXILIARY_RESOURCES } from "../config/auxiliary-resources";
import { prometheusRetentionSize } from "../config/byte-size";
import { ONE_POD_AT_A_TIME } from "../helm/pod-disruption-budget";
import { Values, ValuesDocument } from "../helm/values";
import { SkippedPods } from "./annotation-scrape-configs";
import { ClusterPlatform, PrometheusStackConfig } from "./prometheus-stack-config";

/** What other parts of the platform contribute to the release (scrape discovery, alerting). */
export interface PrometheusStackContributions {
  /** Raw scrape configs (`additionalScrapeConfigs`). */
  readonly scrapeConfigs: readonly Values[];
  /** `prometheus.additionalServiceMonitors` entries. */
  readonly serviceMonitors: readonly Values[];
  /** `prometheus.additionalPodMonitors` entries. */
  readonly podMonitors: readonly Values[];
  /** `additionalPrometheusRulesMap`: rule-group sets by name. */
  readonly ruleGroups: Readonly<Record<string, Values>>;
  /** The whole alertmanager.yml, replacing the chart's default routing; undefined keeps it. */
  readonly alertmanagerConfig?: Values;
  /** Secrets mounted into Alertmanager at /etc/alertmanager/secrets/<name>/ (receiver credentials). */
  readonly alertmanagerSecrets: readonly string[];
  /** Message templates: `<name>.tmpl` → Go template text. */
  readonly alertmanagerTemplates: Readonly<Record<string, string>>;
  /** Default alerts of the chart to turn off. */
  readonly disabledChartAlerts: readonly string[];
}

/**
 * Pods the chart's own ServiceMonitors scrape that clusters often annotate for annotation
 * discovery as well: CoreDNS, which the chart's `coreDns` Service selects (`k8s-app:
 * kube-dns` in kube-system) and whose kube-dns Service kubeadm, EKS and k3s annotate.
 */
export const CHART_MONITORED_PODS: readonly SkippedPods[] = [
  { namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
];

/** Control-plane scrapes that cannot work on a platform (managed control plane, or kind binding them to localhost). */
const CONTROL_PLANE_SCRAPES: Record<ClusterPlatform, boolean> = {
  generic: true,
  kind: false,
  eks: false,
  gke: false,
  aks: false,
};

const claim = (storage: { size: string; storageClass?: string }) => ({
  volumeClaimTemplate: {
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: storage.size } },
      ...(storage.storageClass ? { storageClassName: storage.storageClass } : {}),
    },
  },
});


/** The Role the dashboard sidecar is bound to: read ConfigMaps in Grafana's namespace, nothing else. */
const GRAFANA_DASHBOARD_READER = "grafana-dashboard-configmaps";
const grafanaDashboardReaderRole = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: { name: GRAFANA_DASHBOARD_READER },
  rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
};

/** The busybox the CRD upgrade job copies the CRDs with (the tag Grafana's chart pins for its chown). */
const BUSYBOX_TAG = "1.38.0";

/**
 * Replicas on different nodes (the operator's required anti-affinity; StatefulSets replace
 * pods one by one, so a rollout never needs a spare node) and a drain taking one at a time.
 */
const placement = (replicas: number) => ({
  spec: { podAntiAffinity: replicas > 1 ? "hard" : "" },
  podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: null, ...ONE_POD_AT_A_TIME } : { enabled: false },
});

/** Grafana's public URL, when it has an ingress. */
function grafanaPublicUrl(ingress: PrometheusStackConfig["grafana"]["ingress"]): string | undefined {
  return ingress && `${ingress.tlsSecret ? "https" : "http"}://${ingress.host}`;
}

/**
 * Where notification links go: Alertmanager's own UI is not exposed, so Grafana's alerting
 * UI when Grafana is public (the `/#/alerts…` Alertmanager appends is a fragment Grafana ignores).
 */
function alertmanagerExternalUrl(config: PrometheusStackConfig): string | undefined {
  const grafana = grafanaPublicUrl(config.grafana.ingress);
  return config.alertmanager.externalUrl ?? (grafana && `${grafana}/alerting`);
}

/**
 * The kube-prometheus-stack values, one document per concern, so a plan shows which part
 * of the monitoring stack a change touches.
 */
export function prometheusStackValues(config: PrometheusStackConfig, extra: PrometheusStackContributions): ValuesDocument[] {
  const controlPlane = CONTROL_PLANE_SCRAPES[config.platform];
  const { prometheus, alertmanager, grafana } = config;
  const alertLinks = alertmanagerExternalUrl(config);
  const grafanaUrl = grafanaPublicUrl(grafana.ingress);
  return [
    {
      concern: "components",
      values: {
        crds: { enabled: true, upgradeJob: { enabled: config.upgradeCrds } },
        kubeEtcd: { enabled: controlPlane },
        kubeControllerManager: { enabled: controlPlane },
        kubeScheduler: { enabled: controlPlane },
        kubeProxy: { enabled: controlPlane },
        kubeStateMetrics: { enabled: true },
        nodeExporter: { enabled: true },
        prometheusOperator: { resources: config.operatorResources },
        "kube-state-metrics": {
          resources: config.kubeStateMetricsResources,
          // its ClusterRole lists and watches every Secret for the secrets collector: no dashboard or alert reads kube_secret_*
          collectorsExclude: ["secrets"],
        },
        "prometheus-node-exporter": {
          resources: config.nodeExporterResources,
          // its ServiceMonitor scrapes it; the chart's scrape annotation would have annotation scraping take every series twice
          service: { annotations: { "prometheus.io/scrape": "false" } },
        },
      },
    },
    {
      concern: "prometheus",
      values: {
        prometheus: {
          prometheusSpec: {
            replicas: prometheus.replicas,
            ...placement(prometheus.replicas).spec,
            retention: prometheus.retention,
            ...(prometheus.storage
              ? { retentionSize: prometheusRetentionSize(prometheus.storage.size), storageSpec: claim(prometheus.storage) }
              : {}),
            scrapeInterval: prometheus.scrapeInterval,
            externalLabels: { ...prometheus.externalLabels, cluster: config.cluster, environment: config.environment },
            enableRemoteWriteReceiver: prometheus.remoteWriteReceiver,
            enableOTLPReceiver: prometheus.otlpReceiver,
            ...(prometheus.externalUrl ? { externalUrl: prometheus.externalUrl } : {}),
            ...(prometheus.outOfOrderTimeWindow ? { tsdb: { outOfOrderTimeWindow: prometheus.outOfOrderTimeWindow } } : {}),
            // exemplars carry trace ids, which Grafana turns into links to Jaeger
            enableFeatures: ["exemplar-storage"],
            remoteWrite: prometheus.remoteWrite.map((target) => ({
              url: target.url,
              ...(target.name ? { name: target.name } : {}),
              ...(target.basicAuth ? { basicAuth: target.basicAuth } : {}),
            })),
            resources: prometheus.resources,
          },
          podDisruptionBudget: placement(prometheus.replicas).podDisruptionBudget,
        },
      },
    },
    {
      concern: "scrape discovery",
      values: {
        prometheus: {
          prometheusSpec: {
            // select ServiceMonitors, PodMonitors, rules… in every namespace, not only those labelled release=<name>
            serviceMonitorSelectorNilUsesHelmValues: false,
            podMonitorSelectorNilUsesHelmValues: false,
            ruleSelectorNilUsesHelmValues: false,
            probeSelectorNilUsesHelmValues: false,
            scrapeConfigSelectorNilUsesHelmValues: false,
            // ServiceMonitor (and Alertmanager) targets from EndpointSlices, not the deprecated Endpoints API;
            // the chart's Prometheus ClusterRole may read both
            serviceDiscoveryRole: "EndpointSlice",
            additionalScrapeConfigs: [...extra.scrapeConfigs],
          },
          additionalServiceMonitors: [...extra.serviceMonitors],
          additionalPodMonitors: [...extra.podMonitors],
        },
      },
    },
    {
      concern: "alertmanager",
      values: {
        alertmanager: {
          alertmanagerSpec: {
            replicas: alertmanager.replicas,
            ...placement(alertmanager.replicas).spec,
            retention: alertmanager.retention,
            ...(alertLinks ? { externalUrl: alertLinks } : {}),
            secrets: [...extra.alertmanagerSecrets],
            // teams route their own alerts with AlertmanagerConfigs in their namespaces (every one of
            // them, any labels); each only matches alerts carrying its namespace label
            alertmanagerConfigSelector: {},
            alertmanagerConfigNamespaceSelector: {},
            alertmanagerConfigMatcherStrategy: { type: "OnNamespace" },
            ...(alertmanager.storage ? { storage: claim(alertmanager.storage) } : {}),
            resources: alertmanager.resources,
          },
          podDisruptionBudget: placement(alertmanager.replicas).podDisruptionBudget,
          ...(extra.alertmanagerConfig ? { config: extra.alertmanagerConfig } : {}),
          ...(Object.keys(extra.alertmanagerTemplates).length ? { templateFiles: { ...extra.alertmanagerTemplates } } : {}),
        },
      },
    },
    {
      concern: "grafana",
      values: {
        grafana: {
          admin: { existingSecret: grafana.adminSecret.name, userKey: grafana.adminSecret.userKey, passwordKey: grafana.adminSecret.passwordKey },
          // the grafana stack owns datasources through the API (file-provisioned copies would be read-only
          // duplicates); the dashboard sidecar loads only the chart's own dashboards, from ConfigMaps in
          // Grafana's namespace, bound to a Role over ConfigMaps (the chart's roles read Secrets too)
          sidecar: { datasources: { enabled: false }, dashboards: { enabled: true, resource: "configmap", searchNamespace: null } },
          rbac: { create: true, namespaced: true, useExistingRole: GRAFANA_DASHBOARD_READER },
          "grafana.ini": {
            "auth.anonymous": { enabled: false },
            users: { allow_sign_up: false },
            analytics: { check_for_updates: false, reporting_enabled: false },
            ...(grafanaUrl ? { server: { root_url: grafanaUrl } } : {}),
            ...(grafana.smtp
              ? {
                  smtp: {
                    enabled: true,
                    host: grafana.smtp.host,
                    from_address: grafana.smtp.from,
                    ...(grafana.smtp.user ? { user: grafana.smtp.user } : {}),
                    startTLS_policy: grafana.smtp.requireTls ? "MandatoryStartTLS" : "OpportunisticStartTLS",
                  },
                }
              : {}),
          },
          ...(grafana.smtp?.password ? { envValueFrom: { GF_SMTP_PASSWORD: { secretKeyRef: { ...grafana.smtp.password } } } } : {}),
          persistence: {
            enabled: true,
            size: grafana.storage.size,
            ...(grafana.storage.storageClass ? { storageClassName: grafana.storage.storageClass } : {}),
          },
          ingress: grafana.ingress
            ? {
                enabled: true,
                hosts: [grafana.ingress.host],
                ...(grafana.ingress.className ? { ingressClassName: grafana.ingress.className } : {}),
                ...(grafana.ingress.tlsSecret ? { tls: [{ secretName: grafana.ingress.tlsSecret, hosts: [grafana.ingress.host] }] } : {}),
              }
            : { enabled: false },
          testFramework: { enabled: false },
          // one ReadWriteOnce volume: a rolling update's second pod could not mount it (or would share the SQLite file)
          deploymentStrategy: { type: "Recreate" },
          resources: grafana.resources,
        },
        extraManifests: [grafanaDashboardReaderRole],
      },
    },
    {
      concern: "auxiliary containers",
      values: {
        prometheusOperator: {
          // the operator gives these to the reloader beside every Prometheus and Alertmanager
          prometheusConfigReloader: { resources: structuredClone(AUXILIARY_RESOURCES.configReloader) },
          admissionWebhooks: { patch: { resources: structuredClone(AUXILIARY_RESOURCES.job) } },
        },
        // the chart's busybox tag is `latest`; this one is also Grafana's chown image
        crds: { upgradeJob: { resources: structuredClone(AUXILIARY_RESOURCES.crdUpgrade), image: { busybox: { tag: BUSYBOX_TAG } } } },
        grafana: {
          sidecar: { resources: structuredClone(AUXILIARY_RESOURCES.configMapSidecar) },
          initChownData: { resources: structuredClone(AUXILIARY_RESOURCES.job) },
        },
      },
    },
    {
      concern: "rules",
      values: {
        ...(Object.keys(extra.ruleGroups).length ? { additionalPrometheusRulesMap: { ...extra.ruleGroups } } : {}),
        ...(extra.disabledChartAlerts.length ? { defaultRules: { disabled: Object.fromEntries(extra.disabledChartAlerts.map((name) => [name, true])) } } : {}),
      },
    },
  ];
}
