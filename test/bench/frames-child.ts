/**
 * One measurement of ./frames.bench.ts in its own process (so that its peak memory is its
 * own), against one source tree (this one or an older commit's):
 *
 *   node --import tsx test/bench/frames-child.ts <tree> read <dump> <frame>
 *   node --import tsx test/bench/frames-child.ts <tree> plan <dump>
 *   node --import tsx test/bench/frames-child.ts <tree> job <dump> <frame> <sha256> <n>
 *
 * Prints one JSON line: seconds, peak resident memory (MB), and what was read (a checksum
 * of the positions, or the SHA-256s of the planned frames), or the error.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tree, op, path, frameText, sha256, n] = process.argv.slice(2);
const load = async <T>(module: string): Promise<T> => await import(pathToFileURL(resolve(tree!, module)).href) as T;
const t0 = performance.now();
let what: string;
try {
  if (op === 'read') {
    const io = await load<typeof import('../../lib/io/index.js')>('lib/io/index.ts');
    const s = await io.readLammpsDumpFile(path!, { frame: Number(frameText), dimension: 'auto' });
    what = `timestep ${s.timestep}, Σx = ${s.positions.reduce((a, b) => a + b, 0)}`;
  } else if (op === 'plan') {
    const g = await load<typeof import('../../lib/ensemble/glass-input.js')>('lib/ensemble/glass-input.ts');
    const plan = await g.glassSpecs({ glasses: [path!], model: 'ipl' });
    what = `${plan.specs.length} frames, identities ${createHash('sha256').update(plan.specs.map((s) => s.glass!.sha256).join()).digest('hex').slice(0, 16)}`;
  } else {
    const g = await load<typeof import('../../lib/ensemble/glass-input.js')>('lib/ensemble/glass-input.ts');
    const spec = { n: Number(n), model: 'ipl', glass: { sha256: sha256!, format: 'lammps-dump' as const } } as Parameters<typeof g.readSampleGlass>[0];
    const c = (await g.readSampleGlass(spec, path!, Number(frameText))).config;
    what = `N ${c.n}, Σx = ${c.positions.reduce((a, b) => a + b, 0)}`;
  }
} catch (error) {
  what = `fails: ${(error as Error).message.split('\n')[0]!.slice(0, 60)}`;
}
process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakMB: process.resourceUsage().maxRSS / 1024, what }) + '\n');
