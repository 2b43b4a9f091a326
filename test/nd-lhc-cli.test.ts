/**
 * `softspot lhc` on 3D extended-XYZ glasses (ipl3d, poly), and the d-generic entry's
 * validation: the CSV columns of DESIGN §10, values equal to the API's on the file's
 * configuration, --E as a 3×3 matrix, clear errors for bad E, NaN positions, a cell too
 * small for the cutoff, a 3D file with a 2D model, and 3D-only or 2D-only options.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { configurationOfFrame, parseLhcCsv, readXyzFrame, writeXyzFrame } from '../lib/io/index.js';
import { localHeatCapacity, localHeatCapacityAsync } from '../lib/lhc/index.js';
import { presetE } from '../lib/space/directions.js';
import { fixturePath } from './helpers/read-fixture.js';
import { smallGlass } from './helpers/nd-dense.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

function writeGlass(path: string, config: Configuration): void {
  writeFileSync(path, writeXyzFrame({
    dim: 3, n: config.n, cell: config.cell, positions: config.positions, species: config.species, info: {},
    model: config.model, ...(config.sigma ? { sigma: config.sigma } : {}),
  }));
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-12): void {
  expect(a.length).to.equal(b.length);
  let scale = 0;
  for (let k = 0; k < b.length; k++) scale = Math.max(scale, Math.abs(b[k]!));
  for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - b[k]!)).to.be.at.most(rel * scale);
}

describe('softspot lhc on 3D glasses', function () {
  let dir = '';
  scratchDir('softspot-nd-lhc-', (d) => { dir = d; });
  const glasses: Record<string, Configuration> = {};
  before(() => {
    glasses.ipl3d = smallGlass('ipl3d', 64, 2);
    glasses.poly = smallGlass('poly', 80, 3);
  });

  for (const preset of ['ipl3d', 'poly']) {
    it(`${preset}: header i,j,c,dcdg_simple,dcdg_pure,dcdg_simple-xz,dcdg_simple-yz and the API's values`, async () => {
      const file = join(dir, `${preset}.xyz`), out = join(dir, `${preset}.csv`);
      writeGlass(file, glasses[preset]!);
      const r = await runCli('lhc', file, '--out', out);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(new RegExp(`^lhc: \\d+ interactions, N = ${glasses[preset]!.n}, 3D, Σc = ${3 * (glasses[preset]!.n - 1)}\\.0000000000 \\(3\\(N−1\\) = ${3 * (glasses[preset]!.n - 1)}\\)`));
      const text = readFileSync(out, 'utf8');
      expect(text.split('\n')[0]).to.equal('i,j,c,dcdg_simple,dcdg_pure,dcdg_simple-xz,dcdg_simple-yz');
      const table = parseLhcCsv(text, out);
      const api = localHeatCapacity(configurationOfFrame(readXyzFrame(readFileSync(file, 'utf8'), file)));
      expect(Array.from(table.i)).to.deep.equal(Array.from(api.i));
      expect(Array.from(table.j)).to.deep.equal(Array.from(api.j));
      expectClose(table.c, api.c, 0);
      for (const name of ['simple', 'pure', 'simple-xz', 'simple-yz']) expectClose(table.dcdg[name]!, api.dcdg[name]!, 0);
    });
  }

  it('--E takes the nine entries of a 3×3 E; --deformation takes 3D presets and − directions', async () => {
    const file = join(dir, 'e.xyz'), out = join(dir, 'e.csv'), out2 = join(dir, 'e2.csv');
    writeGlass(file, glasses.ipl3d!);
    const r = await runCli('lhc', file, '--out', out, '--E', '0,0,1,0,0,0,0,0,0');
    expect(r.code, r.stderr).to.equal(0);
    const table = parseLhcCsv(readFileSync(out, 'utf8'));
    expect(Object.keys(table.dcdg)).to.deep.equal(['E']);
    const api = localHeatCapacity(glasses.ipl3d!, { deformations: [{ name: 'xz', E: presetE('simple-xz', 1, 3) }] });
    expectClose(table.dcdg.E!, api.dcdg.xz!, 1e-9);
    const r2 = await runCli('lhc', file, '--out', out2, '--deformation', 'simple-yz-,pure');
    expect(r2.code, r2.stderr).to.equal(0);
    const t2 = parseLhcCsv(readFileSync(out2, 'utf8'));
    expect(Object.keys(t2.dcdg)).to.deep.equal(['simple-yz-', 'pure']);
    const plus = localHeatCapacity(glasses.ipl3d!, { deformations: [{ name: 'yz', E: presetE('simple-yz', 1, 3) }] });
    expectClose(t2.dcdg['simple-yz-']!, plus.dcdg.yz!.map((x) => -x), 1e-9);
  });

  it('--particles writes a 3D extended XYZ with the per-particle fields', async () => {
    const file = join(dir, 'p.xyz'), out = join(dir, 'p.csv'), particles = join(dir, 'fields.xyz');
    writeGlass(file, glasses.poly!);
    const r = await runCli('lhc', file, '--out', out, '--particles', particles);
    expect(r.code, r.stderr).to.equal(0);
    const lines = readFileSync(particles, 'utf8').split('\n');
    expect(lines[1]).to.match(/pbc="T T T"/).and.to.match(/:c:R:1:dcdg_simple:R:1:dcdg_pure:R:1:dcdg_simple_xz:R:1:dcdg_simple_yz:R:1/);
    const frame = readXyzFrame(readFileSync(particles, 'utf8'), particles);
    expect(frame.dim).to.equal(3);
    expectClose(frame.positions, glasses.poly!.positions, 0);
    // Σ_i c_i = Σ_α c_α = 3(N − 1): the c column is the 6th field (species, x, y, z, σ, c)
    const sum = lines.slice(2, 2 + frame.n).reduce((s, line) => s + Number(line.trim().split(/\s+/)[5]), 0);
    expect(sum).to.be.closeTo(3 * (frame.n - 1), 1e-8);
  });

  it('errors: --E of the wrong size, a 3D preset on a 2D glass, a cell too small, a 3D file with a 2D model', async () => {
    const file = join(dir, 'bad.xyz');
    writeGlass(file, glasses.ipl3d!);
    const e4 = await runCli('lhc', file, '--out', join(dir, 'x.csv'), '--E', '0,1,0,0');
    expect(e4.code).to.equal(2);
    expect(e4.stderr).to.contain('--E: expected 9 numbers exx,exy,exz,eyx,eyy,eyz,ezx,ezy,ezz (a 3×3 matrix, row-major) for a 3D glass, got "0,1,0,0"');
    const xz2 = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'y.csv'), '--deformation', 'simple-xz');
    expect(xz2.code).to.equal(2);
    expect(xz2.stderr).to.contain('--deformation: unknown deformation "simple-xz" for a 2D glass; expected "simple", "pure", "simple-" or "pure-"');
    // a cell too small: 40 ka particles at N/V = 1.2
    const small = smallGlass('ipl3d', 64, 2);
    const L = Math.cbrt(40 / 1.2);
    const tiny: Configuration = { ...small, n: 40, cell: new Float64Array([L, 0, 0, 0, L, 0, 0, 0, L]), positions: small.positions.slice(0, 120).map((x) => x % L), species: new Uint8Array(40), model: 'ka' };
    writeGlass(join(dir, 'tiny.xyz'), tiny);
    const t = await runCli('lhc', join(dir, 'tiny.xyz'), '--out', join(dir, 'z.csv'));
    expect(t.code).to.equal(2);
    expect(t.stderr).to.contain('is not above twice the largest cutoff 2.50000 λ').and.to.contain('give a glass of N ≥ 151');
    const text = readFileSync(file, 'utf8').replace('model=ipl3d', 'model=ipl');
    writeFileSync(join(dir, 'ipl.xyz'), text);
    const m = await runCli('lhc', join(dir, 'ipl.xyz'), '--out', join(dir, 'w.csv'));
    expect(m.code).to.equal(2);
    expect(m.stderr).to.match(/model|2D/);
  });
});

describe('localHeatCapacity on 3D configurations: validation', () => {
  const base = (): Configuration => {
    const n = 160, L = Math.cbrt(n / 1.2);
    return { n, dim: 3, model: 'ka', cell: new Float64Array([L, 0, 0, 0, L, 0, 0, 0, L]), positions: new Float64Array(3 * n).map((_, k) => ((k * 0.7548776662) % 1) * L), species: new Uint8Array(n) };
  };

  it('refuses an E that is not 3×3, NaN positions, a too-small cell, a 2D model, missing sizes of poly', async () => {
    expect(() => localHeatCapacity(base(), { deformations: [{ name: 'simple', E: presetE('simple') }] }))
      .to.throw(RangeError, 'options.deformations[0].E: expected a 3×3 matrix (9 entries, row-major) for a 3D glass, got 4 entries');
    const nan = base(); nan.positions[7] = Number.NaN;
    expect(() => localHeatCapacity(nan)).to.throw(RangeError, 'config.positions: expected finite coordinates, got NaN at index 7');
    const small = { ...base(), n: 100, positions: new Float64Array(300), species: new Uint8Array(100) };
    const L = Math.cbrt(100 / 1.2); small.cell = new Float64Array([L, 0, 0, 0, L, 0, 0, 0, L]);
    expect(() => localHeatCapacity(small)).to.throw(RangeError, /^config\.cell: the cell's smallest width 4\.3\d+ λ is not above twice the largest cutoff 2\.50000 λ; .*give a glass of N ≥ 15[01]$/);
    expect(() => localHeatCapacity({ ...base(), model: 'ipl' })).to.throw(RangeError, "config.model: 'ipl' is a 2D model, but the configuration is 3D; a 3D glass needs one of ipl3d, ka, poly");
    expect(() => localHeatCapacity({ ...base(), model: 'poly' })).to.throw(RangeError, /^config\.sigma: the law 'poly' is per particle and needs the sizes σ_i/);
    expect(() => localHeatCapacity({ ...base(), model: 'ka', species: new Uint8Array(160).fill(2) })).to.throw(RangeError, 'config.species[0]: expected a species code < 2');
    await localHeatCapacityAsync(nan).then(() => expect.fail('resolved'), (e: Error) => expect(e.message).to.contain('config.positions'));
  });
});
