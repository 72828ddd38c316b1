import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { itFindsTheAppOnItsExposition } from "./helpers/scraped-exposition";
import { describeWithTools } from "./helpers/tools";

const version = (pkg: string): string => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;
const EXPORTER = `@opentelemetry/exporter-prometheus ${version("@opentelemetry/exporter-prometheus")}`;
const INSTRUMENTATION = `@opentelemetry/instrumentation-http ${version("@opentelemetry/instrumentation-http")}`;

/** The job Prometheus gives the scraped app. */
const JOB = "checkout";

describeWithTools(["promtool"], `otel-http on a Node.js app scraped from ${EXPORTER} (${INSTRUMENTATION})`, () => {
  let exposition: string;
  beforeAll(() => {
    const app = spawnSync(process.execPath, [join(__dirname, "fixtures", "otel-js-http-app.cjs")], { encoding: "utf8", timeout: 30_000 });
    if (app.status !== 0) throw new Error(`the instrumented app failed: ${app.stderr}`);
    exposition = app.stdout;
  });

  it("serves the duration histogram without the unit suffix (the unit in # UNIT)", () => {
    expect(exposition).toContain("# UNIT http_server_request_duration s");
    expect(exposition).toMatch(/^http_server_request_duration_bucket\{/m);
    expect(exposition).not.toContain("http_server_request_duration_seconds");
  });

  itFindsTheAppOnItsExposition("otel-http", JOB, () => exposition);
});
