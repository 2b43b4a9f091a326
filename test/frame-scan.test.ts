/**
 * Trajectory files read one frame at a time (lib/io/frame-scan.ts, lib/io/trajectory.ts):
 * the streamed scan finds the same frames as the text splitters (splitLammpsDumpFrames,
 * splitXyzFrames — the tested route that reads the whole file as one string) on LAMMPS's
 * own dumps and on files varied at random, whatever the chunk size; a frame read alone
 * parses to what the whole-text readers give, with the same errors at the same lines; and
 * a dump beyond the longest JavaScript string (512 MiB), which the whole-text route cannot
 * read at all, reads frame by frame.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { constants } from 'node:buffer';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  LammpsFormatError, readLammpsDump, readLammpsDumpFile, readXyz, readXyzFile, splitLammpsDumpFrames, splitXyzFrames, writeXyz, XyzFormatError,
} from '../lib/io/index.js';
import { readFrameBytes, scanFrames, type TrajectoryFormat } from '../lib/io/frame-scan.js';
import { readTrajectoryFrame } from '../lib/io/trajectory.js';
import { readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const LAMMPS = new URL('./fixtures/lammps/', import.meta.url).pathname;
const lammpsText = (name: string): string => readFileSync(join(LAMMPS, name), 'utf8');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A small deterministic generator (the files below vary at random, reproducibly). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Frames LAMMPS wrote (2D and 3D, orthogonal and triclinic), each text ending in '\n'. */
function lammpsFrames(): string[] {
  return ['ortho2d.dump', 'triclinic3d.dump', 'triclinic2d.scaled.dump'].flatMap((f) => splitLammpsDumpFrames(lammpsText(f)).map((x) => x.text));
}

/** A dump assembled at random from LAMMPS's frames: blank and odd lines between them, spaced markers, CRLF, no final newline, a cut last frame. */
function randomDump(rand: () => number, frames: string[]): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let text = rand() < 0.3 ? pick(['junk before\n', '\n\n', 'ITEM: TIMESTEPS\n', '\u00a0\n']) : '';
  const count = 1 + Math.floor(rand() * 5);
  for (let k = 0; k < count; k++) {
    let f = pick(frames).replace(/^ITEM: TIMESTEP\n\d+/, `ITEM: TIMESTEP\n${Math.floor(rand() * 1e6)}`);
    if (rand() < 0.3) f = f.replace(/^ITEM: TIMESTEP/, pick([' ITEM: TIMESTEP', 'ITEM: TIMESTEP \t', '\tITEM: TIMESTEP']));
    if (rand() < 0.2) f += pick(['\n', '\n\n  \n', 'I am not a marker\n', '   \t\n', '\u00a0\n', 'ITEM: TIMESTEP x\n']);
    text += f;
  }
  if (rand() < 0.3) text = text.slice(0, Math.floor(text.length * (0.9 + 0.1 * rand()))); // cut mid-frame
  if (rand() < 0.3) text = text.replace(/\n/g, '\r\n');
  if (rand() < 0.2) text = text.replace(/\r?\n$/, '');
  return text;
}

/** An extended-XYZ trajectory assembled at random: blank lines, a wrong count, a 0 count, trailing text, CRLF, leading blanks. */
function randomXyz(rand: () => number, frames: string[]): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let text = rand() < 0.3 ? pick(['\n', '\n \n', '\t\n\n']) : '';
  const count = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < count; k++) {
    let f = pick(frames);
    if (rand() < 0.15) f = f.replace(/^\d+/, (n) => String(Number(n) + pick([-1, 1, 2]))); // a wrong count
    if (rand() < 0.2) f = f.replace(/^(\d+)/, pick([' $1', '$1 ', '\t$1\t']));
    text += f + (rand() < 0.4 ? pick(['\n', '\n  \n', '\u00a0\n', '\r\n']) : '');
  }
  if (rand() < 0.15) text += pick(['0\n', 'not a count\n', '3\nc\n']);
  if (rand() < 0.3) text = text.replace(/\n/g, '\r\n');
  if (rand() < 0.2) text = text.replace(/\r?\n$/, '');
  return text;
}

