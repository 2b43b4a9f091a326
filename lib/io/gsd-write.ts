/**
 * A softspot configuration as a one-frame GSD file (HOOMD-blue's format: file layer 2.0,
 * `hoomd` schema 1.4), so that a glass softspot prepared, minimized or sheared goes on in
 * HOOMD-blue (`Simulation.create_state_from_gsd`), and opens in OVITO or gsd.hoomd.
 *
 * The schema's chunks (./hoomd-box.ts for the box and positions):
 * - `configuration/step` (info.step, else 0), `configuration/dimensions` (2 or 3),
 *   `configuration/box` [Lx, Ly, Lz, xy, xz, yz] (float32; 2D: Lz = 0);
 * - `particles/N`, `particles/types` (the model's species names; `poly`: P),
 *   `particles/typeid`, `particles/position` (float32, centred box, wrapped into it);
 * - `particles/diameter` = σ_i for a per-particle law (`poly`), `particles/mass` when masses
 *   are given (float32).
 *
 * HOOMD holds these in single precision, which would move the glass off its minimum
 * (~1e-7 relative). So the frame also carries softspot's own doubles, as logged
 * quantities that HOOMD-blue passes over (gsd.hoomd reads them into `frame.log`):
 * `log/softspot/cell` (the d×d cell, row-major), `log/softspot/position` (N×d, as they are,
 * not wrapped), `log/softspot/sigma`, `log/softspot/mass` (float64), `log/softspot/id`
 * (int32 atom ids) and `log/softspot/model` (the model's name as UTF-8 bytes). softspot's
 * reader takes them when the float32 chunks are still their rounding (the file has not
 * been edited since), so a glass written and read again is the same to the bit.
 */
import { dimensionOf, type Configuration } from '../config.js';
import { modelPreset } from '../model/presets.js';
import { lowerEntryOf } from '../space/cell-nd.js';
import { hoomdBoxOf, hoomdPositionsOf } from './hoomd-box.js';
import { checkAtomIds, checkMasses } from './per-particle-options.js';
import { ArgumentRangeError } from '../errors.js';
import { type AllKeysOf, expectConfigurationOfDimension, expectKnownKeys } from '../validate.js';

/** Options of {@link formatGsd}. */
export interface GsdWriteOptions {
  /** Atom ids in particle order (a LAMMPS input's): kept in `log/softspot/id`. Integers in 1 … 2³¹ − 1, each once. */
  ids?: ArrayLike<number>;
  /** Particle masses (Float64Array(N), each finite and > 0): `particles/mass`. Default: none written (HOOMD's default 1). */
  masses?: Float64Array;
}

/** GSD value types (file layer). */
const enum GsdType { Uint8 = 1, Uint32 = 3, Uint64 = 4, Int8 = 5, Int32 = 7, Float = 9, Double = 10 }
const BYTES: Readonly<Record<GsdType, number>> = { 1: 1, 3: 4, 4: 8, 5: 1, 7: 4, 9: 4, 10: 8 };

interface Chunk { name: string; type: GsdType; n: number; m: number; values: ArrayLike<number> | ArrayLike<bigint> }

const HEADER_BYTES = 256;
const ENTRY_BYTES = 32;
const NAME_BLOCK = 64;

/** The options of formatGsd (a complete list: AllKeysOf checks it against GsdWriteOptions). */
const FORMAT_GSD_OPTION_NAMES: AllKeysOf<GsdWriteOptions, readonly ['ids', 'masses']> = ['ids', 'masses'];

/**
 * The GSD file's bytes (one frame).
 * @throws RangeError for a cell that is not upper triangular (HOOMD's box is a1 along x,
 *   a2 in the xy plane), a per-particle law without config.sigma, ids that are not N
 *   distinct integers in 1 … 2³¹ − 1, or masses that are not N finite numbers > 0.
 */
