/**
 * softspot figures (docs/design.md §7): bond-field maps as hand-made SVG (Figs. 1, 3), statistics
 * charts as Vega-Lite rendered headlessly to SVG (Figs. 2, 4, S1–S3), PNG through resvg,
 * and the whole set for an ensemble (`ensembleFigures`).
 */
export {
  bondMapSvg,
  bondSegments,
  lhcMapSvg,
  lhcPanels,
  rescaleField,
  BOND_MAP_DEFAULTS,
  MAP_FIELDS,
  type BondFieldOptions,
  type BondMapGlass,
  type BondMapOptions,
  type BondMapPanel,
  type BondMapSummary,
  type BondSegments,
  type LhcGlass,
  type MapField,
} from './bond-map.js';
export {
  defaultSlab,
  projectSlab,
  slabEvents,
  slabMapSvg,
  SLAB_DEFAULT_WIDTH,
  SLAB_WIDTH_PER_UNIT,
  type Slab,
  type SlabGlass,
  type SlabMapSummary,
  type SlabProjection,
} from './slab-map.js';
export { BOND_COLOURS, DIRECTION_STYLE, MODE_STYLE, type DirectionStyle } from './style.js';
export { chartSpec, type ChartOptions, type Curve, type MarkerShape, type Panel } from './charts.js';
export {
  errCdfSvg,
  fig2Data,
  fig2Svg,
  fitLabel,
  predictabilitySvg,
  xiDependenceSvg,
  type Fig2Data,
  type Fig2Fit,
  type Fig2Fits,
  type Fig2Options,
  type PdfSeries,
} from './figures.js';
export { ensembleFigures, ensembleFiguresOf, figureBinSizes, FIGURE_NAMES, type EnsembleFigureInput, type EnsembleFigureOptions } from './ensemble-figures.js';
export {
  FIGURE_FONT,
  svgToPng,
  vegaLiteToSvg,
  writeFigure,
  type CompileLog,
  type FontOptions,
  type PngOptions,
  type WriteFigureOptions,
} from './render.js';
