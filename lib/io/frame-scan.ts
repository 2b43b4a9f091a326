/**
 * Where the frames of a trajectory file lie — a LAMMPS dump, or an extended-XYZ file of
 * several frames — found by streaming the file's bytes, so that one frame of a file of any
 * size can be read without reading the others into memory.
 *
 * Why: a whole file read as one JavaScript string fails beyond 512 MiB (V8's string limit:
 * a dump of 1000 frames of N = 10⁴ is ~0.4 GB), and below it costs about 3× the file in
 * memory and seconds of decoding for every frame asked for (an ensemble job of one frame
 * read the whole file). A scan reads the file in chunks of `chunkBytes` (default 4 MiB)
 * into one buffer, looks only at the lines that can start a frame, and decodes nothing
 * else: its memory is the buffer and the spans.
 *
 * The frames are the same as those of the text splitters (splitLammpsDumpFrames,
 * xyzFrameRanges / splitXyzFrames; test/frame-scan.test.ts checks both on the same files):
 * - a dump frame starts at each line `ITEM: TIMESTEP` (spaces, tabs and a final \r
 *   allowed around it); the first frame also holds whatever precedes its marker;
 * - an extended-XYZ frame starts at its count line (a positive integer alone on a line);
 *   the next frame starts at the first non-blank line after the frame's N + 2 lines when
 *   that line is a count, else the frame runs to the end of the file (and its reader says
 *   what is wrong with it). Leading blank lines belong to the first frame, blank lines
 *   between frames to the frame before.
 * A frame's bytes run from its first line to the next frame's first line (the file's end
 * for the last), so the frames of a file are its bytes cut in pieces, and a frame's SHA-256
 * is that of its text (ensemble identities, lib/ensemble/glass-input.ts).
 *
 * Cost: one pass over the line breaks (Buffer.indexOf) and one look at the first byte of
 * each line; with `hash`, SHA-256 of every byte. Measured in `npm run bench -- frames`.
 *
 * A gzip-compressed file (./compression.ts) is decompressed as it streams: the spans and
 * hashes are those of its text, so a compressed copy of a file has the same frames and
 * identities; reading a frame of it decompresses the file up to the frame's end.
 */
import { createHash, type Hash } from 'node:crypto';
import { openText, textFail, type ByteSource } from './compression.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** The two formats whose files hold frames. */
export type TrajectoryFormat = 'xyz' | 'lammps-dump';

/** One frame of a file: its bytes [start, end) and its first line. */
export interface FrameSpan {
  /** Byte offset of the frame's first byte in the file. */
  start: number;
  /** Byte offset one past the frame's last byte (the next frame's start, or the file's size). */
  end: number;
  /** 0-based index of the frame's first line in the file (lines as `text.split('\n')` counts them). */
  line: number;
  /** LAMMPS dump: the integer on the line after `ITEM: TIMESTEP`, when that line holds one. */
  timestep?: number;
  /** With `hash`: SHA-256 (hex) of the frame's bytes. */
  sha256?: string;
}

/** What {@link scanFrames} found. */
export interface FrameScan {
  /** The frames in file order; at least one (a file without frame markers is one frame). */
  frames: FrameSpan[];
  /** The text's size in bytes (decompressed, for a gzip file); when not `complete`, the bytes scanned. */
  size: number;
  /** False when the scan stopped at `maxFrames` before the end of the file. */
  complete: boolean;
  /** The file is gzip-compressed (its text was decompressed as it streamed). */
  compressed: boolean;
  /** Its gzip stream ends early (lib/io/compression.ts): the last frame may be cut. Only when `complete`. */
  truncated: boolean;
  /**
   * 1-based number of the file's last non-blank line (0 for a file of blank lines only);
   * where the readers report a frame that does not exist. Only when `complete`.
   */
  lastContentLine: number;
}

