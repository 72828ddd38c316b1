import { RelabelRule, toPrometheusRelabelConfig } from "../metrics/relabel-rule";

/** Where a log agent pushes: Loki's push endpoint and, when Loki runs multi-tenant, the tenant. */
export interface LokiPushTarget {
  /** Loki's push URL (`…/loki/api/v1/push`), e.g. the Loki construct's `pushUrl`. */
  readonly pushUrl: string;
  /** Tenant sent as `X-Scope-OrgID`; needed when Loki runs with `auth_enabled: true`. @default none */
  readonly tenantId?: string;
}

/** What the pod log pipeline ships where. */
export interface PodLogPipeline {
  readonly loki: LokiPushTarget;
  /** Static labels on every stream (cluster, environment…). */
  readonly externalLabels: Readonly<Record<string, string>>;
}

// ---------------------------------------------------------------------------------------
// A small model of the Alloy configuration syntax (River): blocks, attributes and values.
// Every string is quoted by riverString, so no prop value can break out of its literal.
// ---------------------------------------------------------------------------------------

/** A River expression written as-is: component references, function calls. Never built from user input. */
export class RiverExpression {
  constructor(readonly text: string) {}
}

export type RiverValue = string | RiverExpression | readonly RiverValue[] | { readonly [key: string]: RiverValue };

export interface RiverAttribute {
  readonly attribute: string;
  readonly value: RiverValue;
}

export interface RiverBlock {
  /** Block name, e.g. `loki.write` or `endpoint`. */
  readonly block: string;
  /** Component label, e.g. `"default"` in `loki.write "default"`. @default none */
  readonly label?: string;
  readonly body: readonly RiverStatement[];
}

export type RiverStatement = RiverAttribute | RiverBlock;

// Go's escapes, as River's scanner accepts them; `\'` is avoided (the scanner rejects it).
const RIVER_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Quotes a string as a River string literal. Quotes and backslashes are escaped; control
 * characters (a raw newline or NUL is a syntax error in River) and U+FEFF (River rejects a
 * byte order mark anywhere but at the start of the file) become `\uXXXX`; other Unicode is
 * kept as UTF-8. A lone UTF-16 surrogate has no UTF-8 form and is refused.
 */
export function riverString(value: string): string {
  let quoted = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new Error(`cannot write an unpaired UTF-16 surrogate (U+${code.toString(16).toUpperCase()}) into an Alloy string`);
    }
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0xfeff;
    quoted += RIVER_ESCAPES[char] ?? (control ? `\\u${code.toString(16).padStart(4, "0")}` : char);
  }
  return `${quoted}"`;
}

const IDENTIFIER_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function renderValue(value: RiverValue): string {
  if (typeof value === "string") return riverString(value);
  if (value instanceof RiverExpression) return value.text;
  if (Array.isArray(value)) return `[${(value as readonly RiverValue[]).map(renderValue).join(", ")}]`;
  const fields = Object.entries(value as { readonly [key: string]: RiverValue });
  // quoted keys: any label name is a valid key, even `true` or `null`
  return fields.length === 0 ? "{}" : `{ ${fields.map(([key, field]) => `${riverString(key)} = ${renderValue(field)}`).join(", ")} }`;
}

function renderStatement(statement: RiverStatement, indent: string): string[] {
  if ("attribute" in statement) {
    if (!IDENTIFIER.test(statement.attribute)) throw new Error(`not a River attribute name: ${JSON.stringify(statement.attribute)}`);
    return [`${indent}${statement.attribute} = ${renderValue(statement.value)}`];
  }
  if (!IDENTIFIER_PATH.test(statement.block)) throw new Error(`not a River block name: ${JSON.stringify(statement.block)}`);
  if (statement.label !== undefined && !IDENTIFIER.test(statement.label)) {
    throw new Error(`not a River component label: ${JSON.stringify(statement.label)}`);
  }
  const head = `${indent}${statement.block}${statement.label === undefined ? "" : ` ${riverString(statement.label)}`}`;
  if (statement.body.length === 0) return [`${head} {}`];
  return [`${head} {`, ...statement.body.flatMap((inner) => renderStatement(inner, `${indent}  `)), `${indent}}`];
}

/** Renders top-level blocks as River text, one blank line between blocks. */
export function renderRiver(blocks: readonly RiverBlock[]): string {
  return `${blocks.map((block) => renderStatement(block, "").join("\n")).join("\n\n")}\n`;
}

/**
 * Escapes text for a Helm value the chart passes through `tpl` (Alloy's
 * `alloy.configMap.content`, Promtail's config snippets and clients): every `{{` and `}}`
 * becomes an action printing it literally, so the rendered file equals `text`. A lone `}}`
 * is already plain text to Go templates; escaping it too keeps the rule symmetric and
 * independent of that lexer detail. One pass, so the inserted actions are not re-escaped.
 */
export function escapeHelmTemplate(text: string): string {
  return text.replace(/\{\{|\}\}/g, (delimiter) => `{{ "${delimiter}" }}`);
}

// ---------------------------------------------------------------------------------------
// The pod log pipeline, shared by Alloy and Promtail so switching agents keeps the streams.
// ---------------------------------------------------------------------------------------

const POD_LOG_FILE = "/var/log/pods/*$1/*.log";

/**
 * Relabelling from Kubernetes pod discovery to the stream labels, and to `__path__`: the
 * container's log files under /var/log/pods/<namespace>_<pod>_<uid>/<container>/.
 */
