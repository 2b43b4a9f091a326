/**
 * The command line on a 2D polydisperse glass (`softspot prepare --model poly`, the
 * preset's default dimension; DESIGN §10): info, minimize, lhc, validate, aqs, modes and
 * map give the outputs of the other 2D presets, checked against independent routes
 * (brute-force O(N²) pairs and virial, the dense-inverse c_α, dense Jacobi eigenvalues,
 * the sum rule Σc = 2(N − 1), the reference AQS protocol); and `softspot run --model poly`
 * end to end (HDF5 samples with the sizes σ_i, events.csv, the figures).
 */
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { configurationOfFrame, readXyzFrame } from '../lib/io/index.js';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { symmetricEigenvalues } from './helpers/dense-linalg.js';
import { brutePairs, denseC, denseEnergyForces, denseHessian, denseNewton } from './helpers/nd-dense.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const N = 100;

async function readGlass(path: string): Promise<Configuration> {
  return configurationOfFrame(readXyzFrame(await readFile(path, 'utf8'), path));
}

describe('softspot on a 2D poly glass (N = 100)', function () {
  this.timeout(600_000);
  let dir = '';
  scratchDir('softspot-poly2d-', (d) => { dir = d; });
  let glassPath = '';
  let glass: Configuration;

  before(async () => {
    glassPath = join(dir, 'poly.xyz');
    const r = await runCli('prepare', '--model', 'poly', '--n', String(N), '--seed', '3', '--out', glassPath, '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    glass = await readGlass(glassPath);
  });

  it('prepare writes a 2D poly file with the sizes σ_i', () => {
    expect(glass.dim).to.equal(undefined);
    expect(glass.model).to.equal('poly');
    expect(glass.sigma).to.have.length(N);
    expect(glass.cell).to.have.length(4);
  });

  it('info --json: energy, pressure, shear stresses and interactions = the brute-force sums; a stable minimum', async () => {
    const r = await runCli('info', glassPath, '--json');
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse(r.stdout) as Record<string, number | string | boolean>;
    const law = lawOfConfiguration(glass);
    const pairs = brutePairs(glass, law);
    const V = glass.cell[0]! * glass.cell[3]! - glass.cell[1]! * glass.cell[2]!;
    const s = [0, 0, 0, 0];
    for (const p of pairs) {
      const rr = Math.hypot(...p.r);
      for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) s[2 * a + b] += (p.f[1]! / rr) * p.r[a]! * p.r[b]! / V;
    }
    expect(info).to.include({ dimension: 2, n: N, model: 'poly', interactions: pairs.length, hessianPositiveDefinite: true });
    expect(info.energyPerParticle as number).to.be.closeTo(denseEnergyForces(glass, law).energy / N, 1e-12);
    expect(info.pressure as number).to.be.closeTo(-(s[0]! + s[3]!) / 2, 1e-12);
    expect(info.shearStressSimple as number).to.be.closeTo(s[1]!, 1e-12);
    expect(info.shearStressPure as number).to.be.closeTo((s[0]! - s[3]!) / 2, 1e-12);
    // The key the 3D output has too: the same numbers.
    expect(info.shearStress).to.deep.equal({ simple: info.shearStressSimple, pure: info.shearStressPure });
    expect(info.maxForce as number).to.be.below(1e-8);
  });

  it('minimize keeps model=poly and σ_i; lhc writes i,j,c,dcdg_simple,dcdg_pure with c = the dense-inverse route and Σc = 2(N − 1)', async () => {
    const minimized = join(dir, 'min.xyz');
    const m = await runCli('minimize', glassPath, '--out', minimized, '--quiet');
    expect(m.code, m.stderr).to.equal(0);
    const again = await readGlass(minimized);
    expect(again.model).to.equal('poly');
    expect(Array.from(again.sigma!)).to.deep.equal(Array.from(glass.sigma!));
    const csv = join(dir, 'lhc.csv');
    const r = await runCli('lhc', minimized, '--out', csv);
    expect(r.code, r.stderr).to.equal(0);
    const [head, ...lines] = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(head).to.equal('i,j,c,dcdg_simple,dcdg_pure');
    const rows = lines.map((l) => l.split(',').map(Number));
    const law = lawOfConfiguration(again);
    const ref = denseC(denseNewton(again, law), law, 0);
    expect(rows.length).to.equal(ref.pairs.length);
    const mean = ref.c.reduce((a, c) => a + Math.abs(c), 0) / ref.c.length;
    rows.forEach((row, k) => {
      expect([row[0], row[1]]).to.deep.equal([ref.pairs[k]!.i, ref.pairs[k]!.j]);
      expect(Math.abs(row[2]! - ref.c[k]!)).to.be.below(1e-7 * (Math.abs(ref.c[k]!) + mean));
    });
    expect(rows.reduce((a, row) => a + row[2]!, 0)).to.be.closeTo(2 * (N - 1), 1e-8);
  });

  it('validate --json --central: modes simple and pure, median error < 1e-2 %', async () => {
    const r = await runCli('validate', glassPath, '--json', '--central');
    expect(r.code, r.stderr).to.equal(0);
    const v = JSON.parse(r.stdout) as { dim: number; modes: Record<string, { median: number; interactions: number }> };
    expect(v.dim).to.equal(2);
    expect(Object.keys(v.modes)).to.deep.equal(['simple', 'pure']);
    for (const m of Object.values(v.modes)) expect(m.median).to.be.below(1e-2);
  });

  it('aqs --json: the fast and the reference protocol find the same event (particle, γ_c within 1e-8)', async () => {
    const fast = await runCli('aqs', glassPath, '--mode', 'pure', '--sign', '+', '--json', '--quiet');
    expect(fast.code, fast.stderr).to.equal(0);
    const ref = await runCli('aqs', glassPath, '--mode', 'pure', '--sign', '+', '--json', '--quiet', '--protocol', 'reference', '--step', '5e-4');
    expect(ref.code, ref.stderr).to.equal(0);
    const a = JSON.parse(fast.stdout) as { gammaC: number; particle: number; particlePosition: number[] };
    const b = JSON.parse(ref.stdout) as { gammaC: number; particle: number };
    expect(a.particle).to.equal(b.particle);
    expect(Math.abs(a.gammaC - b.gammaC)).to.be.at.most(1e-8);
    expect(a.particlePosition).to.have.length(2);
  });

  it('modes --json: the lowest eigenvalues of the dense explicit-K Hessian; map draws the bond map', async () => {
    const r = await runCli('modes', glassPath, '--k', '3', '--json', '--tol', '1e-10');
    expect(r.code, r.stderr).to.equal(0);
    const lambdas = (JSON.parse(r.stdout) as { modes: { eigenvalue: number }[] }).modes.map((m) => m.eigenvalue);
    const values = symmetricEigenvalues(denseHessian(glass, lawOfConfiguration(glass)), 2 * N);
    lambdas.forEach((l, k) => expect(l).to.be.closeTo(values[k + 2]!, 1e-7 * values[2 * N - 1]!));
    const svg = join(dir, 'map.svg');
    const map = await runCli('map', glassPath, '--out', svg);
    expect(map.code, map.stderr).to.equal(0);
    expect(existsSync(svg)).to.equal(true);
  });

  it('run --model poly (2D): HDF5 samples with σ_i and the 2D layout, Σc = 2(N − 1), events.csv, the figures', async () => {
    const out = join(dir, 'run');
    const n = 64;
    const r = await runCli('run', '--model', 'poly', '--samples', '1', '--n', String(n), '--out', out, '--workers', '1');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^progress phase=aggregate done=1 total=1 /m); // the closing aggregation reads the sample back
    const manifest = JSON.parse(await readFile(join(out, 'ensemble.json'), 'utf8')) as { model: string; dim: number };
    expect(manifest).to.include({ model: 'poly', dim: 2 });
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(join(out, 'samples'));
    expect(files).to.have.length(1);
    expect(files[0]).to.match(/^poly-n64-s1-[0-9a-f]{10}\.h5$/);
    const sample = await readSampleHdf5(join(out, 'samples', files[0]!));
    expect(sample.config.model).to.equal('poly');
    expect(sample.config.dim).to.equal(undefined);
    expect(sample.config.cell).to.have.length(4);
    expect(sample.config.sigma).to.have.length(n);
    expect(Object.keys(sample.dcdg).sort()).to.deep.equal(['pure', 'simple']);
    expect(sample.c.reduce((s, x) => s + x, 0)).to.be.closeTo(2 * (n - 1), 1e-8);
    const law = lawOfConfiguration(sample.config);
    expect(sample.c.length).to.equal(brutePairs(sample.config, law).length);
    const events = (await readFile(join(out, 'events.csv'), 'utf8')).trim().split('\n');
    expect(events).to.have.length(1 + 4);
    for (const f of ['fig1-lhc-map.svg', 'fig2-pdfs.svg', 'fig3-bond-maps.svg']) expect(existsSync(join(out, 'figures', f)), f).to.equal(true);
  });
});