export function formatGsd(config: Configuration, options: GsdWriteOptions = {}): Uint8Array {
  expectKnownKeys('options', options, FORMAT_GSD_OPTION_NAMES, 'formatGsd');
  // As writeXyz: a NaN or infinite coordinate, a zero or left-handed cell would make a file no reader takes back.
  expectConfigurationOfDimension('formatGsd: config', config);
  const d = dimensionOf(config);
  const { n, cell, positions, species } = config;
  const name = config.model ?? 'ipl';
  const preset = modelPreset(name);
  const lower = lowerEntryOf(cell);
  if (lower !== undefined) {
    throw new ArgumentRangeError(`formatGsd: the cell has h[${lower[0]}][${lower[1]}] = ${lower[2]}; a HOOMD box has h upper triangular (a1 along x, a2 in the xy plane): rotate the cell first`);
  }
  const { ids, masses } = options;
  if (ids !== undefined) checkAtomIds(ids, n, 'formatGsd: options.ids');
  if (masses !== undefined) checkMasses(masses, n, 'formatGsd: options.masses');
  const perParticle = preset.law.perParticle === true;
  if (perParticle && config.sigma === undefined) throw new ArgumentRangeError(`formatGsd: model ${name} needs config.sigma (the sizes σ_i)`);
  const typeNames = perParticle ? ['P'] : preset.species;
  const step = config.info?.step;
  const chunks: Chunk[] = [
    { name: 'configuration/step', type: GsdType.Uint64, n: 1, m: 1, values: [BigInt(typeof step === 'number' && Number.isSafeInteger(step) && step >= 0 ? step : 0)] },
    { name: 'configuration/dimensions', type: GsdType.Uint8, n: 1, m: 1, values: [d] },
    { name: 'configuration/box', type: GsdType.Float, n: 6, m: 1, values: hoomdBoxOf(cell, d) },
    { name: 'particles/N', type: GsdType.Uint32, n: 1, m: 1, values: [n] },
    typesChunk(typeNames),
    { name: 'particles/typeid', type: GsdType.Uint32, n, m: 1, values: perParticle ? new Uint8Array(n) : species },
    { name: 'particles/position', type: GsdType.Float, n, m: 3, values: hoomdPositionsOf(cell, positions, n, d) },
  ];
  if (perParticle) chunks.push({ name: 'particles/diameter', type: GsdType.Float, n, m: 1, values: config.sigma! });
  if (masses !== undefined) chunks.push({ name: 'particles/mass', type: GsdType.Float, n, m: 1, values: masses });
  chunks.push(
    { name: 'log/softspot/cell', type: GsdType.Double, n: d, m: d, values: cell },
    { name: 'log/softspot/position', type: GsdType.Double, n, m: d, values: positions },
  );
  if (perParticle) chunks.push({ name: 'log/softspot/sigma', type: GsdType.Double, n, m: 1, values: config.sigma! });
  if (masses !== undefined) chunks.push({ name: 'log/softspot/mass', type: GsdType.Double, n, m: 1, values: masses });
  if (ids !== undefined) chunks.push({ name: 'log/softspot/id', type: GsdType.Int32, n, m: 1, values: ids });
  const modelBytes = Buffer.from(name, 'utf8');
  chunks.push({ name: 'log/softspot/model', type: GsdType.Uint8, n: modelBytes.length, m: 1, values: modelBytes });
  return fileOf(chunks);
}

/** particles/types: one row per type, the name and a 0 byte, padded to the longest (int8, NT×M). */
function typesChunk(names: readonly string[]): Chunk {
  const encoded = names.map((t) => Buffer.from(t, 'utf8'));
  const m = Math.max(...encoded.map((b) => b.length)) + 1;
  const values = new Uint8Array(names.length * m);
  encoded.forEach((b, t) => values.set(b, t * m));
  return { name: 'particles/types', type: GsdType.Int8, n: names.length, m, values };
}

/**
 * File layer 2.0, as gsd writes it: header, the chunks' data, the index (entries sorted by
 * frame and then name id, as gsd's binary search needs; one spare entry of zeros ends it)
 * and the name list (names each ended by a 0 byte, then 0 bytes to whole 64-byte blocks,
 * at least one of them: the empty name that ends the list).
 */
function fileOf(chunks: Chunk[]): Uint8Array {
  const dataBytes = chunks.reduce((sum, c) => sum + c.n * c.m * BYTES[c.type], 0);
  const names = Buffer.from(chunks.map((c) => `${c.name}\0`).join(''), 'utf8');
  const nameBlocks = Math.floor(names.length / NAME_BLOCK) + 1;
  const indexEntries = chunks.length + 1;
  const indexAt = HEADER_BYTES + dataBytes;
  const namesAt = indexAt + indexEntries * ENTRY_BYTES;
  const file = Buffer.alloc(namesAt + nameBlocks * NAME_BLOCK);
  file.writeBigUInt64LE(0x65df65df65df65dfn, 0);
  file.writeBigUInt64LE(BigInt(indexAt), 8);
  file.writeBigUInt64LE(BigInt(indexEntries), 16);
  file.writeBigUInt64LE(BigInt(namesAt), 24);
  file.writeBigUInt64LE(BigInt(nameBlocks), 32);
  file.writeUInt32LE((1 << 16) | 4, 40); // hoomd schema 1.4
  file.writeUInt32LE(2 << 16, 44); // file layer 2.0
  file.write('softspot', 48, 63, 'utf8');
  file.write('hoomd', 112, 63, 'utf8');
  let at = HEADER_BYTES;
  chunks.forEach((c, id) => {
    const entry = indexAt + id * ENTRY_BYTES;
    file.writeBigUInt64LE(0n, entry); // frame 0
    file.writeBigUInt64LE(BigInt(c.n), entry + 8);
    file.writeBigInt64LE(BigInt(at), entry + 16);
    file.writeUInt32LE(c.m, entry + 24);
    file.writeUInt16LE(id, entry + 28);
    file.writeUInt8(c.type, entry + 30);
    at = writeValues(file, at, c);
  });
  names.copy(file, namesAt);
  return file;
}

function writeValues(file: Buffer, at: number, { type, values, n, m }: Chunk): number {
  for (let k = 0; k < n * m; k++) {
    const v = values[k]!;
    switch (type) {
      case GsdType.Uint8: at = file.writeUInt8(Number(v), at); break;
      case GsdType.Int8: at = file.writeUInt8(Number(v), at); break; // UTF-8 bytes of the type names
      case GsdType.Uint32: at = file.writeUInt32LE(Number(v), at); break;
      case GsdType.Uint64: at = file.writeBigUInt64LE(BigInt(v), at); break;
      case GsdType.Int32: at = file.writeInt32LE(Number(v), at); break;
      case GsdType.Float: at = file.writeFloatLE(Number(v), at); break;
      case GsdType.Double: at = file.writeDoubleLE(Number(v), at); break;
    }
  }
  return at;
}
