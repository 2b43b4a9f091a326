/**
 * The format of a glass file whose name does not say it: LAMMPS's own names (`data.ka`,
 * `dump.ka`, `restart.*`-style prefixes) carry no extension that lib/io/formats.ts knows,
 * and would be read as extended XYZ. Their first bytes tell: a GSD file starts with its
 * magic number, a dump with `ITEM:`, a data file with a title line and then header lines
 * such as `256 atoms`, an extended-XYZ file with N alone on line 1.
 */
import { open } from 'node:fs/promises';
import { compressionOf } from './compression.js';
import { FORMAT_OF_EXTENSION, formatOfPath, type ConfigurationFormat } from './formats.js';
import { extname } from 'node:path';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';

/** Bytes read to tell the format: a data file's header lines come within its first lines. */
const HEAD_BYTES = 8192;

/**
 * The format of the file at `path`: by its name's extension when that names one (as
 * formatOfPath), else by its first bytes (GSD magic, `ITEM:` of a dump, the `N atoms` line
 * of a data file's header; of a gzip file, the first bytes it inflates to: `dump.ka.gz`),
 * else extended XYZ. A file that cannot be read is left to the name (its reader then says
 * what is wrong).
 */
export async function formatOfFile(path: string): Promise<ConfigurationFormat> {
  const byName = formatOfPath(path);
  const ext = extname(path.replace(/\.(gz|zst|bz2|xz)$/i, '')).toLowerCase();
  if (FORMAT_OF_EXTENSION[ext] !== undefined) return byName;
  let head: Buffer;
  try {
    head = await fileHead(path);
  } catch {
    return byName;
  }
  return formatOfHead(head) ?? byName;
}

/**
 * The first `bytes` bytes of the file at `path`, or of what they inflate to when it is
 * gzip-compressed (a partial stream: as much as they give).
 * @throws the file system's error (a missing or unreadable file)
 */
export async function fileHead(path: string, bytes = HEAD_BYTES): Promise<Buffer> {
  const file = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  return plainHead(head, bytes);
}

/** The first bytes of a file as its content: what they inflate to when they are gzip's, else themselves. */
export function plainHead(head: Buffer, bytes = HEAD_BYTES): Buffer {
  return compressionOf(head) === 'gzip' ? inflatedHead(head, bytes) : head;
}

/** What the first bytes of a gzip stream inflate to (a partial stream: no error at its cut end), or nothing when they are not gzip. */
function inflatedHead(head: Buffer, bytes: number): Buffer {
  try {
    return gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, bytes);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The format the first bytes of a file show, or undefined when they show none (extended XYZ is the default). */
export function formatOfHead(head: Buffer): ConfigurationFormat | undefined {
  if (head.length >= 8 && head.readBigUInt64LE(0) === 0x65df65df65df65dfn) return 'gsd';
  const lines = head.toString('latin1').split(/\r?\n/).slice(0, 40);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return undefined;
  if (/^\s*ITEM:/.test(lines[first]!)) return 'lammps-dump';
  if (/^\s*\d+\s*$/.test(lines[first]!)) return 'xyz'; // N alone on line 1
  // A data file: its title line, then header keywords (LAMMPS's read_data: "N atoms", "N atom types", box bounds).
  if (lines.slice(first + 1).some((l) => /^\s*\d+\s+atoms\s*(#.*)?$/.test(l))) return 'lammps-data';
  return undefined;
}
