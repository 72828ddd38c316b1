/**
 * Synth benchmark. Runs each case after a warm-up (which builds the cached bundle), alternating
 * the cases, and prints the median wall time, CPU time (user + system, the number to trust on
 * a busy machine) and peak memory (max RSS) of each; then each figure against its goal, and how
 * the cost grows per unit of each growth dimension (scripts/bench-app.ts), fitted over its counts.
 *
 * Usage: npm run bench [-- <runs>]     (default 5 runs each, at least 3)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { environments } from "../stacks/environments";

interface Sample {
  wall: number;
  cpu: number;
  rssMiB: number;
}

interface Case {
  name: string;
  command: string;
  env?: Record<string, string>;
  /** Stacks the run must write. */
  stacks: number;
}

/** A growth dimension of scripts/bench-app.ts, run at each count; `perUnit` are the goals per unit, when it has any. */
interface Growth {
  dimension: string;
  counts: number[];
  /** Stacks the grown app writes beyond the shipped ones. */
  addedStacks: (count: number) => number;
  perUnit?: { ms: number; mib: number };
}

const runs = Math.max(3, Number(process.argv[2] ?? 5));
const appCommand: string = JSON.parse(readFileSync("cdktf.json", "utf8")).app;
const shippedStacks = environments.length * 2;

const CASES: Case[] = [
  { name: "app (cdktf.json's app command)", command: appCommand, stacks: shippedStacks },
  { name: "npm run synth", command: "npm run --silent synth", stacks: shippedStacks },
  { name: "tsx stacks/main.ts (the sources)", command: "tsx stacks/main.ts", stacks: shippedStacks },
];

/** The goals per onboarded service. */
const PER_SERVICE = { ms: 5, mib: 0.5 };

const GROWTH: Growth[] = [
  { dimension: "environments", counts: [0, 2, 8], addedStacks: (count) => 2 * count },
  // one team stack holds them all
  { dimension: "services", counts: [0, 50, 200], addedStacks: () => 1, perUnit: PER_SERVICE },
  { dimension: "services-with-slo", counts: [0, 50, 200], addedStacks: () => 1, perUnit: PER_SERVICE },
];

const growthCase = (growth: Growth, count: number): Case => ({
  name: `${growth.dimension} +${count}`,
  command: `${appCommand} --entry scripts/bench-app.ts`,
  env: { BENCH_GROWTH: `${growth.dimension}:${count}` },
  stacks: shippedStacks + growth.addedStacks(count),
});

function measure({ command, env, stacks }: Case): Sample {
  const outdir = mkdtempSync(join(tmpdir(), "bench-synth-"));
  try {
    const run = spawnSync("/usr/bin/time", ["-f", "BENCH %e %U %S %M", "sh", "-c", command], {
      encoding: "utf8",
      env: { ...process.env, ...env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", PATH: `node_modules/.bin:${process.env.PATH}` },
    });
    const written = run.status === 0 ? Object.keys(JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")).stacks).length : 0;
    if (written !== stacks) throw new Error(`"${command}" failed (${written} of ${stacks} stacks): ${run.stderr}`);
    const [, wall, user, system, rssKiB] = /BENCH ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(run.stderr) ?? [];
    return { wall: Number(wall), cpu: Number(user) + Number(system), rssMiB: Number(rssKiB) / 1024 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Medians of `runs` samples per case, the cases alternating, after one warm-up run each. */
function medians(cases: Case[]): Sample[] {
  for (const c of cases) measure(c);
  const samples: Sample[][] = cases.map(() => []);
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(measure(c)));
  return samples.map((s) => ({ wall: median(s.map((x) => x.wall)), cpu: median(s.map((x) => x.cpu)), rssMiB: median(s.map((x) => x.rssMiB)) }));
}

/** Least-squares slope of y over x. */
function slope(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(x), mean(y)];
  return x.reduce((sum, xi, i) => sum + (xi - mx) * (y[i] - my), 0) / x.reduce((sum, xi) => sum + (xi - mx) ** 2, 0);
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
console.log(`synth, median of ${runs} runs each (load average before: ${load()}); the app command: ${appCommand}`);
const results = medians(CASES);
const row = (name: string, s: Sample) =>
  console.log(`  ${name.padEnd(42)} wall ${s.wall.toFixed(2)} s   cpu ${s.cpu.toFixed(2)} s   max RSS ${s.rssMiB.toFixed(0)} MiB`);
CASES.forEach((c, i) => row(c.name, results[i]));

const [app, npmSynth] = results;
const goal = (what: string, value: number, limit: number, unit: string) =>
  console.log(`  ${what.padEnd(28)} ${value.toFixed(2)} ${unit} / ${limit} ${unit} = ${(value / limit).toFixed(2)}${value <= limit ? "" : "   (over the goal)"}`);
console.log("goals (ratio ≤ 1 meets it; on a busy machine compare cpu, wall waits for the other processes too):");
goal("app wall", app.wall, 1.0, "s");
goal("app cpu", app.cpu, 1.0, "s");
goal("app max RSS", app.rssMiB, 150, "MiB");
goal("npm run synth wall", npmSynth.wall, 1.5, "s");
goal("npm run synth cpu", npmSynth.cpu, 1.5, "s");

for (const growth of GROWTH) {
  const points = medians(growth.counts.map((count) => growthCase(growth, count)));
  console.log(`growth: ${growth.dimension} (runs at +${growth.counts.join(", +")}):`);
  growth.counts.forEach((count, i) => row(`${growth.dimension} +${count}`, points[i]));
  const per = (key: keyof Sample) => slope(growth.counts, points.map((p) => p[key]));
  const [wallMs, cpuMs, mib] = [per("wall") * 1000, per("cpu") * 1000, per("rssMiB")];
  console.log(`  per unit: wall +${wallMs.toFixed(1)} ms, cpu +${cpuMs.toFixed(1)} ms, max RSS +${mib.toFixed(2)} MiB`);
  if (growth.perUnit) {
    goal(`${growth.dimension}: wall per unit`, wallMs, growth.perUnit.ms, "ms");
    goal(`${growth.dimension}: cpu per unit`, cpuMs, growth.perUnit.ms, "ms");
    goal(`${growth.dimension}: max RSS per unit`, mib, growth.perUnit.mib, "MiB");
  }
}
console.log(`load average after: ${load()}`);
