/**
 * localHeatCapacity's onPhase (progress of large glasses) and the phase lines of `softspot
 * lhc`: the phases in the order the work runs, with the factor's size the result reports,
 * on both paths, sync and async; the command prints them for a large glass only.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { writeXyz } from '../lib/io/index.js';
import { localHeatCapacity, localHeatCapacityAsync, type LhcPhase } from '../lib/lhc/index.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

/** A 2D glass of `kx × ky` copies of `glass` side by side (a periodic minimum stays one). */
function tiled(glass: Configuration, kx: number, ky: number): Configuration {
  const [ax, bx, ay, by] = [glass.cell[0]!, glass.cell[1]!, glass.cell[2]!, glass.cell[3]!];
  const n = glass.n * kx * ky;
  const positions = new Float64Array(2 * n), species = new Uint8Array(n);
  let p = 0;
  for (let i = 0; i < kx; i++) {
    for (let j = 0; j < ky; j++) {
      for (let q = 0; q < glass.n; q++, p++) {
        positions[2 * p] = glass.positions[2 * q]! + i * ax + j * bx;
        positions[2 * p + 1] = glass.positions[2 * q + 1]! + i * ay + j * by;
        species[p] = glass.species[q]!;
      }
    }
  }
  return { n, cell: Float64Array.of(kx * ax, ky * bx, kx * ay, ky * by), positions, species };
}

describe('localHeatCapacity onPhase and the phase lines of softspot lhc', () => {
  let dir = '';
  scratchDir('softspot-lhc-phases-', (d) => { dir = d; });

  it('2D and 3D, sync and async: factorize (nnz(L) of the result, d(N − 1) unknowns), selected inverse, one tangent sweep per tangentsPerSweep deformations; polish first for a glass off its minimum', async () => {
    for (const name of ['n64_s1', 'ka_n256_s2']) {
      const glass = readFixtureConfig(name);
      const d = glass.dim ?? 2;
      for (const [per, sweeps] of [[undefined, [d === 2 ? 2 : 4]], [1, d === 2 ? [1, 1] : [1, 1, 1, 1]], [3, d === 2 ? [2] : [3, 1]]] as const) {
        for (const run of [localHeatCapacity, localHeatCapacityAsync]) {
          const phases: LhcPhase[] = [];
          const r = await run(glass, { ...(per !== undefined ? { tangentsPerSweep: per } : {}), onPhase: (p) => phases.push(p) });
          const nnzL = r.diagnostics.nnzL;
          // The factor's memory once factorized: its supernodal storage, at least 8·nnz(L) bytes.
          const factorBytes = (phases[1] as { factorBytes: number }).factorBytes;
          expect(factorBytes).to.be.at.least(8 * nnzL);
          expect(phases, `${name}, ${per} per sweep`).to.deep.equal([
            { phase: 'factorize', nnzL, unknowns: d * (glass.n - 1) }, { phase: 'selectedInverse', nnzL, factorBytes },
            ...sweeps.map((k) => ({ phase: 'tangents', deformations: k, nnzL, factorBytes })),
          ]);
        }
      }
      // The blocked-solves method asks for the same phases (its sweep is one request too).
      const solvesPhases: string[] = [];
      localHeatCapacity(glass, { method: 'solves', onPhase: (p) => solvesPhases.push(p.phase) });
      expect(solvesPhases).to.deep.equal(['factorize', 'selectedInverse', 'tangents']);
      // Off its minimum: the polish is announced first, with the input's max |F|.
      const shaken = { ...glass, positions: Float64Array.from(glass.positions, (x, k) => x + 1e-6 * Math.sin(k)) };
      const phases: LhcPhase[] = [];
      const r = localHeatCapacity(shaken, { onPhase: (p) => phases.push(p) });
      expect(r.diagnostics.polished).to.equal(true);
      expect(phases[0]).to.deep.equal({ phase: 'polish', maxForce: r.diagnostics.maxForceInput });
      expect(phases.map((p) => p.phase)).to.deep.equal(['polish', 'factorize', 'selectedInverse', 'tangents']);
    }
    expect(() => localHeatCapacity(readFixtureConfig('n64_s1'), { onPhase: 3 as unknown as () => void })).to.throw(TypeError, 'options.onPhase: expected a function (phase) => void, got');
  });

  it('softspot lhc prints the phases of a glass of N ≥ 2.5·10⁴ (2D) with the factor\'s size; not with --quiet, not for a small glass', async () => {
    const big = join(dir, 'big.xyz');
    writeFileSync(big, writeXyz(tiled(readFixtureConfig('n256_s1'), 10, 10))); // N = 25 600
    const r = await runCli('lhc', big, '--out', join(dir, 'big.csv'));
    expect(r.code, r.stderr).to.equal(0);
    const nnzL = Number(/nnz\(L\) (\d+), \d+\.\d+ s →/.exec(r.stderr)?.[1]);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('lhc ['));
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(new RegExp(`^lhc \\[\\d+\\.\\d s\\]: factorizing the Hessian: 51198 unknowns, nnz\\(L\\) ${nnzL} …$`));
    const factorGb = Number(/^lhc \[\d+\.\d s\]: selected inverse \(the factor holds (\S+) GB; about as much more\) …$/.exec(lines[1]!)?.[1]);
    expect(factorGb * 2 ** 30).to.be.at.least(0.99 * 8 * nnzL);
    const sweepGb = Number(/^lhc \[\d+\.\d s\]: tangent sweep of 2 deformations \(about (\S+) GB more; --tangents-per-sweep K holds K at a time\) …$/.exec(lines[2]!)?.[1]);
    expect(sweepGb).to.be.closeTo(2 * factorGb, 0.1 * factorGb); // both printed to 2 digits
    const quiet = await runCli('lhc', big, '--out', join(dir, 'big.csv'), '--quiet');
    expect(quiet.stderr).to.equal('');
    const small = await runCli('lhc', fixturePath('n256_s1.xyz'), '--out', join(dir, 's.csv'));
    expect(small.code, small.stderr).to.equal(0);
    expect(small.stderr).to.not.contain('lhc [');
  });
});
