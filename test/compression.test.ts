/**
 * Gzip-compressed glass files (lib/io/compression.ts): a compressed copy of a dump, an
 * extended-XYZ trajectory or a data file reads as the plain file does — the same frames,
 * spans, hashes and configurations, whatever the chunk size, with concatenated gzip members
 * — and plans the same ensemble identities; a gzip stream cut short (a dump still being
 * written) reads up to its last whole frame and refuses the last, which may be cut; a damaged stream, and files of the
 * compressions softspot does not read (zstd, bzip2, xz), are refused naming the file and
 * the command that decompresses them.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  formatOfPath, isGlassFileName, LammpsFormatError, readLammpsData, readLammpsDataFile, readLammpsDump, readLammpsDumpFile, readXyz, readXyzFile,
  splitLammpsDumpFrames, writeXyz, XyzFormatError,
} from '../lib/io/index.js';
import { compressionOf } from '../lib/io/compression.js';
import { readFrameBytes, scanFrames } from '../lib/io/frame-scan.js';
import { glassSpecs, readSampleGlass, shipGlasses } from '../lib/ensemble/glass-input.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const LAMMPS = new URL('./fixtures/lammps/', import.meta.url).pathname;
const lammpsText = (name: string): string => readFileSync(join(LAMMPS, name), 'utf8');

/** A dump of five frames of LAMMPS's own (2D and 3D, orthogonal and triclinic), timesteps 0, 10, …. */
function fiveFrameDump(): string {
  const frames = ['ortho2d.dump', 'triclinic3d.dump', 'ortho3d.dump'].flatMap((f) => splitLammpsDumpFrames(lammpsText(f)).map((x) => x.text));
  return frames.slice(0, 5).map((f, k) => f.replace(/^ITEM: TIMESTEP\n\d+/, `ITEM: TIMESTEP\n${10 * k}`)).join('');
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try { await promise; } catch (error) { return error as Error; }
  throw new Error('expected a rejection');
}

