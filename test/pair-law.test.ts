import { expect } from 'chai';
import {
  DEFAULT_MODEL, MODEL_PRESET_NAMES, checkPairLaw, composition, ljLaw, ljSmoothing, makeLawModel, makeModel,
  modelPreset, polyLaw, polyPairSize, polySmoothing, presetModel, radialDerivatives, reducedRadial, smoothingBySolve,
  speciesCode, type PairLaw,
} from '../lib/model/index.js';

/** DESIGN §10's exact LJ smoothing (q = 3, x_c = 2.5). */
const LJ_QUOTED = [0.322042855424, -0.11564551766016, 0.0147747948724224, -0.000655695477211136];
/** DESIGN §10's poly smoothing. */
const POLY_QUOTED = [-28 / 1.25 ** 12, 48 / 1.25 ** 14, -21 / 1.25 ** 16];

/** Keys (a, b) and distances at which to test a preset's law. */
function samplePairs(law: PairLaw): [number, number][] {
  if (law.perParticle) return [[0.73, 0.73], [0.9, 1.4], [1.62, 1.1], [1.62, 1.62]];
  const out: [number, number][] = [];
  for (let a = 0; a < law.nSpecies; a++) for (let b = 0; b < law.nSpecies; b++) out.push([a, b]);
  return out;
}

/** Central difference of φ^(k−1) at r with step h. */
function central(law: PairLaw, a: number, b: number, k: number, r: number, h: number): number {
  return (law.radial(a, b, r + h)[k - 1]! - law.radial(a, b, r - h)[k - 1]!) / (2 * h);
}

