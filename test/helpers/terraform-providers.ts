import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cachedTool } from "./real-programs";
import { sharedPath } from "./shared-dir";
import { findTool } from "./tools";

/** A Terraform provider the stacks pin. */
export interface PinnedProvider {
  readonly namespace: string;
  readonly type: string;
  readonly version: string;
}

/** The providers the stacks pin: cdktf.json `terraformProviders` (`namespace/type@version`). */
export const PINNED_PROVIDERS: readonly PinnedProvider[] = (
  JSON.parse(readFileSync(resolve(__dirname, "../../cdktf.json"), "utf8")).terraformProviders as string[]
).map((entry) => {
  const [, namespace, type, version] = /^([\w-]+)\/([\w-]+)@(\S+)$/.exec(entry) ?? [];
  if (!version) throw new Error(`cdktf.json: terraformProviders entry "${entry}" is not namespace/type@version`);
  return { namespace, type, version };
});

/** Terraform's name of this machine's platform, e.g. `linux_amd64`. */
const PLATFORM = `${process.platform}_${({ x64: "amd64", arm64: "arm64", ia32: "386" } as Record<string, string>)[process.arch] ?? process.arch}`;

/** The filesystem mirror scripts/tools/build-terraform-provider-<type>.sh builds the provider into. */
export function providerMirror(provider: PinnedProvider): string {
  return cachedTool(`terraform-provider-${provider.type}-${provider.version}`);
}

/** The built provider plugin inside its mirror. */
export function providerBinary(provider: PinnedProvider): string {
  const { namespace, type, version } = provider;
  return join(providerMirror(provider), "registry.terraform.io", namespace, type, version, PLATFORM, `terraform-provider-${type}_v${version}`);
}

/** The terraform CLI, or a name saying it is missing (for `describeWithBuiltTools`). */
export const TERRAFORM = findTool("terraform") ?? "terraform (not on PATH)";

/**
 * Providers that cannot be built here: the Go module proxy refuses modules they import
 * (scripts/tools/build-terraform-provider-grafana.sh says which). Until one is built, the
 * schema stub of `../shared/tools` stands in for it, and the tests that need its own
 * validators or API calls are skipped, saying so.
 */
export const UNBUILDABLE_PROVIDERS: readonly string[] = ["grafana"];

/** Whether the real plugin of a provider is built. */
export function isBuilt(provider: PinnedProvider): boolean {
  return existsSync(providerBinary(provider));
}

/**
 * The filesystem mirror of schema stubs that `../shared/tools/tf-validate.sh` builds (a
 * stand-in plugin per provider, serving its schema), built for the stacks of `outdir` in `cacheDir`.
 */
export function stubMirror(outdir: string, cacheDir: string): string {
  const run = spawnSync(sharedPath("tools", "tf-validate.sh"), [outdir], {
    encoding: "utf8",
    env: { ...process.env, TF_VALIDATE_CACHE: cacheDir },
  });
  const [key] = existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => !name.startsWith(".")) : [];
  if (!key) throw new Error(`tf-validate.sh built no stub mirror: ${run.stdout}${run.stderr}`);
  return join(cacheDir, key, "mirror");
}

/**
 * Writes a Terraform CLI configuration (for `TF_CLI_CONFIG_FILE`) into `dir` that installs
 * each pinned provider from its built mirror, or from `fallbackMirror` (the schema stubs) where
 * it is not built, and nothing from the network; with a plugin cache so that every
 * `terraform init` links the plugins instead of copying them. Returns its path.
 */
