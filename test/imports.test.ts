import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..");

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? tsFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** Every module specifier imported or required by a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
}

const projectFiles = ["src", "constructs", "stacks", "test", "scripts", "examples"].flatMap(tsFiles);

/** A provider package root: `@cdktf/provider-helm` or the generated `.gen/providers/grafana` index. */
const isProviderRoot = (spec: string) =>
  /^@cdktf\/provider-(?!generator$)[\w-]+\/?$/.test(spec) || /(^|\/)\.gen\/providers\/grafana\/?$/.test(spec);

describe("imports", () => {
  it("recognise provider package roots and submodule paths", () => {
    expect(["@cdktf/provider-kubernetes", "@cdktf/provider-helm/", "../.gen/providers/grafana"].every(isProviderRoot)).toBe(true);
    expect(["@cdktf/provider-kubernetes/lib/namespace-v1", "../.gen/providers/grafana/folder", "@cdktf/provider-generator"].some(isProviderRoot)).toBe(false);
  });

  it("never load a provider package root (its index costs seconds on every synth)", () => {
    const offenders = projectFiles.flatMap((file) =>
      importsOf(file)
        .filter(isProviderRoot)
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("flow downwards: stacks → constructs → src", () => {
    const layerOf = (file: string) => file.split("/")[0];
    const allowed: Record<string, string[]> = { src: ["src"], constructs: ["constructs", "src", ".gen"], stacks: ["stacks", "constructs", "src", ".gen"] };
    const offenders = projectFiles
      .filter((file) => layerOf(file) in allowed)
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec.startsWith("."))
          .map((spec) => relative(ROOT, join(ROOT, file, "..", spec)))
          .filter((target) => !allowed[layerOf(file)].includes(layerOf(target)))
          .map((target) => `${file} imports ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it("let the examples use only the public API, as another repo would", () => {
    const offenders = tsFiles("examples").flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith(".") && relative(ROOT, join(ROOT, file, "..", spec)) !== "constructs")
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("keep src free of cdktf and providers", () => {
    const offenders = tsFiles("src").flatMap((file) =>
      importsOf(file).filter((spec) => /^(cdktf|constructs|@cdktf\/)/.test(spec)).map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