describe('pair laws (DESIGN §10)', () => {
  describe('smoothing coefficients, solved', () => {
    it('lj: q = 3, x_c = 2.5 gives DESIGN\'s exact c0, c2, c4, c6', () => {
      const c = ljSmoothing(3, 2.5);
      expect(c.length).to.equal(4);
      for (let l = 0; l < 4; l++) expect(Math.abs(c[l]! - LJ_QUOTED[l]!), `c${2 * l}`).to.be.below(1e-14 * Math.abs(LJ_QUOTED[l]!));
    });

    it('lj: the smoothed reduced law and its first q derivatives vanish at x_c, the (q+1)-th does not', () => {
      for (const [q, xc] of [[3, 2.5], [2, 2.2], [4, 3]] as const) {
        const c = ljSmoothing(q, xc);
        // Direct evaluation of g(x) = 4(x⁻¹² − x⁻⁶) + Σ c_ℓ x^{2ℓ} and derivatives at x_c (independent of power-sum.ts).
        for (let k = 0; k <= q + 1; k++) {
          const ff = (p: number): number => { let f = 1; for (let i = 0; i < k; i++) f *= p - i; return f; };
          const terms = [4 * ff(-12) * xc ** (-12 - k), -4 * ff(-6) * xc ** (-6 - k)];
          for (let l = 0; l <= q; l++) if (ff(2 * l) !== 0) terms.push(c[l]! * ff(2 * l) * xc ** (2 * l - k));
          const sum = terms.reduce((s, v) => s + v, 0);
          const scale = Math.max(...terms.map(Math.abs));
          if (k <= q) expect(Math.abs(sum), `q=${q} k=${k}`).to.be.below(1e-13 * scale);
          else expect(Math.abs(sum)).to.be.above(1e-6 * scale);
        }
      }
    });

    it('poly: gives DESIGN\'s c0 = −28/1.25¹², c2 = 48/1.25¹⁴, c4 = −21/1.25¹⁶', () => {
      const c = polySmoothing();
      for (let l = 0; l < 3; l++) expect(Math.abs(c[l]! - POLY_QUOTED[l]!)).to.be.below(1e-14 * Math.abs(POLY_QUOTED[l]!));
    });

    it('ipl: the solve reproduces the closed form Eq. S2', () => {
      for (const [n, q, xc] of [[10, 4, 1.6], [10, 3, 1.48], [12, 2, 1.5]] as const) {
        const solved = smoothingBySolve([{ p: -n, C: 1 }], q, xc);
        const s2 = makeModel({ n, q, xc }).c;
        for (let l = 0; l <= q; l++) expect(Math.abs(solved[l]! - s2[l]!)).to.be.below(1e-13 * Math.abs(s2[l]!));
      }
    });
  });

  describe('presets', () => {
    it('registry: names, species, densities, dimensions (DESIGN §10)', () => {
      const table = MODEL_PRESET_NAMES.map((name) => {
        const p = modelPreset(name);
        return [p.name, p.law.name, p.dimension, p.density, p.species.join(''), p.fractions.join(':')];
      });
      expect(table).to.deep.equal([
        ['ipl', 'ipl', 2, 0.86, 'SL', '0.5:0.5'],
        ['ipl3d', 'ipl', 3, 0.82, 'SL', '0.5:0.5'],
        ['ka', 'lj', 3, 1.2, 'AB', '0.8:0.2'],
        ['ka2d', 'lj', 2, 1.2, 'AB', '0.65:0.35'],
        ['poly', 'poly', 2, 1, 'P', '1'],
      ]);
      expect(modelPreset('ipl3d').law.cutoff(1, 1)).to.equal(1.48 * 1.4);
      expect(modelPreset('ka').law.cutoff(0, 1)).to.equal(2.5 * 0.8);
      expect(modelPreset('poly').law.cutoff(1, 1)).to.equal(1.25);
    });

    it('composition round(f·N), the last species the rest (KA N = 256: 205 A, 51 B)', () => {
      expect(composition(modelPreset('ka'), 256)).to.deep.equal([205, 51]);
      expect(composition(modelPreset('ka2d'), 100)).to.deep.equal([65, 35]);
      expect(composition(modelPreset('ipl'), 7)).to.deep.equal([4, 3]);
      expect(composition(modelPreset('poly'), 10)).to.deep.equal([10]);
      expect(() => composition(modelPreset('ka'), 0)).to.throw(RangeError, 'n: expected a positive integer, got 0');
    });

    it('unknown preset and unknown species are clear errors', () => {
      expect(() => modelPreset('kob')).to.throw(RangeError, "model: unknown model preset 'kob'; expected one of ipl, ipl3d, ka, ka2d, poly");
      expect(() => presetModel('x', '--model')).to.throw(RangeError, "--model: unknown model preset 'x'");
      expect(speciesCode(modelPreset('ka'), 'B')).to.equal(1);
      expect(() => speciesCode(modelPreset('ka'), 'S')).to.throw(RangeError, "species 'S' is not a species of model 'ka' (A, B)");
    });

    it('ipl is the hard-coded paper model to the last bit', () => {
      expect(presetModel('ipl')).to.equal(DEFAULT_MODEL);
      const law = modelPreset('ipl').law;
      const fromLaw = makeLawModel(law, { density: 0.86 });
      for (const key of ['cutoff', 'cutoff2', 'ipl', 'poly', 'aIpl', 'aPoly', 'c', 'lambda'] as const) {
        expect(Array.from(fromLaw[key]), key).to.deep.equal(Array.from(DEFAULT_MODEL[key]));
      }
      for (let t = 0; t < 4; t++) {
        const [a, b] = [t >> 1, t & 1];
        for (let r = 0.7; r < 2.3; r += 0.0137) {
          const direct = radialDerivatives(DEFAULT_MODEL, t, r, 4);
          expect(Array.from(law.radial(a, b, r)), `t=${t} r=${r}`).to.deep.equal(Array.from(direct));
        }
      }
    });

    for (const name of MODEL_PRESET_NAMES) {
      it(`${name}: φ' … φ'''' are the central differences of φ … φ''' (error ∝ h²)`, () => {
        const law = modelPreset(name).law;
        for (const [a, b] of samplePairs(law)) {
          const rc = law.cutoff(a, b);
          for (const f of [0.6, 0.75, 0.9]) {
            const r = f * rc;
            const d = law.radial(a, b, r);
            for (let k = 1; k <= 4; k++) {
              const h = 1e-3 * r;
              const e1 = Math.abs(central(law, a, b, k, r, h) - d[k]!);
              const e2 = Math.abs(central(law, a, b, k, r, h / 2) - d[k]!);
              const scale = Math.abs(d[k]!) + Math.abs(d[k - 1]!) / r + Math.abs(d[Math.min(k + 1, 4)]!) * r;
              // Richardson extrapolation of the two (error O(h⁴)) must match closely.
              const rich = (4 * central(law, a, b, k, r, h / 2) - central(law, a, b, k, r, h)) / 3;
              expect(Math.abs(rich - d[k]!), `${name} (${a},${b}) r=${r} k=${k}`).to.be.below(1e-8 * scale);
              // h-convergence: halving h divides the truncation error by ≈ 4.
              if (e1 > 1e-9 * scale) expect(e1 / e2, `${name} (${a},${b}) r=${r} k=${k} ratio`).to.be.within(3.5, 4.5);
            }
          }
        }
      });

      it(`${name}: φ and its first q derivatives vanish at the cutoff, zero beyond`, () => {
        const law = modelPreset(name).law;
        const q = name === 'ipl' ? 4 : name === 'poly' ? 2 : 3;
        for (const [a, b] of samplePairs(law)) {
          const rc = law.cutoff(a, b);
          const atCut = law.radial(a, b, rc);
          const inside = law.radial(a, b, 0.8 * rc);
          for (let k = 0; k <= q; k++) expect(Math.abs(atCut[k]!), `k=${k}`).to.be.below(1e-11 * Math.max(1, Math.abs(inside[k]!)));
          expect(Array.from(law.radial(a, b, rc * (1 + 1e-12)))).to.deep.equal([0, 0, 0, 0, 0]);
        }
      });
    }

    it('ka: φ is DESIGN\'s LJ formula with the quoted c (independent evaluation)', () => {
      const law = modelPreset('ka').law;
      const eps = [[1, 1.5], [1.5, 0.5]], sig = [[1, 0.8], [0.8, 0.88]];
      for (const [a, b, r] of [[0, 0, 1.1], [0, 1, 0.9], [1, 1, 1.5], [0, 0, 2.3]] as const) {
        const e = eps[a]![b]!, s = sig[a]![b]!;
        let ref = 4 * e * ((s / r) ** 12 - (s / r) ** 6);
        for (let l = 0; l < 4; l++) ref += e * LJ_QUOTED[l]! * (r / s) ** (2 * l);
        expect(law.radial(a, b, r)[0]).to.be.closeTo(ref, 1e-13 * Math.max(1, Math.abs(ref)));
      }
    });

    it('poly: φ is DESIGN\'s formula with σ_ij = ½(σ_i + σ_j)(1 − 0.2|σ_i − σ_j|)', () => {
      const law = polyLaw();
      for (const [si, sj, r] of [[1, 1, 1.1], [0.8, 1.5, 1.0], [1.62, 0.73, 1.2]] as const) {
        const s = 0.5 * (si + sj) * (1 - 0.2 * Math.abs(si - sj));
        expect(polyPairSize(si, sj)).to.equal(s);
        const x = r / s;
        const ref = x ** -12 + POLY_QUOTED[0]! + POLY_QUOTED[1]! * x ** 2 + POLY_QUOTED[2]! * x ** 4;
        expect(law.radial(si, sj, r)[0]).to.be.closeTo(ref, 1e-13 * Math.max(1, Math.abs(ref)));
      }
    });
  });

  describe('user-defined laws', () => {
    /** A user's Morse-like law in plain closed form: φ = (1 − e^{−(r−1)})² − shift, cut at 2.5 (species 0 and 1 scaled). */
    function morse(wrong?: { k: number; factor: number }): PairLaw {
      const scale = [1, 1.1, 1.1, 1.3];
      return {
        name: 'morse', nSpecies: 2, perParticle: false,
        cutoff: (a, b) => 2.5 * scale[2 * a + b]!,
        radial(a, b, r, out = new Float64Array(5)) {
          const s = scale[2 * a + b]!, x = r / s;
          const e = Math.exp(-(x - 1));
          // φ = e² − 2e (+1); d/dx e = −e.
          out[0] = e * e - 2 * e;
          out[1] = (-2 * e * e + 2 * e) / s;
          out[2] = (4 * e * e - 2 * e) / s ** 2;
          out[3] = (-8 * e * e + 2 * e) / s ** 3;
          out[4] = (16 * e * e - 2 * e) / s ** 4;
          if (wrong !== undefined) out[wrong.k] = out[wrong.k]! * wrong.factor;
          return out;
        },
      };
    }

    it('a correct law passes the finite-difference check and becomes a kernel model', () => {
      const law = morse();
      expect(checkPairLaw(law)).to.equal(law);
      const m = makeLawModel(law, { density: 1 });
      expect(m.nSpecies).to.equal(2);
      expect(m.maxCutoff).to.be.closeTo(2.5 * 1.3, 1e-15);
      // A_k from φ^(k) (law-model.ts) against the identities φ' = rA1, φ'' = A1 + r²A2, …
      const r = 1.7;
      const d = law.radial(0, 1, r);
      const A = reducedRadial(m, 1, r);
      const back = [A[0]!, r * A[1]!, A[1]! + r * r * A[2]!, 3 * r * A[2]! + r ** 3 * A[3]!, 3 * A[2]! + 6 * r * r * A[3]! + r ** 4 * A[4]!];
      for (let k = 0; k <= 4; k++) expect(back[k]).to.be.closeTo(d[k]!, 1e-12 * (1 + Math.abs(d[k]!)));
    });

    it('a wrong derivative is named with its species pair, distance and what to fix', () => {
      expect(() => makeLawModel(morse({ k: 3, factor: 1.01 })))
        .to.throw(RangeError, /law 'morse': φ''' of species pair \(0, 0\) at r = 0\.75 disagrees with the central finite difference of φ'': .* fix out\[3\] of radial\(\)/);
      expect(() => checkPairLaw(morse({ k: 1, factor: -1 }))).to.throw(RangeError, /law 'morse': φ' of species pair \(0, 0\)/);
      // Wrong only in the first-neighbour shell (r < 0.48 r_c, where a 2.5σ law's nearest
      // pairs are), or only in the last per cent before the cutoff: both are found.
      const base = morse();
      const wrongWhere = (inside: (r: number, rc: number) => boolean): PairLaw => ({
        ...base, radial: (a: number, b: number, r: number, out?: Float64Array) => {
          const v = base.radial(a, b, r, out);
          if (inside(r, base.cutoff(a, b))) v[3] *= 1.05;
          return v;
        },
      });
      expect(() => checkPairLaw(wrongWhere((r, rc) => r < 0.48 * rc))).to.throw(RangeError, /φ''' of species pair \(0, 0\) at r = 0\.75 disagrees/);
      expect(() => checkPairLaw(wrongWhere((r, rc) => r > 0.975 * rc))).to.throw(RangeError, /φ''' of species pair \(0, 0\) at r = 2\.475 disagrees/);
    });

    it('shape errors: not an object, missing functions, asymmetric cutoff or values, non-finite values, a radial() that returns no array, a cutoff ≤ 0', () => {
      expect(() => checkPairLaw(null)).to.throw(TypeError, 'law: expected a PairLaw object, got null');
      expect(() => checkPairLaw({ ...morse(), radial: 3 })).to.throw(TypeError, "law 'morse': expected radial(a, b, r, out) to be a function, got 3");
      expect(() => checkPairLaw({ ...morse(), cutoff: (a: number, b: number) => 2 + a - b }))
        .to.throw(RangeError, "law 'morse': cutoff(0, 1) = 1 but cutoff(1, 0) = 3; a pair law must be symmetric");
      expect(() => checkPairLaw({ ...morse(), radial: (_a: number, _b: number, _r: number, out = new Float64Array(5)) => out.fill(Number.NaN) }))
        .to.throw(RangeError, "law 'morse': φ of species pair (0, 0) at r = 0.75 is NaN");
      expect(() => checkPairLaw({ ...morse(), radial: () => 0 }))
        .to.throw(TypeError, "law 'morse': radial(0, 0, 0.75) must return a Float64Array of length 5 [φ, φ', φ'', φ''', φ''''], got 0");
      expect(() => checkPairLaw({ ...morse(), cutoff: () => 0 })).to.throw(RangeError, "law 'morse': cutoff(0, 0) must be a finite number > 0, got 0");
      const m = morse();
      const lopsided = { ...m, radial: (a: number, b: number, r: number, out = new Float64Array(5)) => { m.radial(a, b, r, out); out[0] += a > b ? 1e-3 : 0; return out; } };
      expect(() => checkPairLaw(lopsided)).to.throw(RangeError, /^law 'morse': φ at r = \S+ differs between species pair \(0, 1\) \(\S+\) and species pair \(1, 0\) \(\S+\); a pair law must be symmetric$/);
    });

    it('the built-in lj law, rewritten by hand as a user law, agrees with the kernel model of ka2d', () => {
      const ka = modelPreset('ka2d').law;
      const user: PairLaw = { name: 'my-lj', nSpecies: 2, perParticle: false, cutoff: (a, b) => ka.cutoff(a, b), radial: (a, b, r, out) => ka.radial(a, b, r, out) };
      const mu = makeLawModel(user), mk = presetModel('ka2d');
      for (let t = 0; t < 4; t++) {
        for (const r of [0.8, 1.1, 1.6]) {
          const Au = reducedRadial(mu, t, r), Ak = reducedRadial(mk, t, r);
          for (let k = 0; k <= 4; k++) expect(Au[k]).to.be.closeTo(Ak[k]!, 1e-10 * (1 + Math.abs(Ak[k]!)));
        }
      }
    });

    it('a per-particle law has no 2D kernel Model (a poly glass goes to lib/nd)', () => {
      expect(() => presetModel('poly')).to.throw(RangeError, "law 'poly': a per-particle law (sizes σ_i) has no 2D kernel Model; pass it as options.law");
      expect(() => ljLaw({ epsilon: [[1, 2], [1, 1]], sigma: [[1, 1], [1, 1]] })).to.throw(RangeError, 'params.epsilon: expected a symmetric table');
    });
  });
});
