/**
 * `softspot minimize` / minimizeGlass of the paper's 2D glass: conjugate gradient to
 * max |F| ≤ 1e-8 from a glass perturbed by ±0.1 λ (seeded), with the objective it runs
 * (glassObjective: the MD list and its native pair loop, lib/md createMdObjective) against
 * the TypeScript kernel of lib/hessian it ran before (energyForces on lib/space's list with
 * the skin of 0.3), side by side and interleaved, fastest of `repeats`. Both stop after the
 * same number of iterations (the same law; U and F equal to rounding); the Newton polish
 * that follows is the same for both and is not timed.
 *
 * Usage: `npm run bench -- minimize` (N = 2000 and 10⁴; prepares and caches the glasses).
 */
import type { Configuration } from '../../lib/config.js';
import { energyForces } from '../../lib/hessian/index.js';
import { prepareGlass } from '../../lib/md/index.js';
import { glassObjective, minimizeCG, type Objective } from '../../lib/minimize/index.js';
import { DEFAULT_MODEL } from '../../lib/model/index.js';
import { createNeighborList } from '../../lib/space/index.js';
import { createRng } from '../../lib/stats/index.js';
import { fmt, printTable, ratio } from './table.js';

/** The objective minimizeGlass ran until 2026-12-07: lib/hessian's TypeScript pair loop. */
function typescriptObjective(config: Configuration): Objective {
  const nl = createNeighborList(config.n, { cutoff: DEFAULT_MODEL.maxCutoff, skin: 0.3 });
  const view: Configuration = { ...config };
  const forces = new Float64Array(2 * config.n);
  return (x, grad) => {
    view.positions = x;
    const { energy } = energyForces(view, DEFAULT_MODEL, nl, forces);
    for (let k = 0; k < grad.length; k++) grad[k] = -forces[k]!;
    return energy;
  };
}

function cpuMs(fn: () => void): number {
  const u = process.cpuUsage();
  fn();
  const d = process.cpuUsage(u);
  return (d.user + d.system) / 1000;
}

export async function run(sizes = [2000, 10_000], repeats = 3): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const n of sizes) {
    const glass = prepareGlass({ n, seed: 1, tEquilibrate: 2, anneal: 5 }).config;
    const rng = createRng(11);
    const start = Float64Array.from(glass.positions, (x) => x + 0.1 * (2 * rng.uniform() - 1));
    const best = { native: Infinity, typescript: Infinity };
    const iterations = { native: 0, typescript: 0 };
    const energy = { native: 0, typescript: 0 };
    for (let r = 0; r < repeats; r++) {
      for (const route of ['native', 'typescript'] as const) {
        const x = Float64Array.from(start);
        const objective = route === 'native' ? glassObjective(glass, DEFAULT_MODEL) : typescriptObjective(glass);
        let result!: ReturnType<typeof minimizeCG>;
        const ms = cpuMs(() => { result = minimizeCG(objective, x, { fTol: 1e-8, maxIter: 100_000, maxStep: 0.1 }); });
        best[route] = Math.min(best[route], ms);
        iterations[route] = result.iterations;
        energy[route] = result.energy / n;
      }
    }
    rows.push([n, `${iterations.native} / ${iterations.typescript}`, (energy.native - energy.typescript).toExponential(1),
      fmt(best.native), fmt(best.typescript), ratio(best.typescript / best.native)]);
  }
  printTable(`minimizeGlass's CG to max |F| ≤ 1e-8 from a glass perturbed by ±0.1 λ (CPU ms, fastest of ${repeats}, interleaved)`,
    ['N', 'iterations native / TS', 'ΔU/N', 'MD list, native loop', 'lib/hessian TS kernel', 'speed-up'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
