/**
 * Extended XYZ reading and writing of a {@link Configuration} (DESIGN §9).
 *
 *     N
 *     Lattice="Lx 0 0 Txy Ly 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F" key=value ...
 *     S x y 0
 *     L x y 0
 *     ...
 *
 * Numbers are written in JavaScript's shortest round-trip form, so write → read gives
 * back every double bit for bit (including -0 and subnormals); never fixed precision.
 * Particle index = zero-based line order; particle i is on line i + 3.
 *
 * The reader is tolerant of what other tools add (extra key=value pairs, extra columns
 * declared in Properties such as OVITO/ASE `id:I:1`, `pos:R:2`, any column order, a
 * z cell vector of any non-negative length, CRLF line ends, trailing blank lines) and
 * strict about everything else: each problem is an {@link XyzFormatError} naming the
 * source, the line and the fix.
 */
import { SPECIES_NAMES, type Configuration } from '../config.js';
import { XyzFormatError } from './errors.js';
import { convertValue, formatKeyValue, parseBool, parseKeyValues, type Fail } from './keyvalue.js';
import { parseLattice } from './lattice.js';
import { formatNumber, parseDecimal } from './number.js';
import { findClosePair } from './overlap.js';
import { DEFAULT_PROPERTIES, parseProperties, type Layout } from './properties.js';

/** Options of {@link readXyz}. */
export interface ReadXyzOptions {
  /**
   * Two particles closer than this (minimum image, in λ) are reported as duplicates or
   * overlaps. Default 1e-3 (λ_SS = 1); 0 disables the check.
   */
  minSeparation?: number;
}

/** Default of {@link ReadXyzOptions.minSeparation}. */
export const DEFAULT_MIN_SEPARATION = 1e-3;

const RESERVED = new Set(['lattice', 'properties', 'pbc']);
const FIRST_PARTICLE_LINE = 3;

/**
 * Parses one extended-XYZ frame.
 *
 * @param text the file contents.
 * @param source name used in error messages (a path, or '<string>').
 * @returns a Configuration with positions as given (not wrapped) and `info` holding
 *   every key=value pair other than Lattice, Properties and pbc (numbers as numbers,
 *   T/F as booleans).
 * @throws XyzFormatError on any malformed input; TypeError/RangeError on bad arguments.
 */
