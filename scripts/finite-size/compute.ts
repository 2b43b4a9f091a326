/**
 * The glasses of the finite-size study (issue 19, part 4; docs/reproduction.md "Tail
 * exponents by finite-size scaling"): for each size N and seed, prepare a glass with the
 * default protocol (lib/md prepareGlass, the same as `softspot run`, so seed s at N = 2000
 * is the same glass as in the reproduction ensemble), compute c_α and dc_α/dγ (simple and
 * pure) and the k lowest vibrational modes, and store what the analysis needs:
 *
 *   OUT/n<N>/s<seed>.json   energy, timings, sum rule, and per mode: ω, participation,
 *                           core particle, couplings, and the largest |c|, |dc/dγ| over
 *                           the bonds of the mode's core (lib/modes coreBonds)
 *   OUT/n<N>/s<seed>.bin    the bond fields: int32 count, i[count], j[count] (int32),
 *                           c, dcdg_simple, dcdg_pure (float64, count each), little-endian
 *
 *   node --import tsx scripts/finite-size/compute.ts OUT N1,N2,... SEED_FROM SEED_TO [K=20] [STRIDE=1] [OFFSET=0]
 *
 * Resumable: a glass whose .json exists is skipped (the .bin is written first, the .json
 * last and atomically). STRIDE/OFFSET split the seeds between processes.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareGlass } from '../../lib/md/index.js';
import { localHeatCapacity } from '../../lib/lhc/index.js';
import { coreBonds, lowestModes, maxAbsOver } from '../../lib/modes/index.js';

const [out, sizesArg, fromArg, toArg, kArg, strideArg, offsetArg] = process.argv.slice(2);
if (!out || !sizesArg || !fromArg || !toArg) {
  console.error('usage: compute.ts OUT N1,N2,... SEED_FROM SEED_TO [K=20] [STRIDE=1] [OFFSET=0]');
  process.exit(2);
}
const sizes = sizesArg.split(',').map(Number);
const k = Number(kArg ?? 20), stride = Number(strideArg ?? 1), offset = Number(offsetArg ?? 0);

for (let seed = Number(fromArg) + offset; seed <= Number(toArg); seed += stride) {
  for (const n of sizes) {
    const dir = join(out, `n${n}`);
    const base = join(dir, `s${seed}`);
    if (existsSync(`${base}.json`)) continue;
    await mkdir(dir, { recursive: true });
    const t0 = performance.now();
    const glass = prepareGlass({ n, seed });
    const t1 = performance.now();
    const lhc = localHeatCapacity(glass.config);
    const t2 = performance.now();
    const modes = lowestModes(lhc.config, Math.min(k, 2 * n - 3));
    const t3 = performance.now();
    const { i, j, c } = lhc;
    const ds = lhc.dcdg.simple, dp = lhc.dcdg.pure;
    const count = i.length;
    const buf = Buffer.alloc(4 + count * 8 + count * 24);
    buf.writeInt32LE(count, 0);
    Buffer.from(i.buffer, i.byteOffset, count * 4).copy(buf, 4);
    Buffer.from(j.buffer, j.byteOffset, count * 4).copy(buf, 4 + count * 4);
    let off = 4 + count * 8;
    for (const v of [c, ds, dp]) { Buffer.from(v.buffer, v.byteOffset, count * 8).copy(buf, off); off += count * 8; }
    await writeFile(`${base}.bin`, buf);
    const record = {
      n, seed, k: modes.k,
      energyPerParticle: glass.energy / n, maxForce: lhc.diagnostics.maxForce,
      sumC: lhc.diagnostics.sumC, expectedSumC: lhc.diagnostics.expectedSumC,
      modesConverged: modes.converged, modesSolves: modes.iterations,
      modes: modes.modes.map((m) => {
        const bonds = coreBonds(m.core.particle, i, j);
        return {
          omega: m.omega, participation: m.participation, residual: m.residual,
          core: m.core.particle, coupling: m.coupling,
          coreBonds: bonds.length,
          maxC: maxAbsOver(c, bonds), maxDcdgSimple: maxAbsOver(ds, bonds), maxDcdgPure: maxAbsOver(dp, bonds),
        };
      }),
      ms: { prepare: t1 - t0, lhc: t2 - t1, modes: t3 - t2 },
    };
    await writeFile(`${base}.json.tmp`, JSON.stringify(record));
    await rename(`${base}.json.tmp`, `${base}.json`);
    console.log(`n=${n} seed=${seed} prepare ${(record.ms.prepare / 1000).toFixed(1)} s, lhc ${(record.ms.lhc / 1000).toFixed(2)} s, modes ${(record.ms.modes / 1000).toFixed(2)} s (${modes.iterations} solves${modes.converged ? '' : ', NOT converged'}); QLMs ${modes.modes.filter((m) => m.quasilocalized).length}/${modes.k}`);
  }
}
