/**
 * The per-interaction table of docs/design.md §9: `i,j,c,dcdg_<name>...`, one row per interacting
 * pair (i < j, zero-based particle indices), every number in full double precision
 * (shortest round-trip form: reading it back gives the same bits). With the default
 * deformations the header is exactly `i,j,c,dcdg_simple,dcdg_pure`.
 */
import { formatCsvNumber } from './number.js';

export interface LhcTableColumns {
  i: Int32Array;
  j: Int32Array;
  c: Float64Array;
  /** dc/dγ per deformation name, in column order. */
  dcdg: Record<string, Float64Array>;
}

/** The CSV text of a table (header line, then one line per interaction, final newline). */
export function formatLhcCsv(table: LhcTableColumns): string {
  const names = Object.keys(table.dcdg);
  const columns = names.map((name) => table.dcdg[name]);
  const lines = [['i', 'j', 'c', ...names.map((name) => `dcdg_${name}`)].join(',')];
  for (let a = 0; a < table.c.length; a++) {
    let line = `${table.i[a]},${table.j[a]},${formatCsvNumber(table.c[a])}`;
    for (const col of columns) line += ',' + formatCsvNumber(col[a]);
    lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/** What a malformed table should have been, appended to every LhcCsvError message. */
const TABLE_HINT = 'expected a table as written by `softspot lhc` (header i,j,c,dcdg_<deformation>..., one row per interaction)';

/**
 * Error for a malformed table, in the form of the XYZ reader's errors:
 * `<source>:<line>: <what is wrong>; <what to do>`.
 */
export class LhcCsvError extends Error {
  readonly code = 'ERR_LHC_CSV';
  constructor(readonly source: string, readonly line: number, message: string, hint = TABLE_HINT) {
    super(`${source}:${line}: ${message}; ${hint}`);
    this.name = 'LhcCsvError';
  }
}

/** Parses a table written by formatLhcCsv (or any CSV with columns i, j, c and dcdg_*). */
export function parseLhcCsv(text: string, source = '<string>'): LhcTableColumns {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new LhcCsvError(source, 1, 'the file is empty');
  const header = lines[0].split(',').map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  for (const name of ['i', 'j', 'c']) {
    if (col(name) < 0) throw new LhcCsvError(source, 1, `missing column "${name}" in header "${lines[0]}"`);
  }
  const dcdgNames = header.filter((h) => h.startsWith('dcdg_'));
  const m = lines.length - 1;
  const table: LhcTableColumns = {
    i: new Int32Array(m), j: new Int32Array(m), c: new Float64Array(m),
    dcdg: Object.fromEntries(dcdgNames.map((h) => [h.slice(5), new Float64Array(m)])),
  };
  for (let a = 0; a < m; a++) {
    const lineNo = a + 2;
    const fields = lines[a + 1].split(',');
    if (fields.length !== header.length) {
      throw new LhcCsvError(source, lineNo, `expected ${header.length} fields, got ${fields.length}`);
    }
    const num = (k: number, what: string) => {
      const x = Number(fields[k]);
      if (fields[k].trim() === '' || !Number.isFinite(x)) throw new LhcCsvError(source, lineNo, `${what}: expected a finite number, got "${fields[k]}"`);
      return x;
    };
    table.i[a] = num(col('i'), 'i');
    table.j[a] = num(col('j'), 'j');
    if (!Number.isInteger(table.i[a]) || table.i[a] < 0 || table.j[a] <= table.i[a]) {
      throw new LhcCsvError(source, lineNo, `expected particle indices 0 <= i < j, got i=${fields[col('i')]}, j=${fields[col('j')]}`);
    }
    table.c[a] = num(col('c'), 'c');
    for (const h of dcdgNames) table.dcdg[h.slice(5)][a] = num(col(h), h);
  }
  return table;
}
