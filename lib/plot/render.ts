/**
 * Rendering: Vega-Lite spec → SVG string (vega-lite `compile`, then a headless vega View
 * with renderer 'none' and `toSVG()`; no browser, no canvas), SVG → PNG (resvg), and
 * writing a figure as .svg + .png.
 *
 * Fonts: resvg draws text only with fonts it has loaded, so the figures' font ships with
 * the package: DejaVu Sans (Book, Bold, Oblique, Bold Oblique) from the npm package
 * `dejavu-fonts-ttf`, loaded by file. No system font is scanned by default, so a PNG
 * looks the same on every machine, with or without fonts installed; every generic family
 * (sans-serif, serif, monospace) maps to DejaVu Sans. The SVGs name
 * `DejaVu Sans, Verdana, sans-serif` (svg.ts), which a browser without DejaVu resolves
 * to a similar face. More fonts (`fontDirs`, `fontFiles`, `systemFonts`) are added to the
 * shipped ones, never instead of them. */
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../io/index.js';
import { FONT_NAME } from './svg.js';
import { textWidth } from './text-metrics.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

const fontPackage = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));

/** The family every figure is set in, and the files of it that ship with the package. */
export const FIGURE_FONT = Object.freeze({
  family: FONT_NAME,
  files: Object.freeze(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf']
    .map((name) => join(fontPackage, 'ttf', name))),
});

/** Font sources for PNG rendering, in addition to the shipped {@link FIGURE_FONT}. */
export interface FontOptions {
  /** More directories of fonts to load. */
  fontDirs?: string[];
  /** More font files (TTF, OTF, TTC) to load. */
  fontFiles?: string[];
  /** Also load the system's fonts (default false: the figures need only the shipped font). */
  systemFonts?: boolean;
  /** Family used for `sans-serif`, `serif`, `monospace` and unknown families (default 'DejaVu Sans'). */
  family?: string;
}

/** Options of `svgToPng`. */
export interface PngOptions extends FontOptions {
  /** Output width in pixels (height follows the aspect ratio); default the SVG's own width. */
  width?: number;
}

/** The resvg font options used by svgToPng (exported for tests and custom rendering). */
export function fontConfig(options: FontOptions = {}): NonNullable<ResvgRenderOptions['font']> {
  const family = options.family ?? FIGURE_FONT.family;
  return {
    loadSystemFonts: options.systemFonts ?? false,
    fontDirs: options.fontDirs ?? [],
    fontFiles: [...FIGURE_FONT.files, ...(options.fontFiles ?? [])],
    defaultFontFamily: family,
    sansSerifFamily: family,
    serifFamily: family,
    monospaceFamily: family,
  };
}

/** Rasterises an SVG string to a PNG Buffer. Throws RangeError on a bad width. */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  if (typeof svg !== 'string') throw new ArgumentTypeError(`svg: expected a string, got ${typeof svg}`);
  const { width } = options;
  if (width !== undefined && !(Number.isInteger(width) && width > 0 && width <= MAX_PNG_WIDTH)) {
    throw new ArgumentRangeError(`options.width: expected an integer in [1, ${MAX_PNG_WIDTH}], got ${width}`);
  }
  const resvg = new Resvg(svg, {
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    font: fontConfig(options),
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

/** Width and height of a PNG, read from its IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || sig.some((b, k) => png[k] !== b)) throw new ArgumentRangeError('png: expected PNG data (bad signature)');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(png[12], png[13], png[14], png[15]) !== 'IHDR') throw new ArgumentRangeError('png: expected an IHDR chunk first');
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

/** Vega's text width hook: the advances of the shipped font (text-metrics.ts) instead of 0.8 em/char. */
function vegaTextWidth(item: { fontSize?: number; fontWeight?: string | number; text?: unknown }, text?: unknown): number {
  const t = text ?? item.text;
  const s = Array.isArray(t) ? t.join(' ') : t == null ? '' : String(t);
  const w = item.fontWeight;
  const bold = w === 'bold' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && Number(w) >= 600);
  return textWidth(s, item.fontSize ?? 11, bold);
}

type VlLogger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** Messages vega-lite emitted while compiling the last spec (warnings are not printed). */
export interface CompileLog {
  warnings: string[];
}

/**
 * Compiles a Vega-Lite spec and renders it headlessly to an SVG string. Vega-Lite warnings
 * are collected into `log.warnings` instead of being printed. Note: installs the DejaVu
 * Sans text-width function as vega's global `textMetrics.width` (vega offers no per-view
 * hook); this only affects layout of text in vega views without a canvas.
 */
export async function vegaLiteToSvg(spec: TopLevelSpec, log: CompileLog = { warnings: [] }): Promise<string> {
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = vegaTextWidth;
  const collect = (...args: unknown[]) => { log.warnings.push(args.map(String).join(' ')); return logger; };
  const logger = {
    level: (..._: unknown[]) => logger,
    warn: collect,
    info: (..._: unknown[]) => logger,
    debug: (..._: unknown[]) => logger,
    error: (...args: unknown[]) => { throw new Error(args.map(String).join(' ')); },
  };
  const { spec: vgSpec } = compile(spec, { logger: logger as unknown as VlLogger });
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Options of `writeFigure`. */
export interface WriteFigureOptions extends FontOptions {
  /** PNG width in pixels (default: twice the SVG width, for sharp text). */
  pngWidth?: number;
}

/** The SVG's own width in pixels (from its width attribute), or undefined. */
export function svgWidth(svg: string): number | undefined {
  const m = /<svg\b[^>]*?\swidth="([\d.]+)/.exec(svg);
  return m ? Number(m[1]) : undefined;
}

/** The width writeFigure renders `svg`'s PNG at: `pngWidth`, else twice the SVG's own (undefined: the renderer's). */
export function figurePngWidth(svg: string, pngWidth?: number): number | undefined {
  const own = svgWidth(svg);
  return pngWidth ?? (own !== undefined ? Math.round(2 * own) : undefined);
}

/** The widest PNG svgToPng renders (px). */
export const MAX_PNG_WIDTH = 20000;

/**
 * Writes `svg` to `path` (which must end in .svg) and its PNG rendering next to it
 * (same name, .png). Each file is written atomically (temporary file + rename); the PNG
 * is rendered before anything is written, so a rendering error leaves no files.
 * Creates the directory if needed. Returns [svgPath, pngPath].
 */
export async function writeFigure(path: string, svg: string, options: WriteFigureOptions = {}): Promise<[string, string]> {
  if (typeof path !== 'string' || !path.endsWith('.svg')) {
    throw new ArgumentRangeError(`path: expected a file name ending in .svg, got ${JSON.stringify(path)}`);
  }
  const pngPath = path.slice(0, -4) + '.png';
  const png = svgToPng(svg, { ...options, width: figurePngWidth(svg, options.pngWidth) });
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, svg);
  await writeFileAtomic(pngPath, png);
  return [path, pngPath];
}
