/**
 * Minimal helpers for hand-written SVG (the bond-field maps of Figs. 1 and 3): escaping,
 * compact number formatting, and element strings. No DOM; everything is string building.
 */

/** The family every figure is set in; its files ship with the package (render.ts `FIGURE_FONT`). */
export const FONT_NAME = 'DejaVu Sans';

/**
 * The font stack every figure names: the shipped family first (the PNG renderer loads it
 * by file), then a close relative a browser may have, then the generic family.
 */
export const FONT_FAMILY = `${FONT_NAME}, Verdana, sans-serif`;

/** Escapes text for use in SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate in pixels with at most `digits` decimals and no trailing zeros ("-0" → "0"). */
export function num(x: number, digits = 2): string {
  const s = x.toFixed(digits);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

/** Attribute map; undefined values are omitted, numbers formatted with `num`. */
export type Attributes = Record<string, string | number | undefined>;

function attrs(a: Attributes): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`;
  }
  return out;
}

/** `<tag a="…"/>` or `<tag a="…">children</tag>`; children are already-serialised SVG. */
export function el(tag: string, a: Attributes = {}, children?: string | readonly string[]): string {
  if (children === undefined) return `<${tag}${attrs(a)}/>`;
  const body = typeof children === 'string' ? children : children.join('');
  return `<${tag}${attrs(a)}>${body}</${tag}>`;
}

/** A text element; `content` is plain text (escaped here) unless `raw` is set (tspans). */
export function text(x: number, y: number, content: string, a: Attributes = {}, raw = false): string {
  return el('text', { x, y, ...a }, raw ? content : escapeXml(content));
}

/** A lowered, smaller run of text (raw SVG for `text(…, raw = true)`), e.g. `c${subscript('α')}`. */
export function subscript(s: string): string {
  return `<tspan baseline-shift="sub" font-size="75%">${escapeXml(s)}</tspan>`;
}

/** Root element with a viewBox in pixels and a white background. */
export function svgDocument(width: number, height: number, body: string | readonly string[]): string {
  const content = typeof body === 'string' ? body : body.join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${num(width)}" height="${num(height)}" ` +
    `viewBox="0 0 ${num(width)} ${num(height)}" font-family="${escapeXml(FONT_FAMILY)}">\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n${content}\n</svg>\n`
  );
}
