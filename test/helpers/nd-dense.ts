/**
 * The independent route for the d-generic tests: small glasses of any preset and
 * dimension made here (random start at the preset's density, minimized by lib/minimize on
 * lib/nd energies, then dense Newton), and dense reference quantities built from scratch:
 * O(N²) brute-force pairs, explicit K and T tensors from φ', φ'', φ''' along n = r/|r|,
 * the dense pinned Hessian, its dense inverse and c_α by the definition of DESIGN §4.
 */
import type { Configuration } from '../../lib/config.js';
import { composition, modelPreset } from '../../lib/model/presets.js';
import { minimizeFire } from '../../lib/minimize/fire.js';
import { minimizeCG } from '../../lib/minimize/cg.js';
import { inverse, roundedImage } from '../../lib/space/cell-nd.js';
import { ndObjective } from '../../lib/nd/energy.js';
import { lawOfConfiguration, type NdLaw } from '../../lib/nd/law.js';
import { denseInverse, seededRandom } from './dense-linalg.js';

export interface DensePair {
  i: number;
  j: number;
  /** r = x_j − x_i minimum image. */
  r: Float64Array;
  /** [φ, φ', φ'', φ''', φ''''] at |r|. */
  f: Float64Array;
}

/** Every pair i < j within its cutoff, by an O(N²) loop. */
export function brutePairs(config: Configuration, law: NdLaw): DensePair[] {
  const d = config.dim === 3 ? 3 : 2;
  const hinv = inverse(config.cell);
  const out: DensePair[] = [];
  for (let i = 0; i < config.n; i++) {
    for (let j = i + 1; j < config.n; j++) {
      const r = new Float64Array(d);
      const r2 = roundedImage(d, config.cell, hinv, config.positions, i, j, r, 0);
      const rc = law.law.cutoff(law.keys[i]!, law.keys[j]!);
      if (r2 < rc * rc) out.push({ i, j, r, f: law.law.radial(law.keys[i]!, law.keys[j]!, Math.sqrt(r2), new Float64Array(5)) });
    }
  }
  return out;
}

/** K_ab = φ'' n_a n_b + (φ'/r)(δ_ab − n_a n_b) (row-major d×d). */
export function explicitK(p: DensePair): Float64Array {
  const d = p.r.length, rr = Math.hypot(...p.r);
  const K = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      const nn = (p.r[a]! / rr) * (p.r[b]! / rr);
      K[a * d + b] = p.f[2]! * nn + (p.f[1]! / rr) * ((a === b ? 1 : 0) - nn);
    }
  }
  return K;
}

/** T_abc = φ''' n_a n_b n_c + B (δ_ab n_c + δ_ac n_b + δ_bc n_a − 3 n_a n_b n_c), B = (φ'' − φ'/r)/r. */
export function explicitT(p: DensePair): Float64Array {
  const d = p.r.length, rr = Math.hypot(...p.r);
  const n = Array.from(p.r, (x) => x / rr);
  const B = (p.f[2]! - p.f[1]! / rr) / rr;
  const T = new Float64Array(d * d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      for (let c = 0; c < d; c++) {
        const nnn = n[a]! * n[b]! * n[c]!;
        T[(a * d + b) * d + c] = p.f[3]! * nnn +
          B * ((a === b ? n[c]! : 0) + (a === c ? n[b]! : 0) + (b === c ? n[a]! : 0) - 3 * nnn);
      }
    }
  }
  return T;
}

/** Energy and forces F = −∇U (dN) from brute-force pairs. */
export function denseEnergyForces(config: Configuration, law: NdLaw): { energy: number; forces: Float64Array } {
  const d = config.dim === 3 ? 3 : 2;
  const F = new Float64Array(d * config.n);
  let energy = 0;
  for (const p of brutePairs(config, law)) {
    energy += p.f[0]!;
    const rr = Math.hypot(...p.r);
    for (let a = 0; a < d; a++) {
      const g = (p.f[1]! * p.r[a]!) / rr;
      F[d * p.i + a] += g;
      F[d * p.j + a] -= g;
    }
  }
  return { energy, forces: F };
}

