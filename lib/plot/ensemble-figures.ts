/**
 * All figures of an ensemble (docs/design.md §7): Fig. 2, 4, S2, S3 from the whole ensemble,
 * Figs. 1 and 3 for the first glass, and Fig. S1 when Err data are given; from in-memory
 * per-glass records (`ensembleFigures`) or from what they reduce to (`ensembleFiguresOf`:
 * the first glass, the pooled fields and the ranks at each bin size, which an aggregation
 * collects one glass at a time without holding every glass). Each figure is written as
 * .svg and .png (writeFigure). For a 3D ensemble (3×3 cells) Figs. 1 and 3 are slab maps
 * of the first glass (./slab-map.ts: the middle 2λ in z, projected on xy, events whose
 * particle lies in the slab), under the same names.
 */
import { join } from 'node:path';
import type { Mode2D } from '../space/index.js';
import { poolFields, predictabilityData, type GlassRecord, type PowerLawFitOptions, type PredictabilityData } from '../stats/index.js';
import { lhcMapSvg, type BondMapOptions, type MapField } from './bond-map.js';
import { slabMapSvg } from './slab-map.js';
import { errCdfSvg, fig2Data, fig2Svg, predictabilitySvg, xiDependenceSvg, type Fig2Fits } from './figures.js';
import { writeFigure, type FontOptions } from './render.js';
import { ArgumentRangeError } from '../errors.js';

/** File names (without extension) of the figures, in the order they are written. */
export const FIGURE_NAMES = Object.freeze({
  fig1: 'fig1-lhc-map',
  fig3: 'fig3-bond-maps',
  fig2: 'fig2-pdfs',
  fig4: 'fig4-predictability-simple',
  figS3: 'figS3-predictability-pure',
  figS2: 'figS2-xi-dependence',
  figS1: 'figS1-err-cdf',
});

/** Options of `ensembleFigures`. */
export interface EnsembleFigureOptions extends FontOptions {
  /** Bin size ξ of Figs. 4 and S3 (default 5). */
  xi?: number;
  /**
   * Bin sizes of Fig. S2 (default ξ − 1, ξ, ξ + 1 around the main ξ: [4, 5, 6] for the
   * paper's ξ = 5; a small 3D box needs a smaller ξ, and the paper's 4–6 would tie there).
   */
  xis?: number[];
  /** Unit of lengths: of ξ in the subtitles (default λ_SS, the paper's) and of the bond maps' scale bar (default λ); lib/model lengthUnitOf. */
  lengthUnit?: string;
  /** Tail-fit options of Fig. 2 (default: fitPowerLaw's). */
  fit?: PowerLawFitOptions;
  /** Histogram bins per decade of Fig. 2 (default 5 below 10⁴ values, else 10). */
  binsPerDecade?: number;
  /** Err values (percent, Eq. S7) per mode; Fig. S1 is drawn only if given. */
  err?: Partial<Record<Mode2D, Float64Array>>;
  /** Style of the bond maps. */
  map?: BondMapOptions;
  /** PNG width in pixels (default twice the SVG width). */
  pngWidth?: number;
  /** Called after each figure is written (e.g. progress on stderr). */
  onFigure?: (svgPath: string) => void;
}

/** What the figures of an ensemble are drawn from (`ensembleFigures` makes it from the records). */
export interface EnsembleFigureInput {
  /** The glass of Figs. 1 and 3. */
  first: GlassRecord;
  /** c and dc/dγ of every interaction of every glass (stats.poolFields) for Fig. 2. */
  pooled: { c: Float64Array; dcdg: Record<Mode2D, Float64Array> };
  /** The ranks (stats.predictabilityData) at every bin size of `figureBinSizes(options)`. */
  ranks: ReadonlyMap<number, PredictabilityData>;
  /** Fig. 2's tail fits already made on `pooled` with `options.fit` (the rest are fitted here). */
  fits?: Fig2Fits;
}

/** The bin size ξ of Figs. 4 and S3 and those of Fig. S2 (defaults: 5, and ξ − 1, ξ, ξ + 1). */
export function figureBinSizes(options: Pick<EnsembleFigureOptions, 'xi' | 'xis'> = {}): { xi: number; xis: number[]; all: number[] } {
  const xi = options.xi ?? 5;
  const xis = options.xis ?? [xi - 1, xi, xi + 1].filter((x) => x > 0);
  return { xi, xis, all: [...new Set([xi, ...xis])] };
}

/**
 * Writes every figure into `outDir` (created if needed) and returns the paths written
 * (.svg and .png of each figure). Throws RangeError for an empty ensemble.
 */
export async function ensembleFigures(data: readonly GlassRecord[], outDir: string, options: EnsembleFigureOptions = {}): Promise<string[]> {
  if (!Array.isArray(data) || data.length === 0) throw new ArgumentRangeError(`data: expected a non-empty array of glass records, got ${Array.isArray(data) ? 'length 0' : typeof data}`);
  const ranks = new Map(figureBinSizes(options).all.map((x) => [x, predictabilityData(data, x)]));
  return ensembleFiguresOf({ first: data[0], pooled: poolFields(data), ranks }, outDir, options);
}

/**
 * `ensembleFigures` from what the records reduce to: the same figures, without every glass
 * in memory. Throws RangeError when `input.ranks` lacks a bin size of figureBinSizes(options).
 */
export async function ensembleFiguresOf(input: EnsembleFigureInput, outDir: string, options: EnsembleFigureOptions = {}): Promise<string[]> {
  const { xi, xis, all } = figureBinSizes(options);
  const missing = all.filter((x) => !input.ranks.has(x));
  if (missing.length) throw new ArgumentRangeError(`input.ranks: expected the ranks at bin sizes ${all.join(', ')}, missing ${missing.join(', ')}`);
  const files: string[] = [];
  const write = async (name: string, svg: string) => {
    const paths = await writeFigure(join(outDir, `${name}.svg`), svg, { ...options, pngWidth: options.pngWidth });
    files.push(...paths);
    options.onFigure?.(paths[0]);
  };
  const first = input.first;
  const mapOptions: BondMapOptions = { ...(options.lengthUnit === undefined ? {} : { lengthUnit: options.lengthUnit }), ...options.map };
  const map = (field: MapField): string => (first.cell.length === 9
    ? slabMapSvg(first, field, first.events, undefined, mapOptions).svg
    : lhcMapSvg(first, field, first.events, mapOptions).svg);
  await write(FIGURE_NAMES.fig1, map('c'));
  await write(FIGURE_NAMES.fig3, map('all'));
  await write(FIGURE_NAMES.fig2, await fig2Svg(fig2Data(input.pooled, { fit: options.fit, fits: input.fits, binsPerDecade: options.binsPerDecade })));

  const main = input.ranks.get(xi)!;
  await write(FIGURE_NAMES.fig4, await predictabilitySvg(main, 'simple', options.lengthUnit));
  await write(FIGURE_NAMES.figS3, await predictabilitySvg(main, 'pure', options.lengthUnit));
  await write(FIGURE_NAMES.figS2, await xiDependenceSvg(xis.map((x) => input.ranks.get(x)!), options.lengthUnit));
  if (options.err !== undefined) await write(FIGURE_NAMES.figS1, await errCdfSvg(options.err));
  return files;
}
