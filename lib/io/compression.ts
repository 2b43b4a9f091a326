/**
 * Glass files as they are kept: plain, or gzip-compressed (LAMMPS `dump custom/gz` and
 * `write_data` piped through gzip, `.xyz.gz` from ASE or OVITO). A file is gzip when its
 * first bytes are gzip's magic number (1f 8b), whatever its name; it is then decompressed
 * as it is read, never held whole unless the caller asks for the whole file. Other
 * compressions (zstd, bzip2, xz) are recognised by their magic numbers and refused with the
 * command that decompresses them, instead of being parsed as text.
 *
 * A gzip stream that ends early — a dump LAMMPS is still writing through gzip, whose last
 * block is not yet flushed, or a copy or download cut short — ends the text there, as a
 * plain file being written does, and the source says so (`truncated`): a file read whole
 * is then refused as cut short (readText), and a trajectory's last frame, which may be
 * cut, is refused by the frame readers (the frames before it are whole). A damaged
 * stream (a bad header, a corrupt block) is an error naming the file.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip, type Gunzip } from 'node:zlib';
import { LammpsFormatError, XyzFormatError } from './errors.js';

/** The compressions recognised: gzip is read, the others refused with how to decompress them. */
export type Compression = 'gzip' | 'zstd' | 'bzip2' | 'xz';

/** How each compression announces itself, and how a user decompresses a file of it. */
const MAGIC: ReadonlyArray<{ compression: Compression; bytes: readonly number[]; decompress: string }> = [
  { compression: 'gzip', bytes: [0x1f, 0x8b], decompress: 'gunzip -k' },
  { compression: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd], decompress: 'zstd -d' },
  { compression: 'bzip2', bytes: [0x42, 0x5a, 0x68], decompress: 'bunzip2 -k' },
  { compression: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], decompress: 'unxz -k' },
];

/** The compression whose magic number `head` (the file's first bytes) starts with, if any. */
export function compressionOf(head: Uint8Array): Compression | undefined {
  return MAGIC.find((m) => m.bytes.every((b, k) => head[k] === b))?.compression;
}

/** A file's text as bytes, read in order (decompressed when the file is gzip). */
export interface ByteSource {
  /** Copies up to `length` next bytes into `into` at `offset`; 0 at the end. */
  read(into: Buffer, offset: number, length: number): Promise<number>;
  /** Passes over the next `n` bytes (fewer at the end). */
  skip(n: number): Promise<void>;
  close(): Promise<void>;
  /** The file's size on disk; the text's when it is not compressed. */
  readonly fileSize: number;
  readonly compression?: 'gzip';
  /** The gzip stream ended before its end (known once read has returned 0): the text is cut short. */
  readonly truncated: boolean;
}

/** The problem and hint of a gzip file whose stream ends early, for the format's error (`what`: the part that may be cut). */
export function truncatedGzip(path: string, what: string): [problem: string, hint: string] {
  return [`the gzip stream ends early (the file is cut short, or still being written), so ${what} may be cut`,
    `gunzip -t ${path} says where; copy or write the file again whole`];
}

/** What to throw for a file softspot cannot read as text: the format's error, naming the file. */
export type TextFail = (problem: string, hint: string) => never;

/** The format's error (XyzFormatError, or LammpsFormatError for the LAMMPS formats) at line 1 of `path`: what openText and readText are given. */
export function textFail(path: string, format: 'xyz' | 'lammps-data' | 'lammps-dump'): TextFail {
  return (problem, hint) => {
    throw format === 'xyz' ? new XyzFormatError(path, 1, problem, hint) : new LammpsFormatError(path, 1, problem, hint);
  };
}

/**
 * Opens the file's text. `fail` reports a file of a compression softspot does not read,
 * and a damaged gzip stream.
 * @throws the file system's errors (ENOENT, EISDIR, …) as Node gives them.
 */