/** The full dense Hessian (dN × dN, row-major) from brute-force pairs and explicit K. */
export function denseHessian(config: Configuration, law: NdLaw): Float64Array {
  const d = config.dim === 3 ? 3 : 2;
  const n = d * config.n;
  const H = new Float64Array(n * n);
  for (const p of brutePairs(config, law)) {
    const K = explicitK(p);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        const k = K[a * d + b]!;
        H[(d * p.i + a) * n + d * p.i + b] += k;
        H[(d * p.j + a) * n + d * p.j + b] += k;
        H[(d * p.i + a) * n + d * p.j + b] -= k;
        H[(d * p.j + a) * n + d * p.i + b] -= k;
      }
    }
  }
  return H;
}

/** The dense matrix with particle `pinned`'s d rows and columns removed. */
export function dropPinned(H: Float64Array, n: number, d: number, pinned: number): Float64Array {
  const keep = Array.from({ length: n }, (_, k) => k).filter((k) => Math.floor(k / d) !== pinned);
  const m = keep.length;
  const out = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) out[a * m + b] = H[keep[a]! * n + keep[b]!]!;
  return out;
}

/** x = A⁻¹ b by Gaussian elimination with partial pivoting (dense, row-major). */
export function denseSolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(A), x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[p * n + k]] = [a[p * n + k]!, a[c * n + k]!];
      [x[c], x[p]] = [x[p]!, x[c]!];
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / a[c * n + c]!;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k]!;
      x[r] -= f * x[c]!;
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < n; k++) s -= a[c * n + k]! * x[k]!;
    x[c] = s / a[c * n + c]!;
  }
  return x;
}

/** Newton on the dense pinned Hessian until max |F| ≤ tol (or no more progress); returns a new configuration. */
export function denseNewton(config: Configuration, law: NdLaw, tol = 1e-12, pinned = 0): Configuration {
  const d = config.dim === 3 ? 3 : 2;
  const n = d * config.n;
  let cur: Configuration = { ...config, positions: Float64Array.from(config.positions) };
  let F = denseEnergyForces(cur, law).forces;
  let fmax = Math.max(...Array.from(F, Math.abs));
  for (let it = 0; it < 30 && fmax > tol; it++) {
    const H = dropPinned(denseHessian(cur, law), n, d, pinned);
    const rhs = Float64Array.from(Array.from(F).filter((_, k) => Math.floor(k / d) !== pinned));
    const dx = denseSolve(H, rhs, n - d);
    const x = Float64Array.from(cur.positions);
    for (let k = 0, m = 0; k < n; k++) if (Math.floor(k / d) !== pinned) x[k] += dx[m++]!;
    const next: Configuration = { ...cur, positions: x };
    const Fn = denseEnergyForces(next, law).forces;
    const fn = Math.max(...Array.from(Fn, Math.abs));
    if (!(fn < fmax)) break;
    cur = next; F = Fn; fmax = fn;
  }
  return cur;
}

