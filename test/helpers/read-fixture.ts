/**
 * Reading the reference fixtures of test/fixtures (see its README): the glass
 * (`<name>.xyz`, through lib/io's readXyz) and the interacting pairs of `<name>.lhc.csv`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Configuration } from '../../lib/config.js';
import { readXyz } from '../../lib/io/index.js';

/** Absolute path of a file in test/fixtures. */
export function fixturePath(file: string): string {
  return fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url));
}

/** The configuration `<name>.xyz` (e.g. name = 'n64_s1'). */
export function readFixtureConfig(name: string): Configuration {
  const path = fixturePath(`${name}.xyz`);
  return readXyz(readFileSync(path, 'utf8'), path);
}

/** Columns of `<name>.lhc.csv`: one row per interacting pair (i < j, zero-based). */
export interface LhcTable {
  i: Int32Array;
  j: Int32Array;
  c: Float64Array;
  dcdgSimple: Float64Array;
  dcdgPure: Float64Array;
}

/** Parses `<name>.lhc.csv` (header `i,j,c,dcdg_simple,dcdg_pure`). */
export function readFixtureLhc(name: string): LhcTable {
  const lines = readFileSync(fixturePath(`${name}.lhc.csv`), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const col = (k: string): number => {
    const at = header.indexOf(k);
    if (at < 0) throw new Error(`${name}.lhc.csv: no column ${k}`);
    return at;
  };
  const ci = col('i'), cj = col('j'), cc = col('c'), cs = col('dcdg_simple'), cp = col('dcdg_pure');
  const m = lines.length - 1;
  const t: LhcTable = {
    i: new Int32Array(m), j: new Int32Array(m), c: new Float64Array(m),
    dcdgSimple: new Float64Array(m), dcdgPure: new Float64Array(m),
  };
  for (let k = 0; k < m; k++) {
    const f = lines[k + 1].split(',');
    t.i[k] = Number(f[ci]); t.j[k] = Number(f[cj]); t.c[k] = Number(f[cc]);
    t.dcdgSimple[k] = Number(f[cs]); t.dcdgPure[k] = Number(f[cp]);
  }
  return t;
}

/** Names of the fixture glasses. */
export const FIXTURE_NAMES = ['n64_s1', 'n128_s1', 'n256_s1'] as const;
