/**
 * The native pair loop (native/core/pair_kernel.h via lib/md/pair-kernel.ts) against the
 * TypeScript reference loop of lib/md/kernel.ts (`mdForcesTypeScript`) on the same lists:
 * liquids and glasses with pairs through the periodic boundary, a sheared cell, the
 * paper's law (the n = 10, q = 4 loop) and other exponents (the generic loop), three
 * species; its forces against central differences of its energy; malformed input.
 */
import { expect } from 'chai';
import { addon } from '../lib/native.js';
import { buildMdNeighborList, createMdNeighborList, mdForces, mdForcesTypeScript } from '../lib/md/kernel.js';
import { iplPairTable } from '../lib/md/pair-kernel.js';
import { DEFAULT_MODEL, makeModel, type Model } from '../lib/model/index.js';
import { createRng } from '../lib/random.js';
import { energyForces } from '../lib/hessian/index.js';

/** n particles at density ρ, uniformly random but no closer than `dmin` λ (periodic), in cell h. */
function randomConfig(n: number, h: Float64Array, nSpecies: number, seed: number, dmin: number) {
  const rng = createRng(seed);
  const det = h[0] * h[3] - h[1] * h[2];
  const positions = new Float64Array(2 * n), species = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (;;) {
      const s0 = rng.uniform(), s1 = rng.uniform();
      const x = h[0] * s0 + h[1] * s1, y = h[2] * s0 + h[3] * s1;
      let ok = true;
      for (let j = 0; j < i && ok; j++) {
        const dx = x - positions[2 * j], dy = y - positions[2 * j + 1];
        // Minimum image in reduced coordinates (the cells here are mildly sheared).
        let r0 = (h[3] * dx - h[1] * dy) / det, r1 = (-h[2] * dx + h[0] * dy) / det;
        r0 -= Math.round(r0);
        r1 -= Math.round(r1);
        for (let a = -1; a <= 1 && ok; a++) {
          for (let b = -1; b <= 1 && ok; b++) {
            const ex = h[0] * (r0 + a) + h[1] * (r1 + b), ey = h[2] * (r0 + a) + h[3] * (r1 + b);
            ok = ex * ex + ey * ey > dmin * dmin;
          }
        }
      }
      if (ok) {
        positions[2 * i] = x;
        positions[2 * i + 1] = y;
        species[i] = Math.floor(rng.uniform() * nSpecies);
        break;
      }
    }
  }
  return { positions, species };
}

interface Case { label: string; model: Model; n: number; h: Float64Array; dmin: number }

const side = (n: number, rho: number) => Math.sqrt(n / rho);
const L = side(400, 0.86);
const CASES: Case[] = [
  { label: 'paper law, square cell', model: DEFAULT_MODEL, n: 400, h: new Float64Array([L, 0, 0, L]), dmin: 0.75 },
  { label: 'paper law, sheared cell (γ = 0.3)', model: DEFAULT_MODEL, n: 400, h: new Float64Array([L, 0.3 * L, 0, L]), dmin: 0.75 },
  { label: 'paper law, three species', model: makeModel({ lambda: [[1, 1.1, 1.2], [1.1, 1.25, 1.3], [1.2, 1.3, 1.45]] }), n: 400, h: new Float64Array([L, 0.1 * L, 0, L]), dmin: 0.75 },
  { label: 'n = 12, q = 2 (generic loop)', model: makeModel({ n: 12, q: 2 }), n: 400, h: new Float64Array([L, 0, 0, L]), dmin: 0.75 },
  { label: 'n = 9, q = 3 (odd exponent)', model: makeModel({ n: 9, q: 3, xc: 1.5 }), n: 400, h: new Float64Array([L, -0.2 * L, 0, L]), dmin: 0.75 },
];

function relDiff(a: Float64Array, b: Float64Array): number {
  let d = 0, m = 0;
  for (let k = 0; k < a.length; k++) {
    d = Math.max(d, Math.abs(a[k] - b[k]));
    m = Math.max(m, Math.abs(b[k]));
  }
  return d / m;
}