/** c_α by DESIGN §4 with the dense inverse of the pinned Hessian and explicit K, T; in brute-force pair order. */
export function denseC(config: Configuration, law: NdLaw, pinned = 0): { pairs: DensePair[]; c: Float64Array } {
  const d = config.dim === 3 ? 3 : 2;
  const n = d * config.n;
  const Gp = denseInverse(dropPinned(denseHessian(config, law), n, d, pinned), n - d);
  const idx = (k: number): number => (Math.floor(k / d) === pinned ? -1 : (Math.floor(k / d) > pinned ? k - d : k));
  const G = (r: number, c: number): number => (idx(r) < 0 || idx(c) < 0 ? 0 : Gp[idx(r) * (n - d) + idx(c)]!);
  const pairs = brutePairs(config, law);
  const blocks = pairs.map((p) => {
    const B = new Float64Array(d * d);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        B[a * d + b] = G(d * p.i + a, d * p.i + b) + G(d * p.j + a, d * p.j + b) - G(d * p.i + a, d * p.j + b) - G(d * p.j + a, d * p.i + b);
      }
    }
    return B;
  });
  const v = new Float64Array(n);
  pairs.forEach((p, k) => {
    const T = explicitT(p);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) for (let c = 0; c < d; c++) s += T[(a * d + b) * d + c]! * blocks[k]![b * d + c]!;
      v[d * p.i + a] -= s;
      v[d * p.j + a] += s;
    }
  });
  const w = new Float64Array(n);
  for (let r = 0; r < n; r++) { let s = 0; for (let c = 0; c < n; c++) s += G(r, c) * v[c]!; w[r] = s; }
  const c = new Float64Array(pairs.length);
  pairs.forEach((p, k) => {
    const K = explicitK(p);
    const rr = Math.hypot(...p.r);
    let kg = 0, gdw = 0;
    for (let a = 0; a < d * d; a++) kg += K[a]! * blocks[k]![a]!;
    for (let a = 0; a < d; a++) gdw += (p.f[1]! * p.r[a]! / rr) * (w[d * p.j + a]! - w[d * p.i + a]!);
    c[k] = kg - gdw;
  });
  return { pairs, c };
}

/**
 * A small glass of a preset in dimension d: N particles at random in a cube (square) at the
 * preset's density, species by `composition` (poly: sizes from P(σ) ∝ σ⁻³ on the preset's
 * range), minimized by FIRE then CG on the lib/nd energy, then dense Newton to 1e-12.
 */
export function smallGlass(preset: string, n: number, seed: number, d: 2 | 3 = 3): Configuration {
  const p = modelPreset(preset);
  const rand = seededRandom(seed);
  const L = Math.pow(n / p.density, 1 / d);
  const cell = new Float64Array(d * d);
  for (let a = 0; a < d; a++) cell[a * d + a] = L;
  // random distinct sites of a simple cubic (square) lattice, jittered: no overlaps to start from
  const m = Math.ceil(Math.pow(n, 1 / d) - 1e-9), a = L / m;
  const sites = Array.from({ length: m ** d }, (_, s) => s);
  for (let s = sites.length - 1; s > 0; s--) { const t = Math.floor(rand() * (s + 1)); [sites[s], sites[t]] = [sites[t]!, sites[s]!]; }
  const positions = new Float64Array(d * n);
  for (let q = 0; q < n; q++) {
    let s = sites[q]!;
    for (let b = 0; b < d; b++) { positions[d * q + b] = ((s % m) + 0.5 + 0.3 * (rand() - 0.5)) * a; s = Math.floor(s / m); }
  }
  const species = new Uint8Array(n);
  const counts = composition(p, n);
  let k = 0;
  counts.forEach((c, s) => { for (let m = 0; m < c; m++) species[k++] = s; });
  const config: Configuration = { n, cell, positions, species, model: preset };
  if (d === 3) config.dim = 3;
  if (p.sizes !== undefined) {
    const { min, max } = p.sizes;
    // inverse CDF of P(σ) ∝ σ⁻³ on [min, max]
    config.sigma = Float64Array.from({ length: n }, () => { const u = rand(); return 1 / Math.sqrt(1 / min ** 2 - u * (1 / min ** 2 - 1 / max ** 2)); });
  }
  const law = lawOfConfiguration(config);
  const objective = ndObjective(config, law);
  const x = Float64Array.from(positions);
  let t = performance.now();
  const r1 = minimizeFire(objective, x, { fTol: 1, maxIter: 20000, maxStep: 0.05 });
  const t1 = performance.now() - t; t = performance.now();
  const r2 = minimizeCG(objective, x, { fTol: 1e-10, maxIter: 20000, maxStep: 0.05 });
  const t2 = performance.now() - t; t = performance.now();
  const out = denseNewton({ ...config, positions: x }, law);
  if (process.env.ND_TIMING) console.log('fire', r1.iterations, t1.toFixed(0), 'cg', r2.iterations, t2.toFixed(0), 'newton', (performance.now() - t).toFixed(0));
  return out;
}
