/**
 * How the figures and the report's bond-field viewer draw the shear directions, the shear
 * modes and the bond fields: the one table of their colours, glyphs, labels and markers
 * (the names themselves are lib/space/directions.ts's).
 */
import type { Direction2D, Mode2D } from '../space/index.js';
import type { MarkerShape } from './charts.js';

/** How a first plastic event of one direction is marked. */
export interface DirectionStyle {
  /** Fill of the event triangle. */
  colour: string;
  /** The triangle as a Unicode glyph (legends, reports). */
  glyph: string;
  /** Legend label of a bond map ("+simple shear"). */
  label: string;
  /** Panel title of a C(λ) figure ("simple shear, +γ"). */
  title: string;
  /** Where the triangle points: degrees clockwise from +x on screen (SVG and canvas y point down). */
  angle: number;
}

/** The paper's triangles ▶ ◀ ▲ ▼: simple shear blue, pure shear green, pointing along the shear. */
export const DIRECTION_STYLE: Readonly<Record<Direction2D, Readonly<DirectionStyle>>> = Object.freeze({
  'simple+': { colour: '#1f5fd6', glyph: '▶', label: '+simple shear', title: 'simple shear, +γ', angle: 0 },
  'simple-': { colour: '#1f5fd6', glyph: '◀', label: '−simple shear', title: 'simple shear, −γ', angle: 180 },
  'pure+': { colour: '#0b9a4b', glyph: '▲', label: '+pure shear', title: 'pure shear, +γ', angle: -90 },
  'pure-': { colour: '#0b9a4b', glyph: '▼', label: '−pure shear', title: 'pure shear, −γ', angle: 90 },
});

/** How the curves of one shear mode are drawn in the statistics charts (Figs. 2, S1). */
export const MODE_STYLE: Readonly<Record<Mode2D, Readonly<{ colour: string; marker: MarkerShape; dash?: number[] }>>> = Object.freeze({
  simple: { colour: '#1f77b4', marker: 'square' },
  pure: { colour: '#e6550d', marker: 'circle', dash: [7, 4] },
});

/** Colours of the bond maps (map and viewer): bonds by the sign of x̃. */
export const BOND_COLOURS = Object.freeze({ positive: '#000000', negative: '#e41a1c' });