describe('gzip-compressed glass files', () => {
  let dir = '';
  scratchDir('softspot-gzip-', (d) => { dir = d; });

  it('names: the format is the extension before .gz (or .zst, .bz2, .xz); compression is told by the bytes', () => {
    expect(['a.dump.gz', 'b.data.GZ', 'c.lammpstrj.gz', 'd.xyz.zst', 'e.lmp.xz', 'f.gz', 'g.dump.bz2'].map(formatOfPath))
      .to.deep.equal(['lammps-dump', 'lammps-data', 'lammps-dump', 'xyz', 'lammps-data', 'xyz', 'lammps-dump']);
    expect(['a.dump.gz', 'b.extxyz.gz', 'c.data.zst', 'd.gz', 'e.txt.gz', 'f.dump'].map(isGlassFileName)).to.deep.equal([true, true, true, false, false, true]);
    expect(compressionOf(gzipSync('x'))).to.equal('gzip');
    expect(compressionOf(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]))).to.equal('zstd');
    expect(compressionOf(Buffer.from('BZh91AY'))).to.equal('bzip2');
    expect(compressionOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))).to.equal('xz');
    expect(compressionOf(Buffer.from('ITEM: TIMESTEP'))).to.equal(undefined);
  });

  it('a compressed dump has the plain dump\'s frames, spans and hashes at every chunk size, one gzip member or several, and reads the same frames', async () => {
    const text = fiveFrameDump();
    const plain = join(dir, 'five.dump');
    writeFileSync(plain, text);
    const reference = await scanFrames(plain, 'lammps-dump', { hash: true });
    expect(reference.frames).to.have.length(5);
    // One member; and one member per frame, as `cat a.gz b.gz` or a dump appended through gzip makes.
    const members = splitLammpsDumpFrames(text).map((f) => gzipSync(f.text, { level: 1 }));
    for (const [name, bytes] of [['one.dump.gz', gzipSync(text)], ['members.dump.gz', Buffer.concat(members)]] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      for (const chunkBytes of [1, 7, 4096, undefined]) {
        const scan = await scanFrames(path, 'lammps-dump', { hash: true, ...(chunkBytes !== undefined ? { chunkBytes } : {}) });
        expect(scan, `${name}, chunk ${chunkBytes}`).to.deep.equal({ ...reference, compressed: true });
      }
      expect(await scanFrames(path, 'lammps-dump', { hash: true, maxFrames: 2 })).to.deep.equal({ ...await scanFrames(plain, 'lammps-dump', { hash: true, maxFrames: 2 }), compressed: true });
      for (const f of reference.frames) expect((await readFrameBytes(path, f)).toString('utf8'), name).to.equal(text.slice(f.start, f.end));
      for (let k = -5; k < 5; k++) {
        expect(await readLammpsDumpFile(path, { frame: k, dimension: 'auto' }), `${name} frame ${k}`).to.deep.equal(readLammpsDump(text, path, { frame: k, dimension: 'auto' }));
      }
      expect(await readLammpsDumpFile(path, { timestep: 30, dimension: 'auto' })).to.deep.equal(readLammpsDump(text, path, { timestep: 30, dimension: 'auto' }));
    }
  });

  it('a compressed extended-XYZ trajectory and a compressed data file read as the plain files', async () => {
    const configs = ['n64_s1', 'n128_s1'].map((n) => readFixtureConfig(n));
    const text = configs.map((c) => writeXyz(c)).join('\n');
    writeFileSync(join(dir, 'traj.xyz.gz'), gzipSync(text));
    for (const k of [0, 1, -1]) expect(await readXyzFile(join(dir, 'traj.xyz.gz'), { frame: k }), `frame ${k}`).to.deep.equal(readXyz(text, join(dir, 'traj.xyz.gz'), { frame: k }));
    const data = lammpsText('triclinic2d.data');
    writeFileSync(join(dir, 'glass.data.gz'), gzipSync(data));
    expect(await readLammpsDataFile(join(dir, 'glass.data.gz'), { dimension: 'auto' })).to.deep.equal(readLammpsData(data, join(dir, 'glass.data.gz'), { dimension: 'auto' }));
  });

  it('a gzip stream cut short reads up to its last whole frame; the last frame, which may be cut, is refused saying the stream ends early', async () => {
    const text = fiveFrameDump();
    const gz = gzipSync(text);
    const path = join(dir, 'growing.dump.gz');
    // Cut where the text of frame 3 is, well before the end: its atoms are missing, frames 0–2 are whole.
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const scan = await scanFrames(path, 'lammps-dump');
    expect(scan.frames.length).to.be.within(4, 5);
    expect(scan.size).to.be.lessThan(Buffer.byteLength(text));
    for (let k = 0; k < scan.frames.length - 1; k++) {
      expect(await readLammpsDumpFile(path, { frame: k, dimension: 'auto' }), `frame ${k}`).to.deep.equal(readLammpsDump(text, path, { frame: k, dimension: 'auto' }));
    }
    expect(scan.truncated).to.equal(true);
    const last = scan.frames.length - 1;
    const cut = await rejection(readLammpsDumpFile(path, { dimension: 'auto' }));
    expect(cut).to.be.instanceOf(LammpsFormatError);
    expect(cut.message).to.equal(`${path}:${(cut as LammpsFormatError).line}: the gzip stream ends early (the file is cut short, or still being written), so its last frame ` +
      `(frame ${last}) may be cut; gunzip -t ${path} says where; copy or write the file again whole, or read an earlier frame (--frame 0 … ${last - 1})`);
    // The whole file is not truncated.
    writeFileSync(join(dir, 'whole.dump.gz'), gz);
    expect((await scanFrames(join(dir, 'whole.dump.gz'), 'lammps-dump')).truncated).to.equal(false);
    // A run plans the whole frames and leaves the last out, saying so (as for a plain dump being
    // written): four 2D glasses (ortho2d's first frame, its first atom moved by k·1e-6 λ in frame k).
    const first = splitLammpsDumpFrames(lammpsText('ortho2d.dump'))[0]!.text;
    const four = Array.from({ length: 4 }, (_, k) => first.replace(/^(ITEM: ATOMS[^\n]*\n\S+ \S+ )(\S+)/m, (_m, head: string, x: string) => `${head}${Number(x) + k * 1e-6}`)
      .replace(/^ITEM: TIMESTEP\n\d+/, `ITEM: TIMESTEP\n${k}`));
    // One gzip member a frame, the last cut in half (as LAMMPS's flushes leave a dump being written).
    const members = four.map((f) => gzipSync(f));
    const growing = join(dir, 'four.dump.gz');
    writeFileSync(growing, Buffer.concat([...members.slice(0, 3), members[3]!.subarray(0, members[3]!.length >> 1)]));
    const kept = (await scanFrames(growing, 'lammps-dump')).frames.length - 1;
    expect(kept).to.equal(3);
    const plan = await glassSpecs({ glasses: [growing], model: 'ipl' });
    expect(plan.frames).to.deep.equal(Array.from({ length: kept }, (_, k) => k));
    expect(plan.notes).to.deep.equal([`${growing}#${kept}: left out: the gzip stream ends early (the file is cut short, or still being written), so this last frame ` +
      `may be cut; the run plans the file's ${kept} whole frames: run the same command again once the file is complete to add this one`]);
    // By timestep too, the last frame is refused.
    const lastTimestep = (await scanFrames(join(dir, 'whole.dump.gz'), 'lammps-dump')).frames[last]!.timestep!;
    const byTimestep = await rejection(readLammpsDumpFile(path, { timestep: lastTimestep, dimension: 'auto' }));
    expect(byTimestep.message).to.contain(`so its last frame (frame ${last}) may be cut`);
  });

  it('a gzip file read whole, or of one frame, cut short is refused as such (it read as a particle line of 2 columns)', async () => {
    const xyz = readFileSync(fixturePath('n256_s1.xyz'));
    const gz = gzipSync(xyz);
    const path = join(dir, 'cut.xyz.gz');
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)));
    const one = await rejection(readXyzFile(path));
    expect(one).to.be.instanceOf(XyzFormatError);
    expect(one.message).to.match(/: the gzip stream ends early \(the file is cut short, or still being written\), so its frame may be cut; gunzip -t .*cut\.xyz\.gz says where; copy or write the file again whole$/);
    const data = gzipSync(lammpsText('triclinic2d.data'));
    const dataPath = join(dir, 'cut.data.gz');
    writeFileSync(dataPath, data.subarray(0, Math.floor(data.length / 2)));
    const whole = await rejection(readLammpsDataFile(dataPath, { dimension: 'auto' }));
    expect(whole).to.be.instanceOf(LammpsFormatError);
    expect(whole.message).to.contain(`${dataPath}:1: the gzip stream ends early (the file is cut short, or still being written), so its text may be cut`);
    const cli = await runCli('info', path);
    expect(cli.code).to.equal(2);
    expect(cli.stderr).to.contain('the gzip stream ends early');
  });

  it('a damaged gzip stream and the compressions softspot does not read are refused, naming the file and what to do', async () => {
    const text = fiveFrameDump();
    const gz = gzipSync(text);
    const damaged = Buffer.from(gz);
    damaged.writeUInt32LE(damaged.readUInt32LE(damaged.length - 8) ^ 0xffff, damaged.length - 8); // the CRC-32 of the trailer
    writeFileSync(join(dir, 'crc.dump.gz'), damaged);
    const crc = await rejection(readLammpsDumpFile(join(dir, 'crc.dump.gz')));
    expect(crc).to.be.instanceOf(LammpsFormatError);
    expect(crc.message).to.equal(`${join(dir, 'crc.dump.gz')}:1: the gzip stream is damaged (incorrect data check); decompress it with gunzip to see where, or write the file again (${join(dir, 'crc.dump.gz')})`);
    const header = Buffer.from(gz);
    header[2] = 0x07; // compression method: not deflate
    writeFileSync(join(dir, 'method.xyz.gz'), header);
    const method = await rejection(readXyzFile(join(dir, 'method.xyz.gz')));
    expect(method).to.be.instanceOf(XyzFormatError);
    expect(method.message).to.contain('the gzip stream is damaged (unknown compression method)');
    for (const [name, bytes, command] of [
      ['t.dump.zst', [0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00], 'zstd -d'],
      ['t.dump.bz2', [0x42, 0x5a, 0x68, 0x39, 0x31, 0x41], 'bunzip2 -k'],
      ['t.dump.xz', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'unxz -k'],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, Buffer.concat([Buffer.from(bytes), Buffer.alloc(64, 1)]));
      const error = await rejection(readLammpsDumpFile(path));
      expect(error, name).to.be.instanceOf(LammpsFormatError);
      expect(error.message, name).to.equal(`${path}:1: the file is ${name.split('.').pop() === 'zst' ? 'zstd' : name.split('.').pop() === 'bz2' ? 'bzip2' : 'xz'}-compressed; ` +
        `softspot reads plain and gzip-compressed files: decompress it first (${command} ${path})`);
    }
    const cli = await runCli('info', join(dir, 't.dump.zst'));
    expect(cli.code).to.equal(2);
    expect(cli.stderr).to.equal(`softspot info: ${join(dir, 't.dump.zst')}:1: the file is zstd-compressed; softspot reads plain and gzip-compressed files: decompress it first (zstd -d ${join(dir, 't.dump.zst')})\n`);
  });

  it('softspot info on a compressed dump gives the plain dump\'s numbers; an ensemble plans a compressed dump as the plain one, and its jobs read and ship it', async () => {
    const text = lammpsText('ortho2d.dump');
    const plain = join(dir, 'o.dump');
    const gz = join(dir, 'o.dump.gz');
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    const a = await runCli('info', plain, '--frame', '0', '--json');
    const b = await runCli('info', gz, '--frame', '0', '--json');
    expect(b.code, b.stderr).to.equal(0);
    expect({ ...JSON.parse(b.stdout), file: plain }).to.deep.equal(JSON.parse(a.stdout));
    const planPlain = await glassSpecs({ glasses: [plain], model: 'ipl' });
    const planGz = await glassSpecs({ glasses: [gz], model: 'ipl' });
    expect(planGz.specs).to.deep.equal(planPlain.specs);
    expect(planGz.frames).to.deep.equal([0, 1]);
    const fromPlain = await readSampleGlass(planPlain.specs[1]!, plain, 1);
    expect(await readSampleGlass(planGz.specs[1]!, gz, 1)).to.deep.equal(fromPlain);
    const [shipped] = await shipGlasses([{ spec: planGz.specs[1]!, glass: gz, frame: 1 }]);
    expect(await readSampleGlass(planGz.specs[1]!, gz, 1, shipped)).to.deep.equal(fromPlain);
    // One glass, two files: the same identity, refused as a twin.
    const twin = await rejection(glassSpecs({ glasses: [plain, gz], model: 'ipl' }));
    expect(twin.message).to.contain('the same frame text as');
    expect(planGz.notes).to.deep.equal([]);
    // A gzip dump of 16 frames: planning says that every job decompresses it up to its frame, and what to do.
    const frames = splitLammpsDumpFrames(text).map((f) => f.text);
    // Sixteen glasses: the two frames alternately, the first atom moved by k·1e-6 λ along x in
    // frame k (the same glass twice in a run is refused, whatever its timestep).
    const moved = (frame: string, k: number): string => {
      const lines = frame.split('\n');
      const at = lines.findIndex((l) => l.startsWith('ITEM: ATOMS'));
      const x = lines[at]!.split(/\s+/).slice(2).indexOf('x');
      const fields = lines[at + 1]!.split(/\s+/);
      fields[x] = String(Number(fields[x]) + k * 1e-6);
      lines[at + 1] = fields.join(' ');
      return lines.join('\n');
    };
    const many = Array.from({ length: 16 }, (_, k) => moved(frames[k % 2]!, k).replace(/^ITEM: TIMESTEP\n\d+/, `ITEM: TIMESTEP\n${k}`)).join('');
    writeFileSync(join(dir, 'many.dump.gz'), gzipSync(many));
    writeFileSync(join(dir, 'many.dump'), many);
    const progress: Array<[number, number]> = [];
    const planMany = await glassSpecs({ glasses: [join(dir, 'many.dump.gz'), join(LAMMPS, 'ortho2d.data')], model: 'ipl', onProgress: (checked, total) => progress.push([checked, total]) });
    expect(planMany.specs).to.have.length(17);
    expect(progress, 'every file scanned first, then each glass checked').to.deep.equal(Array.from({ length: 17 }, (_, k) => [k + 1, 17]));
    const mib = Buffer.byteLength(many) / 2 ** 20;
    expect(planMany.notes).to.deep.equal([`${join(dir, 'many.dump.gz')}: 16 frames in a gzip file of ${mib.toPrecision(3)} MiB of text: each job decompresses it ` +
      `up to its own frame (${(mib / 2).toPrecision(3)} MiB on average, ${(mib / 400).toPrecision(2)} s at 200 MiB/s); decompressing it once ` +
      `(gunzip -k ${join(dir, 'many.dump.gz')}) and running on that file spares it, with the same sample identities`]);
    const planManyPlain = await glassSpecs({ glasses: [join(dir, 'many.dump')], model: 'ipl' });
    expect(planManyPlain.specs).to.deep.equal(planMany.specs.slice(0, 16));
    expect(planManyPlain.notes).to.deep.equal([]);
    // A file of a compression softspot does not read: the reader's message, not a code.
    writeFileSync(join(dir, 'z.dump.zst'), Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(32, 1)]));
    const zstd = await rejection(glassSpecs({ glasses: [plain, join(dir, 'z.dump.zst')], model: 'ipl' }));
    expect(zstd.message).to.equal(`${join(dir, 'z.dump.zst')}:1: the file is zstd-compressed; softspot reads plain and gzip-compressed files: decompress it first (zstd -d ${join(dir, 'z.dump.zst')})`);
  });
});
