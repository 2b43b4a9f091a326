/**
 * The C(λ) figure of the predictor benchmark (docs/predictors.md): for one glass
 * size and one shear direction (or 'all', the four pooled), one panel per bin size ξ with
 * the C(λ) of every indicator (lib/predictors benchmarkMetrics' grid and cdf) and the
 * diagonal C(λ) = λ of a field that knows nothing. Not exported by the `softspot/predictors`
 * entry (it would load the SVG/PNG renderer); imported by path where a figure is drawn.
 */
import type { BenchmarkMetrics } from './metrics.js';
import type { IndicatorName } from './names.js';
import type { Direction2D } from '../space/index.js';
import { chartSpec, type Curve, type MarkerShape, type Panel } from '../plot/charts.js';
import { vegaLiteToSvg } from '../plot/render.js';
import { DIRECTION_STYLE } from '../plot/style.js';

/** Legend label, colour and marker of each indicator (P⁺ drawn thicker: the reference). */
export const INDICATOR_STYLE: Readonly<Record<IndicatorName, Readonly<{ label: string; colour: string; marker: MarkerShape }>>> = Object.freeze({
  absC: { label: '|c|', colour: '#555555', marker: 'circle' },
  pPlus: { label: 'P⁺ = max(c·dc/dγ, 0)', colour: '#1f77b4', marker: 'diamond' },
  absDcdg: { label: '|dc/dγ|', colour: '#ff7f0e', marker: 'square' },
  dcdgPlus: { label: 'max(dc/dγ, 0)', colour: '#d62728', marker: 'triangle-up' },
  energy: { label: 'local energy e_i', colour: '#2ca02c', marker: 'triangle-down' },
  coordinationDeficit: { label: 'z̄ − Z_i', colour: '#9467bd', marker: 'cross' },
  nonAffine: { label: '|w_i|', colour: '#8c564b', marker: 'triangle-left' },
  nonAffineAlong: { label: '|w_i · ê|', colour: '#e377c2', marker: 'triangle-right' },
  qlmParticipation: { label: 'QLM participation', colour: '#bcbd22', marker: 'circle' },
  vibrality: { label: 'vibrality (QLMs)', colour: '#17becf', marker: 'square' },
  qlmSoftening: { label: 'QLM softening', colour: '#000000', marker: 'diamond' },
});

const TITLES: Record<Direction2D | 'all', string> = {
  ...Object.fromEntries(Object.entries(DIRECTION_STYLE).map(([d, s]) => [d, s.title])) as Record<Direction2D, string>,
  all: 'all four directions pooled',
};

/** Marker every `step` grid points (the cdf's grid is 0 … 1). */
function markersOf(grid: Float64Array, cdf: Float64Array, count = 11): { x: number[]; y: number[] } {
  const x: number[] = [], y: number[] = [];
  const step = (grid.length - 1) / (count - 1);
  for (let k = 0; k < count; k++) {
    const at = Math.round(k * step);
    x.push(grid[at]);
    y.push(cdf[at]);
  }
  return { x, y };
}

/**
 * The SVG of one direction's C(λ) panels (one per ξ present in `metrics`).
 * @param metrics benchmarkMetrics of the glasses of one size
 * @param n the glass size, for the title
 * @param xis the ξ to draw, one panel each
 */
export async function predictorCdfSvg(metrics: BenchmarkMetrics, direction: Direction2D | 'all', n: number, xis: readonly number[]): Promise<string> {
  const panels: Panel[] = xis.map((xi) => {
    const curves: Curve[] = [];
    let events = 0;
    for (const [name, byDirection] of Object.entries(metrics) as [IndicatorName, NonNullable<BenchmarkMetrics[IndicatorName]>][]) {
      const m = byDirection[direction]?.[String(xi)];
      if (m === undefined) continue;
      events = Math.max(events, m.n);
      const st = INDICATOR_STYLE[name];
      const mk = markersOf(m.grid, m.cdf);
      curves.push({
        label: st.label, colour: st.colour, x: m.grid, y: m.cdf, interpolate: 'step-after', marker: st.marker, markerX: mk.x, markerY: mk.y,
        strokeWidth: name === 'pPlus' ? 3 : 1.5,
      });
    }
    return { title: `ξ = ${xi}`, subtitle: `N = ${n}, ${TITLES[direction]}, ${events} events`, curves };
  });
  return vegaLiteToSvg(chartSpec(panels, {
    xTitle: 'λ (fraction of bins ranked above the event’s bin)',
    yTitle: 'C(λ) (fraction of events)',
    xDomain: [0, 1],
    yDomain: [0, 1],
    diagonal: { label: 'C(λ) = λ (no predictability)' },
    legendOrient: 'bottom',
    width: 320,
    height: 300,
  }));
}
