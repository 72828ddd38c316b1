import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RED_PROFILES, type RedProfile, type RedProfileName } from "../src/metrics/red-profiles";
import { itFindsTheAppOnItsExposition } from "./helpers/scraped-exposition";
import { describeWithTools } from "./helpers/tools";

/**
 * /metrics bodies of real Python apps, captured from the libraries themselves (each file's
 * first line names the versions and how): one file per profile, `<profile>-<version>.prom`.
 */
const FIXTURES = join(__dirname, "fixtures");
const PROFILES: readonly RedProfileName[] = ["starlette-prometheus", "prometheus-fastapi-instrumentator"];

/** The job Prometheus gives the scraped app. */
const JOB = "checkout";

/** The captured exposition of `profile`'s library, and the file name (with the version). */
function capturedExposition(profile: RedProfileName): { file: string; exposition: string } {
  const files = readdirSync(FIXTURES).filter((file) => new RegExp(`^${profile}-\\d[\\w.]*\\.prom$`).test(file));
  if (files.length !== 1) throw new Error(`expected one ${profile}-<version>.prom in ${FIXTURES}, found ${files.length}`);
  return { file: files[0], exposition: readFileSync(join(FIXTURES, files[0]), "utf8") };
}

describe.each(PROFILES)("the %s profile on its library's real exposition", (name) => {
  const { file, exposition } = capturedExposition(name);

  it(`${file} says what it was captured from, then holds a 200 and a 500`, () => {
    expect(exposition.split("\n")[0]).toMatch(new RegExp(`^# ${name} \\d\\S*, prometheus_client \\d\\S*, Python \\d\\S*`));
    expect(exposition).toMatch(/^[^#].*(?:status_code="500"|status="5xx").* [1-9]/m);
  });

  it("gives the histogram's bucket bounds the profile states (the thresholds a latency SLO can count within)", () => {
    const profile: RedProfile = RED_PROFILES[name];
    const bounds = [...exposition.matchAll(new RegExp(`^${profile.durationBucket}\\{(?:.*,)?le="(?<le>[^"]+)"`, "gm"))].map((m) => Number(m.groups!.le));
    expect([...new Set(bounds.filter(Number.isFinite))].sort((a, b) => a - b)).toEqual(profile.bucketBoundsSeconds);
  });

  describeWithTools(["promtool"], "dashboard queries and catalog alerts (promtool test rules)", () =>
    itFindsTheAppOnItsExposition(name, JOB, () => exposition),
  );
});
