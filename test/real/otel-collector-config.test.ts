import { parse, stringify } from "yaml";
import { CHARTS } from "../../src/helm/charts";
import { Values } from "../../src/helm/values";
import { HELM, releaseOfChart, removeHelmScratch, renderedConfigMapEntry, renderedContainerEnv } from "../helpers/rendered-program-input";
import { cachedTool, describeWithBuiltTools } from "../helpers/real-programs";
import { runProgram, writeTempFile } from "../helpers/run-program";
import { describeWithShared } from "../helpers/shared-dir";
import { readStack, synthToTempDir } from "../helpers/synth";

afterAll(removeHelmScratch);

/** The collector scripts/tools/build-otelcol.sh builds from scripts/tools/otelcol/builder-config.yaml. */
const OTELCOL = cachedTool("otelcol-0.158.0", "bin", "otelcol");
const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const COMPONENT_KINDS = ["receivers", "processors", "exporters", "connectors", "extensions"] as const;

/** What the chart hands the collector container: its config file (ConfigMap key `relay`) and environment. */
interface CollectorInput {
  readonly config: string;
  readonly env: Record<string, string>;
}

/** `otelcol validate` as the chart runs the collector (`--config=/conf/relay.yaml`), with the pod's environment. */
function validate(input: CollectorInput) {
  return runProgram(OTELCOL, ["validate", `--config=${writeTempFile("relay.yaml", input.config)}`], input.env);
}

/** The component types a config defines (`otlp_http/loki` → `otlp_http`), by kind. */
function componentTypes(config: Values, kind: (typeof COMPONENT_KINDS)[number]): string[] {
  return Object.keys((config[kind] as Values | undefined) ?? {}).map((id) => id.split("/")[0]);
}

/** A collector input whose config has `change` applied to its parsed form. */
function plantedIn(input: CollectorInput, change: (config: any) => void): CollectorInput {
  const config = parse(input.config);
  change(config);
  return { ...input, config: stringify(config) };
}

describeWithShared("OpenTelemetry Collector (real program)", () => {
  describeWithBuiltTools([HELM, OTELCOL], "otelcol 0.158.0 accepts the collector config the chart renders for every environment", () => {
    let inputs: Record<(typeof ENVIRONMENTS)[number], CollectorInput>;

    beforeAll(() => {
      const outdir = synthToTempDir();
      inputs = Object.fromEntries(
        ENVIRONMENTS.map((env) => {
          const release = releaseOfChart(readStack(outdir, `${env}-platform`), CHARTS.otelCollector.name);
          return [
            env,
            {
              config: renderedConfigMapEntry(release, "templates/configmap.yaml", "relay"),
              env: renderedContainerEnv(release, "templates/deployment.yaml", "opentelemetry-collector"),
            },
          ];
        }),
      ) as typeof inputs;
    });

    it.each(ENVIRONMENTS)("%s: otelcol validate passes", (env) => {
      expect(validate(inputs[env])).toEqual({ status: 0, output: expect.any(String) });
    });

    // `components` lists each type under its current name only: a config that used a deprecated
    // alias (`k8sattributes`, `otlp`) would not match, though validate accepts it without a word.
    it("is built with exactly the component types the configs of the environments use, by their current names", () => {
      const built = parse(runProgram(OTELCOL, ["components"]).output);
      for (const kind of COMPONENT_KINDS) {
        const used = new Set(ENVIRONMENTS.flatMap((env) => componentTypes(parse(inputs[env].config), kind)));
        const names = ((built[kind] ?? []) as { name: string }[]).map((component) => component.name);
        expect({ kind, components: names.sort() }).toEqual({ kind, components: [...used].sort() });
      }
    });

    it("rejects a component type that does not exist", () => {
      const planted = plantedIn(inputs.prod, (config) => {
        config.processors["k8s_atributes"] = {};
        config.service.pipelines.traces.processors.splice(1, 0, "k8s_atributes");
      });
      const run = validate(planted);
      expect(run.status).not.toBe(0);
      expect(run.output).toContain("k8s_atributes");
    });

    it("rejects a setting the component does not have", () => {
      const planted = plantedIn(inputs.prod, (config) => {
        config.exporters["otlp_http/loki"].endpiont = config.exporters["otlp_http/loki"].endpoint;
      });
      const run = validate(planted);
      expect(run.status).not.toBe(0);
      expect(run.output).toContain("endpiont");
    });
  });
});
