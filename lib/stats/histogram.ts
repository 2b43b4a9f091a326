/**
 * Logarithmically binned histograms normalised as probability densities (docs/design.md §7,
 * paper Fig. 2: p(dc_α/dγ), p(c_α dc_α/dγ) on log–log axes).
 *
 * Bins: B bins with geometric edges e_k = min · r^k, k = 0..B, r = (max/min)^(1/B)
 * (option `bins`), or r = 10^(1/binsPerDecade) with B = ⌈binsPerDecade · log10(max/min)⌉
 * so that e_B ≥ max (option `binsPerDecade`). Bins are [e_k, e_{k+1}); the last one is
 * closed, [e_{B−1}, e_B], as in numpy.histogram.
 *
 * Normalisation: with n = number of input values (all of them, including zeros and
 * values outside [min, max]),
 *
 *     density_k = counts_k / (n · (e_{k+1} − e_k))       (per unit x)
 *
 * so Σ_k density_k (e_{k+1} − e_k) = (samples in range) / n — the density of the full
 * sample restricted to the binned range. Centres are geometric, x_k = √(e_k e_{k+1})
 * (the natural abscissa on a log axis).
 *
 * Zeros and negative values can never fall in a log bin; they still count in n.
 */
import { expectAllFinite, expectFloat64Array, expectInteger, expectPositive, expectKnownKeys, type AllKeysOf } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of `logHistogram`; give at most one of `bins` / `binsPerDecade` (default binsPerDecade = 10). */
export interface LogHistogramOptions {
  /** Total number of bins B between min and max. */
  bins?: number;
  /** Bins per factor of 10 (the range is extended upward to a whole number of bins). */
  binsPerDecade?: number;
  /** Lower edge (> 0). Default: smallest positive value. */
  min?: number;
  /** Upper edge (> min). Default: largest value. */
  max?: number;
}

/** A normalised log-binned histogram. Arrays have length B (edges B + 1). */
export interface LogHistogram {
  /** Bin edges e_0 < … < e_B, length B + 1. */
  edges: Float64Array;
  /** Geometric bin centres √(e_k e_{k+1}), length B. */
  centres: Float64Array;
  /** Probability density per unit x, counts_k / (n · width_k), length B. */
  density: Float64Array;
  /** Number of samples in each bin, length B. */
  counts: Float64Array;
  /** Total number of samples n used in the normalisation. */
  n: number;
  /** Number of samples inside [e_0, e_B]. */
  inRange: number;
}

/** Positive and negative parts of a signed sample, on common edges. */
export interface SignedLogHistogram {
  /** Density of x (for x > 0), normalised by the total n. */
  positive: LogHistogram;
  /** Density of −x (for x < 0), normalised by the total n. */
  negative: LogHistogram;
}

/** Resolve the edges from options and the positive part of `mags` (which may include ≤ 0). */
function makeEdges(mags: Float64Array, opts: LogHistogramOptions): Float64Array {
  if (opts.bins !== undefined && opts.binsPerDecade !== undefined) {
    throw new ArgumentRangeError(`options: expected at most one of bins / binsPerDecade, got bins=${opts.bins} and binsPerDecade=${opts.binsPerDecade}`);
  }
  if (opts.bins !== undefined) expectInteger('options.bins', opts.bins, 1);
  if (opts.binsPerDecade !== undefined) expectPositive('options.binsPerDecade', opts.binsPerDecade);
  if (opts.min !== undefined) expectPositive('options.min', opts.min);
  if (opts.max !== undefined) expectPositive('options.max', opts.max);

  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < mags.length; i++) {
    const x = mags[i];
    if (x > 0) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  const min = opts.min ?? lo;
  const max = opts.max ?? hi;
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new ArgumentRangeError('values: expected at least one positive value to set the default range, got none; pass options.min and options.max');
  }
  if (!(max > min)) {
    throw new ArgumentRangeError(`options.max: expected a value > min = ${min}, got ${max}`);
  }
  let bins: number;
  let logStep: number;
  if (opts.bins !== undefined) {
    bins = opts.bins;
    logStep = Math.log(max / min) / bins;
  } else {
    const bpd = opts.binsPerDecade ?? 10;
    logStep = Math.LN10 / bpd;
    // tiny tolerance so that e.g. exactly 3 decades at 10/decade gives 30 bins, not 31
    bins = Math.max(1, Math.ceil(Math.log(max / min) / logStep - 1e-9));
  }
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) edges[k] = min * Math.exp(k * logStep);
  edges[0] = min;
  if (opts.bins !== undefined) edges[bins] = max; // exact user range
  else if (edges[bins] < max) edges[bins] = max; // guard rounding in the tolerance above
  return edges;
}

