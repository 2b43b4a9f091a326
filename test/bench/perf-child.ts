/**
 * One measurement of ./perf.bench.ts in its own process, against one source tree (this
 * one, or the frozen copy of an older commit): the native addon registers its error class
 * once per process, so two trees cannot share one.
 *
 *   node --import tsx test/bench/perf-child.ts <tree> '<task JSON>'
 *
 * Tasks: {"kind": "aqs", "glass": path, "direction": "simple+"} (first event, fast
 * protocol; optional "protocol", "step", "maxStrain"), {"kind": "prepare", "n": N, "seed": S} (prepareGlass with the defaults).
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface AqsTask { kind: 'aqs'; glass: string; direction: string; protocol?: 'fast' | 'reference'; step?: number; maxStrain?: number }
interface PrepareTask { kind: 'prepare'; n: number; seed: number }

const [tree, json] = process.argv.slice(2);
const task = JSON.parse(json) as AqsTask | PrepareTask;
const load = async <T>(module: string): Promise<T> => import(pathToFileURL(resolve(tree, module)).href) as Promise<T>;

if (task.kind === 'aqs') {
  const { firstEvent } = await load<typeof import('../../lib/aqs/index.js')>('lib/aqs/index.ts');
  const { readXyz } = await load<typeof import('../../lib/io/index.js')>('lib/io/index.ts');
  const config = readXyz(readFileSync(task.glass, 'utf8'), task.glass);
  const { protocol, step, maxStrain } = task;
  const e = firstEvent(config, { direction: task.direction as 'simple+', protocol, step, maxStrain });
  process.stdout.write(JSON.stringify({
    gammaC: e.gammaC, gammaLo: e.gammaLo, particle: e.particle, energyDrop: e.energyDrop, lambdaMinBefore: e.lambdaMinBefore,
    statistics: e.statistics,
  }) + '\n');
} else {
  const { prepareGlass } = await load<typeof import('../../lib/md/index.js')>('lib/md/index.ts');
  const g = prepareGlass({ n: task.n, seed: task.seed, timings: false });
  process.stdout.write(JSON.stringify({
    energyPerParticle: g.energy / task.n, maxForce: g.maxForce, cgIterations: g.cgIterations, newtonIterations: g.newtonIterations,
    wall: g.wall,
  }) + '\n');
}