export async function openText(path: string, fail: TextFail): Promise<ByteSource> {
  const file = await open(path, 'r');
  try {
    const fileSize = (await file.stat()).size;
    const head = Buffer.alloc(6);
    await file.read(head, 0, 6, 0);
    const compression = fileSize >= 2 ? compressionOf(head) : undefined;
    if (compression === undefined) return new FileSource(file, fileSize);
    await file.close();
    if (compression !== 'gzip') {
      const m = MAGIC.find((x) => x.compression === compression)!;
      fail(`the file is ${compression}-compressed`, `softspot reads plain and gzip-compressed files: decompress it first (${m.decompress} ${path})`);
    }
    return new GunzipSource(path, fileSize, fail);
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
}

/** The whole text of a file (decompressed when gzip), for formats read whole (a data file, extended XYZ of one frame). */
export async function readText(path: string, fail: TextFail): Promise<Buffer> {
  const source = await openText(path, fail);
  try {
    if (source.compression === undefined) {
      const bytes = Buffer.allocUnsafe(source.fileSize);
      let got = 0;
      while (got < bytes.length) {
        const n = await source.read(bytes, got, bytes.length - got);
        if (n === 0) break;
        got += n;
      }
      return bytes.subarray(0, got);
    }
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = await source.read(chunk, 0, chunk.length);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    // Read whole, a cut text would be parsed as a short file (a particle line of 2 columns).
    if (source.truncated) fail(...truncatedGzip(path, 'its text'));
    return Buffer.concat(chunks);
  } finally {
    await source.close();
  }
}

/** A plain file, read in order. */
class FileSource implements ByteSource {
  readonly truncated = false;
  private position = 0;

  constructor(private readonly file: FileHandle, readonly fileSize: number) {}

  async read(into: Buffer, offset: number, length: number): Promise<number> {
    const { bytesRead } = await this.file.read(into, offset, length, this.position);
    this.position += bytesRead;
    return bytesRead;
  }

  async skip(n: number): Promise<void> {
    this.position += n;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** A gzip file, decompressed as it is read (concatenated members are one text, as gunzip makes them). */
class GunzipSource implements ByteSource {
  readonly compression = 'gzip' as const;
  private readonly file: ReadStream;
  private readonly gunzip: Gunzip;
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer = Buffer.alloc(0);
  private done = false;
  truncated = false;

  constructor(private readonly path: string, readonly fileSize: number, private readonly fail: TextFail) {
    this.file = createReadStream(path);
    this.gunzip = createGunzip();
    this.file.on('error', (error) => this.gunzip.destroy(error));
    this.file.pipe(this.gunzip);
    this.chunks = this.gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  async read(into: Buffer, offset: number, length: number): Promise<number> {
    while (this.pending.length === 0 && !this.done) {
      let next: IteratorResult<Buffer>;
      try {
        next = await this.chunks.next();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // The stream ends early: a file still being written (see the module doc).
        if (code === 'Z_BUF_ERROR') { this.done = true; this.truncated = true; break; }
        if (code === 'Z_DATA_ERROR' || code === 'ERR_ZLIB_INITIALIZATION_FAILED') {
          this.fail(`the gzip stream is damaged (${(error as Error).message})`, `decompress it with gunzip to see where, or write the file again (${this.path})`);
        }
        throw error;
      }
      if (next.done === true) this.done = true;
      else this.pending = next.value;
    }
    const n = Math.min(length, this.pending.length);
    this.pending.copy(into, offset, 0, n);
    this.pending = this.pending.subarray(n);
    return n;
  }

  async skip(n: number): Promise<void> {
    const scratch = Buffer.allocUnsafe(Math.min(n, 1 << 20));
    for (let left = n; left > 0;) {
      const got = await this.read(scratch, 0, Math.min(left, scratch.length));
      if (got === 0) return;
      left -= got;
    }
  }

  /** Both streams: a scan that stops early leaves the file open otherwise. */
  async close(): Promise<void> {
    this.gunzip.destroy();
    this.file.destroy();
  }
}