/** Options of {@link scanFrames}. */
export interface ScanFramesOptions {
  /** Hash each frame's bytes (FrameSpan.sha256). Default false. */
  hash?: boolean;
  /** Stop once the first `maxFrames` frames are known (their ends found). Default: the whole file. */
  maxFrames?: number;
  /** Bytes read per chunk (default 4 MiB; a line longer than this grows the buffer). */
  chunkBytes?: number;
}

const NEWLINE = 10;
const DEFAULT_CHUNK_BYTES = 4 << 20;
const DUMP_MARKER = /^[ \t]*ITEM: TIMESTEP[ \t]*\r?$/;
const XYZ_COUNT = /^[ \t]*(\d+)[ \t]*\r?$/;
const TIMESTEP = /^\s*(\d+)\s*$/;

/** The options of scanFrames (a complete list: AllKeysOf checks it against ScanFramesOptions). */
const SCAN_FRAMES_OPTION_NAMES: AllKeysOf<ScanFramesOptions, readonly ['hash', 'maxFrames', 'chunkBytes']> = ['hash', 'maxFrames', 'chunkBytes'];

/**
 * The frames of the file at `path` (see the module doc).
 * @throws the file system's error (ENOENT, EISDIR, …) as Node gives it; RangeError for options.
 */
export async function scanFrames(path: string, format: TrajectoryFormat, options: ScanFramesOptions = {}): Promise<FrameScan> {
  expectKnownKeys('options', options, SCAN_FRAMES_OPTION_NAMES, 'scanFrames');
  if (typeof path !== 'string') throw new ArgumentTypeError(`scanFrames: expected path to be a string, got ${typeof path}`);
  if (format !== 'xyz' && format !== 'lammps-dump') throw new ArgumentRangeError(`scanFrames: expected format to be 'xyz' or 'lammps-dump', got ${String(format)}`);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!(Number.isSafeInteger(chunkBytes) && chunkBytes >= 1)) throw new ArgumentRangeError(`scanFrames: expected options.chunkBytes to be an integer ≥ 1, got ${chunkBytes}`);
  const maxFrames = options.maxFrames ?? Infinity;
  if (!(maxFrames === Infinity || (Number.isSafeInteger(maxFrames) && maxFrames >= 1))) {
    throw new ArgumentRangeError(`scanFrames: expected options.maxFrames to be an integer ≥ 1, got ${maxFrames}`);
  }
  const source = await openText(path, textFail(path, format));
  try {
    return await scanSource(source, format === 'xyz' ? new XyzSplitter() : new DumpSplitter(), options.hash === true, maxFrames, chunkBytes);
  } finally {
    await source.close();
  }
}

/**
 * The bytes of one frame of the text (decompressed, for a gzip file), as a Buffer (a frame
 * of any size a Buffer holds). `format` names the error class of a damaged gzip stream.
 * @throws the file system's error; an Error (exit 1: the environment's) when the text is shorter than the span (the file changed since the scan).
 */
export async function readFrameBytes(path: string, span: Pick<FrameSpan, 'start' | 'end'>, format: TrajectoryFormat = 'lammps-dump'): Promise<Buffer> {
  const source = await openText(path, textFail(path, format));
  try {
    await source.skip(span.start);
    const bytes = Buffer.allocUnsafe(span.end - span.start);
    let got = 0;
    while (got < bytes.length) {
      const n = await source.read(bytes, got, bytes.length - got);
      if (n === 0) throw new Error(`${path}: the file's text ends before the frame's end (byte ${span.end}): it changed while it was read`);
      got += n;
    }
    return bytes;
  } finally {
    await source.close();
  }
}

