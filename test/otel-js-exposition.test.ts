import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RED_PROFILES } from "../src/metrics/red-profiles";
import { dashboardQueriesOf, promtoolFindsJob } from "./helpers/scraped-exposition";
import { describeWithTools } from "./helpers/tools";

const version = (pkg: string): string => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")).version;
const EXPORTER = `@opentelemetry/exporter-prometheus ${version("@opentelemetry/exporter-prometheus")}`;
const INSTRUMENTATION = `@opentelemetry/instrumentation-http ${version("@opentelemetry/instrumentation-http")}`;

/** The job Prometheus gives the scraped app. */
const JOB = "checkout";

describeWithTools(["promtool"], `otel-http on a Node.js app scraped from ${EXPORTER} (${INSTRUMENTATION})`, () => {
  let dir: string;
  let exposition: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "otel-js-exposition-"));
    const app = spawnSync(process.execPath, [join(__dirname, "fixtures", "otel-js-http-app.cjs")], { encoding: "utf8", timeout: 30_000 });
    if (app.status !== 0) throw new Error(`the instrumented app failed: ${app.stderr}`);
    exposition = app.stdout;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the duration histogram without the unit suffix (the unit in # UNIT)", () => {
    expect(exposition).toContain("# UNIT http_server_request_duration s");
    expect(exposition).toMatch(/^http_server_request_duration_bucket\{/m);
    expect(exposition).not.toContain("http_server_request_duration_seconds");
  });

  const profile = RED_PROFILES["otel-http"];
  const queries = dashboardQueriesOf(profile, JOB);

  it.each(Object.entries(queries))("finds the app's %s", (_name, query) => {
    const result = promtoolFindsJob(dir, exposition, JOB, query);
    expect({ query, status: result.status, output: result.output }).toEqual({ query, status: 0, output: expect.stringContaining("SUCCESS") });
  });
});
