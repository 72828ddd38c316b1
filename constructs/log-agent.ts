import { Construct } from "constructs";
import { Annotations, ITerraformDependable, Token } from "cdktf";
import { z } from "zod";
import { AUXILIARY_RESOURCES } from "../src/config/auxiliary-resources";
import { dnsLabel, httpUrl, resources } from "../src/config/common-schemas";
import { parseConfig } from "../src/config/parse-config";
import { Resources, SIZE_PROFILES } from "../src/config/size-profiles";
import { CHARTS } from "../src/helm/charts";
import { Values, ValuesDocument } from "../src/helm/values";
import { alloyPodLogsConfig, escapeHelmTemplate, LokiPushTarget, PodLogPipeline } from "../src/logs/alloy-config";
import { promtailPodLogsConfig } from "../src/logs/promtail-config";
import { lokiTenantId } from "../src/logs/loki-tenancy";
import { staticLabels } from "../src/logs/static-labels";
import { HelmChart } from "./helm-chart";

export type LogAgentKind = "alloy" | "promtail";

/** A Kubernetes toleration (the pod spec's `tolerations[]`). */
export interface Toleration {
  /** Taint key; omit (with `Exists`) to match every taint. @default every key */
  readonly key?: string;
  /** @default "Equal" */
  readonly operator?: "Exists" | "Equal";
  /** Taint value, for `Equal`. @default "" */
  readonly value?: string;
  /** Taint effect matched. @default every effect */
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  /** Seconds a `NoExecute` taint is tolerated before eviction. @default forever */
  readonly tolerationSeconds?: number;
}

export interface LogAgentProps {
  /**
   * The agent. Promtail reached end of life on 2026-03-02; it is kept as an opt-in for
   * setups that still name it, and choosing it emits a synth warning.
   * @default "alloy"
   */
  readonly agent?: LogAgentKind;
  /** Namespace of the release (the monitoring namespace's plain name; order with `dependsOn`). */
  readonly namespace: string;
  /** Helm release name. @default the agent's name ("alloy" or "promtail") */
  readonly releaseName?: string;
  /** Where logs go: the Loki construct's `pushUrl` and, for a multi-tenant Loki, the tenant. */
  readonly loki: LokiPushTarget;
  /**
   * Static labels on every stream, e.g. `{ cluster: "eu-1", environment: "prod" }`. Names
   * are Loki label names that do not start with `__` and are not set by the pipeline
   * (`namespace`, `pod`, `container`, `app`, `node`, `stream`); at most 9, so a stream stays
   * within Loki's 15 labels. OTLP logs get the same ones through the collector's `logs.labels`.
   * @default {}
   */
  readonly extraLabels?: Record<string, string>;
  /** Resources of the agent container (one per node). @default the `small` size profile's `logAgent` */
  readonly resources?: Resources;
  /**
   * Tolerations of the DaemonSet. The default tolerates every taint, so control-plane and
   * other tainted nodes ship their pods' logs too, and a node going NotReady or Unreachable
   * (NoExecute taints) does not evict its agent while its logs matter most. Narrow it to
   * keep the agent off nodes whose logs must not leave them.
   * @default [{ operator: "Exists" }]
   */
  readonly tolerations?: readonly Toleration[];
  /** Raw chart values deep-merged over everything (escape hatch). @default none */
  readonly values?: Values;
  /**
   * A ServiceMonitor for the agent's own metrics (dropped lines, send errors). Needs the
   * prometheus-operator CRDs installed first: add their release to `dependsOn`. @default false
   */
  readonly selfMonitoring?: boolean;
  /** What the release waits for (the namespace). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

const pushUrl = z
  .string()
  .refine((url) => !Token.isUnresolved(url), "must be a plain URL (the Loki construct's pushUrl), not a Terraform reference")
  // the URL parser quietly drops tabs and newlines; the agents would not
  .refine((url) => !/[\s\p{Cc}]/u.test(url), "must not contain whitespace or control characters")
  .pipe(httpUrl);

const toleration = z
  .strictObject({
    key: z.string().min(1, "must not be empty").optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: z.string().optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: z.number().int().nonnegative().optional(),
  })
  .refine((t) => t.key !== undefined || t.operator === "Exists", { path: ["operator"], message: 'must be "Exists" when no key is given' })
  .refine((t) => t.operator !== "Exists" || t.value === undefined, { path: ["value"], message: 'must not be set with operator "Exists"' })
  .refine((t) => t.tolerationSeconds === undefined || t.effect === "NoExecute", {
    path: ["tolerationSeconds"],
    message: 'needs effect "NoExecute"',
  });

const logAgentSchema = z.strictObject({
  agent: z.enum(["alloy", "promtail"]).default("alloy"),
  namespace: z.string().refine((ns) => Token.isUnresolved(ns) || dnsLabel.safeParse(ns).success, "must be a DNS label"),
  releaseName: dnsLabel.optional(),
  loki: z.strictObject({ pushUrl, tenantId: lokiTenantId.optional() }),
  extraLabels: staticLabels.default({}),
  resources: resources.default(SIZE_PROFILES.small.logAgent.resources),
  tolerations: z.array(toleration).default([{ operator: "Exists" }]),
  selfMonitoring: z.boolean().default(false),
});

type LogAgentConfig = z.output<typeof logAgentSchema> & { readonly releaseName: string };

/** Inside the Alloy container: where the hostPath with its positions is mounted. */
const ALLOY_STATE_DIR = "/var/lib/alloy";

/**
 * The log agent: a DaemonSet that ships every container's stdout/stderr to Loki, labelled
 * `namespace`, `pod`, `container`, `app` (`app.kubernetes.io/name`, else `app`), `node` and
 * `stream`, plus the static `extraLabels`. Grafana Alloy by default (the `alloy` chart, its
 * River configuration generated from the props); Promtail (end of life) as an opt-in with
 * the same labels.
 *
 * Both read the node's /var/log/pods through hostPath volumes and run as root (Alloy with
 * no capabilities and a read-only root filesystem), so the namespace needs the `privileged`
 * Pod Security level (the monitoring namespace's default `enforce`). The agents push to Loki's gateway: a NetworkPolicy must let {@link podLabels}
 * reach the gateway pods' port (8080 behind the Service's port 80) when they are in
 * different namespaces.
 */
export class LogAgent extends Construct {
  readonly agent: LogAgentKind;
  readonly releaseName: string;
  readonly chart: HelmChart;
  /** Labels of the agent's pods, for NetworkPolicies. */
  readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: LogAgentProps) {
    super(scope, id);
    const { values, dependsOn, ...input } = props;
    const parsed = parseConfig(logAgentSchema, input, this.node.path);
    const config: LogAgentConfig = { ...parsed, releaseName: parsed.releaseName ?? parsed.agent };
    this.agent = config.agent;
    this.releaseName = config.releaseName;
    this.podLabels = { "app.kubernetes.io/name": CHARTS[config.agent].name, "app.kubernetes.io/instance": config.releaseName };

    if (config.agent === "promtail") {
      Annotations.of(this).addWarning(
        `${this.node.path}: Promtail reached end of life on 2026-03-02 and receives no fixes, security ones included ` +
          `(chart ${CHARTS.promtail.version} is its last release). Use agent "alloy": it ships the same labels.`,
      );
    }

    const pipeline: PodLogPipeline = { loki: config.loki, externalLabels: config.extraLabels };
    // the construct id is the agent, so switching agents plans a replacement of the release
    this.chart = new HelmChart(this, config.agent, {
      chart: CHARTS[config.agent],
      releaseName: config.releaseName,
      namespace: config.namespace,
      documents: config.agent === "alloy" ? alloyDocuments(config, pipeline) : promtailDocuments(config, pipeline),
      overrides: values,
      dependsOn,
    });
  }
}

