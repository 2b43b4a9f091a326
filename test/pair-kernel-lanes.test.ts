/**
 * The native loops give the same bits on every architecture. On x86-64 the 2D pair loop sums interior
 * pairs two at a time in SSE2 lanes; every other architecture (arm64) compiles the same
 * loop on two scalars (native/core/lanes2.h) and the scalar cutoff mask
 * (native/core/inside_cutoff.h). CI runs on x86-64 only, so this test compiles
 * test/native/pair_kernel_check.cc twice, as the addon is built and with
 * -DSOFTSPOT_SCALAR_ONLY (native/core/simd.h: the other architectures' paths), and requires
 * both to give the addon's energy and forces bit for bit. The lists are those of real 2D
 * glasses, with pairs through the periodic boundary, a sheared cell, three species, and
 * the generic loop of another exponent. Likewise the O(N) loops of a minimizer's evaluation
 * (md_evaluator_loops.h, md_displacement_bound.h: two or four particles per SSE2 / AVX2
 * step on x86-64, scalar elsewhere) through test/native/evaluator_loops_check.cc, on arrays
 * with remainders, shifted particles, one beyond the limit, and NaN.
 *
 * Can it fail? The TypeScript reference loop sums one pair at a time, another order; it
 * is checked to differ from the addon in the last bits on these same lists (and to agree
 * to 1e-12), so a lane path that summed in any other order would be seen.
 * The compiled check needs g++ (Debian: g++), skipped with a printed reason where missing.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { readXyzFile } from '../lib/io/index.js';
import { buildMdNeighborList, createMdNeighborList, mdForces, mdForcesTypeScript, type MdNeighborList } from '../lib/md/kernel.js';
import { iplPairTable } from '../lib/md/pair-kernel.js';
import { DEFAULT_MODEL, makeModel, type Model } from '../lib/model/index.js';
import { maxAbs, shiftedCopyWithin, shiftedParticles } from '../lib/md/evaluator-loops.js';
import { createRng } from '../lib/random.js';
import { buildNativeCheck, type NativeCheck } from './helpers/native-check.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

interface Case {
  label: string;
  model: Model;
  cell: Float64Array;
  positions: Float64Array;
  species: Uint8Array;
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The case's input file for pair_kernel_check (layout in its header comment). */
function caseFile(nl: MdNeighborList, model: Model, x: Float64Array): Buffer {
  const table = iplPairTable(model);
  const interior = nl.offsets[nl.n];
  const header = Int32Array.from([nl.n, nl.typeBits, model.nSpecies * model.nSpecies, model.n, model.q,
    table.length, interior, nl.borderCount]);
  const parts: ArrayBufferView[] = [header, table, x, nl.offsets, nl.codes.subarray(0, interior),
    nl.border.subarray(0, 2 * nl.borderCount), nl.shift];
  return Buffer.concat(parts.map(bytes));
}

interface Result { u: number; withEnergy: Buffer; forcesOnly: Buffer }

function runCheck(check: NativeCheck, input: Buffer, n: number): Result {
  const out = check.exchange(input);
  expect(out.length).to.equal(8 * (1 + 4 * n));
  return { u: out.readDoubleLE(0), withEnergy: out.subarray(8, 8 + 16 * n), forcesOnly: out.subarray(8 + 16 * n) };
}

