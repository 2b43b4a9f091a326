/**
 * Extended-XYZ files of several frames (trajectories, as ASE and OVITO write them;
 * lib/io/xyz-frames.ts): each frame is read as the configuration it was written from, with
 * the file's line numbers in errors; ASE, an independent reader, finds the same frames;
 * `--frame K` on the command line picks one (default the last).
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { configurationOfFrame, readXyz, readXyzFrame, splitXyzFrames, writeXyz, XyzFormatError } from '../lib/io/index.js';
import { readFixtureConfig, fixturePath } from './helpers/read-fixture.js';
import { documentedPython } from './helpers/python.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { requirePython } from './helpers/system-program.js';

const ipl3d = (): Configuration => readXyz(readFileSync(fixturePath('ipl3d_n160_s1.xyz'), 'utf8'));
/** Three frames of different N and dimension: n64_s1, the 3D ipl3d glass, n128_s1. */
const FRAMES = (): Configuration[] => [readFixtureConfig('n64_s1'), ipl3d(), readFixtureConfig('n128_s1')];
const trajectory = (configs: Configuration[], between = ''): string => configs.map((c) => writeXyz(c)).join(between);

function expectSame(read: Configuration, written: Configuration, label: string): void {
  expect(read.n, label).to.equal(written.n);
  expect(read.dim, label).to.equal(written.dim);
  expect(Array.from(read.cell), label).to.deep.equal(Array.from(written.cell));
  expect(Array.from(read.positions), label).to.deep.equal(Array.from(written.positions));
  expect(Array.from(read.species), label).to.deep.equal(Array.from(written.species));
  expect(read.info, label).to.deep.equal(written.info);
}

function thrown(f: () => unknown): XyzFormatError {
  try { f(); } catch (error) { expect(error).to.be.instanceOf(XyzFormatError); return error as XyzFormatError; }
  throw new Error('expected an XyzFormatError');
}

