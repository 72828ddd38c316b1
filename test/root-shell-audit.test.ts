import { catalogRules, catalogSchema } from "../src/alerting/catalog";
import { evaluateMetricQuery, LogStream } from "./helpers/logql-eval";

const rules = catalogRules(catalogSchema.parse({ runbookBaseUrl: "https://runbooks.example.com" }));
const auditRule = rules.find((rule) => rule.id === "root-shell-opened-kubernetes-audit")!;

type Stage = "RequestReceived" | "ResponseStarted" | "ResponseComplete";
const ALL_STAGES: readonly Stage[] = ["RequestReceived", "ResponseStarted", "ResponseComplete"];

interface Request {
  readonly auditID: string;
  readonly verb: string;
  readonly requestURI: string;
  readonly objectRef: Record<string, string>;
  readonly username?: string;
  readonly userAgent?: string;
  /** The status the API server answers with; exec's upgraded connection is 101 Switching Protocols. */
  readonly code?: number;
}

/**
 * The audit events (audit.k8s.io/v1, one JSON object per line as the API server's log
 * backend writes them) of one request, one per stage the policy keeps. RequestReceived has
 * no status yet; a long-running request (exec) logs ResponseStarted when its connection is
 * upgraded and ResponseComplete when it ends, both with the upgrade's status. Go's JSON
 * encoder writes `&`, `<` and `>` as \u escapes, so the query string's `&` is `\u0026`.
 */
