/**
 * Distinct soft spots above x_min as the effective sample size of a tail fit.
 *
 * Clusters: a bond k (particles i_k, j_k) is large if |x_k| ≥ x_min; two large bonds
 * belong to one cluster if they share a particle, transitively (connected components of
 * the graph of large bonds, by union–find with path halving and union by size; Tarjan,
 * J. ACM 22, 215 (1975)). Bonds below x_min connect nothing.
 *
 * Why the cluster count: the CSN estimator α̂ − 1 = m / S, S = Σ ln(x/x_min) over the m
 * tail values, has Var(α̂) ≈ (α − 1)²/m when the m values are independent (S is a sum of
 * m Exp(α − 1) terms; Clauset, Shalizi & Newman, SIAM Review 51, 661 (2009), Eq. 3.2). The
 * bonds of one soft spot are large together and carry nearly the same information: in
 * the limit where the k_c bonds of cluster c are copies of one value L_c = ln(v_c/x_min),
 * S = Σ_c k_c L_c with K independent L_c, and
 *
 *     Var(S)/E(S)² = Σ_c k_c² / (Σ_c k_c)² = 1 / K_eff,   K_eff = (Σ k_c)² / Σ k_c²  (≤ K)
 *
 * (Kish's effective sample size, "Survey Sampling" (1965), §8.2), which is K when the
 * clusters are of equal size. So the interval is recomputed with K (or K_eff) in place of m:
 *
 *     se_K = (α̂ − 1)/√K,   α̂ ± Φ⁻¹((1 + level)/2)·se_K    (and the same with K_eff)
 *
 * The point estimate α̂ is unchanged. Real soft spots are not copies — the values decay
 * away from the core — so the truth lies between m and K independent values; K is the
 * cautious end. Both counts are per glass (particle indices are per glass) and add over
 * glasses.
 *
 * Cost: O(n_bonds · α(N)) per glass, O(N) memory for N = largest particle index + 1.
 */
import { normalQuantile } from './normal.js';
import { expectAllFinite, expectConfidenceLevel, expectFloat64Array, expectInt32Array, expectPositive, describe } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** The bonds of one glass and their values: bond k joins particles i[k], j[k] (as a PairList). */
export interface BondValues {
  /** First particle of each bond (Int32Array, length ≥ values.length). */
  i: Int32Array;
  /** Second particle of each bond (Int32Array, length ≥ values.length). */
  j: Int32Array;
  /** The field on each bond (Float64Array(nBonds)); |x| is compared with x_min. */
  values: Float64Array;
}

/** Result of `softSpotClusters`. */
export interface SoftSpotClusters {
  /** Number of clusters K. */
  count: number;
  /** Cluster of each bond, 0..K−1 in order of first appearance, −1 for bonds below x_min (Int32Array(nBonds)). */
  labels: Int32Array;
  /** Number of large bonds in each cluster (Int32Array(K)). */
  sizes: Int32Array;
}

/** Result of `clusterInterval`. */
export interface ClusterInterval {
  /** Tail values m = Σ k_c. */
  ntail: number;
  /** Number of clusters K. */
  clusters: number;
  /** Kish's effective sample size (Σ k_c)² / Σ k_c². */
  effectiveSize: number;
  /** (α̂ − 1)/√K. */
  se: number;
  /** α̂ ± z·se at `level`, the lower end cut at 1 (a tail exponent is > 1). */
  ci: [number, number];
  /** (α̂ − 1)/√K_eff. */
  seEffective: number;
  /** α̂ ± z·seEffective, the lower end cut at 1. */
  ciEffective: [number, number];
  /** Confidence level of the intervals. */
  level: number;
}

/**
 * Connected clusters of the bonds with |x| ≥ xmin of one glass (file header).
 * Throws TypeError for wrong array types, RangeError for short index arrays, negative
 * indices, non-finite values or xmin ≤ 0.
 */
