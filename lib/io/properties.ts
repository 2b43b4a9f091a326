/**
 * The `Properties=name:type:count:...` declaration of extended XYZ: which per-particle
 * columns each line carries. Types are S (string), R (real), I (integer), L (logical,
 * T/F). softspot needs `species:S:1` and `pos:R:3` (or `pos:R:2`) and ignores every
 * other declared column (ids, velocities, forces written by OVITO or ASE), while still
 * checking that each line has exactly the declared number of columns and that the
 * ignored values have their declared type.
 */
import type { Fail } from './keyvalue.js';

/** Column type letters of extended XYZ. */
export type ColumnType = 'S' | 'R' | 'I' | 'L';

/** One declared property: `count` consecutive columns starting at `offset`. */
export interface Property {
  name: string;
  type: ColumnType;
  count: number;
  offset: number;
}

/** Parsed declaration, with the two columns softspot reads located. */
export interface Layout {
  properties: Property[];
  /** Total number of whitespace-separated columns per particle line. */
  columns: number;
  /** Column of the species label. */
  species: number;
  /** Column of x; y follows; z follows when `posCount` is 3. */
  pos: number;
  posCount: 2 | 3;
}

/** The declaration used when `Properties` is absent, and the one softspot writes. */
export const DEFAULT_PROPERTIES = 'species:S:1:pos:R:3';

const TYPES = new Set(['S', 'R', 'I', 'L']);

/** Parses a `Properties` value (`name:type:count` triples) into a {@link Layout}. */
export function parseProperties(spec: string, fail: Fail): Layout {
  const parts = spec.split(':');
  if (parts.length % 3 !== 0) {
    fail(`Properties='${spec}' is not a list of name:type:count triples`,
      `declare the columns as e.g. Properties=${DEFAULT_PROPERTIES}`);
  }
  const properties: Property[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const name = parts[k]!;
    const type = parts[k + 1]!;
    const countText = parts[k + 2]!;
    if (name === '' || seen.has(name)) {
      fail(`Properties='${spec}' has ${name === '' ? 'an empty' : `a duplicate '${name}'`} property name`,
        'give every column group a unique name');
    }
    if (!TYPES.has(type)) {
      fail(`Properties='${spec}': type '${type}' of '${name}' is not one of S, R, I, L`,
        'use S (string), R (real), I (integer) or L (logical)');
    }
    if (!/^[1-9]\d*$/.test(countText)) {
      fail(`Properties='${spec}': count '${countText}' of '${name}' is not a positive integer`,
        'give each property a column count such as 1 or 3');
    }
    const count = Number(countText);
    seen.add(name);
    properties.push({ name, type: type as ColumnType, count, offset });
    offset += count;
  }
  const species = properties.find((p) => p.name === 'species');
  const pos = properties.find((p) => p.name === 'pos');
  if (species === undefined || species.type !== 'S' || species.count !== 1) {
    fail(`Properties='${spec}' does not declare species:S:1`,
      `softspot needs the species labels (S or L); use Properties=${DEFAULT_PROPERTIES}`);
  }
  if (pos === undefined || pos.type !== 'R' || (pos.count !== 2 && pos.count !== 3)) {
    fail(`Properties='${spec}' does not declare pos:R:3 (or pos:R:2)`,
      `softspot needs the positions; use Properties=${DEFAULT_PROPERTIES}`);
  }
  return { properties, columns: offset, species: species.offset, pos: pos.offset, posCount: pos.count as 2 | 3 };
}
