/** Small HTML helpers of the self-contained report pages (report.html and its sections). */

/** `s` with &, <, >, " and ' escaped for HTML text and attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!));

/** `x` to `d` significant digits (exponent form outside [1e-3, 1e4)); '–' for null, undefined, NaN, ±∞. */
export const fmt = (x: number | null | undefined, d = 3): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(d - 1) : x.toPrecision(d));

/** An HTML table; every cell is escaped. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** An SVG figure as an <img> with a data: URL (each figure isolated from the page's styles and ids). */
export function svgFigure(name: string, svg: string, caption: string = name): string {
  return `<figure id="${esc(name)}"><img alt="${esc(name)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"><figcaption>${esc(caption)}</figcaption></figure>`;
}
