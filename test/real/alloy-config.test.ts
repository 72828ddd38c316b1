import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHARTS } from "../../src/helm/charts";
import { HELM, releaseOfChart, removeHelmScratch, renderedConfigMapEntry } from "../helpers/rendered-program-input";
import { cachedTool, describeWithBuiltTools } from "../helpers/real-programs";
import { runProgram, writeTempFile } from "../helpers/run-program";
import { describeWithShared } from "../helpers/shared-dir";
import { readStack, synthToTempDir } from "../helpers/synth";

afterAll(removeHelmScratch);

/** Our front end over Alloy's own parser (scripts/tools/alloy-syntax/), built by scripts/tools/build-alloy-syntax.sh. */
const ALLOY_SYNTAX = cachedTool("alloy-syntax-0.1.1", "bin", "alloy-syntax");
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;

/** Every component of Alloy v1.18.1 (the chart's appVersion), from Alloy's source: see the file's header. */
const ALLOY_COMPONENTS = new Set(
  readFileSync(join(__dirname, "../fixtures/alloy-components-v1.18.1.txt"), "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#")),
);

/** Parses an Alloy file with Alloy's parser: exit status, and the `name label` of each component block or the syntax error. */
function parseAlloy(text: string) {
  return runProgram(ALLOY_SYNTAX, [writeTempFile("config.alloy", text)]);
}

/** The component names (`loki.write`) of a parsed file, in order. */
function componentNames(parsed: { output: string }): string[] {
  return parsed.output.split("\n").filter(Boolean).map((line) => line.split(" ")[0]);
}

/** The component names of a parsed file that Alloy v1.18.1 does not have. */
function unknownComponents(parsed: { output: string }): string[] {
  return componentNames(parsed).filter((name) => !ALLOY_COMPONENTS.has(name));
}

describeWithShared("Alloy configuration (real parser)", () => {
  describeWithBuiltTools([HELM, ALLOY_SYNTAX], "Alloy's own parser reads the config the chart renders for every environment", () => {
    let configs: Record<(typeof ENVIRONMENTS)[number], string>;

    beforeAll(() => {
      const outdir = synthToTempDir();
      configs = Object.fromEntries(
        ENVIRONMENTS.map((env) => {
          const release = releaseOfChart(readStack(outdir, `${env}-platform`), CHARTS.alloy.name);
          return [env, renderedConfigMapEntry(release, "templates/configmap.yaml", "config.alloy")];
        }),
      ) as typeof configs;
    });

    it.each(ENVIRONMENTS)("%s: parses, and every component exists in Alloy 1.18", (env) => {
      const parsed = parseAlloy(configs[env]);
      expect(parsed.status).toBe(0);
      // the pipeline from pod discovery to Loki, each block read as the component it is
      expect(componentNames(parsed)).toEqual(expect.arrayContaining(["discovery.kubernetes", "loki.source.file", "loki.write"]));
      expect(unknownComponents(parsed)).toEqual([]);
    });

    it("finds a misspelled component", () => {
      const parsed = parseAlloy(configs.prod.replace('loki.write "loki"', 'loki.wirte "loki"'));
      expect(parsed.status).toBe(0);
      expect(unknownComponents(parsed)).toEqual(["loki.wirte"]);
    });

    it("rejects a syntax error, as Alloy reports it", () => {
      const parsed = parseAlloy(configs.prod.replace('tenant_id = "platform"', 'tenant_id = "plat\nform"'));
      expect(parsed.status).toBe(1);
      expect(parsed.output).toMatch(/config\.alloy:\d+:\d+: string literal not terminated/);
    });
  });
});