/** Reads the text in chunks of whole lines and hands each line to `splitter`. */
async function scanSource(source: ByteSource, splitter: Splitter, hash: boolean, maxFrames: number, chunkBytes: number): Promise<FrameScan> {
  let buffer = Buffer.allocUnsafe(source.compression === undefined ? Math.min(chunkBytes, Math.max(source.fileSize, 1)) : chunkBytes);
  let have = 0; // bytes of buffer holding file bytes [base, base + have)
  let base = 0;
  let line = 0; // index in the file of the next line handed to the splitter
  const hasher = hash ? new FrameHasher(splitter.frames) : undefined;
  for (;;) {
    if (have === buffer.length) {
      const grown = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(grown, 0, 0, have);
      buffer = grown;
    }
    const bytesRead = await source.read(buffer, have, buffer.length - have);
    have += bytesRead;
    const eof = bytesRead === 0;
    // Whole lines only: up to the last line break (at the end of the file, everything).
    const cut = eof ? have : buffer.lastIndexOf(NEWLINE, have - 1) + 1;
    if (cut === 0 && !eof) continue;
    let a = 0;
    while (a < cut || (eof && a === cut)) {
      const nl = buffer.indexOf(NEWLINE, a);
      const b = nl < 0 || nl >= cut ? cut : nl;
      splitter.line(buffer, a, b, base + a, line);
      line++;
      if (splitter.frames.length > maxFrames) break;
      if (nl < 0 || nl >= cut) break;
      a = nl + 1;
    }
    if (splitter.frames.length > maxFrames) {
      // The frame after the last one kept has just started: its start ends the last one kept.
      const frames = splitter.close(maxFrames);
      hasher?.update(buffer, base, splitter.frames[maxFrames]!.start - base);
      return { frames, size: base + have, complete: false, compressed: source.compression === 'gzip', truncated: false, lastContentLine: 0 };
    }
    hasher?.update(buffer, base, cut);
    if (eof) break;
    buffer.copy(buffer, 0, cut, have);
    have -= cut;
    base += cut;
  }
  const size = base + have;
  if (splitter.frames.length === 0) splitter.frames.push({ start: 0, end: size, line: 0 }); // no frame marker: one frame
  splitter.frames.at(-1)!.end = size;
  const frames = splitter.close(splitter.frames.length);
  hasher?.finish(frames.length);
  return { frames, size, complete: true, compressed: source.compression === 'gzip', truncated: source.truncated, lastContentLine: splitter.lastContent + 1 };
}

/**
 * SHA-256 of each frame's bytes while the file streams past: bytes up to a frame's start
 * belong to the frame before it. The splitters find a frame's start only at the line being
 * read, so its bytes are never behind what has been hashed.
 */
class FrameHasher {
  private hash: Hash = createHash('sha256');
  private hashed = 0; // file bytes [0, hashed) are in finished hashes or in `hash`
  private current = 0; // index of the frame `hash` is of

  constructor(private readonly frames: FrameSpan[]) {}

  /** Hashes file bytes [hashed, base + cut) of `buffer` (which holds the file from `base`), closing frames that start before base + cut. */
  update(buffer: Buffer, base: number, cut: number): void {
    const upTo = base + cut;
    while (this.current + 1 < this.frames.length && this.frames[this.current + 1]!.start <= upTo) {
      const next = this.frames[this.current + 1]!.start;
      this.hash.update(buffer.subarray(this.hashed - base, next - base));
      this.hashed = next;
      this.frames[this.current]!.sha256 = this.hash.digest('hex');
      this.hash = createHash('sha256');
      this.current++;
    }
    this.hash.update(buffer.subarray(this.hashed - base, cut));
    this.hashed = upTo;
  }

  /** Closes the last of the first `count` frames. */
  finish(count: number): void {
    if (this.current < count) this.frames[this.current]!.sha256 = this.hash.digest('hex');
  }
}

/** What a format's splitter does with each line: decide whether it starts a frame. */
abstract class Splitter {
  readonly frames: FrameSpan[] = [];
  /** 0-based index of the last non-blank line seen (−1: none). */
  lastContent = -1;

  /** Line `index`, bytes [a, b) of `buffer` without its '\n', at file offset `offset`. */
  abstract line(buffer: Buffer, a: number, b: number, offset: number, index: number): void;

