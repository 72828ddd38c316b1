/**
 * Every ```ts block of README.md compiles against the package's public API, as a consumer
 * repo imports it: `cdktf-observability` (and its subpaths) resolve to this checkout's
 * sources. One `tsc --noEmit` checks all blocks at once.
 *
 * A block that is a fragment states what it needs in an HTML comment right before it (not
 * rendered on GitHub):
 *
 *     <!-- ts-context
 *     import { TerraformStack } from "cdktf";
 *     declare const stack: TerraformStack;
 *     -->
 *
 * The block is compiled after that context, or in place of a `/* block *\/` line in it
 * (for a fragment that only makes sense inside an expression). Each block is a module of
 * its own, so blocks may declare the same names.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const BLOCK_MARKER = "/* block */";

/** One ```ts block: its code, its context, and the README line of its first code line. */
export interface ReadmeBlock {
  readonly line: number;
  readonly code: string;
  readonly context?: string;
}

/** The ```ts blocks of a markdown text, each with the `ts-context` comment right before its fence. */
export function tsBlocks(markdown: string): ReadmeBlock[] {
  const blocks: ReadmeBlock[] = [];
  const fence = /^```ts\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const before = markdown.slice(0, match.index);
    const context = /<!-- ts-context\n((?:(?!-->)[\s\S])*)-->\n$/.exec(before)?.[1];
    blocks.push({ line: before.split("\n").length + 1, code: match[1], context });
  }
  return blocks;
}

/** The module a block is compiled as, and how many lines of it come before the block's code. */
export function blockModule(block: ReadmeBlock): { source: string; offset: number } {
  const context = block.context ?? "";
  const [head, tail] = context.includes(BLOCK_MARKER) ? context.split(BLOCK_MARKER) : [context, ""];
  return { source: `${head}${block.code}${tail}\nexport {};\n`, offset: head.split("\n").length - 1 };
}

describe("README.md code blocks", () => {
  const blocks = tsBlocks(readFileSync(join(ROOT, "README.md"), "utf8"));

  it("the helpers find a block's context and put the block in its place", () => {
    const markdown = "text\n<!-- ts-context\nconst x = {\n/* block */\n};\n-->\n```ts\na: 1,\n```\n\n```ts\nlet b = 2;\n```\n";
    const [wrapped, plain] = tsBlocks(markdown);
    expect(wrapped).toEqual({ line: 8, code: "a: 1,\n", context: "const x = {\n/* block */\n};\n" });
    expect(blockModule(wrapped)).toEqual({ source: "const x = {\na: 1,\n\n};\n\nexport {};\n", offset: 1 });
    expect(plain).toEqual({ line: 12, code: "let b = 2;\n", context: undefined });
  });

  it("every ts block compiles against the public API (cdktf-observability → this checkout)", () => {
    expect(blocks.length).toBeGreaterThan(0);
    // inside the repo tree, so cdktf, constructs and the providers resolve from its node_modules
    const dir = mkdtempSync(join(ROOT, ".readme-blocks-"));
    try {
      const offsets = new Map<string, { line: number; offset: number }>();
      blocks.forEach((block, index) => {
        const file = `block-${index}.ts`;
        const { source, offset } = blockModule(block);
        writeFileSync(join(dir, file), source);
        offsets.set(file, { line: block.line, offset });
      });
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          extends: "../tsconfig.json",
          compilerOptions: {
            rootDir: "..",
            types: ["node"],
            // `paths` (from ../tsconfig.json) map `cdktf-observability` to this checkout's sources
            noUnusedLocals: false,
          },
          include: ["*.ts"],
        }),
      );
      const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir, "--noEmit", "--pretty", "false"], {
        encoding: "utf8",
      });
      // block-3.ts(5,7): error TS2304: … → README.md:<line>: error TS2304: …
      const errors = tsc.stdout
        .split("\n")
        .filter((line) => line.includes("error TS"))
        .map((line) => {
          const [, file, row, message] = /^(?:.*\/)?(block-\d+\.ts)\((\d+),\d+\): (.*)$/.exec(line) ?? [];
          const block = offsets.get(file);
          if (!block) return line;
          const inBlock = Number(row) - 1 - block.offset;
          return inBlock >= 0 ? `README.md:${block.line + inBlock}: ${message}` : `README.md:${block.line} (its ts-context): ${message}`;
        });
      expect(errors).toEqual([]);
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
