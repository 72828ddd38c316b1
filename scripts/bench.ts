/**
 * Synth benchmark: the configured app command (cdktf.json `app`) against plain `ts-node`
 * on the same sources, each synthesizing all six stacks. Runs them alternately after a
 * warm-up and prints the median wall time and peak memory (max RSS) of each, and the ratio.
 *
 * Usage: npm run bench [-- <runs>]     (default 5 runs each)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Sample {
  wallSeconds: number;
  maxRssMiB: number;
}

const runs = Number(process.argv[2] ?? 5);
const appCommand: string = JSON.parse(readFileSync("cdktf.json", "utf8")).app;
const commands: Record<string, string> = {
  [`configured app (${appCommand})`]: appCommand,
  "plain ts-node": "ts-node stacks/main.ts",
};

function measure(command: string): Sample {
  const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
  try {
    const run = spawnSync("/usr/bin/time", ["-f", "BENCH %e %M", "sh", "-c", command], {
      encoding: "utf8",
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", PATH: `node_modules/.bin:${process.env.PATH}` },
    });
    const stacks = readdirSync(join(outdir, "stacks"));
    if (run.status !== 0 || stacks.length !== 6) throw new Error(`"${command}" failed (${stacks.length} stacks): ${run.stderr}`);
    const [, wall, rssKiB] = /BENCH ([\d.]+) (\d+)/.exec(run.stderr) ?? [];
    return { wallSeconds: Number(wall), maxRssMiB: Number(rssKiB) / 1024 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
for (const command of Object.values(commands)) measure(command); // warm-up: disk and compile caches
for (let i = 0; i < runs; i++) {
  for (const [name, command] of Object.entries(commands)) samples[name].push(measure(command));
}

const summary = Object.entries(samples).map(([name, s]) => ({
  name,
  wall: median(s.map((x) => x.wallSeconds)),
  rss: median(s.map((x) => x.maxRssMiB)),
}));
console.log(`synth of all six stacks, median of ${runs} runs each:`);
for (const { name, wall, rss } of summary) console.log(`  ${name.padEnd(40)} wall ${wall.toFixed(2)} s   peak memory ${rss.toFixed(0)} MiB`);
const [app, tsNode] = summary;
console.log(`  ratio configured/ts-node: wall ${(app.wall / tsNode.wall).toFixed(2)}   peak memory ${(app.rss / tsNode.rss).toFixed(2)}`);
