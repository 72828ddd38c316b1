/**
 * The modules of `@grafana/grafana-foundation-sdk` a dashboard for `GrafanaDashboard` is built
 * with, as `cdktf-observability/grafana-sdk`: importable under every `moduleResolution`,
 * including `node10` (the default of a `cdktf init` project), which cannot resolve the SDK's
 * own subpaths. `import { dashboard, prometheus, timeseries } from "cdktf-observability/grafana-sdk"`.
 */
export * as common from "@grafana/grafana-foundation-sdk/common";
export * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
export * as loki from "@grafana/grafana-foundation-sdk/loki";
export * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
export * as stat from "@grafana/grafana-foundation-sdk/stat";
export * as table from "@grafana/grafana-foundation-sdk/table";
export * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
