/**
 * The app `npm run bench` measures growth with: `BENCH_GROWTH=<dimension>:<count>` builds the
 * shipped app grown by `count` units of one dimension, then synthesizes it like stacks/main.ts.
 * A dimension is a function of the count returning the built (not yet synthesized) app.
 */
import { App } from "cdktf";
import { buildApp } from "../stacks/app";
import { environments } from "../stacks/environments";
import { dev } from "../stacks/environments/dev";

const GROWTH: Record<string, (count: number) => App> = {
  /** Copies of the dev environment (`dev1`, `dev2`…): a platform and a grafana stack each. */
  environments: (count) => buildApp([...environments, ...Array.from({ length: count }, (_, i) => ({ ...dev, name: `dev${i + 1}` }))]),
};

const [dimension, count] = (process.env.BENCH_GROWTH ?? "").split(":");
if (!GROWTH[dimension] || !/^\d+$/.test(count)) throw new Error(`BENCH_GROWTH must be <dimension>:<count>, dimension one of ${Object.keys(GROWTH).join(", ")}`);
GROWTH[dimension](Number(count)).synth();