export function readXyz(text: string, source = '<string>', options: ReadXyzOptions = {}): Configuration {
  if (typeof text !== 'string') throw new TypeError(`readXyz: expected text to be a string, got ${typeof text}`);
  if (typeof source !== 'string') throw new TypeError(`readXyz: expected source to be a string, got ${typeof source}`);
  const minSeparation = options.minSeparation ?? DEFAULT_MIN_SEPARATION;
  if (!(minSeparation >= 0 && Number.isFinite(minSeparation))) {
    throw new RangeError(`readXyz: expected options.minSeparation to be a finite number ≥ 0, got ${minSeparation}`);
  }
  const failAt = (line: number): Fail => (problem, hint) => {
    throw new XyzFormatError(source, line, problem, hint);
  };

  const lines = text.split('\n');
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;

  // Line 1: the particle count.
  const countText = (lines[0] ?? '').trim();
  if (!/^\d+$/.test(countText) || Number(countText) < 1 || !Number.isSafeInteger(Number(countText))) {
    failAt(1)(end === 0 ? 'the file is empty' : `expected the particle count N (a positive integer), got '${countText}'`,
      'put the number of particles alone on line 1');
  }
  const n = Number(countText);

  // Line 2: Lattice, Properties, pbc and metadata.
  if (end < 2) failAt(2)('the comment line is missing', 'add line 2 with Lattice="..." Properties=species:S:1:pos:R:3');
  const fail2: Fail = failAt(2);
  const entries = parseKeyValues(lines[1]!.replace(/\r$/, ''), fail2);
  const info: Record<string, string | number | boolean> = {};
  const reserved = new Map<string, string>();
  const seen = new Set<string>();
  for (const { key, value } of entries) {
    const lower = key.toLowerCase();
    const id = RESERVED.has(lower) ? lower : key;
    if (seen.has(id)) fail2(`the key '${key}' appears twice`, 'keep a single value per key');
    seen.add(id);
    if (RESERVED.has(lower)) reserved.set(lower, value);
    else info[key] = convertValue(value);
  }
  const latticeText = reserved.get('lattice');
  if (latticeText === undefined) {
    fail2('the Lattice="..." entry is missing',
      'softspot needs the periodic cell: add Lattice="Lx 0 0 Txy Ly 0 0 0 1" to line 2');
  }
  const cell = parseLattice(latticeText, fail2);
  const layout = parseProperties(reserved.get('properties') ?? DEFAULT_PROPERTIES, fail2);
  const pbcText = reserved.get('pbc');
  if (pbcText !== undefined) {
    const flags = pbcText.trim().split(/\s+/).map(parseBool);
    if (flags.length !== 3 || flags.some((f) => f === undefined)) {
      fail2(`pbc="${pbcText}" is not three T/F flags`, 'write pbc="T T F"');
    }
    if (flags[0] !== true || flags[1] !== true) {
      fail2(`pbc="${pbcText}" says the cell is not periodic in x and y`,
        'softspot glasses are periodic in x and y: write pbc="T T F"');
    }
  }

  // Particle lines.
  const positions = new Float64Array(2 * n);
  const species = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const index = p + FIRST_PARTICLE_LINE - 1;
    const lineNo = index + 1;
    if (index >= end) {
      failAt(lineNo)(`the file ends after ${end - 2} particle lines but line 1 declares N = ${n}`,
        'add the missing particle lines or correct N on line 1');
    }
    parseParticle(lines[index]!, layout, p, positions, species, failAt(lineNo), n);
  }
  if (end > n + 2) {
    failAt(n + FIRST_PARTICLE_LINE)(`more lines than the N = ${n} particles declared on line 1`,
      'correct N on line 1 (multi-frame files are not supported: extract a single frame)');
  }

  if (minSeparation > 0) {
    const clash = findClosePair(cell, positions, minSeparation);
    if (clash !== undefined) {
      failAt(clash.j + FIRST_PARTICLE_LINE)(
        `particles ${clash.i} (line ${clash.i + FIRST_PARTICLE_LINE}) and ${clash.j} are ${clash.distance} apart ` +
        `(minimum image), closer than ${minSeparation}: duplicate or overlapping particles`,
        'remove the duplicate line or move the particles apart');
    }
  }
  return { n, cell, positions, species, info };
}

const SPECIES_CODE = new Map<string, number>(SPECIES_NAMES.map((name, code) => [name, code]));

function parseParticle(
  raw: string, layout: Layout, p: number,
  positions: Float64Array, species: Uint8Array, fail: Fail, n: number,
): void {
  const line = raw.trim();
  if (line === '') fail(`empty line where particle ${p} of N = ${n} was expected`, 'remove the blank line or correct N');
  const tokens = line.split(/\s+/);
  if (tokens.length !== layout.columns) {
    fail(`particle ${p} has ${tokens.length} columns, Properties declares ${layout.columns}`,
      'write one "S x y 0" or "L x y 0" line per particle (plus any declared extra columns)');
  }
  const label = tokens[layout.species]!;
  const code = SPECIES_CODE.get(label);
  if (code === undefined) {
    fail(`unknown species '${label}' for particle ${p}`, `use one of ${SPECIES_NAMES.join(', ')} (small, large)`);
  }
  species[p] = code;
  const axes = ['x', 'y', 'z'];
  for (let k = 0; k < layout.posCount; k++) {
    const t = tokens[layout.pos + k]!;
    const parsed = parseDecimal(t);
    if (!parsed.ok) {
      fail(`the ${axes[k]} coordinate '${t}' of particle ${p} is ${parsed.why === 'non-finite' ? 'not finite' : 'not a number'}`,
        'write coordinates as finite decimal numbers');
    }
    if (k < 2) positions[2 * p + k] = parsed.value;
    else if (parsed.value !== 0) {
      fail(`particle ${p} has z = ${t}`, 'softspot configurations are 2D: write z = 0');
    }
  }
  for (const prop of layout.properties) {
    if (prop.name === 'species' || prop.name === 'pos' || prop.type === 'S') continue;
    for (let k = 0; k < prop.count; k++) {
      const t = tokens[prop.offset + k]!;
      const ok = prop.type === 'R' ? parseDecimal(t).ok
        : prop.type === 'I' ? /^[+-]?\d+$/.test(t)
          : parseBool(t) !== undefined;
      if (!ok) {
        fail(`column '${prop.name}' of particle ${p} has '${t}', which is not of the declared type ${prop.type}`,
          'fix the value or the Properties declaration');
      }
    }
  }
}