/** Histogram `mags` on fixed `edges` (values outside are skipped), normalised by `n`. */
function fill(mags: Float64Array, edges: Float64Array, n: number, sign: 1 | -1 | 0): LogHistogram {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const e0 = edges[0];
  const eB = edges[bins];
  const logStep = Math.log(eB / e0) / bins;
  let inRange = 0;
  for (let i = 0; i < mags.length; i++) {
    let x = mags[i];
    if (sign === 0) x = Math.abs(x);
    else if (sign === -1) x = -x;
    if (!(x >= e0 && x <= eB)) continue;
    let k = Math.floor(Math.log(x / e0) / logStep);
    if (k < 0) k = 0;
    if (k > bins - 1) k = bins - 1;
    while (k > 0 && x < edges[k]) k--;
    while (k < bins - 1 && x >= edges[k + 1]) k++;
    counts[k]++;
    inRange++;
  }
  const centres = new Float64Array(bins);
  const density = new Float64Array(bins);
  for (let k = 0; k < bins; k++) {
    centres[k] = Math.sqrt(edges[k] * edges[k + 1]);
    density[k] = n > 0 ? counts[k] / (n * (edges[k + 1] - edges[k])) : 0;
  }
  return { edges, centres, density, counts, n, inRange };
}

function checkValues(values: unknown): asserts values is Float64Array {
  expectFloat64Array('values', values);
  expectAllFinite('values', values);
}

/** The options of logHistogram (a complete list: AllKeysOf checks it against LogHistogramOptions). */
const LOG_HISTOGRAM_OPTION_NAMES = ['bins', 'binsPerDecade', 'min', 'max'] as const;
const logHistogramOptionNames: AllKeysOf<LogHistogramOptions, typeof LOG_HISTOGRAM_OPTION_NAMES> = LOG_HISTOGRAM_OPTION_NAMES;

/**
 * Log-binned PDF of the positive values of `values` (zeros / negatives count in n only).
 * Cost O(n). Throws TypeError if `values` is not a Float64Array, RangeError on
 * non-finite values or an empty / invalid range.
 */
export function logHistogram(values: Float64Array, options: LogHistogramOptions = {}): LogHistogram {
  expectKnownKeys('options', options, logHistogramOptionNames, 'logHistogram');
  checkValues(values);
  const edges = makeEdges(values, options);
  return fill(values, edges, values.length, 1);
}

/** The edges of the histogram of |x| (default range from the positive |x|). */
function absEdges(values: Float64Array, options: LogHistogramOptions): Float64Array {
  checkValues(values);
  return makeEdges(values.map(Math.abs), options);
}

/** Log-binned PDF of |x| (e.g. p(|dc_α/dγ|), paper Fig. 2a). Exact zeros count in n only. */
export function logHistogramAbs(values: Float64Array, options: LogHistogramOptions = {}): LogHistogram {
  expectKnownKeys('options', options, logHistogramOptionNames, 'logHistogramAbs');
  return fill(values, absEdges(values, options), values.length, 0);
}

/**
 * Log-binned PDFs of the positive part (x > 0, binned at x) and the negative part
 * (x < 0, binned at −x) on common edges (default range from |x|), both normalised by
 * the total n, so positive.density + negative.density equals `logHistogramAbs` on the
 * same edges.
 */
export function logHistogramSigned(values: Float64Array, options: LogHistogramOptions = {}): SignedLogHistogram {
  expectKnownKeys('options', options, logHistogramOptionNames, 'logHistogramSigned');
  const edges = absEdges(values, options);
  return {
    positive: fill(values, edges, values.length, 1),
    negative: fill(values, Float64Array.from(edges), values.length, -1),
  };
}
