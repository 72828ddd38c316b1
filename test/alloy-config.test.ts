import { parse } from "yaml";
import {
  alloyPodLogsConfig,
  escapeHelmTemplate,
  POD_LOG_LABELS,
  PodLogPipeline,
  renderRiver,
  RiverExpression,
  riverString,
} from "../src/logs/alloy-config";
import { promtailPodLogsConfig } from "../src/logs/promtail-config";
import { renderHelmTpl } from "./helpers/helm-tpl";
import { attributes, block, blocks, decodeRiverString, parseRiver, RiverBlockNode } from "./helpers/river-parser";

const HOSTILE = [
  'say "hi"',
  "C:\\logs\\",
  "trailing backslash \\",
  '\\"',
  "{{ .Values.secret }}",
  "}}{{",
  "{{{ triple }}}",
  '{{ "{{" }}',
  "line one\nline two\r\n\tindented",
  "nul \u0000 bell \u0007 escape \u001b del \u007f c1 \u0085",
  "bom \ufeff inside",
  "unicode: zoë, 水, ‮rtl, 🚀, \u2028 separator",
  "// not a comment",
  "$1 ${var} %s",
  "",
];

const PIPELINE: PodLogPipeline = {
  loki: { pushUrl: "http://loki-gateway.monitoring.svc/loki/api/v1/push", tenantId: "prod" },
  externalLabels: { cluster: "eu-1", environment: "prod" },
};

type Rule = { source_labels: string[]; separator?: string; regex?: string; replacement?: string; target_label: string; action?: string };

/** Applies `replace` relabel rules as Prometheus does: join, anchored match, expand, delete on empty. */
function relabel(rules: readonly Rule[], input: Record<string, string>): Record<string, string> {
  const labels = { ...input };
  for (const rule of rules) {
    expect(rule.action ?? "replace").toBe("replace");
    const joined = rule.source_labels.map((l) => labels[l] ?? "").join(rule.separator ?? ";");
    const match = new RegExp(`^(?:${rule.regex ?? "(.*)"})$`).exec(joined);
    if (!match) continue;
    const value = (rule.replacement ?? "$1").replace(/\$(\d+)/g, (_, n) => match[Number(n)] ?? "");
    if (value === "") delete labels[rule.target_label];
    else labels[rule.target_label] = value;
  }
  return labels;
}

const rulesOf = (config: string): Rule[] =>
  blocks(block(parseRiver(config), "discovery.relabel", "pod_logs").body, "rule").map((r) => attributes(r) as unknown as Rule);

describe("riverString", () => {
  it.each(HOSTILE)("quotes %j so that River reads the same string back", (value) => {
    const literal = riverString(value);
    expect(literal).not.toMatch(/[\n\r\u0000\ufeff]/);
    expect(decodeRiverString(literal)).toBe(value);
    expect(parseRiver(`x = ${literal}\n`)).toEqual([{ kind: "attribute", name: "x", value }]);
  });

  it("escapes quotes, backslashes and control characters, keeps other Unicode as is", () => {
    expect(riverString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(riverString("a\nb\tc\u0000")).toBe('"a\\nb\\tc\\u0000"');
    expect(riverString("\ufeff")).toBe('"\\ufeff"');
    expect(riverString("zoë 水 🚀")).toBe('"zoë 水 🚀"');
  });

  it("refuses an unpaired surrogate, which has no UTF-8 form", () => {
    expect(() => riverString("broken \ud800 pair")).toThrow(/unpaired UTF-16 surrogate \(U\+D800\)/);
  });

  it("the checker itself rejects what Alloy rejects", () => {
    expect(() => decodeRiverString('"a\nb"')).toThrow(/not terminated/);
    expect(() => decodeRiverString('"a\\\'b"')).toThrow(/unknown escape/);
    expect(() => parseRiver('x = "a" "b"\n')).toThrow(/end of statement/);
    expect(() => parseRiver("a {\n  x = \"1\"\n")).toThrow(/expected }/);
  });
});

describe("renderRiver", () => {
  it("renders blocks, labels, attributes, lists, objects and expressions", () => {
    const text = renderRiver([
      {
        block: "loki.write",
        label: "default",
        body: [
          { block: "endpoint", body: [{ attribute: "url", value: "http://x" }] },
          { attribute: "external_labels", value: { true: "yes", "odd key": 'q"' } },
          { attribute: "forward_to", value: [new RiverExpression("a.b.receiver")] },
          { block: "stage.cri", body: [] },
        ],
      },
    ]);
    expect(text).toContain('loki.write "default" {\n  endpoint {\n    url = "http://x"\n  }\n');
    expect(text).toContain("  stage.cri {}\n}\n");
    const write = block(parseRiver(text), "loki.write", "default");
    expect(attributes(write)).toEqual({ external_labels: { true: "yes", "odd key": 'q"' }, forward_to: [{ expression: "a.b.receiver" }] });
  });

  it("refuses names that are not River identifiers", () => {
    expect(() => renderRiver([{ block: "bad block", body: [] }])).toThrow(/not a River block name/);
    expect(() => renderRiver([{ block: "b", label: "x y", body: [] }])).toThrow(/not a River component label/);
    expect(() => renderRiver([{ block: "b", body: [{ attribute: "a-b", value: "x" }] }])).toThrow(/not a River attribute name/);
  });
});