describe('md: native pair kernel', () => {
  for (const c of CASES) {
    it(`agrees with the TypeScript loop to 1e-12: ${c.label}, pairs through the boundary`, () => {
      const { positions, species } = randomConfig(c.n, c.h, c.model.nSpecies, 5, c.dmin);
      const nl = createMdNeighborList(c.n, c.model, c.h, 0.3);
      expect(nl.native).to.not.equal(null);
      const x = Float64Array.from(positions);
      buildMdNeighborList(nl, c.h, x, species);
      expect(nl.borderCount).to.be.greaterThan(10);
      const fTs = new Float64Array(2 * c.n), fNative = new Float64Array(2 * c.n).fill(Number.NaN);
      const uTs = mdForcesTypeScript(nl, x, fTs, true);
      const uNative = mdForces(nl, x, fNative, true);
      expect(uTs).to.be.greaterThan(0);
      expect(Math.abs(uNative - uTs) / uTs).to.be.below(1e-12);
      expect(relDiff(fNative, fTs)).to.be.below(1e-12);
      // Forces without the energy are the same numbers.
      const fNoEnergy = new Float64Array(2 * c.n);
      expect(mdForces(nl, x, fNoEnergy, false)).to.equal(0);
      expect(relDiff(fNoEnergy, fNative)).to.equal(0);
      // Displaced (unwrapped) positions within the skin: the list's stored images still hold.
      const rng = createRng(9);
      for (let k = 0; k < x.length; k++) x[k] += 0.05 * (rng.uniform() - 0.5);
      const u2Ts = mdForcesTypeScript(nl, x, fTs, true), u2 = mdForces(nl, x, fNative, true);
      expect(Math.abs(u2 - u2Ts) / u2Ts).to.be.below(1e-12);
      expect(relDiff(fNative, fTs)).to.be.below(1e-12);
    });
  }

  it('its forces are −∇ of its energy (central differences, sheared cell, border pairs included)', () => {
    const c = CASES[1];
    const { positions, species } = randomConfig(c.n, c.h, 2, 6, 0.8);
    const nl = createMdNeighborList(c.n, c.model, c.h, 0.3);
    const x = Float64Array.from(positions);
    buildMdNeighborList(nl, c.h, x, species);
    const f = new Float64Array(2 * c.n), scratch = new Float64Array(2 * c.n);
    mdForces(nl, x, f, true);
    // Particles with a border pair first, then a few others.
    const picks = [nl.border[0] >> 1, nl.border[2] >> 1, 0, 17, 123];
    const eps = 1e-6;
    for (const i of picks) {
      for (const d of [0, 1]) {
        const k = 2 * i + d, x0 = x[k];
        x[k] = x0 + eps;
        const up = mdForces(nl, x, scratch, true);
        x[k] = x0 - eps;
        const down = mdForces(nl, x, scratch, true);
        x[k] = x0;
        const fd = -(up - down) / (2 * eps);
        expect(Math.abs(fd - f[k])).to.be.below(1e-6 * Math.max(1, Math.abs(f[k])));
      }
    }
  });

  it('a table with a different ε per pair type (the per-type loop): energy by a direct sum, forces by central differences', () => {
    const c = CASES[1], model = c.model;
    const { positions, species } = randomConfig(c.n, c.h, 2, 7, 0.8);
    const nl = createMdNeighborList(c.n, model, c.h, 0.3);
    const x = Float64Array.from(positions);
    buildMdNeighborList(nl, c.h, x, species);
    const eps = [1, 1.5, 1.5, 0.7], table = iplPairTable(model), stride = model.q + 4;
    for (let t = 0; t < 4; t++) table[t * stride + 1] = eps[t];
    const kernel = new addon.NativePairKernel('ipl', 4, model.n, model.q, table);
    const run = (f: Float64Array) => kernel.forces(c.n, x, f, nl.offsets, nl.codes, nl.typeBits, nl.border, nl.borderCount, nl.shift, true);
    const f = new Float64Array(2 * c.n), scratch = new Float64Array(2 * c.n);
    const u = run(f);
    // Direct sum over the listed pairs, φ_t(r) = ε_t [(λ_t/r)^n + Σ c_ℓ (r/λ_t)^{2ℓ}] for r < r_c,t.
    const tMask = (1 << nl.typeBits) - 1;
    const phi = (t: number, rx: number, ry: number): number => {
      const r = Math.hypot(rx, ry), lam = model.lambda[t];
      if (r >= model.cutoff[t]) return 0;
      let p = (lam / r) ** model.n;
      for (let l = 0; l <= model.q; l++) p += model.c[l] * (r / lam) ** (2 * l);
      return eps[t] * p;
    };
    let direct = 0;
    for (let i = 0; i < c.n; i++) {
      for (let k = nl.offsets[i]; k < nl.offsets[i + 1]; k++) {
        const code = nl.codes[k], j2 = code >> nl.typeBits;
        direct += phi(code & tMask, x[j2] - x[2 * i], x[j2 + 1] - x[2 * i + 1]);
      }
    }
    for (let b = 0; b < nl.borderCount; b++) {
      const i2 = nl.border[2 * b], code = nl.border[2 * b + 1], j2 = code >> (nl.typeBits + 4), m2 = (code & 15) << 1;
      direct += phi((code >> 4) & tMask, x[j2] - x[i2] + nl.shift[m2], x[j2 + 1] - x[i2 + 1] + nl.shift[m2 + 1]);
    }
    expect(Math.abs(u - direct) / direct).to.be.below(1e-12);
    const h = 1e-6;
    for (const i of [nl.border[0] >> 1, 3, 250]) {
      for (const d of [0, 1]) {
        const k = 2 * i + d, x0 = x[k];
        x[k] = x0 + h;
        const up = run(scratch);
        x[k] = x0 - h;
        const down = run(scratch);
        x[k] = x0;
        expect(Math.abs(-(up - down) / (2 * h) - f[k])).to.be.below(1e-6 * Math.max(1, Math.abs(f[k])));
      }
    }
  });

  it('a box under three list radii wide (N = 36, the full-stencil build): native and TypeScript loops, with and without the energy, equal lib/hessian energyForces (its own list and kernel)', () => {
    const n = 36, l = side(n, 0.86);
    for (const h of [new Float64Array([l, 0, 0, l]), new Float64Array([l, 0.35 * l, 0, l])]) {
      const { positions, species } = randomConfig(n, h, 2, 11, 0.8);
      const nl = createMdNeighborList(n, DEFAULT_MODEL, h, 0.3);
      const x = Float64Array.from(positions);
      buildMdNeighborList(nl, h, x, species);
      const ref = energyForces({ n, cell: h, positions: x, species }, DEFAULT_MODEL);
      const fNative = new Float64Array(2 * n), fTs = new Float64Array(2 * n), fTsNoEnergy = new Float64Array(2 * n);
      const uNative = mdForces(nl, x, fNative, true), uTs = mdForcesTypeScript(nl, x, fTs, true);
      expect(mdForcesTypeScript(nl, x, fTsNoEnergy, false)).to.equal(0);
      expect(Math.abs(uNative - ref.energy) / ref.energy, 'native energy').to.be.below(1e-12);
      expect(Math.abs(uTs - ref.energy) / ref.energy, 'TypeScript energy').to.be.below(1e-12);
      expect(relDiff(fNative, ref.forces), 'native forces').to.be.below(1e-12);
      expect(relDiff(fTs, ref.forces), 'TypeScript forces').to.be.below(1e-12);
      expect(relDiff(fTsNoEnergy, ref.forces), 'TypeScript forces without the energy').to.be.below(1e-12);
    }
  });

  it('rejects a malformed table and a list that does not fit the positions (RangeError, nothing read out of bounds)', () => {
    const table = iplPairTable(DEFAULT_MODEL);
    expect(() => new addon.NativePairKernel('ipl', 4, 10, 4, table.subarray(1))).to.throw(RangeError, /expected 32 numbers/);
    expect(() => new addon.NativePairKernel('lj' as 'ipl', 4, 10, 4, table)).to.throw(RangeError, /law: expected 'ipl'/);
    const bad = Float64Array.from(table);
    bad[0] = -1;
    expect(() => new addon.NativePairKernel('ipl', 4, 10, 4, bad)).to.throw(RangeError, /must be positive/);
    const kernel = new addon.NativePairKernel('ipl', 4, 10, 4, table);
    const x = new Float64Array([0, 0, 1, 0]), f = new Float64Array(4), shift = new Float64Array(18);
    const offsets = new Int32Array([0, 1, 1]), border = new Int32Array(2);
    // Pair (0, 1) of type 1 (typeBits 2): fine; j = 2 names a third particle: rejected.
    expect(kernel.forces(2, x, f, offsets, new Int32Array([(2 << 2) | 1]), 2, border, 0, shift, true)).to.be.greaterThan(0);
    expect(f[0]).to.be.below(0);
    expect(() => kernel.forces(2, x, f, offsets, new Int32Array([(4 << 2) | 1]), 2, border, 0, shift, true)).to.throw(RangeError, /out of range/);
    expect(() => kernel.forces(2, x, f, new Int32Array([0, 2, 2]), new Int32Array([(2 << 2) | 1]), 2, border, 0, shift, true)).to.throw(RangeError, /beyond codes/);
    expect(() => kernel.forces(2, x, f, offsets, new Int32Array([(2 << 2) | 1]), 2, border, 2, shift, true)).to.throw(RangeError, /borderCount/);
    expect(() => kernel.forces(3, x, f, offsets, new Int32Array([(2 << 2) | 1]), 2, border, 0, shift, true)).to.throw(RangeError, /at least 2n/);
  });
});