/**
 * Formats a configuration as one extended-XYZ frame (with a trailing newline).
 * `info` entries follow Lattice, Properties and pbc on line 2, in insertion order.
 *
 * @throws TypeError / RangeError when the configuration is malformed (wrong array
 *   types or lengths, non-finite numbers, species codes other than 0/1, metadata keys
 *   that are reserved or contain spaces, quotes, '=' or backslashes, newlines in values).
 */
export function writeXyz(config: Configuration): string {
  checkWritable(config);
  const { n, cell, positions, species } = config;
  const f = formatNumber;
  const head = [
    `Lattice="${f(cell[0]!)} ${f(cell[2]!)} 0 ${f(cell[1]!)} ${f(cell[3]!)} 0 0 0 1"`,
    `Properties=${DEFAULT_PROPERTIES}`,
    'pbc="T T F"',
  ];
  for (const [key, value] of Object.entries(config.info ?? {})) head.push(formatKeyValue(key, value));
  const out = new Array<string>(n + 2);
  out[0] = String(n);
  out[1] = head.join(' ');
  for (let p = 0; p < n; p++) {
    out[p + 2] = `${SPECIES_NAMES[species[p]!]} ${f(positions[2 * p]!)} ${f(positions[2 * p + 1]!)} 0`;
  }
  return out.join('\n') + '\n';
}

function checkWritable(config: Configuration): void {
  if (typeof config !== 'object' || config === null) {
    throw new TypeError(`writeXyz: expected config to be a Configuration object, got ${config === null ? 'null' : typeof config}`);
  }
  const { n, cell, positions, species, info } = config;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`writeXyz: expected config.n to be a positive integer, got ${n}`);
  if (!(cell instanceof Float64Array)) throw new TypeError('writeXyz: expected config.cell to be a Float64Array');
  if (!(positions instanceof Float64Array)) throw new TypeError('writeXyz: expected config.positions to be a Float64Array');
  if (!(species instanceof Uint8Array)) throw new TypeError('writeXyz: expected config.species to be a Uint8Array');
  if (cell.length !== 4) throw new RangeError(`writeXyz: expected config.cell to have length 4, got ${cell.length}`);
  if (positions.length !== 2 * n) {
    throw new RangeError(`writeXyz: expected config.positions to have length 2n = ${2 * n}, got ${positions.length}`);
  }
  if (species.length !== n) throw new RangeError(`writeXyz: expected config.species to have length n = ${n}, got ${species.length}`);
  if (!cell.every(Number.isFinite)) throw new RangeError('writeXyz: expected config.cell to hold finite numbers');
  for (let k = 0; k < positions.length; k++) {
    if (!Number.isFinite(positions[k]!)) {
      throw new RangeError(`writeXyz: expected finite positions, got ${positions[k]} at index ${k} (particle ${k >> 1})`);
    }
  }
  for (let p = 0; p < n; p++) {
    if (species[p]! >= SPECIES_NAMES.length) {
      throw new RangeError(`writeXyz: expected species codes 0 (S) or 1 (L), got ${species[p]} for particle ${p}`);
    }
  }
  for (const [key, value] of Object.entries(info ?? {})) {
    if (!/^[^\s"\\=]+$/.test(key) || RESERVED.has(key.toLowerCase())) {
      throw new RangeError(`writeXyz: info key '${key}' is reserved or contains spaces, quotes, '=' or backslashes`);
    }
    if (typeof value === 'number' ? !Number.isFinite(value) : typeof value === 'string' ? /[\r\n]/.test(value) : typeof value !== 'boolean') {
      throw new RangeError(`writeXyz: info.${key} must be a finite number, a boolean or a single-line string, got ${String(value)}`);
    }
  }
}
