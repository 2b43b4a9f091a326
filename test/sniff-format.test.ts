/**
 * Files named as LAMMPS names them (`data.ka`, `dump.glass`: no extension softspot knows)
 * are read by what their first bytes show (lib/io/sniff-format.ts), as the same glass as
 * under their proper extension; extended XYZ and GSD are told apart the same way, and a
 * known extension still decides.
 */
import { expect } from 'chai';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { glassSpecs } from '../lib/ensemble/glass-input.js';
import { formatOfFile, formatOfHead } from '../lib/io/sniff-format.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { formatLammpsData } from '../lib/io/index.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

describe('the format of a file whose name does not say it', function () {
  this.timeout(60_000);
  let tmp = '';
  scratchDir('softspot-sniff-', (d) => { tmp = d; });

  it('data.*, dump.*, an extended XYZ and a GSD file without extensions: their first bytes tell', async () => {
    const cases: Array<[string, string, string]> = [
      ['lammps/ortho2d.data', 'data.ortho', 'lammps-data'], ['lammps/ortho2d.dump', 'dump.ortho', 'lammps-dump'],
      ['n64_s1.xyz', 'glass.txt', 'xyz'], ['gsd/ka2d.gsd', 'traj.hoomd', 'gsd'],
    ];
    for (const [fixture, name, format] of cases) {
      const path = join(tmp, name);
      copyFileSync(fixturePath(fixture), path);
      expect(await formatOfFile(path), name).to.equal(format);
    }
    // A known extension decides, whatever the bytes.
    const named = join(tmp, 'dump-as.xyz');
    copyFileSync(fixturePath('lammps/ortho2d.dump'), named);
    expect(await formatOfFile(named)).to.equal('xyz');
    expect(formatOfHead(Buffer.from('3\nLattice="1 0 0 0 1 0 0 0 1" 100 atoms\n'))).to.equal('xyz');
    expect(formatOfHead(Buffer.from('my title\n\n   64 atoms # N\n2 atom types\n'))).to.equal('lammps-data');
    expect(formatOfHead(Buffer.from('hello\nworld\n'))).to.equal(undefined);
  });

  it('info and run read data.* as the data file it is: the same numbers', async () => {
    const data = join(tmp, 'data.ortho');
    copyFileSync(fixturePath('lammps/ortho2d.data'), data);
    const named = await runCli('info', fixturePath('lammps/ortho2d.data'), '--json');
    const bare = await runCli('info', data, '--json');
    expect(bare.code, bare.stderr).to.equal(0);
    const { file: _a, ...a } = JSON.parse(named.stdout);
    const { file: _b, ...b } = JSON.parse(bare.stdout);
    expect(b).to.deep.equal(a);
    // Gzip-compressed under LAMMPS's names (dump.ka.gz): the inflated first bytes tell (they were read as XYZ).
    for (const [fixture, name, format] of [['lammps/ortho2d.data', 'data.ortho.gz', 'lammps-data'], ['lammps/ortho2d.dump', 'dump.ortho.gz', 'lammps-dump']] as const) {
      const path = join(tmp, name);
      writeFileSync(path, gzipSync(readFileSync(fixturePath(fixture))));
      expect(await formatOfFile(path), name).to.equal(format);
      const zipped = await runCli('info', path, '--json');
      expect(zipped.code, zipped.stderr).to.equal(0);
      const { file: _z, ...z } = JSON.parse(zipped.stdout);
      const plain = await runCli('info', fixturePath(fixture), '--json');
      const { file: _p, frame: _f, ...q } = JSON.parse(plain.stdout);
      const { frame: _g, ...zz } = z;
      expect(zz, name).to.deep.equal(q);
    }
    // A gzip file longer than the bytes read to tell (8 KiB): its first bytes inflate alone (a stream cut there).
    const base = readFixtureConfig('n256_s1');
    const n = 2000, side = base.cell[0]! * Math.sqrt(n / base.n);
    const big = formatLammpsData({ ...base, n, cell: Float64Array.of(side, 0, 0, side), species: new Uint8Array(n), positions: Float64Array.from({ length: 2 * n }, (_, k) => side * ((k * 0.6180339887498949) % 1)) });
    const bigZipped = gzipSync(Buffer.from(big));
    expect(bigZipped.length).to.be.above(8192);
    const bigPath = join(tmp, 'data.big.gz');
    writeFileSync(bigPath, bigZipped);
    expect(await formatOfFile(bigPath)).to.equal('lammps-data');
    // Planned apart: the dump's last frame is the data file's glass, a twin in one run.
    expect((await glassSpecs({ glasses: [data] })).specs.map((s) => s.glass!.format)).to.deep.equal(['lammps-data']);
    const dump = await glassSpecs({ glasses: [fixturePath('lammps/ortho2d.dump')] });
    expect(dump.specs.map((s) => s.glass!.format)).to.deep.equal(dump.specs.map(() => 'lammps-dump'));
    expect(dump.specs.length).to.be.above(0);
  });
});