export function writeProviderCliConfig(dir: string, fallbackMirror?: string): string {
  const mirrors = PINNED_PROVIDERS.map((provider) => {
    const path = isBuilt(provider) ? providerMirror(provider) : fallbackMirror;
    if (!path) throw new Error(`terraform-provider-${provider.type} ${provider.version} is not built and has no stand-in`);
    return `  filesystem_mirror {\n    path    = ${JSON.stringify(path)}\n    include = [${JSON.stringify(
      `registry.terraform.io/${provider.namespace}/${provider.type}`
    )}]\n  }`;
  });
  mkdirSync(join(dir, "plugin-cache"), { recursive: true });
  const path = join(dir, "terraform.tfrc");
  writeFileSync(path, `plugin_cache_dir = ${JSON.stringify(join(dir, "plugin-cache"))}\nprovider_installation {\n${mirrors.join("\n")}\n}\n`);
  return path;
}

/** One finished terraform command. */
export interface TerraformRun {
  readonly status: number | null;
  /** stdout and stderr together. */
  readonly output: string;
}

function terraformEnv(cliConfig: string, vars: Record<string, string>): NodeJS.ProcessEnv {
  const tfVars = Object.fromEntries(Object.entries(vars).map(([name, value]) => [`TF_VAR_${name}`, value]));
  return {
    ...process.env,
    ...tfVars,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: cliConfig,
  };
}

/** Runs terraform in `cwd` with the providers of `cliConfig` and the given input variables. */
export function terraform(cwd: string, args: readonly string[], cliConfig: string, vars: Record<string, string> = {}): TerraformRun {
  const run = spawnSync(TERRAFORM, ["-chdir=" + cwd, ...args], {
    encoding: "utf8",
    env: terraformEnv(cliConfig, vars),
    timeout: 300_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** `terraform` without blocking the event loop (for a test that serves HTTP while the provider runs). */
export function terraformAsync(cwd: string, args: readonly string[], cliConfig: string, vars: Record<string, string> = {}): Promise<TerraformRun> {
  return new Promise((done, fail) => {
    const child = spawn(TERRAFORM, ["-chdir=" + cwd, ...args], {
      env: terraformEnv(cliConfig, vars),
      timeout: 300_000,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", fail);
    child.on("close", (status) => done({ status, output }));
  });
}

/** `ok`, or the run's first error as one line: an assertion on it shows Terraform's message. */
export function outcome(run: TerraformRun): string {
  return run.status === 0 ? "ok" : firstError(run.output);
}

/** Terraform's first error in human output, as one line. */
function firstError(output: string): string {
  const lines = output.split("\n").map((line) => line.replace(/^[│╷╵]\s?/, "").trim());
  const start = lines.findIndex((line) => line.startsWith("Error:"));
  if (start < 0) return output.trim().split("\n").slice(-3).join(" ");
  const end = lines.findIndex((line, i) => i > start && line === "");
  return lines
    .slice(start, end > start ? end + 3 : start + 4)
    .filter(Boolean)
    .join(" ");
}

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
}

/**
 * `terraform init -backend=false` + `terraform validate` on a copy of a synthesized stack
 * directory (in a new folder under `workDir`). Returns every error as `<name>: <address>: <summary>: <detail>` (none when valid).
 */
export function validateStack(name: string, stackDir: string, workDir: string, cliConfig: string): string[] {
  mkdirSync(workDir, { recursive: true });
  const work = mkdtempSync(join(workDir, `${name}-`));
  cpSync(stackDir, work, { recursive: true });
  const init = terraform(work, ["init", "-backend=false", "-input=false", "-no-color"], cliConfig);
  if (init.status !== 0) return [`${name}: terraform init: ${firstError(init.output)}`];
  const validate = terraform(work, ["validate", "-json", "-no-color"], cliConfig);
  const { diagnostics = [] } = JSON.parse(validate.output.slice(validate.output.indexOf("{"))) as { diagnostics?: Diagnostic[] };
  const errors = diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => [name, diagnostic.address, diagnostic.summary, diagnostic.detail].filter(Boolean).join(": "));
  if (validate.status !== 0 && !errors.length) return [`${name}: terraform validate exited ${validate.status}: ${validate.output.trim()}`];
  return errors;
}