/** 1 + the index of the last line that is not blank (`trim()`), 0 if none. */
const lastContentLine = (text: string): number => {
  const lines = text.split('\n');
  let last = lines.length;
  while (last > 0 && lines[last - 1]!.trim() === '') last--;
  return last;
};

describe('trajectory files read one frame at a time (frame-scan)', () => {
  let dir = '';
  scratchDir('softspot-frame-scan-', (d) => { dir = d; });

  /** Writes `text` and checks the scan of every chunk size against the text splitter. */
  async function expectSameFrames(text: string, format: TrajectoryFormat, label: string): Promise<void> {
    const path = join(dir, format === 'xyz' ? 'f.xyz' : 'f.dump');
    writeFileSync(path, text);
    const bytes = Buffer.from(text, 'utf8');
    const reference = format === 'xyz' ? splitXyzFrames(text) : splitLammpsDumpFrames(text);
    for (const chunkBytes of [1, 3, 17, 4096, undefined]) {
      const at = `${label}, chunk ${chunkBytes ?? 'default'}`;
      const scan = await scanFrames(path, format, { hash: true, ...(chunkBytes !== undefined ? { chunkBytes } : {}) });
      expect(scan.complete, at).to.equal(true);
      expect(scan.size, at).to.equal(bytes.length);
      expect(scan.frames.map((f) => f.line), at).to.deep.equal(reference.map((f) => f.start));
      expect(scan.frames.map((f) => bytes.toString('utf8', f.start, f.end)), at).to.deep.equal(reference.map((f) => f.text));
      expect(scan.frames.map((f) => f.sha256), at).to.deep.equal(reference.map((f) => sha256(f.text)));
      expect(scan.lastContentLine, at).to.equal(lastContentLine(text));
      if (format === 'lammps-dump') {
        // The timestep: the integer on the line after each frame's marker line, when there is one.
        const timesteps = reference.map((f) => {
          const lines = f.text.split('\n');
          const marker = lines.findIndex((l) => /^[ \t]*ITEM: TIMESTEP[ \t]*\r?$/.test(l));
          const m = marker < 0 ? null : /^\s*(\d+)\s*$/.exec(lines[marker + 1] ?? '');
          return m === null ? undefined : Number(m[1]);
        });
        expect(scan.frames.map((f) => f.timestep), at).to.deep.equal(timesteps);
      }
    }
    // Stopping early: the first m frames, as the whole scan has them.
    const whole = await scanFrames(path, format, { hash: true });
    for (let m = 1; m <= whole.frames.length + 1; m++) {
      const part = await scanFrames(path, format, { hash: true, maxFrames: m, chunkBytes: 5 });
      expect(part.frames, `${label}, maxFrames ${m}`).to.deep.equal(whole.frames.slice(0, m));
      expect(part.complete, `${label}, maxFrames ${m}`).to.equal(m >= whole.frames.length);
    }
  }

  /** 60 files made at random (seeded), each checked as expectSameFrames does; more than half must hold several frames. */
  async function expectRandomFiles(format: TrajectoryFormat, make: (rand: () => number) => string, seed: number): Promise<void> {
    const rand = random(seed);
    let several = 0;
    for (let k = 0; k < 60; k++) {
      const text = make(rand);
      several += (format === 'xyz' ? splitXyzFrames(text) : splitLammpsDumpFrames(text)).length > 1 ? 1 : 0;
      await expectSameFrames(text, format, `random ${format} ${k}`);
    }
    expect(several, 'files of several frames among them').to.be.greaterThan(30);
  }

  it('finds the frames of the text splitters in LAMMPS\'s dumps and in 60 dumps varied at random, whatever the chunk size', async () => {
    for (const f of ['ortho2d.dump', 'triclinic3d.dump', 'ortho3d.xsu.dump', 'triclinic2d.atom.dump']) await expectSameFrames(lammpsText(f), 'lammps-dump', f);
    const frames = lammpsFrames();
    await expectRandomFiles('lammps-dump', (rand) => randomDump(rand, frames), 7);
    for (const text of ['', '\n', 'no marker at all\n', 'ITEM: TIMESTEP', 'x\r\nITEM: TIMESTEP\r\n5\r\n']) await expectSameFrames(text, 'lammps-dump', JSON.stringify(text));
  });

  it('finds the frames of splitXyzFrames in 60 extended-XYZ trajectories varied at random (wrong counts, blank lines, CRLF), whatever the chunk size', async () => {
    const frames = ['n64_s1', 'n128_s1'].map((n) => writeXyz(readFixtureConfig(n)));
    frames.push(frames[0]!.replace(/\n/g, '\n\u00a0\n').replace(/^(\d+)\n\u00a0\n/, '$1\n')); // NBSP lines inside a frame
    await expectRandomFiles('xyz', (rand) => randomXyz(rand, frames), 11);
    for (const text of ['', '\n\n', '0\n', 'x\n', '1\nc\nS 0 0 0\n1\nc\nL 1 1 0', '\ufeff1\nc\nS 0 0 0\n']) await expectSameFrames(text, 'xyz', JSON.stringify(text));
  });

  it('a dump frame read alone is the frame the whole-text reader gives, by index, from the end, and by timestep', async () => {
    const frames = lammpsFrames().slice(0, 3);
    const text = frames.map((f, k) => f.replace(/^ITEM: TIMESTEP\n\d+/, `ITEM: TIMESTEP\n${1000 * (k + 1)}`)).join('\n');
    const path = join(dir, 'three.dump');
    writeFileSync(path, text);
    for (let k = -3; k < 3; k++) {
      expect(await readLammpsDumpFile(path, { frame: k, dimension: 'auto' }), `frame ${k}`).to.deep.equal(readLammpsDump(text, path, { frame: k, dimension: 'auto' }));
    }
    expect(await readLammpsDumpFile(path, { timestep: 2000, dimension: 'auto' })).to.deep.equal(readLammpsDump(text, path, { timestep: 2000, dimension: 'auto' }));
    expect(await readLammpsDumpFile(path, { dimension: 'auto' })).to.deep.equal(readLammpsDump(text, path, { dimension: 'auto' }));
    const read = await readTrajectoryFrame(path, 'lammps-dump', { frame: 1 });
    expect([read.index, read.count, read.lineOffset]).to.deep.equal([1, 3, splitLammpsDumpFrames(text)[1]!.start]);
    expect((await readFrameBytes(path, read.span)).toString('utf8')).to.equal(read.text);
  });

  it('a dump frame read alone fails where the whole-text reader fails, with the same message at the same line of the file', async () => {
    const frames = lammpsFrames().slice(0, 3);
    const good = frames.join('');
    const lines = good.split('\n');
    const second = splitLammpsDumpFrames(good)[1]!.start; // 0-based line of frame 1's marker
    const cases: Array<[string, (l: string[]) => void]> = [
      ['a bad coordinate', (l) => { l[second + 12] = l[second + 12]!.replace(/^(\S+ \S+) \S+/, '$1 1.0.0'); }],
      ['a duplicate atom id (reported by the snapshot, with the other line)', (l) => { l[second + 14] = l[second + 9]!; }],
      ['a box with hi ≤ lo', (l) => { l[second + 5] = '3 1'; }],
      ['an atom line short of a column', (l) => { l[second + 20] = l[second + 20]!.replace(/ \S+$/, ''); }],
      ['a missing column', (l) => { l[second + 8] = 'ITEM: ATOMS id type'; }],
    ];
    for (const [what, edit] of cases) {
      const broken = [...lines];
      edit(broken);
      const text = broken.join('\n');
      const path = join(dir, 'broken.dump');
      writeFileSync(path, text);
      let expected: LammpsFormatError | undefined;
      try { readLammpsDump(text, path, { frame: 1 }); } catch (error) { expected = error as LammpsFormatError; }
      expect(expected, what).to.be.instanceOf(LammpsFormatError);
      expect(expected!.line, what).to.be.greaterThan(second);
      let got: unknown;
      try { await readLammpsDumpFile(path, { frame: 1 }); } catch (error) { got = error; }
      expect(got, what).to.be.instanceOf(LammpsFormatError);
      expect((got as LammpsFormatError).message, what).to.equal(expected!.message);
      expect((got as LammpsFormatError).line, what).to.equal(expected!.line);
      // The frames before it read as before.
      expect(await readLammpsDumpFile(path, { frame: 0 }), what).to.deep.equal(readLammpsDump(good, path, { frame: 0 }));
    }
  });

  it('a frame the dump does not hold: the whole-text reader\'s message; a dump still being written reads up to its last whole frame', async () => {
    const text = lammpsText('ortho2d.dump');
    const path = join(dir, 'two.dump');
    writeFileSync(path, text);
    for (const select of [{ frame: 2 }, { frame: -3 }, { timestep: 7 }]) {
      let expected: Error | undefined, got: unknown;
      try { readLammpsDump(text, path, select); } catch (error) { expected = error as Error; }
      try { await readLammpsDumpFile(path, select); } catch (error) { got = error; }
      expect(got, JSON.stringify(select)).to.be.instanceOf(LammpsFormatError);
      expect((got as Error).message, JSON.stringify(select)).to.equal(expected!.message);
    }
    await expectRejects(readLammpsDumpFile(path, { frame: 0.5 }), RangeError, 'readLammpsDumpFile: expected options.frame to be an integer, got 0.5');
    await expectRejects(readLammpsDumpFile(path, { frame: 0, timestep: 0 }), RangeError, 'expected options.frame or options.timestep, not both');
    // A third frame cut in its atoms (LAMMPS still writing): the whole-text reader refuses
    // every frame; frame by frame, the whole ones read, the cut one names its missing atoms.
    const growing = text + text.slice(0, text.length - 400);
    writeFileSync(path, growing);
    expect(() => readLammpsDump(growing, path, { frame: 0 })).to.throw(LammpsFormatError, 'atom lines but declares 64 atoms');
    expect(await readLammpsDumpFile(path, { frame: 1 })).to.deep.equal(readLammpsDump(text, path, { frame: 1 }));
    await expectRejects(readLammpsDumpFile(path), LammpsFormatError, 'atom lines but declares 64 atoms');
  });

  it('an extended-XYZ frame read alone is the whole-text reader\'s frame, and its errors are at the file\'s lines', async () => {
    const configs = ['n64_s1', 'n128_s1', 'n64_s1'].map((n) => readFixtureConfig(n));
    const text = configs.map((c, k) => writeXyz({ ...c, info: { ...c.info, k } })).join('\n');
    const path = join(dir, 'traj.xyz');
    writeFileSync(path, text);
    for (let k = -3; k < 3; k++) expect(await readXyzFile(path, { frame: k }), `frame ${k}`).to.deep.equal(readXyz(text, path, { frame: k }));
    expect(await readXyzFile(path)).to.deep.equal(readXyz(text, path));
    // A bad number, a duplicate particle (the message names the other line) and a wrong N, in frame 1.
    const lines = text.split('\n');
    const start = splitXyzFrames(text)[1]!.start;
    const cases: Array<[string, (l: string[]) => void]> = [
      ['a bad number', (l) => { l[start + 7] = l[start + 7]!.replace(/^(\S+) \S+/, '$1 1.0.0'); }],
      ['a duplicate particle', (l) => { l[start + 9] = l[start + 4]!; }],
      ['a count short of its particles', (l) => { l[start] = '127'; }],
    ];
    for (const [what, edit] of cases) {
      const broken = [...lines];
      edit(broken);
      const b = broken.join('\n');
      writeFileSync(path, b);
      let expected: XyzFormatError | undefined, got: unknown;
      try { readXyz(b, path, { frame: 1 }); } catch (error) { expected = error as XyzFormatError; }
      try { await readXyzFile(path, { frame: 1 }); } catch (error) { got = error; }
      expect(expected, what).to.be.instanceOf(XyzFormatError);
      expect(got, what).to.be.instanceOf(XyzFormatError);
      expect((got as XyzFormatError).message, what).to.equal(expected!.message);
      expect((got as XyzFormatError).line, what).to.be.greaterThan(start);
    }
    writeFileSync(path, text);
    let expected: Error | undefined;
    try { readXyz(text, path, { frame: 3 }); } catch (error) { expected = error as Error; }
    await expectRejects(readXyzFile(path, { frame: 3 }), XyzFormatError, expected!.message);
    expect(() => readXyz(text, path, { lineOffset: -1 })).to.throw(RangeError, 'readXyz: expected options.lineOffset to be an integer ≥ 0, got -1');
    expect(() => readLammpsDump(lammpsText('ortho2d.dump'), path, { lineOffset: 0.5 })).to.throw(RangeError, 'readLammpsDump: expected options.lineOffset to be an integer ≥ 0, got 0.5');
  });

  it('softspot info reads frame K of a dump whose last frame is cut, and names the file\'s line of a bad frame', async () => {
    const text = lammpsText('ortho2d.dump');
    const path = join(dir, 'cut.dump');
    writeFileSync(path, text + text.slice(0, text.length - 400));
    const ok = await runCli('info', path, '--frame', '1', '--json');
    expect(ok.code, ok.stderr).to.equal(0);
    const whole = await runCli('info', join(LAMMPS, 'ortho2d.dump'), '--frame', '1', '--json');
    expect(JSON.parse(ok.stdout)).to.deep.equal({ ...JSON.parse(whole.stdout), file: path, frames: 4 });
    const last = await runCli('info', path);
    expect(last.code).to.equal(2);
    let expected: Error | undefined;
    try { readLammpsDump(text + text.slice(0, text.length - 400), path); } catch (error) { expected = error as Error; }
    expect(expected!.message).to.match(/cut\.dump:\d+: the frame of timestep 1 \(line 220\) has 57 atom lines but declares 64 atoms/);
    expect(last.stderr).to.contain(`softspot info: ${expected!.message}`);
  });

  it('a dump beyond the longest JavaScript string (512 MiB) reads frame by frame; read whole, it cannot be', async function () {
    this.timeout(300_000);
    // 3 distinct frames of LAMMPS's ortho2d dump, repeated with new timesteps to > 512 MiB.
    const frames = lammpsFrames().slice(0, 3);
    const path = join(dir, 'huge.dump');
    const fd = openSync(path, 'w');
    let size = 0, count = 0, block = '';
    while (size + block.length <= constants.MAX_STRING_LENGTH + (1 << 20)) {
      block += frames[count % 3]!.replace(/^ITEM: TIMESTEP\n\d+/, `ITEM: TIMESTEP\n${count}`);
      count++;
      if (block.length > 1 << 23) { writeSync(fd, block); size += block.length; block = ''; }
    }
    writeSync(fd, block);
    size += block.length;
    closeSync(fd);
    expect(size).to.be.greaterThan(constants.MAX_STRING_LENGTH);
    let whole: unknown;
    try { await readFile(path, 'utf8'); } catch (error) { whole = error; }
    expect(String(whole), 'the whole-text route').to.match(/Invalid string length|Cannot create a string longer than/);
    const reference = frames.map((f) => readLammpsDump(f, path, { dimension: 'auto' }));
    for (const k of [0, 1, count - 2, count - 1]) {
      const s = await readLammpsDumpFile(path, { frame: k, dimension: 'auto' });
      expect(s.timestep, `frame ${k}`).to.equal(k);
      expect(s.positions, `frame ${k}`).to.deep.equal(reference[k % 3]!.positions);
    }
    const byTimestep = await readLammpsDumpFile(path, { timestep: count - 3, dimension: 'auto' });
    expect(byTimestep.positions).to.deep.equal(reference[(count - 3) % 3]!.positions);
    const info = await runCli('info', path, '--frame', '-1');
    expect(info.code, info.stderr).to.equal(0);
    expect(info.stdout).to.contain(`frame                ${count - 1} of ${count} (0-based; the last;`);
  });
});

async function expectRejects(promise: Promise<unknown>, type: new (...args: never[]) => Error, message: string): Promise<void> {
  let error: unknown;
  try { await promise; } catch (e) { error = e; }
  expect(error).to.be.instanceOf(type);
  expect((error as Error).message).to.contain(message);
}