describe('extended XYZ of several frames (trajectories)', () => {
  it('options.frame reads each frame as written, bit for bit; negative counts from the end; blank lines between frames and CRLF are fine', () => {
    const configs = FRAMES();
    for (const text of [trajectory(configs), trajectory(configs, '\n\n'), trajectory(configs).replace(/\n/g, '\r\n')]) {
      for (let k = 0; k < 3; k++) {
        expectSame(readXyz(text, '<t>', { frame: k }), configs[k]!, `frame ${k}`);
        expectSame(readXyz(text, '<t>', { frame: k - 3 }), configs[k]!, `frame ${k - 3}`);
      }
    }
  });

  it('splitXyzFrames: each frame\'s text, which read with `start` blank lines before it gives the frame (and the file\'s line numbers)', () => {
    const configs = FRAMES();
    const text = trajectory(configs);
    const frames = splitXyzFrames(text);
    expect(frames.map((f) => f.start)).to.deep.equal([0, 66, 66 + 162]);
    expect(frames.map((f) => f.text).join('')).to.equal(text);
    frames.forEach((f, k) => expectSame(readXyz('\n'.repeat(f.start) + f.text), configs[k]!, `frame ${k}`));
    // A bad number in frame 2 (its particle 5, line 66 + 162 + 2 + 5 + 1 of the file).
    const lines = text.split('\n');
    const bad = 66 + 162 + 2 + 5;
    lines[bad] = lines[bad]!.replace(/^(\S+) \S+/, '$1 1.0.0');
    const broken = lines.join('\n');
    expect(thrown(() => readXyz(broken, 'traj.xyz', { frame: 2 })).line).to.equal(bad + 1);
    const f2 = splitXyzFrames(broken)[2]!;
    expect(thrown(() => readXyz('\n'.repeat(f2.start) + f2.text, 'traj.xyz')).line).to.equal(bad + 1);
    // The other frames read as before.
    expectSame(readXyz(broken, 'traj.xyz', { frame: 0 }), configs[0]!, 'frame 0 of the broken file');
  });

  it('without options.frame the last frame is read (as ASE\'s read and readLammpsDump); a frame that is not there names the range', () => {
    const configs = FRAMES();
    const text = trajectory(configs);
    expectSame(configurationOfFrame(readXyzFrame(text, 'traj.xyz')), configs[2]!, 'the default frame');
    expect(thrown(() => readXyz(text, 'traj.xyz', { frame: 3 })).message).to.contain('no frame 3: the file holds 3 frames; pick a frame in -3 … 2');
    expect(thrown(() => readXyz(text, 'traj.xyz', { frame: -4 })).message).to.contain('no frame -4');
    expect(() => readXyz(text, 'traj.xyz', { frame: 0.5 })).to.throw(RangeError, 'readXyz: expected options.frame to be an integer, got 0.5');
    // One frame: frame 0 and −1 are it.
    const one = writeXyz(readFixtureConfig('n64_s1'));
    expectSame(readXyz(one, '<one>', { frame: -1 }), readXyz(one), 'frame -1 of one');
  });

  it('a frame whose count is short of its particles is still "more lines than N" (the next line is no count line)', () => {
    const [a, b] = [readFixtureConfig('n64_s1'), readFixtureConfig('n128_s1')];
    const text = writeXyz(a).replace(/^64\n/, '63\n') + writeXyz(b);
    const e = thrown(() => readXyz(text, 'traj.xyz', { frame: 0 }));
    expect(e.message).to.contain('traj.xyz:66: more lines than the N = 63 particles declared on line 1');
    expect(splitXyzFrames(text)).to.have.length(1);
  });

  describe('with other programs and on the command line', () => {
    let dir = '';
    scratchDir('softspot-xyz-frames-', (d) => { dir = d; });

    it('ASE (an independent reader) finds the same frames with the same positions and cells', function () {
      const python = requirePython(this, ['ase', 'numpy'], 'python3-ase');
      const configs = FRAMES();
      const path = join(dir, 'traj.xyz');
      writeFileSync(path, trajectory(configs));
      const script = documentedPython('api.md', 'from ase.io import read') + `
import json, sys
frames = read_softspot(sys.argv[1], index=':')
print(json.dumps([{'positions': a.positions.tolist(), 'cell': a.cell.array.tolist()} for a in frames]))
`;
      const ase = JSON.parse(execFileSync(python, ['-c', script, path], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Array<{ positions: number[][]; cell: number[][] }>;
      expect(ase).to.have.length(3);
      ase.forEach((frame, k) => {
        const c = configs[k]!, d = c.dim === 3 ? 3 : 2;
        expect(frame.positions, `frame ${k}`).to.have.length(c.n);
        for (let p = 0; p < c.n; p++) for (let a = 0; a < d; a++) expect(frame.positions[p]![a]).to.equal(c.positions[d * p + a]);
        for (let col = 0; col < d; col++) for (let a = 0; a < d; a++) expect(frame.cell[col]![a]).to.equal(c.cell[d * a + col]);
      });
    });

    it('softspot info --frame K (default the last) describes frame K and says which of how many; a frame not there is exit 2 naming the range', async () => {
      const configs = FRAMES();
      const path = join(dir, 'info-traj.xyz');
      writeFileSync(path, trajectory(configs));
      for (const [args, k] of [[[], 2], [['--frame', '0'], 0], [['--frame', '-2'], 1]] as const) {
        const r = await runCli('info', path, ...args, '--json');
        expect(r.code, r.stderr).to.equal(0);
        const single = join(dir, `frame${k}.xyz`);
        writeFileSync(single, writeXyz(configs[k]!));
        const ref = await runCli('info', single, '--json');
        const a = JSON.parse(r.stdout), b = JSON.parse(ref.stdout);
        expect(a.n).to.equal(configs[k]!.n);
        expect(a.energyPerParticle, `frame ${k}`).to.equal(b.energyPerParticle);
        expect([a.frame, a.frames], `frame ${k}`).to.deep.equal([k, 3]);
        expect(b).not.to.have.property('frames');
      }
      const text = await runCli('info', path);
      expect(text.stdout.split('\n')[1]).to.equal('frame                2 of 3 (0-based; the last; --frame K reads another)');
      // The other commands say on stderr which frame they read (not with --quiet).
      const lhc = await runCli('lhc', path, '--frame', '0', '--out', join(dir, 'frame0.csv'));
      expect(lhc.code, lhc.stderr).to.equal(0);
      expect(lhc.stderr.split('\n')[0]).to.equal(`lhc: ${path}: frame 0 of 3 (0-based; --frame K reads another)`);
      const quiet = await runCli('minimize', path, '--out', join(dir, 'min.xyz'), '--quiet');
      expect([quiet.code, quiet.stderr]).to.deep.equal([0, '']);
      const missing = await runCli('info', path, '--frame', '5');
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.contain(`${path}:`);
      expect(missing.stderr).to.contain('no frame 5: the file holds 3 frames; pick a frame in -3 … 2');
    });
  });
});
