import { AnnotationMetadataEntryType, Testing } from "cdktf";
import { Construct } from "constructs";
import { parse } from "yaml";
import { LogAgent, LogAgentProps } from "../constructs/log-agent";
import { AUXILIARY_RESOURCES } from "../src/config/auxiliary-resources";
import { SIZE_PROFILES } from "../src/config/size-profiles";
import { CHARTS } from "../src/helm/charts";
import { Values } from "../src/helm/values";
import { chartDefaults, unknownChartKeys } from "./helpers/chart-values";
import { renderHelmTpl } from "./helpers/helm-tpl";
import { attributes, block, parseRiver } from "./helpers/river-parser";
import { documentsByConcern } from "./helpers/release-values";
import { describeWithShared } from "./helpers/shared-dir";
import { configErrorOf } from "./helpers/config-error";

const PUSH_URL = "http://loki-gateway.monitoring.svc/loki/api/v1/push";
const BASE: LogAgentProps = { namespace: "monitoring", loki: { pushUrl: PUSH_URL } };

/** Synthesizes one LogAgent; returns it with the helm_release as Terraform sees it. */
function synth(props: Partial<LogAgentProps> = {}, id = "logs"): { agent: LogAgent; release: any } {
  let agent: LogAgent | undefined;
  const out = JSON.parse(Testing.synthScope((scope: Construct) => void (agent = new LogAgent(scope, id, { ...BASE, ...props }))));
  const releases = Object.values(out.resource.helm_release);
  expect(releases).toHaveLength(1);
  return { agent: agent as LogAgent, release: releases[0] };
}

/** The values documents of a synthesized release, parsed, by concern. */
const documents = (agent: LogAgent, release: any): Record<string, Values> => documentsByConcern(agent.chart, release);

/** The Alloy configuration as the chart writes it into the ConfigMap (after `tpl`). */
const alloyConfigOf = (agent: LogAgent) => renderHelmTpl((agent.chart.values as any).alloy.configMap.content as string);

const warningsOf = (agent: LogAgent) => agent.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));

function configError(props: Record<string, unknown>): string {
  return configErrorOf(() => synth(props as Partial<LogAgentProps>)).message;
}