describe('md: native integrator loops', () => {
  it('kick + drift and K after the kick equal the TypeScript loops bit for bit', async () => {
    const { kickDriftTypeScript, kineticAfterKickTypeScript } = await import('../lib/md/integrator.js');
    const n = 1001, rng = createRng(4);
    const rand = () => Float64Array.from({ length: 2 * n }, () => rng.uniform() - 0.5);
    const x = rand(), v = rand(), f = rand(), ref = rand();
    const x2 = Float64Array.from(x), v2 = Float64Array.from(v);
    const dNative = addon.mdKickDrift(n, x, v, f, ref, 0.97, 0.0025, 0.0025, 0.005);
    const dTs = kickDriftTypeScript(n, x2, v2, f, ref, 0.97, 0.0025, 0.0025, 0.005);
    expect(dNative).to.equal(dTs);
    expect(dNative).to.be.greaterThan(0.5 * Math.SQRT2);
    expect(x).to.deep.equal(x2);
    expect(v).to.deep.equal(v2);
    // An independent route for d₁ + d₂: sort the displacements.
    const d = Array.from({ length: n }, (_, i) => Math.hypot(x[2 * i] - ref[2 * i], x[2 * i + 1] - ref[2 * i + 1])).sort((a, b) => b - a);
    expect(Math.abs(dNative - (d[0] + d[1]))).to.be.below(1e-15);
    const k = addon.mdKineticAfterKick(n, v, f, 0.0025);
    expect(k).to.equal(kineticAfterKickTypeScript(n, v, f, 0.0025));
    let direct = 0;
    for (let i = 0; i < 2 * n; i++) direct += 0.5 * (v[i] + 0.0025 * f[i]) ** 2;
    expect(Math.abs(k - direct) / direct).to.be.below(1e-13);
    expect(() => addon.mdKineticAfterKick(n, v.subarray(1), f, 0.0025)).to.throw(RangeError, /at least 2n/);
  });
});