describe("escapeHelmTemplate", () => {
  it.each(HOSTILE)("tpl renders the escaped %j back to itself", (text) => {
    expect(renderHelmTpl(escapeHelmTemplate(text))).toBe(text);
  });

  it("escapes each delimiter as an action printing it", () => {
    expect(escapeHelmTemplate("{{ .Values.x }}")).toBe('{{ "{{" }} .Values.x {{ "}}" }}');
    expect(escapeHelmTemplate("a { b } c")).toBe("a { b } c");
  });

  it("is needed: unescaped, tpl would evaluate the text", () => {
    expect(() => renderHelmTpl("{{ .Values.x }}")).toThrow(/template action/);
  });
});

describe("alloyPodLogsConfig", () => {
  const config = alloyPodLogsConfig(PIPELINE);
  const nodes = parseRiver(config);

  it("is valid River with balanced braces and quotes", () => {
    expect(nodes.map((n) => (n.kind === "block" ? `${n.name} ${n.label}` : n.name))).toEqual([
      "discovery.kubernetes pods",
      "discovery.relabel pod_logs",
      "local.file_match pod_logs",
      "loki.source.file pod_logs",
      "loki.process pod_logs",
      "loki.write loki",
    ]);
  });

  it("discovers only the pods of the agent's own node", () => {
    const discovery = block(nodes, "discovery.kubernetes", "pods");
    expect(attributes(discovery).role).toBe("pod");
    expect(attributes(block(discovery.body, "selectors"))).toEqual({
      role: "pod",
      field: { expression: '"spec.nodeName=" + coalesce(sys.env("HOSTNAME"), constants.hostname)' },
    });
  });

  it("wires discovery → relabel → file match → tail → CRI parsing → Loki", () => {
    expect(attributes(block(nodes, "discovery.relabel", "pod_logs")).targets).toEqual({ expression: "discovery.kubernetes.pods.targets" });
    expect(attributes(block(nodes, "local.file_match", "pod_logs")).path_targets).toEqual({ expression: "discovery.relabel.pod_logs.output" });
    expect(attributes(block(nodes, "loki.source.file", "pod_logs"))).toEqual({
      targets: { expression: "local.file_match.pod_logs.targets" },
      forward_to: [{ expression: "loki.process.pod_logs.receiver" }],
    });
    const processing = block(nodes, "loki.process", "pod_logs");
    expect(attributes(processing).forward_to).toEqual([{ expression: "loki.write.loki.receiver" }]);
    expect(processing.body.filter((n): n is RiverBlockNode => n.kind === "block").map((n) => n.name)).toEqual(["stage.cri", "stage.label_drop"]);
    expect(attributes(block(processing.body, "stage.label_drop")).values).toEqual(["filename"]);
  });

  it.each([
    ["namespace", ["__meta_kubernetes_namespace"]],
    ["pod", ["__meta_kubernetes_pod_name"]],
    ["container", ["__meta_kubernetes_pod_container_name"]],
    ["app", ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"]],
    ["node", ["__meta_kubernetes_pod_node_name"]],
  ])("sets %s from %j", (label, sources) => {
    const rules = rulesOf(config).filter((r) => r.target_label === label);
    expect(rules.map((r) => r.source_labels)).toEqual([sources]);
  });

  const pod = {
    __meta_kubernetes_namespace: "shop",
    __meta_kubernetes_pod_name: "cart-7d9f-abcde",
    __meta_kubernetes_pod_container_name: "cart",
    __meta_kubernetes_pod_node_name: "node-1",
    __meta_kubernetes_pod_uid: "0b5c-uid",
    __meta_kubernetes_pod_label_app_kubernetes_io_name: "cart",
    __meta_kubernetes_pod_label_app: "legacy-cart",
  };
  const streamLabels = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith("__")));

  it("labels a pod's stream and points at its log files", () => {
    const labels = relabel(rulesOf(config), pod);
    expect(streamLabels(labels)).toEqual({ namespace: "shop", pod: "cart-7d9f-abcde", container: "cart", app: "cart", node: "node-1" });
    expect(labels.__path__).toBe("/var/log/pods/*0b5c-uid/cart/*.log");
    expect(POD_LOG_LABELS).toEqual(["namespace", "pod", "container", "app", "node", "stream"]);
  });

  it("takes app from the legacy app label when app.kubernetes.io/name is missing, and leaves it out without either", () => {
    expect(relabel(rulesOf(config), { ...pod, __meta_kubernetes_pod_label_app_kubernetes_io_name: "" }).app).toBe("legacy-cart");
    const { __meta_kubernetes_pod_label_app_kubernetes_io_name: _name, __meta_kubernetes_pod_label_app: _app, ...bare } = pod;
    expect(relabel(rulesOf(config), bare)).not.toHaveProperty("app");
  });

  it("finds a static pod's logs under its config hash, not the mirror pod's UID", () => {
    const labels = relabel(rulesOf(config), {
      ...pod,
      __meta_kubernetes_pod_annotationpresent_kubernetes_io_config_hash: "true",
      __meta_kubernetes_pod_annotation_kubernetes_io_config_hash: "f00d",
      __meta_kubernetes_pod_container_name: "kube-apiserver",
    });
    expect(labels.__path__).toBe("/var/log/pods/*f00d/kube-apiserver/*.log");
  });

  it("pushes to the URL with the tenant and the static labels", () => {
    const write = block(nodes, "loki.write", "loki");
    expect(attributes(block(write.body, "endpoint"))).toEqual({ url: PIPELINE.loki.pushUrl, tenant_id: "prod" });
    expect(attributes(write).external_labels).toEqual({ cluster: "eu-1", environment: "prod" });
  });

  it("sends no tenant to a single-tenant Loki and no external_labels when there are none", () => {
    const write = block(parseRiver(alloyPodLogsConfig({ loki: { pushUrl: "http://loki:3100/loki/api/v1/push" }, externalLabels: {} })), "loki.write");
    expect(attributes(block(write.body, "endpoint"))).toEqual({ url: "http://loki:3100/loki/api/v1/push" });
    expect(attributes(write)).not.toHaveProperty("external_labels");
  });

  it("carries hostile label values and tenant through River quoting and Helm escaping unchanged", () => {
    const externalLabels = Object.fromEntries(HOSTILE.map((value, i) => [`label_${i}`, value]));
    const hostile = alloyPodLogsConfig({ loki: { pushUrl: "http://loki/push?a={{x}}", tenantId: "o'(k)*" }, externalLabels });
    const rendered = renderHelmTpl(escapeHelmTemplate(hostile));
    expect(rendered).toBe(hostile);
    const write = block(parseRiver(rendered), "loki.write", "loki");
    expect(attributes(write).external_labels).toEqual(externalLabels);
    expect(attributes(block(write.body, "endpoint"))).toEqual({ url: "http://loki/push?a={{x}}", tenant_id: "o'(k)*" });
  });
});

