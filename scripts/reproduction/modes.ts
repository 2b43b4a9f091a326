/**
 * The softest vibrational mode of each glass against the glass's largest |c|, |dc/dγ| and
 * |c·dc/dγ| (shared by scripts/reproduction-report.ts and scripts/anneal-study.ts).
 */
import type { Configuration } from '../../lib/config.js';
import { softestMode } from '../../lib/modes/index.js';
import { interactionMidpoints, percentiles } from '../../lib/stats/index.js';
import { createRng } from '../../lib/random.js';

/** What the analysis needs of a glass: the configuration, its interactions and fields. */
export interface GlassFields { config: Configuration; i: Int32Array; c: Float64Array; dcdg: { simple: Float64Array } }

/** Participation ratio below which a softest mode counts as quasilocalized (phonons: ≳ 0.3). */
export const LOCALIZED = 0.2;

export interface Slope { slope: number; lo: number; hi: number; theory: number }

/** OLS slope of y on x and a 95 % bootstrap interval over glasses. */
function slope(x: Float64Array, y: Float64Array, theory: number): Slope {
  const ols = (idx: ArrayLike<number>) => {
    let sx = 0, sy = 0, sxx = 0, sxy = 0;
    const n = idx.length;
    for (let k = 0; k < n; k++) { const a = x[idx[k]], b = y[idx[k]]; sx += a; sy += b; sxx += a * a; sxy += a * b; }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
  };
  const all = Array.from(x, (_, k) => k);
  const rng = createRng(3);
  const b = Float64Array.from({ length: 1000 }, () => ols(all.map(() => Math.min(x.length - 1, Math.floor(rng.uniform() * x.length)))));
  const [lo, hi] = percentiles(b.filter(Number.isFinite), [2.5, 97.5]);
  return { slope: ols(all), lo, hi, theory };
}

/**
 * The softest mode of every glass (ω_min, participation) against the glass's largest |c|,
 * |dc/dγ| and |c·dc/dγ|: the paper's scalings c ~ ω⁻⁴, dc/dγ ~ ω⁻⁸, c·dc/dγ ~ ω⁻¹² predict
 * slopes −4, −8, −12 of ln(max) against ln ω_min when the softest mode dominates the maxima.
 */
export function softestModes(samples: GlassFields[]) {
  const slopesOf = (rs: Array<{ omega: number; maxC: number; maxDcdg: number; maxCdcdg: number }>): Record<string, Slope> => {
    const lnW = Float64Array.from(rs, (r) => Math.log(r.omega));
    return {
      'max |c|': slope(lnW, Float64Array.from(rs, (r) => Math.log(r.maxC)), -4),
      'max |dc/dγ| (simple)': slope(lnW, Float64Array.from(rs, (r) => Math.log(r.maxDcdg)), -8),
      'max |c·dc/dγ| (simple)': slope(lnW, Float64Array.from(rs, (r) => Math.log(r.maxCdcdg)), -12),
    };
  };
  const rows = samples.map((s) => {
    const m = softestMode(s.config, { tol: 1e-9, maxIterations: 300 });
    let top = 0;
    for (let i = 1; i < s.config.n; i++) if (m.mode[2 * i] ** 2 + m.mode[2 * i + 1] ** 2 > m.mode[2 * top] ** 2 + m.mode[2 * top + 1] ** 2) top = i;
    const maxOf = (v: Float64Array) => v.reduce((acc, x) => Math.max(acc, Math.abs(x)), 0);
    let aC = 0;
    for (let a = 1; a < s.c.length; a++) if (Math.abs(s.c[a]) > Math.abs(s.c[aC])) aC = a;
    // minimum-image distance from the mode's largest-amplitude particle to particle i of the
    // max-|c| interaction (the "midpoint" of the pair (top, i) is x_top + d/2)
    const half = interactionMidpoints(s.config.cell, s.config.positions, Int32Array.of(top), Int32Array.of(s.i[aC]));
    const d = Math.hypot(2 * (half[0] - s.config.positions[2 * top]), 2 * (half[1] - s.config.positions[2 * top + 1]));
    return {
      omega: m.omega, participation: m.participation, residual: m.residual,
      maxC: maxOf(s.c), maxDcdg: maxOf(s.dcdg.simple), maxCdcdg: s.c.reduce((acc, x, a) => Math.max(acc, Math.abs(x * s.dcdg.simple[a])), 0),
      coreDistance: d,
    };
  });
  const localized = rows.filter((r) => r.participation < LOCALIZED);
  const q = (v: Float64Array) => { const [p10, median, p90] = percentiles(v, [10, 50, 90]); return { p10, median, p90 }; };
  return {
    rows,
    summary: {
      omega: q(Float64Array.from(rows, (r) => r.omega)),
      participation: q(Float64Array.from(rows, (r) => r.participation)),
      maxResidual: Math.max(...rows.map((r) => r.residual)),
      maxCNearCore: rows.filter((r) => r.coreDistance < 2).length / rows.length,
      localizedShare: localized.length / rows.length,
      slopes: slopesOf(rows),
      slopesLocalized: localized.length >= 5 ? slopesOf(localized) : null,
    },
  };
}
