/**
 * One frame of a large trajectory: LAMMPS dumps of N = 9216 glasses (n256_s1 tiled 6 × 6,
 * ~0.45 MB a frame, each frame its own timestep) of ~100 MB, ~450 MB and ~600 MB, read by
 * this tree (the file streamed for its frames, one frame decoded: lib/io/frame-scan.ts)
 * and by the commit before (BASE_COMMIT: the whole file read as one string), each
 * measurement in its own process (./frames-child.ts), one after the other on the same file:
 * - `read`: readLammpsDumpFile of the first and the last frame (softspot lhc/aqs/info);
 * - `plan`: glassSpecs of the dump (`softspot run dump.lammpstrj`: every frame hashed and
 *   checked), whose identities must be equal in the two trees (existing results stay
 *   finished);
 * - `job`: readSampleGlass of the last frame (what each ensemble job does for its glass).
 * Wall seconds and peak resident memory; both trees must read the same numbers. The
 * 600 MB file is beyond V8's longest string (512 MiB): the old tree cannot read it. The
 * first size is also read gzip-compressed (this tree only; the old one read no gzip).
 * SOFTSPOT_BENCH_FRAMES_MB: the sizes (default 100,450,600). Files under .bench-out/
 * (gitignored), removed after.
 *
 * Run: `npm run bench -- frames`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readXyz } from '../../lib/io/index.js';
import { BENCH_DIR, baselineTree } from './baseline-tree.js';
import { printTable, ratio } from './table.js';

const BASE_COMMIT = '849bd1e';
const TILES = 6;

interface ChildResult { seconds: number; peakMB: number; what: string }

function child(tree: string, ...args: string[]): ChildResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/frames-child.ts', tree, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    // V8 dies of a full heap with a stack dump: name that, not the dump's last line.
    const oom = /heap out of memory|Allocation failed/.exec(r.stderr);
    return { seconds: NaN, peakMB: NaN, what: `fails: ${oom !== null ? 'JavaScript heap out of memory' : r.stderr.trim().split('\n').pop()}` };
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

/** The dump text of one frame (timestep `t`) of n256_s1 tiled TILES × TILES: "id type x y z". */
function frameWriter(): (t: number) => string {
  const c = readXyz(readFileSync('test/fixtures/n256_s1.xyz', 'utf8'));
  const [h00, h01, h10, h11] = c.cell as unknown as number[];
  if (h01 !== 0 || h10 !== 0) throw new Error('frames.bench: expected a rectangular cell');
  const lines: string[] = [];
  let id = 0;
  for (let a = 0; a < TILES; a++) {
    for (let b = 0; b < TILES; b++) {
      for (let i = 0; i < c.n; i++) {
        lines.push(`${++id} ${c.species[i]! + 1} ${c.positions[2 * i]! + a * h00!} ${c.positions[2 * i + 1]! + b * h11!} 0`);
      }
    }
  }
  const body = `ITEM: NUMBER OF ATOMS\n${id}\nITEM: BOX BOUNDS pp pp pp\n0 ${TILES * h00!}\n0 ${TILES * h11!}\n-0.5 0.5\nITEM: ATOMS id type x y z\n${lines.join('\n')}\n`;
  return (t) => `ITEM: TIMESTEP\n${t}\n${body}`;
}

function writeDump(path: string, megabytes: number, frame: (t: number) => string): { frames: number; bytes: number } {
  const fd = openSync(path, 'w');
  let bytes = 0, frames = 0;
  try {
    while (bytes < megabytes * 1e6) {
      const text = frame(1000 * frames++);
      writeSync(fd, text);
      bytes += text.length;
    }
  } finally {
    closeSync(fd);
  }
  return { frames, bytes };
}

export async function run(): Promise<void> {
  const base = baselineTree(BASE_COMMIT);
  const sizes = (process.env.SOFTSPOT_BENCH_FRAMES_MB ?? '100,450,600').split(',').map(Number);
  const dir = join(BENCH_DIR, 'frames');
  mkdirSync(dir, { recursive: true });
  const frame = frameWriter();
  const rows: (string | number)[][] = [];
  const cell = (r: ChildResult | undefined) => (r === undefined ? 'n/a' : r.what.startsWith('fails') ? r.what : `${r.seconds.toFixed(2)} s, ${r.peakMB.toFixed(0)} MB`);
  const same = (a: ChildResult | undefined, b: ChildResult) => (a === undefined || a.what.startsWith('fails') ? '–' : a.what === b.what ? 'yes' : `NO (${a.what} vs ${b.what})`);
  for (const mb of sizes) {
    const path = join(dir, `tiled-${mb}MB.dump`);
    const { frames, bytes } = writeDump(path, mb, frame);
    const label = `${(bytes / 2 ** 20).toFixed(0)} MiB, ${frames} frames`;
    const measure = (what: string, ...args: string[]) => {
      const old = base === undefined ? undefined : child(base, ...args);
      const now = child('.', ...args);
      const speed = old === undefined || old.what.startsWith('fails') ? '–' : ratio(old.seconds / now.seconds);
      rows.push([label, what, loadavg()[0].toFixed(1), cell(old), cell(now), speed, same(old, now)]);
      return now;
    };
    measure('read frame 0', 'read', path, '0');
    measure('read the last frame', 'read', path, '-1');
    measure('plan a run of every frame', 'plan', path);
    // The job of the last frame needs its planned identity: the SHA-256 of its text.
    const last = frame(1000 * (frames - 1));
    const sha = (await import('node:crypto')).createHash('sha256').update(last).digest('hex');
    measure('a job reads the last frame', 'job', path, String(frames - 1), sha, String(256 * TILES * TILES));
    if (mb === sizes[0]) {
      // The same dump through gzip (default level, as LAMMPS's dump custom/gz): decompressed as it streams, twice for the last frame (scan, then read).
      const gz = `${path}.gz`;
      await pipeline(createReadStream(path), createGzip(), createWriteStream(gz));
      const compressed = `${label}, gzip ${(statSync(gz).size / 2 ** 20).toFixed(0)} MiB`;
      for (const [what, frameArg] of [['read frame 0', '0'], ['read the last frame', '-1']] as const) {
        const now = child('.', 'read', gz, frameArg);
        rows.push([compressed, what, loadavg()[0].toFixed(1), 'n/a (no gzip)', cell(now), '–', '–']);
      }
      rmSync(gz, { force: true });
    }
    rmSync(path, { force: true });
  }
  printTable(`One frame of a large LAMMPS dump (N = ${256 * TILES * TILES} a frame): ${BASE_COMMIT} (the whole file as one string) vs this tree (streamed, one frame decoded); wall time and peak memory, each in its own process`,
    ['dump', 'what', 'load', BASE_COMMIT, 'this tree', 'speed-up', 'same result'], rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