describe('md: the pair loop\'s lanes give the same bits on every architecture', function () {
  this.timeout(120_000);
  let vector: NativeCheck | undefined, scalar: NativeCheck | undefined;
  const cases: Case[] = [];
  /** Per case: whether the one-pair-at-a-time TypeScript loop gave other bits than the addon. */
  const tsDiffers: boolean[] = [];

  before(async function () {
    vector = buildNativeCheck(this, 'pair_kernel_check', { sources: ['pair_kernel.cc'] });
    scalar = buildNativeCheck(this, 'pair_kernel_check', { sources: ['pair_kernel.cc'], flags: ['-DSOFTSPOT_SCALAR_ONLY'] });
    // Glasses moved off their minimum by up to ±0.01 λ per coordinate, so that the forces
    // are O(1) and not the 1e-12 residue a comparison to rounding could not use.
    const rng = createRng(11);
    const jitter = (p: Float64Array) => p.map((v) => v + 0.02 * (rng.uniform() - 0.5));
    const glass = await readXyzFile(join(FIXTURES, 'n256_s1.xyz'));
    glass.positions = jitter(glass.positions);
    const large = await readXyzFile(join(FIXTURES, 'slow_n2000_s115.xyz'));
    large.positions = jitter(large.positions);
    const [L] = glass.cell; // square cell [L, 0, 0, L]
    // The glass sheared affinely by γ = 0.2: a tilted cell, x' = x + γ y.
    const sheared = Float64Array.from(glass.positions);
    for (let i = 0; i < glass.n; i++) sheared[2 * i] += 0.2 * sheared[2 * i + 1];
    // Three species with their own λ (one G0, G1 for all types: the two-lane loop).
    const three = Uint8Array.from({ length: glass.n }, () => Math.floor(3 * rng.uniform()));
    const threeModel = makeModel({ lambda: [[0.9, 0.95, 1.0], [0.95, 1.0, 1.05], [1.0, 1.05, 1.1]] });
    cases.push(
      { ...glass, label: 'N = 256 glass', model: DEFAULT_MODEL },
      { ...large, label: 'N = 2000 glass', model: DEFAULT_MODEL },
      { label: 'N = 256 glass, sheared cell (γ = 0.2)', model: DEFAULT_MODEL, cell: Float64Array.from([L, 0.2 * L, 0, L]), positions: sheared, species: glass.species },
      { label: 'N = 256, three species', model: threeModel, cell: glass.cell, positions: glass.positions, species: three },
      { ...glass, label: 'N = 256 glass, n = 12, q = 2 (the generic loop)', model: makeModel({ n: 12, q: 2 }) },
    );
  });

  after(() => {
    vector?.remove();
    scalar?.remove();
  });

  it('the two builds compile the paths they are meant to (x86-64: SSE2 as the addon; -DSOFTSPOT_SCALAR_ONLY: scalar)', function () {
    const paths = (c: NativeCheck) => c.spawn('--paths').stdout.trim();
    expect(paths(scalar!)).to.equal('scalar');
    expect(paths(vector!)).to.equal(process.arch === 'x64' ? 'sse2' : 'scalar');
  });

  for (let index = 0; index < 5; index++) {
    it(`case ${index + 1}: energy and forces of both builds equal the addon's bit for bit`, function () {
      const c = cases[index];
      this.test!.title += ` (${c.label})`;
      const n = c.species.length;
      const nl = createMdNeighborList(n, c.model, c.cell, 0.3);
      expect(nl.native).to.not.equal(null);
      const x = Float64Array.from(c.positions);
      buildMdNeighborList(nl, c.cell, x, c.species);
      expect(nl.borderCount).to.be.greaterThan(10);
      const odd = Array.from({ length: n }, (_, i) => nl.offsets[i + 1] - nl.offsets[i]).filter((k) => k % 2 === 1);
      expect(odd.length).to.be.greaterThan(10); // rows whose last pair runs with its upper lane off
      const f = new Float64Array(2 * n), fOnly = new Float64Array(2 * n);
      const u = mdForces(nl, x, f, true);
      mdForces(nl, x, fOnly, false);
      expect(Number.isFinite(u) && u > 0).to.equal(true);
      const input = caseFile(nl, c.model, x);
      for (const [name, check] of [['as built', vector!], ['scalar', scalar!]] as const) {
        const r = runCheck(check, input, n);
        expect(Object.is(r.u, u), `${name}: U ${r.u} vs the addon's ${u}`).to.equal(true);
        expect(r.withEnergy.equals(bytes(f)), `${name}: forces (with the energy)`).to.equal(true);
        expect(r.forcesOnly.equals(bytes(fOnly)), `${name}: forces only`).to.equal(true);
      }
      // The reference loop (another summation order) agrees to rounding.
      const fTs = new Float64Array(2 * n);
      const uTs = mdForcesTypeScript(nl, x, fTs, true);
      expect(Math.abs(uTs - u) / u).to.be.below(1e-12);
      let scale = 0, diff = 0;
      for (let k = 0; k < 2 * n; k++) {
        scale = Math.max(scale, Math.abs(fTs[k]));
        diff = Math.max(diff, Math.abs(fTs[k] - f[k]));
      }
      expect(diff / scale).to.be.below(1e-12);
      tsDiffers[index] = !Object.is(uTs, u) || !bytes(fTs).equals(bytes(f));
    });
  }

  it('the summation order shows in the last bits on these lists: the one-pair-at-a-time loop differs in the two-lane cases', () => {
    // Cases 1–4 run the two-lane loop; case 5 (n = 12) runs the generic one-pair loop.
    expect(tsDiffers.slice(0, 4)).to.deep.equal([true, true, true, true]);
  });
});