export const POD_LOG_RELABEL_RULES: readonly RelabelRule[] = [
  { sourceLabels: ["__meta_kubernetes_namespace"], targetLabel: "namespace" },
  { sourceLabels: ["__meta_kubernetes_pod_name"], targetLabel: "pod" },
  { sourceLabels: ["__meta_kubernetes_pod_container_name"], targetLabel: "container" },
  // the recommended label first, the legacy `app` label otherwise; no label when neither is set
  {
    sourceLabels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_label_app"],
    separator: ";",
    regex: "^;*([^;]+)(;.*)?$",
    replacement: "$1",
    targetLabel: "app",
  },
  { sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" },
  {
    sourceLabels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
    separator: "/",
    replacement: POD_LOG_FILE,
    targetLabel: "__path__",
  },
  // Static pods (the control plane's, which run on tainted nodes we tolerate) log under the
  // UID of their manifest, given by the config-hash annotation, not under the mirror pod's UID.
  {
    sourceLabels: [
      "__meta_kubernetes_pod_annotationpresent_kubernetes_io_config_hash",
      "__meta_kubernetes_pod_annotation_kubernetes_io_config_hash",
      "__meta_kubernetes_pod_container_name",
    ],
    separator: "/",
    regex: "true/(.*)",
    replacement: POD_LOG_FILE,
    targetLabel: "__path__",
  },
];

/**
 * Labels of every pod log stream: the discovered ones, plus `stream` (stdout or stderr)
 * from CRI parsing. The file name label the tailer adds is dropped: pod and container
 * already identify the file, and a new file per container restart would split streams.
 */
export const POD_LOG_LABELS: readonly string[] = [
  ...POD_LOG_RELABEL_RULES.map((rule) => rule.targetLabel as string).filter((label) => !label.startsWith("__")),
  "stream",
];
/** The label the file tailers (Alloy's loki.source.file, Promtail) add with the file's path. */
export const FILENAME_LABEL = "filename";

const ref = (text: string) => new RiverExpression(text);

/**
 * The Alloy configuration of a DaemonSet that ships every container's stdout/stderr on its
 * node to Loki (plain River; pass it through {@link escapeHelmTemplate} for the chart).
 *
 * Logs are tailed from the node's /var/log/pods (`local.file_match` + `loki.source.file`,
 * the chart's `alloy.mounts.varlog`) rather than read through the API server with
 * `loki.source.kubernetes`: every log byte would otherwise flow through the kube-apiserver
 * and the kubelet, which costs them CPU and network on every node; shipping would stop
 * when the API server is slow or down, which is when logs matter most; and the file
 * tailer's positions (kept on a hostPath) let a restarted agent resume without gaps or
 * duplicates. The price is hostPath volumes, so the namespace needs the `privileged` Pod
 * Security level, which it already grants node-exporter. Discovery is limited to pods of
 * this node (`spec.nodeName` field selector; the chart sets `HOSTNAME` to the node name),
 * so the API server only sends each agent its own node's pods.
 */
export function alloyPodLogsConfig(pipeline: PodLogPipeline): string {
  const { loki, externalLabels } = pipeline;
  const endpoint: RiverStatement[] = [{ attribute: "url", value: loki.pushUrl }];
  if (loki.tenantId !== undefined) endpoint.push({ attribute: "tenant_id", value: loki.tenantId });
  const write: RiverStatement[] = [{ block: "endpoint", body: endpoint }];
  if (Object.keys(externalLabels).length > 0) write.push({ attribute: "external_labels", value: externalLabels });

  const header =
    "// Generated by cdktf-observability (LogAgent): change the construct's props, not this text.\n" +
    "// Tails the logs of every container on this node from /var/log/pods and pushes them to Loki.\n\n";
  return (
    header +
    renderRiver([
      {
        block: "discovery.kubernetes",
        label: "pods",
        body: [
          { attribute: "role", value: "pod" },
          {
            block: "selectors",
            body: [
              { attribute: "role", value: "pod" },
              {
                attribute: "field",
                value: ref(`${riverString("spec.nodeName=")} + coalesce(sys.env(${riverString("HOSTNAME")}), constants.hostname)`),
              },
            ],
          },
        ],
      },
      {
        block: "discovery.relabel",
        label: "pod_logs",
        body: [{ attribute: "targets", value: ref("discovery.kubernetes.pods.targets") }, ...POD_LOG_RELABEL_RULES.map(riverRule)],
      },
      { block: "local.file_match", label: "pod_logs", body: [{ attribute: "path_targets", value: ref("discovery.relabel.pod_logs.output") }] },
      {
        block: "loki.source.file",
        label: "pod_logs",
        body: [
          { attribute: "targets", value: ref("local.file_match.pod_logs.targets") },
          { attribute: "forward_to", value: [ref("loki.process.pod_logs.receiver")] },
        ],
      },
      {
        // Files in /var/log/pods are in the CRI format (`<time> <stream> <P|F> <line>`):
        // parsing it restores the line, its timestamp and partial lines; it is not optional here.
        block: "loki.process",
        label: "pod_logs",
        body: [
          { attribute: "forward_to", value: [ref("loki.write.loki.receiver")] },
          { block: "stage.cri", body: [] },
          { block: "stage.label_drop", body: [{ attribute: "values", value: [FILENAME_LABEL] }] },
        ],
      },
      { block: "loki.write", label: "loki", body: write },
    ])
  );
}

function riverRule(rule: RelabelRule): RiverBlock {
  const attributes = toPrometheusRelabelConfig(rule) as Record<string, string | readonly string[]>;
  return { block: "rule", body: Object.entries(attributes).map(([attribute, value]) => ({ attribute, value })) };
}
