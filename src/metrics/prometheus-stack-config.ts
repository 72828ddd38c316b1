import { z } from "zod";
import { dnsLabel, dnsName, duration, hostAndPort, httpUrl, nonEmpty, resources, secretKeyRef, volume } from "../config/common-schemas";
import { SIZE_PROFILES } from "../config/size-profiles";

/** Kubernetes distributions, which decide the control-plane targets that can be scraped. */
export const clusterPlatforms = ["kind", "eks", "gke", "aks", "generic"] as const;
export type ClusterPlatform = (typeof clusterPlatforms)[number];

export const remoteWriteSchema = z.strictObject({
  /** Receiver URL (Mimir, Thanos receive, a SaaS endpoint…). */
  url: httpUrl,
  /** Name shown in Prometheus' remote-write metrics. @default derived from the URL */
  name: dnsLabel.optional(),
  /** Basic-auth credentials from an existing Secret. @default none */
  basicAuth: z.strictObject({ username: secretKeyRef, password: secretKeyRef }).optional(),
});

/** An Ingress in front of Grafana. */
export const grafanaIngressSchema = z.strictObject({
  /** Host name Grafana is served at. */
  host: dnsName,
  /** TLS Secret for the host. @default none (plain HTTP) */
  tlsSecret: dnsLabel.optional(),
  /** IngressClass. @default the cluster default */
  className: dnsLabel.optional(),
});

/**
 * Props of the kube-prometheus-stack release. Every section has defaults that suit a
 * small cluster; environments size them up.
 */
export const prometheusStackSchema = z.strictObject({
  /** Namespace of the release (plain name). */
  namespace: dnsLabel,
  /** Helm release name; service names derive from it. @default "kube-prometheus-stack" */
  releaseName: dnsLabel.default("kube-prometheus-stack"),
  /** `environment` external label on every series and alert. */
  environment: dnsLabel,
  /** `cluster` external label on every series and alert. */
  cluster: dnsLabel,
  /**
   * Kubernetes distribution: managed control planes (EKS, GKE, AKS) and kind do not expose
   * etcd, the scheduler, the controller manager or kube-proxy metrics, so those scrapes
   * (and their always-firing alerts) are turned off. @default "generic" (everything scraped)
   */
  platform: z.enum(clusterPlatforms).default("generic"),
  /** Let the chart's pre-upgrade job apply the operator CRDs (Helm itself never upgrades CRDs). @default true */
  upgradeCrds: z.boolean().default(true),
  prometheus: z
    .strictObject({
      /** How long samples are kept. @default "10d" */
      retention: duration.default("10d"),
      /** Persistent volume; also caps the TSDB at 90 % of its size (`retentionSize`). @default none (emptyDir) */
      storage: volume.optional(),
      /** @default 1 */
      replicas: z.number().int().min(1).max(10).default(1),
      /** @default the small size profile's */
      resources: resources.default(SIZE_PROFILES.small.prometheus.resources),
      /** Default scrape interval. @default "30s" */
      scrapeInterval: duration.default("30s"),
      /** Extra external labels (cluster and environment are always set). @default {} */
      externalLabels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name"), z.string()).default({}),
      /** Remote-write targets. @default [] */
      remoteWrite: z.array(remoteWriteSchema).default([]),
      /** Accept remote writes (`/api/v1/write`), e.g. from the OpenTelemetry Collector. @default true */
      remoteWriteReceiver: z.boolean().default(true),
      /** Accept OTLP metrics (`/api/v1/otlp/v1/metrics`). @default true */
      otlpReceiver: z.boolean().default(true),
      /**
       * How far behind the newest sample of the TSDB a pushed sample may be and still be
       * stored (`tsdb.outOfOrderTimeWindow`). Several collector replicas push the same series
       * interleaved, each batching and retrying on its own. @default none (out-of-order samples are dropped)
       */
      outOfOrderTimeWindow: duration.optional(),
      /**
       * The URL people reach Prometheus at, for the links alerts carry (`generatorURL`).
       * @default its in-cluster Service URL (the platform does not expose Prometheus)
       */
      externalUrl: httpUrl.optional(),
      /** Scrape pods and services annotated `prometheus.io/scrape: "true"`. @default true */
      annotationScraping: z.boolean().default(true),
    })
    .prefault({}),
  alertmanager: z
    .strictObject({
      /** @default 1 */
      replicas: z.number().int().min(1).max(7).default(1),
      /** Persistent volume for silences and notification state. @default none */
      storage: volume.optional(),
      /** @default the small size profile's */
      resources: resources.default(SIZE_PROFILES.small.alertmanager.resources),
      /** How long silences and notification state are kept. @default "120h" */
      retention: duration.default("120h"),
      /**
       * The URL the links in notifications open (Slack titles, e-mail, PagerDuty):
       * `<externalUrl>/#/alerts…`. @default Grafana's alerting UI (`<Grafana>/alerting`) when
       * Grafana has an ingress, else the in-cluster Service URL (the platform does not expose Alertmanager)
       */
      externalUrl: httpUrl.optional(),
    })
    .prefault({}),
  grafana: z.strictObject({
    /** The existing Secret holding the admin login (see GrafanaAdminCredentials). */
    adminSecret: z.strictObject({ name: nonEmpty, userKey: nonEmpty, passwordKey: nonEmpty }),
    /**
     * Persistent volume for Grafana's SQLite database. Datasources, dashboards and alerting
     * created through the API live there: without it a pod restart loses them until the next
     * `cdktf deploy`. @default 1Gi in the cluster's default StorageClass
     */
    storage: volume.default({ size: "1Gi" }),
    /** Ingress in front of Grafana. @default none (reach it with a port-forward) */
    ingress: grafanaIngressSchema.optional(),
    /** @default the small size profile's */
    resources: resources.default(SIZE_PROFILES.small.grafana.resources),
    /** The SMTP server Grafana sends alert e-mail through (Grafana-managed alerting). @default none */
    smtp: z
      .strictObject({
        /** `host:port`. */
        host: hostAndPort,
        from: nonEmpty,
        user: nonEmpty.optional(),
        /** The password, from an existing Secret. @default none */
        password: secretKeyRef.optional(),
        /** Refuse to send without STARTTLS. @default true */
        requireTls: z.boolean().default(true),
      })
      .optional(),
  }),
  /** The operator's resources. @default the small size profile's */
  operatorResources: resources.default(SIZE_PROFILES.small.operator.resources),
  /** kube-state-metrics' resources. @default the small size profile's */
  kubeStateMetricsResources: resources.default(SIZE_PROFILES.small.kubeStateMetrics.resources),
  /** Each node-exporter's resources. @default the small size profile's */
  nodeExporterResources: resources.default(SIZE_PROFILES.small.nodeExporter.resources),
});

export type PrometheusStackInput = z.input<typeof prometheusStackSchema>;
export type PrometheusStackConfig = z.output<typeof prometheusStackSchema>;