  /** The first `count` frames, each ending where the next starts (the last's end is set by the caller). */
  close(count: number): FrameSpan[] {
    for (let k = 0; k + 1 < this.frames.length; k++) this.frames[k]!.end = this.frames[k + 1]!.start;
    return this.frames.slice(0, count);
  }

  /** Starts a frame at this line (its end: where the next starts, or the file's end). */
  protected open(offset: number, index: number): FrameSpan {
    const span: FrameSpan = { start: this.frames.length === 0 ? 0 : offset, end: -1, line: this.frames.length === 0 ? 0 : index };
    this.frames.push(span);
    return span;
  }

  /** Tracks the last non-blank line; true when the line is blank (String.prototype.trim's whitespace). */
  protected blank(buffer: Buffer, a: number, b: number, index: number): boolean {
    const empty = isBlank(buffer, a, b);
    if (!empty) this.lastContent = index;
    return empty;
  }
}

/** LAMMPS dump: a frame at each `ITEM: TIMESTEP` line. */
class DumpSplitter extends Splitter {
  private timestepOf: FrameSpan | undefined; // the frame whose timestep is on the next line

  line(buffer: Buffer, a: number, b: number, offset: number, index: number): void {
    this.blank(buffer, a, b, index);
    if (this.timestepOf !== undefined) {
      const m = TIMESTEP.exec(buffer.toString('utf8', a, b));
      if (m !== null && Number.isSafeInteger(Number(m[1]))) this.timestepOf.timestep = Number(m[1]);
      this.timestepOf = undefined;
    }
    // Only a line whose first non-space byte is 'I' can be a marker: the others are not decoded.
    const first = firstNonSpace(buffer, a, b);
    if (first < b && buffer[first] === 0x49 && DUMP_MARKER.test(buffer.toString('latin1', a, b))) {
      // The first marker opens the first frame, which starts at byte 0 (whatever precedes belongs to it).
      this.timestepOf = this.open(offset, index);
    }
  }
}

/** Extended XYZ: count line, comment line, N particle lines, blank lines, the next count line. */
class XyzSplitter extends Splitter {
  private state: 'lead' | 'body' | 'seek' | 'tail' = 'lead';
  private remaining = 0; // lines of the frame's body still to pass

  line(buffer: Buffer, a: number, b: number, offset: number, index: number): void {
    if (this.state === 'body') {
      this.blank(buffer, a, b, index);
      if (--this.remaining === 0) this.state = 'seek';
      return;
    }
    if (this.blank(buffer, a, b, index) || this.state === 'tail') return;
    const count = XYZ_COUNT.exec(buffer.toString('utf8', a, b));
    if (this.state === 'seek' && count === null) {
      this.state = 'tail'; // not a frame: the last frame runs to the end (its reader reports the extra lines)
      return;
    }
    if (this.state === 'seek' || this.frames.length === 0) this.open(offset, index);
    const n = count === null ? 0 : Number(count[1]);
    if (n < 1) {
      this.state = 'tail';
      return;
    }
    this.remaining = n + 1; // the comment line and the N particle lines
    this.state = 'body';
  }
}

/** Index of the first byte of [a, b) that is not a space or tab (b if none). */
function firstNonSpace(buffer: Buffer, a: number, b: number): number {
  let i = a;
  while (i < b && (buffer[i] === 0x20 || buffer[i] === 0x09)) i++;
  return i;
}

/**
 * Whether line [a, b) is blank as `line.trim() === ''` says: ASCII whitespace only, or
 * (a byte ≥ 0x80 present) the decoded line trims to nothing (no-break space, BOM, …).
 */
function isBlank(buffer: Buffer, a: number, b: number): boolean {
  let wide = false;
  for (let i = a; i < b; i++) {
    const c = buffer[i]!;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80) return false;
    wide = true;
  }
  return !wide || buffer.toString('utf8', a, b).trim() === '';
}
