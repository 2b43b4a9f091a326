/**
 * Advance widths straight from a TrueType file (tables head, hhea, hmtx and the Unicode
 * BMP cmap, format 4): an independent route to the widths of lib/plot/text-metrics.ts.
 */
import { readFileSync } from 'node:fs';

/** Advance width of each character in units of 1/unitsPerEm. */
export interface Advances {
  unitsPerEm: number;
  advance(ch: string): number | undefined;
}

export function readAdvances(path: string): Advances {
  const buf = readFileSync(path);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tables = new Map<string, number>();
  const count = dv.getUint16(4);
  for (let k = 0; k < count; k++) {
    const rec = 12 + 16 * k;
    tables.set(buf.toString('latin1', rec, rec + 4), dv.getUint32(rec + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`${path}: no ${tag} table`);
    return offset;
  };
  const unitsPerEm = dv.getUint16(table('head') + 18);
  const numberOfHMetrics = dv.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  let sub = -1;
  for (let k = 0; k < dv.getUint16(cmap + 2); k++) {
    const rec = cmap + 4 + 8 * k;
    const platform = dv.getUint16(rec), encoding = dv.getUint16(rec + 2);
    const offset = cmap + dv.getUint32(rec + 4);
    if (platform === 3 && encoding === 1 && dv.getUint16(offset) === 4) sub = offset;
  }
  if (sub < 0) throw new Error(`${path}: no Unicode BMP cmap (format 4)`);
  const segX2 = dv.getUint16(sub + 6);
  const ends = sub + 14, starts = ends + segX2 + 2, deltas = starts + segX2, rangeOffsets = deltas + segX2;
  const glyph = (code: number): number => {
    for (let s = 0; s < segX2; s += 2) {
      if (code > dv.getUint16(ends + s)) continue;
      const start = dv.getUint16(starts + s);
      if (code < start) return 0;
      const delta = dv.getUint16(deltas + s), ro = dv.getUint16(rangeOffsets + s);
      if (ro === 0) return (code + delta) & 0xffff;
      const g = dv.getUint16(rangeOffsets + s + ro + 2 * (code - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  return {
    unitsPerEm,
    advance(ch) {
      const g = glyph(ch.codePointAt(0)!);
      if (g === 0) return undefined;
      return dv.getUint16(hmtx + 4 * Math.min(g, numberOfHMetrics - 1));
    },
  };
}