describe("promtailPodLogsConfig", () => {
  const { clients, scrapeConfigs } = promtailPodLogsConfig(PIPELINE);

  it("gives the client the push URL, the tenant and the static labels", () => {
    expect(clients).toEqual([{ url: PIPELINE.loki.pushUrl, tenant_id: "prod", external_labels: { cluster: "eu-1", environment: "prod" } }]);
    expect(promtailPodLogsConfig({ ...PIPELINE, loki: { pushUrl: "http://l/push" }, externalLabels: {} }).clients).toEqual([{ url: "http://l/push" }]);
  });

  it("scrapes pods with the same relabelling as Alloy, CRI parsing and no file name label", () => {
    const [job] = parse(renderHelmTpl(scrapeConfigs)) as any[];
    expect(job.kubernetes_sd_configs).toEqual([{ role: "pod" }]);
    expect(job.pipeline_stages).toEqual([{ cri: {} }, { labeldrop: ["filename"] }]);
    expect(job.relabel_configs).toEqual(rulesOf(alloyPodLogsConfig(PIPELINE)));
    expect(streamLabelsOf(job.relabel_configs)).toEqual(["namespace", "pod", "container", "app", "node"]);
  });

  it("escapes values the chart renders through tpl", () => {
    const [client] = promtailPodLogsConfig({ ...PIPELINE, externalLabels: { team: "{{ .Release.Name }}" } }).clients as any[];
    expect(client.external_labels.team).toBe('{{ "{{" }} .Release.Name {{ "}}" }}');
    expect(renderHelmTpl(client.external_labels.team)).toBe("{{ .Release.Name }}");
  });
});

function streamLabelsOf(rules: Rule[]): string[] {
  return rules.map((r) => r.target_label).filter((l) => !l.startsWith("__"));
}
