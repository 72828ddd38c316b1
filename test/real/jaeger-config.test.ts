import { parse, stringify } from "yaml";
import { environments } from "../../stacks/environments";
import { CHARTS } from "../../src/helm/charts";
import { HELM, releaseOfChart, removeHelmScratch, renderedConfigMapEntry, renderedContainerEnv } from "../helpers/rendered-program-input";
import { cachedTool, describeWithBuiltTools } from "../helpers/real-programs";
import { runProgram, writeTempFile } from "../helpers/run-program";
import { describeWithShared } from "../helpers/shared-dir";
import { readStack, synthToTempDir } from "../helpers/synth";

afterAll(removeHelmScratch);

/**
 * Jaeger v2.12.0 (module tag v1.75.0), built by scripts/tools/build-jaeger.sh: the newest approved
 * release the Go module proxy serves; the chart's 2.19.0 is not served.
 */
const JAEGER = cachedTool("jaeger-2.12.0", "bin", "jaeger");

const prod = environments.find((env) => env.name === "prod")!;

/**
 * The shipped environments (memory, badger and opensearch storage) and prod on Elasticsearch
 * over TLS, so every storage type Jaeger can be given is rendered once.
 */
const INPUTS = [
  ...environments,
  {
    ...prod,
    name: "prod-elasticsearch",
    traces: { ...prod.traces, storage: { ...prod.traces!.storage, type: "elasticsearch", tls: { caSecret: { name: "search-ca", key: "ca.crt" } } } },
  },
];
const NAMES = INPUTS.map((env) => env.name);

/** What the chart hands the Jaeger container: its `userconfig` file and environment. */
interface JaegerInput {
  readonly config: string;
  readonly env: Record<string, string>;
}

/** `jaeger validate` with the file the chart passes as `--config /etc/jaeger/user-config.yaml`, with the pod's environment. */
function validate(input: JaegerInput) {
  return runProgram(JAEGER, ["validate", "--config", writeTempFile("user-config.yaml", input.config)], input.env);
}

/** A Jaeger input whose config has `change` applied to its parsed form. */
function plantedIn(input: JaegerInput, change: (config: any) => void): JaegerInput {
  const config = parse(input.config);
  change(config);
  return { ...input, config: stringify(config) };
}

describeWithShared("Jaeger (real program)", () => {
  describeWithBuiltTools([HELM, JAEGER], "jaeger 2.12.0 accepts the config the chart renders for every environment and storage type", () => {
    let inputs: Record<string, JaegerInput>;

    beforeAll(() => {
      const outdir = synthToTempDir(INPUTS);
      inputs = Object.fromEntries(
        NAMES.map((name) => {
          const release = releaseOfChart(readStack(outdir, `${name}-platform`), CHARTS.jaeger.name);
          return [
            name,
            {
              config: renderedConfigMapEntry(release, "templates/jaeger/jaeger-user-config.yaml", "user-config.yaml"),
              env: renderedContainerEnv(release, "templates/jaeger/jaeger-deploy.yaml", "jaeger"),
            },
          ];
        }),
      );
    });

    it("renders each storage type once", () => {
      const types = NAMES.map((name) => Object.keys(parse(inputs[name].config).extensions.jaeger_storage.backends.primary)[0]);
      expect(types.sort()).toEqual(["badger", "elasticsearch", "memory", "opensearch"]);
    });

    it.each(NAMES)("%s: jaeger validate passes", (name) => {
      expect(validate(inputs[name])).toEqual({ status: 0, output: expect.any(String) });
    });

    it("rejects a storage setting that does not exist", () => {
      const planted = plantedIn(inputs.dev, (config) => {
        config.extensions.jaeger_storage.backends.primary.memory.max_trace = 1000;
      });
      const run = validate(planted);
      expect(run.status).not.toBe(0);
      expect(run.output).toContain("max_trace");
    });

    it("rejects an extension type that does not exist", () => {
      const planted = plantedIn(inputs.dev, (config) => {
        config.extensions.jaeger_qurey = config.extensions.jaeger_query;
        config.service.extensions.push("jaeger_qurey");
      });
      const run = validate(planted);
      expect(run.status).not.toBe(0);
      expect(run.output).toContain("jaeger_qurey");
    });
  });
});