describe('md: native neighbour-list build', () => {
  const dense = side(2000, 0.86), dilute = side(300, 0.1);
  const builds: Array<{ label: string; model: Model; n: number; h: Float64Array; dmin: number }> = [
    { label: 'N = 2000, bins of r_list/2 (reach 2)', model: DEFAULT_MODEL, n: 2000, h: new Float64Array([dense, 0, 0, dense]), dmin: 0.75 },
    { label: 'N = 2000, sheared cell, three species', model: CASES[2].model, n: 2000, h: new Float64Array([dense, 0.4 * dense, 0, dense]), dmin: 0.75 },
    { label: 'N = 300 at density 0.1 (bins of r_list, reach 1)', model: DEFAULT_MODEL, n: 300, h: new Float64Array([dilute, 0, 0, dilute]), dmin: 0.9 },
  ];
  for (const c of builds) {
    it(`gives the TypeScript build's list, pair for pair: ${c.label}`, () => {
      const { positions, species } = randomConfig(c.n, c.h, c.model.nSpecies, 8, c.dmin);
      const a = createMdNeighborList(c.n, c.model, c.h, 0.3, 'typescript');
      const b = createMdNeighborList(c.n, c.model, c.h, 0.3);
      // Too small to start with: the native build must grow both arrays.
      b.codes = new Int32Array(16);
      b.border = new Int32Array(2);
      const xa = Float64Array.from(positions), xb = Float64Array.from(positions);
      buildMdNeighborList(a, c.h, xa, species);
      buildMdNeighborList(b, c.h, xb, species);
      expect(a.native).to.equal(null);
      expect(xb).to.deep.equal(xa);
      expect(b.offsets).to.deep.equal(a.offsets);
      expect(b.borderCount).to.equal(a.borderCount);
      expect(b.count).to.equal(a.count);
      expect(a.count).to.be.greaterThan(0.5 * c.n);
      expect(a.borderCount).to.be.greaterThan(0);
      expect(b.codes.subarray(0, a.offsets[c.n])).to.deep.equal(a.codes.subarray(0, a.offsets[c.n]));
      expect(b.border.subarray(0, 2 * a.borderCount)).to.deep.equal(a.border.subarray(0, 2 * a.borderCount));
      // And the TypeScript list holds every pair within r_c + skin (brute force over images).
      let within = 0;
      for (let i = 0; i < c.n; i++) {
        for (let j = i + 1; j < c.n; j++) {
          const t = species[i] * c.model.nSpecies + species[j];
          const dx0 = xa[2 * j] - xa[2 * i], dy0 = xa[2 * j + 1] - xa[2 * i + 1];
          for (let p = -1; p <= 1; p++) {
            for (let q = -1; q <= 1; q++) {
              const dx = dx0 + c.h[0] * p + c.h[1] * q, dy = dy0 + c.h[2] * p + c.h[3] * q;
              if (dx * dx + dy * dy < a.list2[t] * (1 - 1e-9)) within++;
            }
          }
        }
      }
      expect(a.count).to.be.at.least(within);
      expect(a.count).to.be.below(within * 1.0001 + 10);
    });
  }
});
