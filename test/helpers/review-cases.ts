import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp } from "../../stacks/app";
import { dev } from "../../stacks/environments/dev";
import { CHARTS } from "../../src/helm/charts";

/** A change the review tests review: the dev environment before (`dev` as shipped) and after it. */
export interface ReviewCase {
  /** Its folder under `test/fixtures/review/`. */
  readonly name: string;
  /** The environment after the change. */
  readonly environment: unknown;
  /** A code change no environment setting makes, applied while the head is synthesized. */
  readonly codeChange?: { readonly during?: () => () => void; readonly after?: (outdir: string) => void };
  /** The stacks whose plan changes (their plans are the committed fixtures). */
  readonly stacks: readonly string[];
}

/** Planted in the contact point's credential (`TF_VAR_ops_webhook_url`); must never be printed. */
export const PLANTED_SECRET = "https://hooks.example.com/services/PLANTED-REVIEW-SECRET-7f3a9c";

/** The sensitive variables the dev stacks need to plan, the planted one among them. */
export const REVIEW_TF_VARS: Readonly<Record<string, string>> = {
  slack_webhook_url: "https://hooks.slack.example.com/services/T000/B000/review-fixture",
  smtp_password: "review-fixture-smtp",
  ops_webhook_url: PLANTED_SECRET,
};

/** The panel the dashboard case inserts, and the dashboard it goes into (in the middle). */
export const INSERTED_PANEL_TITLE = "Log lines dropped";
export const PANEL_DASHBOARD_PATH = "workspace/dashboard-stack-health/dashboard";

/**
 * Inserts a panel in the middle of the stack-health dashboard of a synthesized `dev-grafana`,
 * as a code change to the dashboard would: the panels after it renumbered and moved down.
 */
function insertPanel(outdir: string): void {
  const file = join(outdir, "stacks", "dev-grafana", "cdk.tf.json");
  const stack = JSON.parse(readFileSync(file, "utf8"));
  const dashboard = Object.values(stack.resource.grafana_dashboard as Record<string, any>).find((r) => r["//"].metadata.path === `dev-grafana/${PANEL_DASHBOARD_PATH}`);
  const model = JSON.parse(dashboard.config_json);
  const at = Math.floor(model.panels.length / 2);
  const y = model.panels[at].gridPos.y;
  const panel = {
    datasource: { type: "prometheus", uid: "prometheus" },
    gridPos: { h: 8, w: 24, x: 0, y },
    targets: [{ expr: "sum(rate(loki_write_dropped_entries_total[$__rate_interval]))", refId: "A" }],
    title: INSERTED_PANEL_TITLE,
    type: "timeseries",
  };
  model.panels = [...model.panels.slice(0, at), panel, ...model.panels.slice(at).map((p: any) => ({ ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + 8 } }))].map((p: any, i: number) => ({
    ...p,
    id: i + 1,
  }));
  dashboard.config_json = JSON.stringify(model);
  writeFileSync(file, JSON.stringify(stack, null, 2));
}

/** kube-prometheus-stack one version up while the head is synthesized (the pin is code, not configuration). */
function bumpPrometheusChart(): () => void {
  const chart = CHARTS.kubePrometheusStack as { version: string };
  const pinned = chart.version;
  chart.version = "88.6.0";
  return () => (chart.version = pinned);
}

const alerting = dev.alerting!;

export const REVIEW_CASES: readonly ReviewCase[] = [
  { name: "unchanged", environment: dev, stacks: [] },
  { name: "logs-retention", environment: { ...dev, retention: { ...dev.retention, logs: "14d" } }, stacks: ["dev-platform"] },
  {
    name: "alert-threshold",
    environment: { ...dev, alerting: { ...alerting, catalog: { ...alerting.catalog, thresholds: { errorRate: { warning: 0.02 } } } } },
    stacks: ["dev-platform"],
  },
  { name: "dashboard-panel", environment: dev, codeChange: { after: insertPanel }, stacks: ["dev-grafana"] },
  {
    name: "contact-point-secret",
    environment: {
      ...dev,
      alerting: {
        ...alerting,
        contactPoints: [...alerting.contactPoints!, { name: "ops-webhook", type: "webhook", url: { variable: "ops_webhook_url" } }],
        policy: { ...alerting.policy!, routes: [{ team: "ops", contactPoint: "ops-webhook" }, ...alerting.policy!.routes!] },
      },
    },
    stacks: ["dev-platform", "dev-grafana"],
  },
  { name: "namespace-rename", environment: { ...dev, namespace: { ...dev.namespace, name: "observability" } }, stacks: ["dev-platform", "dev-grafana"] },
  { name: "chart-version-bump", environment: dev, codeChange: { during: bumpPrometheusChart }, stacks: ["dev-platform"] },
];

/** Synthesizes the base of every case (dev as shipped) into `outdir`. */
export function synthesizeBase(outdir: string): void {
  buildApp([dev], outdir).synth();
}

/** Synthesizes a case's head into `outdir`; a copy of `baseDir` (the synthesized base) where the case changes no configuration. */
export function synthesizeHead(reviewCase: ReviewCase, outdir: string, baseDir?: string): void {
  if (baseDir && reviewCase.environment === dev && !reviewCase.codeChange?.during) cpSync(baseDir, outdir, { recursive: true });
  else {
    const restore = reviewCase.codeChange?.during?.();
    try {
      buildApp([reviewCase.environment], outdir).synth();
    } finally {
      restore?.();
    }
  }
  reviewCase.codeChange?.after?.(outdir);
}
