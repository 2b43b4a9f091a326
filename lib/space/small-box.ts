/**
 * Small boxes (docs/design.md §10): minimum image needs every width of the reduced cell to exceed
 * twice the largest cutoff (plus the skin where a neighbour list with skin is used), or a
 * pair could interact through two images. A refused glass is told the smallest N that
 * fits at its density.
 *
 * A square (d = 2) or cubic (d = 3) cell of N particles at number density ρ = N/V has
 * side L = (N/ρ)^{1/d}; it fits range r when L > 2r, i.e. N > ρ·(2r)^d. The smallest such
 * integer is N_min = ⌊ρ·(2r)^d⌋ + 1 (3D KA, r = x_c σ_AA = 2.5 λ, ρ = 1.2 λ⁻³:
 * ρ·5³ = 150, so N_min = 151: at N = 150 the side is exactly 5 = 2r, which does not fit).
 * A tilted or rectangular cell of the same N and ρ has a smaller width, so N_min is a
 * lower bound for those.
 */

import { portablePow } from '../portable/index.js';
import { ArgumentRangeError } from '../errors.js';

/**
 * The smallest N whose square/cubic cell at density ρ has side (N/ρ)^{1/d} > `width`:
 * ⌊ρ·width^d⌋ + 1.
 * @param density  N/V, λ^{−d}, > 0
 * @param d        dimension, 2 or 3
 * @param width    the width to exceed (2·(cutoff + skin)), λ, > 0
 */
export function smallestFittingN(density: number, d: number, width: number): number {
  if (!(density > 0 && Number.isFinite(density))) throw new ArgumentRangeError(`density: expected a finite number > 0, got ${density}`);
  if (d !== 2 && d !== 3) throw new ArgumentRangeError(`d: expected 2 or 3, got ${d}`);
  if (!(width > 0 && Number.isFinite(width))) throw new ArgumentRangeError(`width: expected a finite number > 0, got ${width}`);
  // ρ·width^d may land a rounding below an integer it equals (KA: 1.2·125 = 149.99999999999997):
  // N equal to the bound gives side = width exactly, which does not fit either.
  const bound = density * portablePow(width, d), nearest = Math.round(bound);
  return (Math.abs(bound - nearest) <= 1e-9 * bound ? nearest : Math.floor(bound)) + 1;
}

/**
 * The sentence a refused small box gets: why, the smallest N that fits at the glass's
 * density (N particles in volume V, dimension d, range r = cutoff (+ skin)) and how that N
 * follows: side (N/ρ)^{1/d} > 2r ⇔ N > ρ·(2r)^d, N_min = ⌊ρ·(2r)^d⌋ + 1 (3D KA: "N > 1.2·5^3
 * = 150, so N_min = 150 + 1 = 151; at N = 150 the side is exactly 5 λ = 2·(max cutoff),
 * which does not fit").
 *
 * With `minWidth`, the cell's smallest (reduced) width: a cell narrower than the square or
 * cube of its N and density (sheared, tilted, strained or rectangular) may be refused at
 * N ≥ N_min. The advice is then for a cell of the same shape, whose widths scale as
 * N^{1/d}: it fits when N·(2r/w)^d < N', so N' = ⌊N·(2r/w)^d⌋ + 1.
 */
export function smallBoxAdvice(n: number, volume: number, d: number, r: number, what: string, minWidth?: number): string {
  const density = n / Math.abs(volume);
  const width = 2 * r, bound = density * portablePow(width, d);
  const nMin = smallestFittingN(density, d, width);
  const g = (x: number): string => String(Number(x.toPrecision(6)));
  if (minWidth !== undefined && minWidth > 0 && nMin <= n) {
    const side = portablePow(n / density, 1 / d), shapeBound = n * portablePow(width / minWidth, d);
    const nShape = Math.floor(shapeBound) + 1;
    return `minimum image needs every cell width > 2·(${what}), or a pair would interact through two images; ` +
      `this cell's smallest width, ${g(minWidth)} λ, is ${g(minWidth / side)} of the side ${g(side)} λ of the ${d === 2 ? 'square' : 'cube'} ` +
      `of N = ${n} at this density (N/V = ${density.toPrecision(6)}): the cell is sheared, strained or elongated. ` +
      `A cell of this shape fits from N > N·(2·(${what})/width)^${d} = ${n}·(${g(width)}/${g(minWidth)})^${d} = ${g(shapeBound)}: ` +
      `give a glass of N ≥ ${nShape}, or deform this one less (a smaller --max-strain)`;
  }
  const exact = Math.abs(bound - Math.round(bound)) <= 1e-9 * bound;
  return `minimum image needs every cell width > 2·(${what}), or a pair would interact through two images; ` +
    `at this density (N/V = ${density.toPrecision(6)}) the smallest ${d === 2 ? 'square' : 'cubic'} cell that fits holds ` +
    `N = ${nMin} particles (its side (N/ρ)^(1/${d}) must exceed 2·(${what}) = ${g(width)} λ: N > ρ·${g(width)}^${d} = ` +
    `${g(density)}·${g(portablePow(width, d))} = ${g(bound)}, so N ≥ ${exact ? g(bound) : `⌊${g(bound)}⌋`} + 1 = ${nMin}` +
    (exact ? `; at N = ${Math.round(bound)} the side is exactly ${g(width)} λ, which does not fit` : '') +
    `), and this glass has N = ${n}: give a glass of N ≥ ${nMin}`;
}
