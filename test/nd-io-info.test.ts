/**
 * `softspot info` on 3D files (DESIGN §10): extended XYZ, a LAMMPS data file and a dump of
 * the same hand-made triclinic glass describe the same thing; the numbers are checked
 * against the cell it was made from (volume lx·ly·lz, widths V/|b × c| from cross
 * products, composition counted from the types), and a small cell is reported as not
 * fitting the cutoff with the smallest N that does.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { runCli } from './helpers/run-cli.js';
import { describe3d } from '../lib/cli/commands/info-3d.js';
import { configurationOfFrame, readXyzFrame, writeXyz } from '../lib/io/index.js';
import { dataText, dumpText, triclinic3d, xyzText, type Triclinic3d } from './helpers/triclinic3d.js';
import { glass3d } from './helpers/glass3d.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';

type V3 = [number, number, number];
const cross = (u: V3, v: V3): V3 => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
const norm = (u: V3): number => Math.hypot(...u);

/** Volume and the widths V/|b×c|, V/|c×a|, V/|a×b| of the cell of g. */
function reference(g: Triclinic3d): { volume: number; widths: number[] } {
  const a: V3 = [g.lx, 0, 0], b: V3 = [g.xy, g.ly, 0], c: V3 = [g.xz, g.yz, g.lz];
  const volume = g.lx * g.ly * g.lz;
  return { volume, widths: [volume / norm(cross(b, c)), volume / norm(cross(c, a)), volume / norm(cross(a, b))] };
}