export function softSpotClusters(bonds: BondValues, xmin: number): SoftSpotClusters {
  if (bonds === null || typeof bonds !== 'object') throw new ArgumentTypeError(`bonds: expected { i, j, values }, got ${describe(bonds)}`);
  const { i, j, values } = bonds;
  expectFloat64Array('bonds.values', values);
  expectAllFinite('bonds.values', values);
  expectInt32Array('bonds.i', i);
  expectInt32Array('bonds.j', j);
  expectPositive('xmin', xmin);
  const nb = values.length;
  if (i.length < nb || j.length < nb) {
    throw new ArgumentRangeError(`bonds.i, bonds.j: expected length ≥ values.length = ${nb}, got ${i.length} and ${j.length}`);
  }
  let nParticles = 0;
  for (let k = 0; k < nb; k++) {
    if (i[k] < 0 || j[k] < 0) throw new ArgumentRangeError(`bonds: expected particle indices ≥ 0, got ${i[k]}–${j[k]} at bond ${k}`);
    nParticles = Math.max(nParticles, i[k] + 1, j[k] + 1);
  }
  const parent = new Int32Array(nParticles);
  const size = new Int32Array(nParticles).fill(1);
  for (let p = 0; p < nParticles; p++) parent[p] = p;
  const find = (p: number): number => {
    while (parent[p] !== p) {
      parent[p] = parent[parent[p]];
      p = parent[p];
    }
    return p;
  };
  for (let k = 0; k < nb; k++) {
    if (!(Math.abs(values[k]) >= xmin)) continue;
    let a = find(i[k]);
    let b = find(j[k]);
    if (a === b) continue;
    if (size[a] < size[b]) [a, b] = [b, a];
    parent[b] = a;
    size[a] += size[b];
  }
  const labels = new Int32Array(nb).fill(-1);
  const labelOfRoot = new Int32Array(nParticles).fill(-1);
  const sizes: number[] = [];
  for (let k = 0; k < nb; k++) {
    if (!(Math.abs(values[k]) >= xmin)) continue;
    const r = find(i[k]);
    if (labelOfRoot[r] < 0) {
      labelOfRoot[r] = sizes.length;
      sizes.push(0);
    }
    labels[k] = labelOfRoot[r];
    sizes[labels[k]]++;
  }
  return { count: sizes.length, labels, sizes: Int32Array.from(sizes) };
}

/**
 * The interval of a tail fit with the soft-spot count as its sample size (file header).
 * @param alpha the fitted α̂ (> 1), e.g. from `fitPowerLaw` or `fitTailOverGlasses` at x_min
 * @param sizes the cluster sizes k_c of all glasses at that x_min (Int32Array, all ≥ 1)
 * @param level confidence level in (0, 1), default 0.95
 */
export function clusterInterval(alpha: number, sizes: Int32Array, level = 0.95): ClusterInterval {
  if (typeof alpha !== 'number' || !(alpha > 1) || !Number.isFinite(alpha)) {
    throw new ArgumentRangeError(`alpha: expected a finite number > 1, got ${describe(alpha)}`);
  }
  expectInt32Array('sizes', sizes);
  if (sizes.length === 0) throw new ArgumentRangeError('sizes: expected at least one cluster, got none');
  expectConfidenceLevel('level', level);
  let m = 0, m2 = 0;
  for (let c = 0; c < sizes.length; c++) {
    if (!(sizes[c] >= 1)) throw new ArgumentRangeError(`sizes: expected cluster sizes ≥ 1, got ${sizes[c]} at index ${c}`);
    m += sizes[c];
    m2 += sizes[c] * sizes[c];
  }
  const K = sizes.length;
  const kEff = (m * m) / m2;
  const z = normalQuantile((1 + level) / 2);
  const se = (alpha - 1) / Math.sqrt(K);
  const seEff = (alpha - 1) / Math.sqrt(kEff);
  // A tail exponent is > 1 (a normalizable density): the normal interval is cut at 1 there.
  return {
    ntail: m, clusters: K, effectiveSize: kEff,
    se, ci: [Math.max(1, alpha - z * se), alpha + z * se],
    seEffective: seEff, ciEffective: [Math.max(1, alpha - z * seEff), alpha + z * seEff],
    level,
  };
}

/**
 * Soft spots of an ensemble at one x_min: the clusters of every glass pooled.
 * Returns the total count and all cluster sizes (Int32Array(K)), ready for `clusterInterval`.
 */
export function countSoftSpots(glasses: readonly BondValues[], xmin: number): { count: number; sizes: Int32Array; perGlass: Int32Array } {
  if (!Array.isArray(glasses)) throw new ArgumentTypeError(`glasses: expected an array of { i, j, values }, got ${describe(glasses)}`);
  const all: number[] = [];
  const perGlass = new Int32Array(glasses.length);
  glasses.forEach((b, g) => {
    let c: SoftSpotClusters;
    try {
      c = softSpotClusters(b, xmin);
    } catch (e) {
      if (e instanceof Error) e.message = `glasses[${g}]: ${e.message}`;
      throw e;
    }
    perGlass[g] = c.count;
    for (let k = 0; k < c.sizes.length; k++) all.push(c.sizes[k]);
  });
  return { count: all.length, sizes: Int32Array.from(all), perGlass };
}
