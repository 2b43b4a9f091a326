/**
 * Rendering: Vega-Lite spec → SVG string (vega-lite `compile`, then a headless vega View
 * with renderer 'none' and `toSVG()`; no browser, no canvas), SVG → PNG (resvg), and
 * writing a figure as .svg + .png.
 *
 * Fonts: resvg draws text only with fonts it has loaded. By default the DejaVu fonts of
 * the system are used (Debian/Ubuntu `fonts-dejavu-core`: /usr/share/fonts/truetype/dejavu;
 * Fedora/Arch paths are tried too) and every generic family maps to DejaVu Sans; if no
 * DejaVu directory exists, all system fonts are loaded instead. Override with
 * `fontDirs` / `fontFiles`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../io/index.js';
import { textWidth } from './text-metrics.js';

/** Candidate directories of DejaVu fonts (first existing one is used). */
export const DEJAVU_DIRS: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/local/share/fonts/dejavu',
];

/** Font sources for PNG rendering. */
export interface FontOptions {
  /** Directories scanned for fonts (default: the first existing of DEJAVU_DIRS). */
  fontDirs?: string[];
  /** Individual font files. */
  fontFiles?: string[];
  /** Family used for `sans-serif` and unknown families (default 'DejaVu Sans'). */
  family?: string;
}

/** Options of `svgToPng`. */
export interface PngOptions extends FontOptions {
  /** Output width in pixels (height follows the aspect ratio); default the SVG's own width. */
  width?: number;
}

/** The resvg font options used by svgToPng (exported for tests and custom rendering). */
export function fontConfig(options: FontOptions = {}): NonNullable<ResvgRenderOptions['font']> {
  const family = options.family ?? 'DejaVu Sans';
  const dirs = options.fontDirs ?? DEJAVU_DIRS.filter((d) => existsSync(d)).slice(0, 1);
  const files = options.fontFiles ?? [];
  const explicit = dirs.length > 0 || files.length > 0;
  return {
    loadSystemFonts: !explicit,
    fontDirs: dirs,
    fontFiles: files,
    defaultFontFamily: family,
    sansSerifFamily: family,
    serifFamily: family,
    monospaceFamily: family,
  };
}

/** Rasterises an SVG string to a PNG Buffer. Throws RangeError on a bad width. */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  if (typeof svg !== 'string') throw new TypeError(`svg: expected a string, got ${typeof svg}`);
  const { width } = options;
  if (width !== undefined && !(Number.isInteger(width) && width > 0 && width <= 20000)) {
    throw new RangeError(`options.width: expected an integer in [1, 20000], got ${width}`);
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
  if (png.length < 24 || sig.some((b, k) => png[k] !== b)) throw new RangeError('png: expected PNG data (bad signature)');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(png[12], png[13], png[14], png[15]) !== 'IHDR') throw new RangeError('png: expected an IHDR chunk first');
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

/** Vega's text width hook: DejaVu Sans advances (text-metrics.ts) instead of 0.8 em/char. */
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

/**
 * Writes `svg` to `path` (which must end in .svg) and its PNG rendering next to it
 * (same name, .png). Each file is written atomically (temporary file + rename); the PNG
 * is rendered before anything is written, so a rendering error leaves no files.
 * Creates the directory if needed. Returns [svgPath, pngPath].
 */
export async function writeFigure(path: string, svg: string, options: WriteFigureOptions = {}): Promise<[string, string]> {
  if (typeof path !== 'string' || !path.endsWith('.svg')) {
    throw new RangeError(`path: expected a file name ending in .svg, got ${JSON.stringify(path)}`);
  }
  const pngPath = path.slice(0, -4) + '.png';
  const own = svgWidth(svg);
  const width = options.pngWidth ?? (own !== undefined ? Math.round(2 * own) : undefined);
  const png = svgToPng(svg, { ...options, width });
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, svg);
  await writeFileAtomic(pngPath, png);
  return [path, pngPath];
}