/** Arrays for evaluator_loops_check (layout in its header comment): n particles, ~1 in 8 shifted. */
function loopsCase(n: number, seed: number, plant: 'none' | 'beyond' | 'nan'): { input: Buffer; x: Float64Array; off: Float64Array; ref: Float64Array; lim2: number; shifted: Int32Array } {
  const rng = createRng(seed), lim2 = 0.15 * 0.15;
  const x = new Float64Array(2 * n), off = new Float64Array(2 * n), ref = new Float64Array(2 * n), pos = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const moved = rng.uniform() < 0.125;
    for (const a of [0, 1]) {
      const k = 2 * i + a;
      x[k] = 40 * (rng.uniform() - 0.5);
      off[k] = moved ? 37.25 * (rng.uniform() < 0.5 ? -1 : 1) : 0;
      ref[k] = x[k] + off[k] + 0.2 * (rng.uniform() - 0.5);
      pos[k] = x[k] - 0.01 * (rng.uniform() - 0.5);
    }
  }
  if (plant === 'beyond') ref[2 * (n - 2) + 1] += 0.3;
  if (plant === 'nan') x[2 * 517] = Number.NaN;
  const shiftedAll = new Int32Array(n);
  const shifted = shiftedAll.slice(0, shiftedParticles(n, off, shiftedAll));
  const parts: ArrayBufferView[] = [Int32Array.of(n, shifted.length), Float64Array.of(lim2), x, off, ref, pos, shifted];
  return { input: Buffer.concat(parts.map(bytes)), x, off, ref, lim2, shifted };
}

describe('md: the evaluation\'s O(N) loops give the same bits on every architecture', function () {
  this.timeout(120_000);
  let vector: NativeCheck | undefined, scalar: NativeCheck | undefined;

  before(function () {
    const sources = ['md_evaluator_loops.cc', 'md_displacement_bound.cc'];
    vector = buildNativeCheck(this, 'evaluator_loops_check', { sources });
    scalar = buildNativeCheck(this, 'evaluator_loops_check', { sources, flags: ['-DSOFTSPOT_SCALAR_ONLY'] });
  });

  after(() => {
    vector?.remove();
    scalar?.remove();
  });

  for (const [n, plant] of [[1001, 'none'], [1002, 'beyond'], [999, 'nan']] as const) {
    it(`n = ${n}, ${plant === 'none' ? 'every particle within the limit' : plant === 'beyond' ? 'one particle beyond the limit' : 'a NaN coordinate'}: both builds write the same bytes, and the addon's results`, () => {
      const c = loopsCase(n, n, plant);
      const outputs = [vector!, scalar!].map((check) => check.exchange(c.input));
      expect(outputs[0]!.length).to.equal(8 * (10 + 10 * n)); // 10 numbers and flags, 5 arrays of 2n
      expect(outputs[0]!.equals(outputs[1]!), 'the scalar build wrote other bytes').to.equal(true);
      // The addon on the same arrays: the check's first flag, xs, and MaxAbs(x).
      const xs = new Float64Array(2 * n), copy = new Float64Array(2 * n);
      const within = shiftedCopyWithin(n, c.x, c.off, c.ref, c.lim2, xs, true, copy, c.shifted);
      const out = outputs[0]!;
      expect(out.readDoubleLE(0)).to.equal(within ? 1 : 0);
      expect(within).to.equal(plant !== 'beyond');
      expect(out.subarray(8, 8 + 16 * n).equals(bytes(xs))).to.equal(true);
      const maxAt = 8 + 3 * 16 * n + 8;
      expect(Object.is(out.readDoubleLE(maxAt), maxAbs(c.x, 2 * n))).to.equal(true);
    });
  }
});
