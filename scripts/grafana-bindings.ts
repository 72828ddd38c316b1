import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { generateProviderBindingsFromSchema } from "@cdktf/provider-generator";

const PROVIDER_ADDRESS = "registry.terraform.io/grafana/grafana";

/** The `grafana/grafana@<version>` pin in cdktf.json's terraformProviders. */
export function pinnedGrafanaVersion(cdktfJsonPath = "cdktf.json"): string {
  const providers: string[] = JSON.parse(readFileSync(cdktfJsonPath, "utf8")).terraformProviders ?? [];
  const pin = providers.find((p) => p.startsWith("grafana/grafana@"));
  if (!pin) throw new Error(`${cdktfJsonPath}: terraformProviders has no grafana/grafana@<version> entry`);
  return pin.slice("grafana/grafana@".length);
}

/** Regenerates `<outDir>/providers/grafana` and returns the number of files written. */
export async function generateGrafanaBindings(schemaPath: string, outDir: string): Promise<number> {
  if (!existsSync(schemaPath)) throw new Error(`provider schema not found: ${schemaPath}`);
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  if (!schema.provider_schemas?.[PROVIDER_ADDRESS]) {
    throw new Error(`${schemaPath} holds no schema for ${PROVIDER_ADDRESS}`);
  }
  // `cdktf get` records the installed version the same way; it ends up in required_providers.
  schema.provider_versions = { [PROVIDER_ADDRESS]: pinnedGrafanaVersion() };
  const target = join(outDir, "providers", "grafana");
  rmSync(target, { recursive: true, force: true });
  await generateProviderBindingsFromSchema(outDir, schema);
  return listFiles(target).length;
}

/** Every file below `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) =>
      statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`],
    );
}
