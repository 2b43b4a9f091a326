/**
 * Small boxes (DESIGN §10): a cell whose reduced smallest width is ≤ 2 × the largest
 * cutoff (plus the skin) is refused, naming the smallest N that fits at that density.
 * The number named is checked against an independent brute-force search over N of the
 * side (N/ρ)^{1/d} of a square/cubic cell, and against real cells at N_min − 1 and N_min.
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { findPairs, energyForces } from '../lib/hessian/index.js';
import { writeXyz } from '../lib/io/index.js';
import { presetModel, DEFAULT_MODEL } from '../lib/model/index.js';
import { prepareGlassNd } from '../lib/nd/prepare.js';
import { buildNeighborList, createNeighborList, smallBoxAdvice, smallestFittingN } from '../lib/space/index.js';
import { seededRandom } from './helpers/dense-linalg.js';
import { readFixtureConfig } from './helpers/read-fixture.js';
import { findPairsNd, lawOfConfiguration } from '../lib/nd/index.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { firstEvent, minimizeGlassNd } from '../lib/index.js';
import { runCli } from './helpers/run-cli.js';

/** Brute force: the first N = 1, 2, … whose square (d = 2) / cubic (d = 3) side (N/ρ)^{1/d} exceeds `width`. */
function bruteSmallestN(density: number, d: 2 | 3, width: number): number {
  for (let n = 1; ; n++) {
    const side = d === 2 ? Math.sqrt(n / density) : Math.cbrt(n / density);
    if (side > width) return n;
  }
}

/** N random particles (species alternating) in a square cell at density ρ. */
function squareGlass(n: number, density: number, seed = 1): Configuration {
  const L = Math.sqrt(n / density), rand = seededRandom(seed);
  const positions = Float64Array.from({ length: 2 * n }, () => rand() * L);
  return { n, cell: Float64Array.of(L, 0, 0, L), positions, species: Uint8Array.from({ length: n }, (_, k) => k % 2) };
}