describe("LogAgent with Alloy (the default)", () => {
  const { agent, release } = synth({ extraLabels: { cluster: "eu-1", environment: "prod" }, loki: { pushUrl: PUSH_URL, tenantId: "prod" } });

  it("installs the pinned alloy chart as release 'alloy' in the namespace", () => {
    expect(release).toMatchObject({
      chart: CHARTS.alloy.name,
      repository: CHARTS.alloy.repository,
      version: CHARTS.alloy.version,
      name: "alloy",
      namespace: "monitoring",
      atomic: true,
    });
    expect(agent.agent).toBe("alloy");
    expect(agent.podLabels).toEqual({ "app.kubernetes.io/name": "alloy", "app.kubernetes.io/instance": "alloy" });
    expect(warningsOf(agent)).toEqual([]);
  });

  it("renders one values document per concern", () => {
    expect(Object.keys(documents(agent, release))).toEqual(["alloy: pipeline", "alloy: node log access", "alloy: footprint", "scheduling", "resources"]);
  });

  it("runs a DaemonSet that tolerates every taint, with the small profile's resources", () => {
    const docs = documents(agent, release);
    expect(docs.scheduling).toEqual({ controller: { type: "daemonset", tolerations: [{ operator: "Exists" }] } });
    expect(docs.resources).toEqual({ alloy: { resources: SIZE_PROFILES.small.logAgent.resources }, configReloader: { resources: AUXILIARY_RESOURCES.configReloader } });
  });

  it("mounts /var/log for the file tailer and keeps its positions on the node", () => {
    const access = documents(agent, release)["alloy: node log access"] as any;
    expect(access.alloy.mounts).toEqual({ varlog: true, extra: [{ name: "state", mountPath: "/var/lib/alloy" }] });
    expect(access.alloy.storagePath).toBe("/var/lib/alloy/data");
    expect(access.controller.volumes.extra).toEqual([
      { name: "state", hostPath: { path: "/var/lib/cdktf-observability/alloy", type: "DirectoryOrCreate" } },
    ]);
    expect(alloyConfigOf(agent)).toContain('loki.source.file "pod_logs"');
  });

  it("reads the node's log files as their owner, root, and holds nothing else: no capabilities, no escalation, a read-only root filesystem", () => {
    const { alloy } = agent.chart.values as any;
    // /var/log/pods/*/*/*.log are root's, mode 0640: root reads them by ownership, without CAP_DAC_READ_SEARCH
    expect(alloy.securityContext).toMatchObject({
      runAsUser: 0,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(alloy.securityContext.capabilities.add ?? []).toEqual([]);
    expect(alloy.securityContext.privileged ?? false).toBe(false);
    // with a read-only root filesystem, everything Alloy writes must be on a mounted volume
    const writable = alloy.mounts.extra.map((mount: { mountPath: string }) => `${mount.mountPath}/`);
    expect(writable.some((path: string) => `${alloy.storagePath}/`.startsWith(path))).toBe(true);
  });

  it("grants pod discovery only, and no CRDs", () => {
    const footprint = documents(agent, release)["alloy: footprint"] as any;
    expect(footprint.rbac.rules).toEqual([{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }]);
    expect(footprint.crds).toEqual({ create: false });
  });

  it("writes the generated pipeline into the ConfigMap, Loki endpoint, tenant and labels included", () => {
    const config = alloyConfigOf(agent);
    const write = block(parseRiver(config), "loki.write", "loki");
    expect(attributes(block(write.body, "endpoint"))).toEqual({ url: PUSH_URL, tenant_id: "prod" });
    expect(attributes(write).external_labels).toEqual({ cluster: "eu-1", environment: "prod" });
    expect(config).toContain('target_label = "node"');
  });
});

describe("LogAgent", () => {
  it("escapes extra label values for River and for the chart's tpl", () => {
    const value = 'a "quoted" \\ {{ .Values.secret }} ✓';
    const { agent, release } = synth({ extraLabels: { team: value } });
    const content = (documents(agent, release)["alloy: pipeline"] as any).alloy.configMap.content as string;
    expect(content).toContain('{{ "{{" }} .Values.secret {{ "}}" }}');
    expect(attributes(block(parseRiver(alloyConfigOf(agent)), "loki.write")).external_labels).toEqual({ team: value });
  });

  it("takes tolerations, resources, a release name and raw values", () => {
    const resources = { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } };
    const tolerations = [{ key: "dedicated", operator: "Equal" as const, value: "logs", effect: "NoSchedule" as const }];
    const { agent, release } = synth({ releaseName: "logs", resources, tolerations, values: { controller: { priorityClassName: "system-node-critical" } } });
    const docs = documents(agent, release);
    expect(release.name).toBe("logs");
    expect(agent.podLabels["app.kubernetes.io/instance"]).toBe("logs");
    expect((docs.scheduling as any).controller.tolerations).toEqual(tolerations);
    expect((docs.resources as any).alloy).toEqual({ resources });
    expect(docs.overrides).toEqual({ controller: { priorityClassName: "system-node-critical" } });
    expect((agent.chart.values as any).controller).toMatchObject({ priorityClassName: "system-node-critical", type: "daemonset" });
  });
});

describe("LogAgent with Promtail", () => {
  const { agent, release } = synth({
    agent: "promtail",
    extraLabels: { cluster: "eu-1" },
    loki: { pushUrl: PUSH_URL, tenantId: "team-a" },
  });

  it("warns at synth that Promtail reached end of life", () => {
    const warnings = warningsOf(agent);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^stack\/logs: Promtail reached end of life on 2026-03-02.*Use agent "alloy"/);
  });

  it("installs the pinned promtail chart", () => {
    expect(release).toMatchObject({ chart: "promtail", version: CHARTS.promtail.version, repository: CHARTS.promtail.repository, name: "promtail" });
    expect(agent.podLabels).toEqual({ "app.kubernetes.io/name": "promtail", "app.kubernetes.io/instance": "promtail" });
    expect(Object.keys(documents(agent, release))).toEqual(["promtail: pipeline", "scheduling", "resources"]);
  });

  it("gives the client the tenant id and the static labels", () => {
    const config = (documents(agent, release)["promtail: pipeline"] as any).config;
    expect(config.clients).toEqual([{ url: PUSH_URL, tenant_id: "team-a", external_labels: { cluster: "eu-1" } }]);
  });

  it("labels streams like Alloy: namespace, pod, container, app, node", () => {
    const [job] = parse(renderHelmTpl((documents(agent, release)["promtail: pipeline"] as any).config.snippets.scrapeConfigs));
    expect(job.relabel_configs.map((r: any) => r.target_label).filter((l: string) => !l.startsWith("__"))).toEqual(["namespace", "pod", "container", "app", "node"]);
  });

  it("tolerates every taint by default", () => {
    expect(documents(agent, release).scheduling).toEqual({ daemonset: { enabled: true }, tolerations: [{ operator: "Exists" }] });
    expect(documents(agent, release).resources).toEqual({ resources: SIZE_PROFILES.small.logAgent.resources });
  });
});