describe('softspot info on 3D files', () => {
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-nd-info-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('XYZ, data file and dump: dimension, model, N, composition, density, cell with tilts, widths, the cell fits the ka cutoff', async () => {
    const g = triclinic3d();
    const paths = { xyz: join(dir, 'g.xyz'), data: join(dir, 'g.data'), dump: join(dir, 'g.dump') };
    await writeFile(paths.xyz, xyzText(g));
    await writeFile(paths.data, dataText(g));
    await writeFile(paths.dump, dumpText(g, { scaled: true }));
    const ref = reference(g);
    const nB = g.types.filter((t) => t === 2).length;
    expect(nB).to.be.above(0);
    const runs = [[paths.xyz], [paths.data, '--model', 'ka'], [paths.dump, '--model', 'ka']];
    for (const args of runs) {
      const r = await runCli('info', ...args, '--json');
      expect(r.code, r.stderr).to.equal(0);
      const info = JSON.parse(r.stdout);
      const tol = args[0] === paths.dump ? 1e-12 : 0;
      expect(info.file).to.equal(args[0]);
      expect(info.dimension).to.equal(3);
      expect(info.model).to.equal('ka');
      expect(info.n).to.equal(64);
      expect(info.composition).to.deep.equal({ A: 64 - nB, B: nB });
      const cell = [g.lx, g.xy, g.xz, 0, g.ly, g.yz, 0, 0, g.lz];
      for (let k = 0; k < 9; k++) expect(Math.abs(info.cell[k] - cell[k]!), `cell[${k}]`).to.be.at.most(tol);
      expect(info.tilt.xy).to.be.closeTo(g.xy, tol);
      expect(info.tilt.xz).to.be.closeTo(g.xz, tol);
      expect(info.tilt.yz).to.be.closeTo(g.yz, tol);
      expect(info.volume).to.be.closeTo(ref.volume, 1e-12 * ref.volume);
      expect(info.density).to.be.closeTo(64 / ref.volume, 1e-14);
      for (let k = 0; k < 3; k++) expect(info.widths[k]).to.be.closeTo(ref.widths[k]!, 1e-12);
      expect(info.cutoff).to.equal(2.5); // x_c σ_AA, the largest of KA's cutoffs (σ_AB, σ_BB < σ_AA)
      expect(Math.min(...ref.widths)).to.be.above(5);
      expect(info.cellFitsCutoff).to.equal(true);
      expect(info.energyPerParticle).to.be.a('number');
      expect(info.interactions).to.be.above(0);
    }
    const text = await runCli('info', paths.data, '--model', 'ka');
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.match(/^dimension +3$/m);
    expect(text.stdout).to.match(new RegExp(`^particles +64 \\(${64 - nB} A, ${nB} B\\)$`, 'm'));
    expect(text.stdout).to.match(/^model +ka$/m);
    expect(text.stdout).to.contain(`a1 = (${g.lx}, 0, 0), a2 = (${g.xy}, ${g.ly}, 0), a3 = (${g.xz}, ${g.yz}, ${g.lz})`);
    expect(text.stdout).to.match(new RegExp(`^tilts +xy = ${g.xy}, xz = ${g.xz}, yz = ${g.yz}$`, 'm'));
    expect(text.stdout).to.contain('the cell fits');
    expect(text.stdout).to.match(/^energy \/ particle +-?\d/m);
    expect(text.stdout).to.match(/^Hessian +/m);
  });

  it('the Hessian row says "a stable minimum" only with the forces at the floor: a glass sheared affinely by 0.05 (2D, 3D) is positive definite but not a minimum', async () => {
    /** x += γ y of every position and of the cell (simple shear, affine: no relaxation, so the forces no longer balance). */
    const sheared = (c: Configuration, gamma: number): Configuration => {
      const d = c.dim === 3 ? 3 : 2;
      const positions = Float64Array.from(c.positions);
      for (let i = 0; i < c.n; i++) positions[d * i] += gamma * positions[d * i + 1]!;
      const cell = Float64Array.from(c.cell);
      for (let k = 0; k < d; k++) cell[k] += gamma * cell[d + k]!;
      return { ...c, positions, cell, info: {} };
    };
    for (const [name, glass] of [['2d', readFixtureConfig('n64_s1')], ['3d', glass3d('ipl3d', 4, 1)]] as const) {
      const at = join(dir, `min-${name}.xyz`), off = join(dir, `sheared-${name}.xyz`);
      await writeFile(at, writeXyz(glass));
      await writeFile(off, writeXyz(sheared(glass, 0.05)));
      const minimum = await runCli('info', at);
      expect(minimum.stdout, name).to.match(/^Hessian +positive definite \(a stable minimum\)$/m);
      const json = JSON.parse((await runCli('info', off, '--json')).stdout) as { maxForce: number; hessianPositiveDefinite: boolean };
      expect(json.hessianPositiveDefinite, name).to.equal(true);
      expect(json.maxForce, name).to.be.above(1e-3);
      const text = await runCli('info', off);
      expect(text.stdout, name).to.match(new RegExp(`^Hessian +positive definite, but not a minimum: max \\|force\\| ${json.maxForce.toExponential(2).replace('+', '\\+')} > 1e-6`, 'm'));
      expect(text.stdout, name).to.not.contain('a stable minimum');
      // A glass at a conjugate gradient's 1e-8 (softspot's 3D and poly glasses): a stable minimum.
      const near = { ...glass, positions: Float64Array.from(glass.positions, (x, k) => (k === 3 ? x + 1e-10 : x)), info: {} };
      const nearPath = join(dir, `near-${name}.xyz`);
      await writeFile(nearPath, writeXyz(near));
      const nearJson = JSON.parse((await runCli('info', nearPath, '--json')).stdout) as { maxForce: number };
      expect(nearJson.maxForce, name).to.be.within(1e-9, 1e-6);
      expect((await runCli('info', nearPath)).stdout, name).to.match(/^Hessian +positive definite \(a stable minimum\)$/m);
    }
  });

  it('a cell narrower than twice the cutoff: reported, with the smallest N that fits at this density', async () => {
    const g = triclinic3d(2, { lx: 4.5, ly: 4.2, lz: 4.8, xy: 0.4, xz: 0.3, yz: -0.2 });
    const path = join(dir, 'small.xyz');
    await writeFile(path, xyzText(g));
    const r = await runCli('info', path, '--json');
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse(r.stdout);
    expect(info.cellFitsCutoff).to.equal(false);
    const rho = 8 / (4.5 * 4.2 * 4.8);
    expect(info.cellAdvice).to.contain(`give a glass of N ≥ ${Math.floor(rho * 5 ** 3) + 1}`);
    const t = await runCli('info', path);
    expect(t.stdout).to.contain('the cell does NOT fit');
  });

  it('in 2D alike (it exited 2): the geometry and the smallest N that fits, no mechanics', async () => {
    // n64_s1 squeezed into a 4 × 4 cell: widths 4 < 2 r_c = 2·1.6·1.4 = 4.48.
    const g = readFixtureConfig('n64_s1');
    const scale = 4 / g.cell[0]!;
    const path = join(dir, 'small2d.xyz');
    await writeFile(path, writeXyz({ ...g, cell: g.cell.map((v) => v * scale), positions: g.positions.map((v) => v * scale), info: {} }));
    const r = await runCli('info', path, '--json');
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse(r.stdout);
    expect(info).to.include({ cellFitsCutoff: false, dimension: 2 });
    expect(info).to.not.have.property('energyPerParticle');
    const rho = 64 / 16;
    expect(info.cellAdvice).to.contain(`give a glass of N ≥ ${Math.floor(rho * (2 * 1.6 * 1.4) ** 2) + 1}`);
    const t = await runCli('info', path);
    expect(t.code).to.equal(0);
    expect(t.stdout).to.contain('the cell does NOT fit').and.to.not.contain('energy / particle');
  });

  it('a data file and a dump LAMMPS wrote (test/fixtures/lammps/triclinic3d): the volume and tilts LAMMPS printed', async () => {
    const fixtures = new URL('./fixtures/lammps/', import.meta.url).pathname;
    const lammps = JSON.parse(await readFile(join(fixtures, 'triclinic3d.json'), 'utf8'));
    for (const file of ['triclinic3d.data', 'triclinic3d.dump', 'triclinic3d.xsu.dump']) {
      const r = await runCli('info', join(fixtures, file), '--model', 'ka', '--json');
      expect(r.code, r.stderr).to.equal(0);
      const info = JSON.parse(r.stdout);
      expect(info.n).to.equal(lammps.natoms);
      expect(info.volume).to.be.closeTo(lammps.vol, 1e-12 * lammps.vol);
      expect(info.tilt.xy).to.be.closeTo(lammps.xy, 1e-12);
      expect(info.tilt.xz).to.be.closeTo(lammps.xz, 1e-12);
      expect(info.tilt.yz).to.be.closeTo(lammps.yz, 1e-12);
      expect(info.cellFitsCutoff).to.equal(Math.min(...info.widths) > 5);
    }
  });

  it('the 3D Kob–Andersen dump LAMMPS wrote (test/fixtures/lammps/ka3d): N, composition, the volume LAMMPS printed, the cell fits', async () => {
    const fixtures = new URL('./fixtures/lammps/ka3d/', import.meta.url).pathname;
    const lammps = JSON.parse(await readFile(join(fixtures, 'ka3d.json'), 'utf8'));
    const dump = await readFile(join(fixtures, 'ka3d.dump'), 'utf8');
    const types = dump.trimEnd().split('\n').slice(9).map((l) => Number(l.split(' ')[1]));
    const r = await runCli('info', join(fixtures, 'ka3d.dump'), '--model', 'ka', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse(r.stdout);
    expect(info.n).to.equal(lammps.atoms);
    expect(info.composition).to.deep.equal({ A: types.filter((t) => t === 1).length, B: types.filter((t) => t === 2).length });
    expect(info.volume).to.be.closeTo(lammps.volume, 1e-12 * lammps.volume);
    expect(info.density).to.be.closeTo(1.2, 1e-12);
    expect(info.cellFitsCutoff).to.equal(true);
    // The mechanics against what LAMMPS computed with the DESIGN §10 law: energy, and the virial
    // pressure tensor P = −σ (LAMMPS's pair vector r_ij = x_i − x_j is softspot's −r_α).
    const p = lammps.virialPressure;
    expect(info.energyPerParticle).to.be.closeTo(lammps.peTotal / lammps.atoms, 1e-12 * Math.abs(lammps.peTotal / lammps.atoms));
    expect(info.pressure).to.be.closeTo((p.xx + p.yy + p.zz) / 3, 1e-11);
    expect(info.shearStress.simple).to.be.closeTo(-p.xy, 1e-11);
    expect(info.shearStress['simple-xz']).to.be.closeTo(-p.xz, 1e-11);
    expect(info.shearStress['simple-yz']).to.be.closeTo(-p.yz, 1e-11);
    expect(info.shearStress.pure).to.be.closeTo(-(p.xx - p.yy) / 2, 1e-11);
    expect(info.maxForce).to.be.above(10); // a liquid snapshot, not a minimum
  });

  it('a cell that is not upper triangular (extended XYZ allows any right-handed Lattice): no tilts', async () => {
    const g = triclinic3d();
    const path = join(dir, 'rotated.xyz');
    // a1 = (lx, 0.5, 0): out of the xz-plane convention
    await writeFile(path, xyzText(g).replace(`Lattice="${g.lx} 0 0 `, `Lattice="${g.lx} 0.5 0 `));
    const info = JSON.parse((await runCli('info', path, '--json')).stdout);
    expect(info).to.not.have.property('tilt');
    expect(info.cell[3]).to.equal(0.5);
    expect((await runCli('info', path)).stdout).to.contain('the cell is not upper triangular');
  });

  it('poly in 3D (the description itself): composition P, cutoff 1.25·σ_max (σ_ij is largest for two σ_max particles)', () => {
    const g = triclinic3d(3);
    const sigma = Array.from({ length: g.n }, (_, p) => 0.8 + 0.03 * p);
    const lines = xyzText(g).split('\n');
    lines[1] = lines[1]!.replace('model=ka', 'model=poly').replace('pos:R:3', 'pos:R:3:sigma:R:1');
    for (let p = 0; p < g.n; p++) lines[p + 2] = lines[p + 2]!.replace(/^[AB] /, 'P ') + ` ${sigma[p]}`;
    const config = configurationOfFrame(readXyzFrame(lines.join('\n')));
    expect(config.dim).to.equal(3);
    const info = describe3d('poly.xyz', config);
    expect(info.composition).to.deep.equal({ P: g.n });
    expect(info.cutoff).to.be.closeTo(1.25 * Math.max(...sigma), 1e-14);
    expect(info.cellFitsCutoff).to.equal(Math.min(...info.widths) > 2 * 1.25 * Math.max(...sigma));
  });

  it('ipl3d: species S, L and the ipl3d cutoff x_c·λ_LL = 1.48·1.4', async () => {
    const g = triclinic3d();
    const path = join(dir, 'ipl3d.xyz');
    await writeFile(path, xyzText(g, 'ipl3d'));
    const info = JSON.parse((await runCli('info', path, '--json')).stdout);
    expect(info.model).to.equal('ipl3d');
    expect(Object.keys(info.composition)).to.deep.equal(['S', 'L']);
    expect(info.cutoff).to.be.closeTo(1.48 * 1.4, 1e-15);
  });

  it('a cube written with tilts of whole cell lengths (xy = 2L, xz = −L, yz = L): its own widths too narrow, those of its reduced basis reported, the mechanics of the cube', () => {
    const glass = glass3d('ipl3d', 5, 2);
    const L = glass.cell[0]!;
    // The same lattice (a2 + 2·a1, a3 − a1 + a2 of the cube): the same periodic glass, written differently.
    const far = describe3d('far.xyz', { ...glass, cell: new Float64Array([L, 2 * L, -L, 0, L, L, 0, 0, L]) });
    const near = describe3d('near.xyz', glass);
    expect(far.tilt).to.deep.equal({ xy: 2 * L, xz: -L, yz: L });
    expect(Math.min(...far.widths)).to.be.below(2 * far.cutoff);
    expect(near).to.not.have.property('reducedWidths');
    expect(far.reducedWidths).to.have.length(3);
    for (const w of far.reducedWidths!) expect(w).to.be.closeTo(L, 1e-12);
    expect(far.cellFitsCutoff).to.equal(true);
    expect(far.energyPerParticle).to.be.closeTo(near.energyPerParticle!, 1e-12);
    expect(far.pressure).to.be.closeTo(near.pressure!, 1e-10);
    expect(far.interactions).to.equal(near.interactions);
    expect(far.hessianPositiveDefinite).to.equal(true);
  });

  it('2D and 3D texts have one layout: the same rows in the same order (area for volume, the 3D shears added), values in one column; the 2D JSON has the geometry too', async () => {
    // The column of the values is where the file's name starts; every row's value starts there.
    const column = (text: string) => /^file +/.exec(text)![0].length;
    const labels = (text: string) => text.trimEnd().split('\n').map((line) => {
      const c = column(text);
      expect(line[c - 1], line).to.equal(' ');
      expect(line[c], line).to.not.equal(' ');
      return line.slice(0, c).trimEnd();
    });
    const two = await runCli('info', fixturePath('n64_s1.xyz'));
    const three = await runCli('info', fixturePath('ka_n256_s2.xyz'));
    expect(two.code, two.stderr).to.equal(0);
    expect(three.code, three.stderr).to.equal(0);
    const shared = (l: string) => l !== 'shear stress simple-xz' && l !== 'shear stress simple-yz';
    expect(labels(two.stdout).map((l) => (l === 'area' ? 'volume' : l))).to.deep.equal(labels(three.stdout).filter(shared));
    expect(labels(two.stdout)).to.include.members(['tilts', 'widths', 'cutoff']);
    expect(column(two.stdout)).to.equal(21);
    expect(column(three.stdout)).to.equal(23); // 'shear stress simple-xz' is 22 characters
    const json = JSON.parse((await runCli('info', fixturePath('n64_s1.xyz'), '--json')).stdout);
    const L = json.cell[0];
    expect(json).to.include({ cutoff: 1.6 * 1.4, cellFitsCutoff: true });
    expect(json.tilt).to.deep.equal({ xy: 0 });
    expect(json.widths).to.deep.equal([L, L]);
    expect(json.volume).to.be.closeTo(L * L, 1e-9);
  });
});