describe('small boxes (DESIGN §10)', () => {
  it('smallestFittingN = ⌊ρ·w^d⌋ + 1 agrees with a brute-force search over N', () => {
    for (const [density, d, width] of [[0.86, 2, 2 * 2.24], [1.2, 2, 5.3], [0.82, 3, 2 * 1.48 * 1.4], [1, 3, 2.5 * 1.62], [0.5, 2, 7.77]] as const) {
      expect(smallestFittingN(density, d, width), `ρ = ${density}, d = ${d}, w = ${width}`).to.equal(bruteSmallestN(density, d, width));
    }
  });

  it('3D KA at N/V = 1.2 (cutoff x_c σ_AA = 2.5): N ≥ 151 (DESIGN says 150; at 150 the side is exactly 5 = 2·2.5)', () => {
    const ka = presetModel('ka');
    expect(ka.maxCutoff).to.equal(2.5);
    const nMin = smallestFittingN(1.2, 3, 2 * ka.maxCutoff);
    expect(nMin).to.equal(bruteSmallestN(1.2, 3, 2 * ka.maxCutoff));
    expect(nMin).to.equal(151);
    expect(Math.cbrt(150 / 1.2)).to.equal(5); // the side at N = 150: equal to 2·cutoff, which minimum image refuses
  });

  it('the refusal shows the computation: 3D KA N = 150 (side exactly 2·2.5) and an inexact bound (ipl, N/V = 0.86)', () => {
    let message = '';
    try {
      prepareGlassNd({ model: 'ka', n: 150, seed: 1 });
    } catch (e) {
      message = (e as Error).message;
    }
    // 2·2.5 = 5, 5³ = 125, 1.2·125 = 150: N must exceed 150.
    expect(message).to.contain('must exceed 2·(max cutoff) = 5 λ: N > ρ·5^3 = 1.2·125 = 150, so N ≥ 150 + 1 = 151');
    expect(message).to.contain('at N = 150 the side is exactly 5 λ, which does not fit');
    expect(message).to.match(/give a glass of N ≥ 151$/);
    // A density computed from a file's cell lands a rounding below 1.2 (N = 120, side ∛(120/1.2)):
    // ρ·125 = 149.99999999999997, and N_min is still 151, said the same way.
    const side = Math.cbrt(120 / 1.2), rho = 120 / (side * side * side);
    expect(rho * 125).to.be.below(150);
    expect(smallestFittingN(rho, 3, 5)).to.equal(151);
    const kaAdvice = smallBoxAdvice(120, side ** 3, 3, 2.5, 'max cutoff');
    expect(kaAdvice).to.contain('so N ≥ 150 + 1 = 151; at N = 150 the side is exactly 5 λ, which does not fit');
    expect(kaAdvice).to.match(/give a glass of N ≥ 151$/);
    const density = 0.86, w = 2 * DEFAULT_MODEL.maxCutoff, nMin = bruteSmallestN(density, 2, w);
    const advice = smallBoxAdvice(nMin - 1, (nMin - 1) / density, 2, DEFAULT_MODEL.maxCutoff, 'cutoff');
    expect(advice).to.contain(`so N ≥ ⌊${Number((density * w * w).toPrecision(6))}⌋ + 1 = ${nMin}`);
    expect(advice).not.to.contain('exactly');
  });

  it('findPairs and energyForces refuse N_min − 1 and accept N_min, naming N_min (ipl, N/V = 0.86)', () => {
    const density = 0.86, r = DEFAULT_MODEL.maxCutoff;
    const nMin = bruteSmallestN(density, 2, 2 * r);
    const small = squareGlass(nMin - 1, density);
    const message = `the smallest square cell that fits holds N = ${nMin} particles`;
    expect(() => findPairs(small, DEFAULT_MODEL)).to.throw(RangeError, "config.cell: expected the reduced cell's smallest width > 2·(cutoff + skin)");
    expect(() => findPairs(small, DEFAULT_MODEL)).to.throw(RangeError, message);
    expect(() => findPairs(small, DEFAULT_MODEL)).to.throw(RangeError, `this glass has N = ${nMin - 1}: give a glass of N ≥ ${nMin}`);
    expect(() => energyForces(small, DEFAULT_MODEL)).to.throw(RangeError, message);
    expect(findPairs(squareGlass(nMin, density), DEFAULT_MODEL).count).to.be.above(0);
    // A tilted cell of the same N and density is narrower: refused, and told the N that a
    // cell of its shape needs (the square's N_min would be N itself). Tilt ½: the reduced
    // basis (L, 0), (±L/2, L) has widths L and L/√(5/4); brute force over N' of that width.
    const tiltedCell = (n: number) => { const L = Math.sqrt(n / density); return Float64Array.of(L, 0.5 * L, 0, L); };
    const tilted = { ...squareGlass(nMin, density), cell: tiltedCell(nMin) };
    let nShape = nMin;
    while (!(Math.sqrt(nShape / density) / Math.sqrt(1.25) > 2 * r)) nShape++;
    expect(nShape).to.be.above(nMin);
    expect(() => findPairs(tilted, DEFAULT_MODEL)).to.throw(RangeError, 'the cell is sheared, strained or elongated');
    expect(() => findPairs(tilted, DEFAULT_MODEL)).to.throw(RangeError, `give a glass of N ≥ ${nShape}, or deform this one less`);
    expect(findPairs({ ...squareGlass(nShape, density), cell: tiltedCell(nShape) }, DEFAULT_MODEL).count).to.be.above(0);
    expect(() => findPairs({ ...squareGlass(nShape - 1, density), cell: tiltedCell(nShape - 1) }, DEFAULT_MODEL)).to.throw(RangeError, `N ≥ ${nShape}`);
  });

  it('softspot run refuses a glass too small to prepare before starting (exit 2, no results directory), and a last seed beyond 2^53', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softspot-small-run-'));
    try {
      // The 2D preparation's MD list: side √(N/0.86) > 2·(cutoff + 2·0.3); 3D KA: ∛(N/1.2) > 5.
      const nMin2d = bruteSmallestN(0.86, 2, 2 * (DEFAULT_MODEL.maxCutoff + 0.6)), out = join(dir, 'res');
      const small = await runCli('run', '--n', String(nMin2d - 1), '--samples', '2', '--out', out);
      expect(small.code, small.stderr).to.equal(2);
      expect(small.stderr).to.contain(`--n: a square cell of N = ${nMin2d - 1}`);
      expect(small.stderr).to.contain(`give a glass of N ≥ ${nMin2d}`);
      const ka = await runCli('run', '--model', 'ka', '--n', '150', '--samples', '2', '--out', out);
      expect(ka.code, ka.stderr).to.equal(2);
      expect(ka.stderr).to.contain('give a glass of N ≥ 151');
      const seeds = await runCli('run', '--n', '100', '--samples', '3', '--seed0', String(Number.MAX_SAFE_INTEGER - 1), '--out', out);
      expect(seeds.code, seeds.stderr).to.equal(2);
      expect(seeds.stderr).to.contain(`use seed0 ≤ ${Number.MAX_SAFE_INTEGER - 2}`);
      expect(existsSync(out), 'no results directory').to.equal(false);
      // demo and prepare (the 2D ipl route as the others) say the same in the command line's terms, before any banner.
      const demo = await runCli('demo', '--n', String(nMin2d - 1), '--out', out);
      expect([demo.code, demo.stdout], demo.stderr).to.deep.equal([2, '']);
      expect(demo.stderr).to.match(new RegExp(`^softspot demo: --n: a square cell of N = ${nMin2d - 1}.*give a glass of N ≥ ${nMin2d}\n`));
      expect(existsSync(out), 'no results directory').to.equal(false);
      for (const model of ['ipl', 'ka2d']) {
        const prepare = await runCli('prepare', '--model', model, '--n', '20', '--seed', '1', '--out', join(dir, 'p.xyz'));
        expect(prepare.code, prepare.stderr).to.equal(2);
        expect(prepare.stderr).to.match(/^softspot prepare: --n 20: a square cell of N = 20 /);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a neighbour list with skin counts the skin: N_min from 2·(cutoff + skin)', () => {
    const density = 1.2, cutoff = 2.5, skin = 0.3;
    const nMin = bruteSmallestN(density, 2, 2 * (cutoff + skin));
    const list = (n: number) => buildNeighborList(createNeighborList(n, { cutoff, skin }), squareGlass(n, density));
    expect(() => list(nMin - 1)).to.throw(RangeError, `2·(cutoff + skin) = ${2 * (cutoff + skin)}`);
    expect(() => list(nMin - 1)).to.throw(RangeError, `N ≥ ${nMin}`);
    expect(list(nMin).count).to.be.above(0);
  });

  it('the command line: lhc exits 2 naming the file and the smallest N; info describes the cell with it (exit 0)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softspot-small-'));
    try {
      const nMin = bruteSmallestN(0.86, 2, 2 * DEFAULT_MODEL.maxCutoff);
      const path = join(dir, 'small.xyz');
      await writeFile(path, writeXyz(squareGlass(nMin - 1, 0.86)));
      const r = await runCli('lhc', path, '--out', join(dir, 'x.csv'));
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(path);
      expect(r.stderr).to.contain(`give a glass of N ≥ ${nMin}`);
      const info = await runCli('info', path);
      expect(info.code, info.stderr).to.equal(0);
      expect(info.stdout).to.contain('the cell does NOT fit').and.to.contain(`give a glass of N ≥ ${nMin}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a poly glass with one size far from the others', () => {
  it('is told which particle sets the cutoff, not to take a glass N-fold larger (one σ = 50 among sizes near 1)', () => {
    const glass = readFixtureConfig('poly_n128_s2');
    const sigma = Float64Array.from(glass.sigma!);
    const median = Float64Array.from(sigma).sort()[64]!;
    sigma[2] = 50;
    const big = { ...glass, sigma };
    const message = new RegExp(`^config\\.sigma: particle 2 has size σ = 50\\.0000 λ, ${(50 / median).toPrecision(3)} times the median ${median.toPrecision(6)} λ, ` +
      'and its cutoff \\(\\S+ λ\\) is more than half the cell\'s smallest width \\S+ λ, which the other particles\' fit; check that particle\'s size');
    expect(() => findPairsNd(big, lawOfConfiguration(big))).to.throw(RangeError, message);
    expect(() => localHeatCapacity(big)).to.throw(RangeError, message);
    // the minimizer and the shear say the same (they said "give N ≥ …" and "sheared to γ = 0 … shear a larger glass")
    expect(() => minimizeGlassNd(big)).to.throw(RangeError, message);
    expect(() => firstEvent(big, { direction: 'simple+' })).to.throw(RangeError, message);
    // every size large (none far from the median): the small-box advice as before
    const large = { ...glass, sigma: Float64Array.from(glass.sigma!, (x) => 5 * x) };
    expect(() => findPairsNd(large, lawOfConfiguration(large))).to.throw(RangeError, /^config\.cell: the cell's smallest width .* give a glass of N ≥ \d+/);
  });
});