function alloyDocuments(config: LogAgentConfig, pipeline: PodLogPipeline): ValuesDocument[] {
  return [
    { concern: "alloy: pipeline", values: { alloy: { configMap: { content: escapeHelmTemplate(alloyPodLogsConfig(pipeline)) } } } },
    {
      // /var/log for the pod log files; a hostPath for the tail positions, so a restarted
      // agent resumes where it stopped instead of re-sending (or skipping) lines
      concern: "alloy: node log access",
      values: {
        alloy: {
          mounts: { varlog: true, extra: [{ name: "state", mountPath: ALLOY_STATE_DIR }] },
          storagePath: `${ALLOY_STATE_DIR}/data`,
          // root only because the log files are root's (mode 0640), read by ownership: no capability
          // is needed, and the state hostPath is the one place it writes
          securityContext: {
            runAsUser: 0,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
          },
        },
        controller: {
          volumes: { extra: [{ name: "state", hostPath: { path: `/var/lib/cdktf-observability/${config.releaseName}`, type: "DirectoryOrCreate" } }] },
        },
      },
    },
    {
      // A DaemonSet on every node, control plane included, should hold no more rights than it
      // uses: pod discovery only, instead of the chart's cluster-wide read of Secrets and
      // ConfigMaps; no PodLogs CRD (unused); no usage reports to grafana.com.
      concern: "alloy: footprint",
      values: {
        crds: { create: false },
        rbac: { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }] },
        alloy: { enableReporting: false },
      },
    },
    { concern: "scheduling", values: { controller: { type: "daemonset", tolerations: config.tolerations } } },
    { concern: "resources", values: { alloy: { resources: config.resources }, configReloader: { resources: structuredClone(AUXILIARY_RESOURCES.configReloader) } } },
    { concern: "self-monitoring", values: config.selfMonitoring ? { serviceMonitor: { enabled: true } } : {} },
  ];
}

function promtailDocuments(config: LogAgentConfig, pipeline: PodLogPipeline): ValuesDocument[] {
  const { clients, scrapeConfigs } = promtailPodLogsConfig(pipeline);
  return [
    { concern: "promtail: pipeline", values: { config: { clients, snippets: { scrapeConfigs } } } },
    { concern: "scheduling", values: { daemonset: { enabled: true }, tolerations: config.tolerations } },
    { concern: "resources", values: { resources: config.resources } },
    { concern: "self-monitoring", values: config.selfMonitoring ? { serviceMonitor: { enabled: true } } : {} },
  ];
}