describe("LogAgent rejects bad props naming the construct path and the field", () => {
  it.each([
    [{ loki: { pushUrl: "" } }, /^stack\/logs: loki\.pushUrl: must be an http\(s\) URL$/],
    [{ loki: { pushUrl: "loki-gateway:80/push" } }, /loki\.pushUrl: must be an http\(s\) URL/],
    [{ loki: { pushUrl: "ftp://loki/push" } }, /loki\.pushUrl: must be an http\(s\) URL/],
    [{ loki: { pushUrl: "http://loki/\npush" } }, /loki\.pushUrl: must not contain whitespace/],
    [{ loki: { pushUrl: "${TfToken[TOKEN.1]}" } }, /loki\.pushUrl: must be a plain URL/],
    [{ loki: { pushUrl: PUSH_URL, tenantId: "team/a" } }, /loki\.tenantId: must be 1-150 letters, digits or !-_\.\*'\(\)/],
    [{ loki: { pushUrl: PUSH_URL, tenantId: "" } }, /loki\.tenantId: must be 1-150/],
    [{ loki: { pushUrl: PUSH_URL, tenantId: ".." } }, /loki\.tenantId: must not be '\.' or '\.\.'/],
    [{ loki: { pushUrl: PUSH_URL, tenantId: "x".repeat(151) } }, /loki\.tenantId: must be 1-150/],
    [{ extraLabels: { "bad-name": "x" } }, /extraLabels\.bad-name: label name must be a Prometheus label name/],
    [{ extraLabels: { __cluster: "x" } }, /extraLabels\.__cluster: label name must not start with __/],
    [{ extraLabels: { namespace: "x" } }, /extraLabels\.namespace: label name must not be one the pipeline sets \(namespace, pod, container, app, node, stream\)/],
    [{ extraLabels: { cluster: "" } }, /extraLabels\.cluster: must not be empty/],
    [{ extraLabels: { cluster: "eu\n1" } }, /extraLabels\.cluster: must not contain control characters/],
    [{ extraLabels: Object.fromEntries("abcdefghij".split("").map((name) => [name, "x"])) }, /^stack\/logs: extraLabels: must have at most 9: with the 6 pod-log labels a stream would exceed Loki's 15$/],
    [{ agent: "fluentbit" }, /agent: /],
    [{ namespace: "Monitoring" }, /namespace: must be a DNS label/],
    [{ tolerations: [{ value: "x" }] }, /tolerations\[0\]\.operator: must be "Exists" when no key is given/],
    [{ tolerations: [{ key: "k", operator: "Exists", value: "v" }] }, /tolerations\[0\]\.value: must not be set with operator "Exists"/],
    [{ tolerations: [{ operator: "Exists", tolerationSeconds: 60 }] }, /tolerations\[0\]\.tolerationSeconds: needs effect "NoExecute"/],
    [{ resources: { requests: { cpu: "lots", memory: "1Gi" }, limits: { memory: "1Gi" } } }, /resources\.requests\.cpu: must be a Kubernetes quantity/],
    [{ loki: { pushUrl: PUSH_URL, password: "hunter2" } }, /loki: unknown key\(s\) password/],
  ])("%j", (props, message) => {
    expect(configError(props)).toMatch(message);
  });
});

describe("LogAgent self-monitoring", () => {
  it.each(["alloy", "promtail"] as const)("adds the %s chart's ServiceMonitor only when asked (it needs the operator's CRDs)", (agent) => {
    const documentsOf = (props: Partial<LogAgentProps>) => {
      const built = synth(props);
      return documents(built.agent, built.release);
    };
    expect(documentsOf({ agent })["self-monitoring"]).toBeUndefined();
    expect(documentsOf({ agent, selfMonitoring: true })["self-monitoring"]).toEqual({ serviceMonitor: { enabled: true } });
  });
});

describeWithShared("LogAgent values exist in the pinned charts", () => {
  it.each([
    ["alloy", CHARTS.alloy],
    ["promtail", CHARTS.promtail],
  ] as const)("every key of every %s document is a chart key", (agentKind, chart) => {
    const { agent, release } = synth({
      agent: agentKind,
      extraLabels: { cluster: "eu-1" },
      loki: { pushUrl: PUSH_URL, tenantId: "t" },
      tolerations: [{ operator: "Exists" }],
      selfMonitoring: true,
    });
    const defaults = chartDefaults(chart);
    const docs = documents(agent, release);
    expect(Object.keys(docs).length).toBeGreaterThan(2);
    // a resources block takes any Kubernetes resources, whatever the chart's default holds
    const freeForm = ["configReloader.resources"];
    for (const [concern, values] of Object.entries(docs)) {
      expect({ concern, unknown: unknownChartKeys(values, defaults, freeForm) }).toEqual({ concern, unknown: [] });
    }
  });
});