function auditEvents(request: Request, stages: readonly Stage[] = ALL_STAGES): string[] {
  const goJson = (value: unknown) => JSON.stringify(value).replace(/[&<>]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return stages.map((stage) =>
    goJson({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: request.auditID,
      stage,
      requestURI: request.requestURI,
      verb: request.verb,
      user: { username: request.username ?? "alice@example.com", groups: ["developers", "system:authenticated"] },
      sourceIPs: ["192.0.2.10"],
      userAgent: request.userAgent ?? "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
      objectRef: { resource: "pods", apiVersion: "v1", ...request.objectRef },
      ...(stage === "RequestReceived" ? {} : { responseStatus: { metadata: {}, code: request.code ?? 101 } }),
      requestReceivedTimestamp: "2026-12-02T10:00:00.000000Z",
      stageTimestamp: "2026-12-02T10:00:00.100000Z",
      annotations: { "authorization.k8s.io/decision": (request.code ?? 101) === 403 ? "forbid" : "allow", "authorization.k8s.io/reason": "" },
    }),
  );
}

const shellURI = (pod: string, command = "sh") =>
  `/api/v1/namespaces/shop/pods/${pod}/exec?command=${command}&container=api&stdin=true&stdout=true&tty=true`;
const execOf = (pod: string) => ({ resource: "pods", namespace: "shop", name: pod, subresource: "exec" });

/** kubectl ≥ 1.30 execs over WebSockets: an HTTP GET, so the verb is `get`. */
const websocketExec: Request = { auditID: "0b6f1c1e-1", verb: "get", requestURI: shellURI("api-1"), objectRef: execOf("api-1") };
/** Older kubectl (and clients forcing SPDY): a POST upgraded to SPDY, verb `create`. */
const spdyExec: Request = {
  auditID: "0b6f1c1e-2",
  verb: "create",
  requestURI: shellURI("api-2", "%2Fbin%2Fbash"),
  objectRef: execOf("api-2"),
  username: "bob@example.com",
  userAgent: "kubectl/v1.29.9 (linux/amd64) kubernetes/7d6c6c3",
};

const alerts = (lines: readonly string[]) => {
  const stream: LogStream = { labels: { job: "kubernetes-audit" }, lines };
  return evaluateMetricQuery(auditRule.query, [stream]).filter((sample) => sample.value > auditRule.threshold);
};
const shell = (pod: string, user: string, value: number) => ({ labels: { target_namespace: "shop", target_pod: pod, user }, value });

describe("RootShellOpened from Kubernetes audit events", () => {
  it("is the catalog's LogQL rule with a `>` comparison", () => {
    expect(auditRule).toMatchObject({ language: "logql", comparison: ">", labels: { source: "kubernetes-audit" } });
  });

  it("fires for a shell opened by kubectl ≥ 1.30 over WebSockets (verb get), once per exec", () => {
    expect(alerts(auditEvents(websocketExec))).toEqual([shell("api-1", "alice@example.com", 1)]);
  });

  it("fires for a shell opened over SPDY (verb create), once per exec", () => {
    expect(alerts(auditEvents(spdyExec))).toEqual([shell("api-2", "bob@example.com", 1)]);
  });

  it("counts an exec once whichever stages the audit policy keeps", () => {
    // the policies of kubeadm's docs, GKE and EKS omit RequestReceived
    expect(alerts(auditEvents(websocketExec, ["ResponseStarted", "ResponseComplete"]))).toEqual([shell("api-1", "alice@example.com", 1)]);
    // a shell still open: ResponseComplete is only logged when it exits, the alert must not wait for it
    expect(alerts(auditEvents(websocketExec, ["RequestReceived", "ResponseStarted"]))).toEqual([shell("api-1", "alice@example.com", 1)]);
  });

  it("counts every exec: two shells in the same pod are 2", () => {
    const again = { ...websocketExec, auditID: "0b6f1c1e-3" };
    expect(alerts([...auditEvents(websocketExec), ...auditEvents(again)])).toEqual([shell("api-1", "alice@example.com", 2)]);
  });

  it("stays quiet for reads of pods, non-shell commands and execs the API server refused", () => {
    const getPod: Request = { auditID: "1", verb: "get", requestURI: "/api/v1/namespaces/shop/pods/api-1", objectRef: { namespace: "shop", name: "api-1" }, code: 200 };
    const podLogs: Request = { ...getPod, auditID: "2", requestURI: "/api/v1/namespaces/shop/pods/api-1/log?container=api", objectRef: { ...getPod.objectRef, subresource: "log" } };
    const listPods: Request = { auditID: "3", verb: "list", requestURI: "/api/v1/namespaces/shop/pods?limit=500", objectRef: { namespace: "shop" }, code: 200 };
    const ls: Request = { ...websocketExec, auditID: "4", requestURI: shellURI("api-1", "ls") };
    const forbidden: Request = { ...websocketExec, auditID: "5", code: 403 };
    expect(alerts([getPod, podLogs, listPods, ls, forbidden].flatMap((request) => auditEvents(request)))).toEqual([]);
  });
});

describe("the LogQL evaluator used above", () => {
  const stream: LogStream = { labels: { job: "app", namespace: "shop" }, lines: ['{"level":"error","namespace":"other","http":{"status":500},"tags":["a"]}', '{"level":"info"}'] };

  it("follows Loki: anchored label filters, nested keys joined with _, clashing keys suffixed _extracted", () => {
    expect(evaluateMetricQuery('sum by (http_status, namespace_extracted) (count_over_time({job="app"} | json | level=~"err" [5m]))', [stream])).toEqual([]);
    expect(evaluateMetricQuery('sum by (http_status, namespace_extracted) (count_over_time({job="app"} | json | level=~"err.*" [5m]))', [stream])).toEqual([
      { labels: { http_status: "500", namespace_extracted: "other" }, value: 1 },
    ]);
  });

  it("refuses what it cannot evaluate, and lines | json cannot parse (Loki fails such a query)", () => {
    expect(() => evaluateMetricQuery('sum by (level) (count_over_time({job="app"} | logfmt [5m]))', [stream])).toThrow(/unsupported pipeline stage: \| logfmt/);
    expect(() => evaluateMetricQuery('sum by (level) (rate({job="app"} [5m]))', [stream])).toThrow(/unsupported range function/);
    expect(() => evaluateMetricQuery('count_over_time({job="app"} | json [5m])', [{ labels: { job: "app" }, lines: ["not json"] }])).toThrow(/JSONParserErr/);
  });
});
