/**
 * `poly` glasses from LAMMPS files: the sizes σ_i from a dump's `diameter` (or `radius`)
 * column or an atom_style sphere data file, and the per-atom masses of both.
 *
 * The files are LAMMPS's own (test/fixtures/lammps/poly, make-poly.py + make-poly.lmp): two
 * poly glasses in extended XYZ — the 2D fixture poly_n128_s2 of ../shared and a 3D one —
 * turned into sphere data files by plain Python, read by LAMMPS and written back as a data
 * file and two dumps. The independent references: the XYZ files themselves (parsed here,
 * not by softspot), the reference implementation's c_α and dc_α/dγ of poly_n128_s2, and
 * LAMMPS's per-atom masses (the dumps' `mass` column: the rmass LAMMPS computed).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { glassSpecs, readSampleGlass } from '../lib/ensemble/glass-input.js';
import { readInputGlassWithMasses } from '../lib/cli/input.js';
import { lammpsToConfiguration, parseLhcCsv, readLammpsData, readLammpsDump, readXyz, type LammpsSnapshot } from '../lib/io/index.js';
import { expectLammpsError } from './helpers/lammps-error.js';
import { fixturePath, readFixtureLhc } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const DIR = fixturePath('lammps/poly');
const XYZ = { poly2d: fixturePath('poly_n128_s2.xyz'), poly3d: join(DIR, 'poly3d.xyz') } as const;
const FILES = ['data', 'dump', 'radius.dump'] as const;

/** An extended-XYZ poly glass parsed here (orthogonal Lattice; lines `P x y z sigma`). */
function plainXyz(path: string): { n: number; lengths: number[]; positions: number[][]; sigma: number[] } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const n = Number(lines[0]);
  const lattice = /Lattice="([^"]*)"/.exec(lines[1]!)![1]!.split(' ').map(Number);
  const atoms = lines.slice(2, 2 + n).map((l) => l.trim().split(/\s+/));
  return { n, lengths: [lattice[0]!, lattice[4]!, lattice[8]!], positions: atoms.map((a) => a.slice(1, 4).map(Number)), sigma: atoms.map((a) => Number(a[4])) };
}

/** The `name` column of a dump written by LAMMPS, by atom id (parsed here). */
function dumpColumn(path: string, name: string): Map<number, number> {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const head = lines.findIndex((l) => l.startsWith('ITEM: ATOMS'));
  const columns = lines[head]!.split(/\s+/).slice(2);
  const id = columns.indexOf('id'), at = columns.indexOf(name);
  return new Map(lines.slice(head + 1).map((l) => l.trim().split(/\s+/)).map((t) => [Number(t[id]), Number(t[at])]));
}

function readSnapshot(glass: string, file: typeof FILES[number]): LammpsSnapshot {
  const text = readFileSync(join(DIR, `${glass}.${file}`), 'utf8');
  return file === 'data' ? readLammpsData(text, '<string>', { dimension: 'auto' }) : readLammpsDump(text, '<string>', { dimension: 'auto' });
}

describe('poly glasses from LAMMPS files (diameters, atom_style sphere, per-atom masses)', function () {
  this.timeout(120000);
  let tmp = '';
  scratchDir('softspot-lammps-poly-', (d) => { tmp = d; });

  for (const glass of ['poly2d', 'poly3d'] as const) {
    it(`${glass}: the data file, the dump and the radius dump hold the XYZ glass (σ_i = diameter = 2 × radius, positions, cell)`, () => {
      const want = plainXyz(XYZ[glass]);
      const d = glass === 'poly2d' ? 2 : 3;
      for (const file of FILES) {
        const config = lammpsToConfiguration(readSnapshot(glass, file), { model: 'poly' });
        expect(config.n, file).to.equal(want.n);
        expect(config.dim ?? 2, file).to.equal(d);
        expect(config.model, file).to.equal('poly');
        expect(Array.from(config.sigma!), file).to.deep.equal(want.sigma); // %.17g and %.16g both keep every double
        for (let a = 0; a < d; a++) expect(config.cell[(d + 1) * a], file).to.be.closeTo(want.lengths[a]!, 1e-15 * want.lengths[a]!);
        for (let p = 0; p < want.n; p++) {
          for (let a = 0; a < d; a++) {
            // LAMMPS may wrap an atom by a box length; the scaled dump holds s = x / L.
            const L = want.lengths[a]!;
            const delta = config.positions[d * p + a]! - want.positions[p]![a]!;
            expect(delta - L * Math.round(delta / L), `${file} particle ${p} axis ${a}`).to.be.closeTo(0, 4e-15 * L);
          }
        }
      }
    });

    it(`${glass}: the per-atom masses are LAMMPS's, density × 4π/3 r³, from the sphere data file and the dump's mass column`, () => {
      const lammps = dumpColumn(join(DIR, `${glass}.dump`), 'mass');
      for (const file of ['data', 'dump'] as const) {
        const s = readSnapshot(glass, file);
        expect(s.atomMasses, file).to.not.equal(undefined);
        // To rounding: LAMMPS versions differ in the last bit of 4π/3 (lib/io/lammps-data.ts).
        s.atomMasses!.forEach((m, p) => expect(m, `${file} atom id ${s.ids[p]}`).to.be.closeTo(lammps.get(s.ids[p]!)!, 1e-15 * m));
      }
      // The radius dump has no mass column: no per-atom masses, none made up.
      expect(readSnapshot(glass, 'radius.dump').atomMasses).to.equal(undefined);
    });
  }

  it('info says what sizes were read: range, mean and polydispersity of the diameters, 2D and 3D (text and --json)', async () => {
    for (const [glass, file] of [['poly2d', 'data'], ['poly3d', 'radius.dump']] as const) {
      const { sigma } = plainXyz(XYZ[glass]);
      const mean = sigma.reduce((a, b) => a + b, 0) / sigma.length;
      const delta = Math.sqrt(sigma.reduce((a, b) => a + (b - mean) ** 2, 0) / sigma.length) / mean;
      const json = await runCli('info', join(DIR, `${glass}.${file}`), '--model', 'poly', '--json');
      expect(json.code, json.stderr).to.equal(0);
      const { sizes } = JSON.parse(json.stdout) as { sizes: { min: number; max: number; mean: number; polydispersity: number } };
      expect([sizes.min, sizes.max]).to.deep.equal([Math.min(...sigma), Math.max(...sigma)]);
      expect(sizes.mean).to.be.closeTo(mean, 1e-14);
      expect(sizes.polydispersity).to.be.closeTo(delta, 1e-13);
      const text = await runCli('info', join(DIR, `${glass}.${file}`), '--model', 'poly');
      expect(text.stdout.replace(/^(\S+(?: \S+)*) {2,}/gm, '$1 ')).to.contain(`sizes σ_i ${Math.min(...sigma).toPrecision(6)} … ${Math.max(...sigma).toPrecision(6)} λ, mean ${mean.toPrecision(6)}, polydispersity ${delta.toPrecision(4)}`);
    }
  });

  it('c_α and dc_α/dγ of the LAMMPS files under --model poly are the independent reference\'s (poly_n128_s2)', async () => {
    const ref = readFixtureLhc('poly_n128_s2');
    const meanAbs = (v: Float64Array): number => v.reduce((s, x) => s + Math.abs(x), 0) / v.length;
    const floorS = 1e-9 * meanAbs(ref.dcdgSimple), floorP = 1e-9 * meanAbs(ref.dcdgPure);
    for (const file of ['data', 'radius.dump'] as const) {
      const out = join(tmp, `${file}.csv`);
      const r = await runCli('lhc', join(DIR, `poly2d.${file}`), '--model', 'poly', '--out', out);
      expect(r.code, r.stderr).to.equal(0);
      const table = parseLhcCsv(readFileSync(out, 'utf8'), out);
      expect(table.i.length, file).to.equal(ref.i.length);
      for (let a = 0; a < ref.i.length; a++) {
        expect([table.i[a], table.j[a]], `${file} row ${a}`).to.deep.equal([ref.i[a], ref.j[a]]);
        expect(table.c[a]).to.be.closeTo(ref.c[a]!, 1e-8 * Math.abs(ref.c[a]!) + 1e-12);
        expect(table.dcdg.simple![a]).to.be.closeTo(ref.dcdgSimple[a]!, 1e-6 * Math.abs(ref.dcdgSimple[a]!) + floorS);
        expect(table.dcdg.pure![a]).to.be.closeTo(ref.dcdgPure[a]!, 1e-6 * Math.abs(ref.dcdgPure[a]!) + floorP);
      }
    }
  });

  it('modes of a sphere data file are of its per-atom masses: those of an XYZ with the masses column', async () => {
    const data = join(DIR, 'poly2d.data');
    const { masses } = await readInputGlassWithMasses(data, { model: 'poly' }, 'modes');
    const lammps = dumpColumn(join(DIR, 'poly2d.dump'), 'mass');
    masses!.forEach((m, p) => expect(m).to.be.closeTo(lammps.get(p + 1)!, 1e-15 * m));
    // The same glass as extended XYZ with a mass:R:1 column (OVITO's name) holding LAMMPS's masses.
    const lines = readFileSync(XYZ.poly2d, 'utf8').trimEnd().split('\n');
    lines[1] = lines[1]!.replace('sigma:R:1', 'sigma:R:1:mass:R:1');
    for (let p = 0; p < 128; p++) lines[2 + p] = `${lines[2 + p]} ${lammps.get(p + 1)!}`;
    const xyz = join(tmp, 'poly2d-masses.xyz');
    writeFileSync(xyz, `${lines.join('\n')}\n`);
    const [fromData, fromXyz] = await Promise.all([data, xyz].map(async (path) => {
      const r = await runCli('modes', path, ...(path === data ? ['--model', 'poly'] : []), '--k', '4', '--json');
      expect(r.code, r.stderr).to.equal(0);
      return { json: JSON.parse(r.stdout) as { masses: number[]; modes: Array<{ omega: number }> }, stderr: r.stderr };
    }));
    fromData!.json.masses.forEach((m, p) => expect(m).to.be.closeTo(fromXyz!.json.masses[p]!, 1e-15 * m));
    fromData!.json.modes.forEach((m, k) => expect(m.omega).to.be.closeTo(fromXyz!.json.modes[k]!.omega, 1e-9 * m.omega));
    // 128 distinct masses are summarized, not listed.
    expect(fromData!.stderr).to.match(/masses of the file: 128 distinct, 0\.206\d+ … 2\.225\d+\)/);
  });

  it('minimize of a poly dump writes the sizes and the atom ids; an ensemble plans and reads it with its sizes', async () => {
    const dump = join(DIR, 'poly3d.radius.dump');
    const out = join(tmp, 'min.xyz');
    const r = await runCli('minimize', dump, '--model', 'poly', '--out', out, '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    const written = readXyz(readFileSync(out, 'utf8'), out);
    const want = plainXyz(XYZ.poly3d);
    expect(Array.from(written.sigma!)).to.deep.equal(want.sigma);
    expect(readFileSync(out, 'utf8').split('\n')[1]).to.match(/Properties=species:S:1:pos:R:3:sigma:R:1:id:I:1 /);

    // No dim given: poly has two, and the run takes the files' (3).
    const plan = await glassSpecs({ glasses: [dump], model: 'poly' });
    expect(plan.model).to.deep.equal({ model: 'poly', dim: 3 });
    expect(plan.specs).to.have.length(1);
    expect(plan.specs[0]!.dim).to.equal(3);
    const { config } = await readSampleGlass(plan.specs[0]!, dump);
    expect(config.model).to.equal('poly');
    expect(Array.from(config.sigma!)).to.deep.equal(want.sigma);
  });

  it('softspot run of poly files takes their dimension; files of two dimensions are refused, naming the first glass', async () => {
    const out = join(tmp, 'run3d');
    const r = await runCli('run', join(DIR, 'poly3d.radius.dump'), '--model', 'poly', '--out', out, '--workers', '1', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('1 glass file of poly (the files\' dimension)');
    const ensemble = JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8')) as { model: string; dim: number; samples: number };
    expect([ensemble.model, ensemble.dim, ensemble.samples]).to.deep.equal(['poly', 3, 1]);

    const mixed = await runCli('run', join(DIR, 'poly3d.data'), join(DIR, 'poly2d.dump'), '--model', 'poly', '--out', join(tmp, 'mixed'), '--quiet');
    expect(mixed.code).to.equal(2);
    expect(mixed.stderr).to.match(/poly2d\.dump#0: a 2D glass, but the first glass of the run, \S*poly3d\.data, is 3D; a run holds glasses of one dimension/);
    const given = await runCli('run', join(DIR, 'poly3d.data'), '--model', 'poly', '--dim', '2', '--out', join(tmp, 'given'), '--quiet');
    expect(given.code).to.equal(2);
    expect(given.stderr).to.contain('a 3D glass, but the run is of poly in 2D');
  });

  it('refuses a poly glass without sizes, a size ≤ 0, a negative radius, a mass or density ≤ 0', () => {
    const atomic = readLammpsData(readFileSync(fixturePath('lammps/ortho2d.data'), 'utf8'), '<string>', { dimension: 'auto' });
    expect(() => lammpsToConfiguration(atomic, { model: 'poly' })).to.throw(RangeError, /model poly needs a size σ_i per particle, and this file has none .*atom_style sphere/);

    const dump = readFileSync(join(DIR, 'poly2d.dump'), 'utf8');
    const lines = dump.split('\n');
    const first = lines.findIndex((l) => l.startsWith('ITEM: ATOMS')) + 1; // 0-based index of the first atom line
    const edit = (column: number, value: string): string => lines.map((l, k) => {
      if (k !== first) return l;
      const t = l.split(' ');
      t[column] = value;
      return t.join(' ');
    }).join('\n');
    const id = lines[first]!.split(' ')[0];
    expectLammpsError(() => lammpsToConfiguration(readLammpsDump(edit(2, '0'), '<string>', { dimension: 'auto' }), { model: 'poly' }), first + 1,
      `atom id ${id} has diameter 0, but model poly needs a size σ_i > 0`);
    expectLammpsError(() => readLammpsDump(edit(2, '-0.5')), first + 1, `atom id ${id} has diameter -0.5 < 0`);
    expectLammpsError(() => readLammpsDump(edit(3, '0')), first + 1, `atom id ${id} has mass 0 ≤ 0`);
    expectLammpsError(() => readLammpsDump(edit(3, 'nan')), first + 1, `the mass of atom id ${id} 'nan' is not`);
    const radius = readFileSync(join(DIR, 'poly2d.radius.dump'), 'utf8').replace(/^(1 1 )\S+/m, '$1-0.25');
    expectLammpsError(() => readLammpsDump(radius), lines.findIndex((l) => l.startsWith('1 1 ')) + 1, 'atom id 1 has radius -0.25 < 0');

    const data = readFileSync(join(DIR, 'poly2d.data'), 'utf8');
    const atomLine = data.split('\n').findIndex((l) => l.startsWith('1 1 ')) + 1;
    expectLammpsError(() => readLammpsData(data.replace(/^(1 1 \S+ )1 /m, '$10 ')), atomLine, 'atom id 1 has density 0 ≤ 0');
    expectLammpsError(() => readLammpsData(data.replace(/^(1 1 )\S+/m, '$1-1')), atomLine, 'atom id 1 has diameter -1 < 0');
  });

  it('a polydisperse file read without --model is refused, naming --model poly; --model ipl reads it', () => {
    const data = readFileSync(join(DIR, 'poly2d.data'), 'utf8');
    const snapshot = readLammpsData(data, '<string>', { dimension: 'auto' });
    const second = data.split('\n').findIndex((l) => l.startsWith('2 1 ')) + 1;
    expectLammpsError(() => lammpsToConfiguration(snapshot), second, 'atoms of type 1 have different diameters', 'a polydisperse glass', '--model poly');
    const asIpl = lammpsToConfiguration(snapshot, { model: 'ipl' });
    expect(asIpl.sigma).to.equal(undefined);
    expect(asIpl.model).to.equal('ipl');
  });

  it('a LAMMPS `dump xyz` file (no box) is refused, saying what it is and what to write instead', async () => {
    const r = await runCli('info', join(DIR, 'poly2d.dump.xyz'));
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('poly2d.dump.xyz:2: the Lattice="..." entry is missing: this is a LAMMPS `dump xyz` file, which holds no box');
    expect(r.stderr).to.contain('dump custom … id type x y z');
  });

  it('a sphere data file of a species law (LAMMPS-written, diameters by type) reads under it, with its per-atom masses', () => {
    const s = readLammpsData(readFileSync(fixturePath('lammps/styles/sphere.data'), 'utf8'));
    const atomic = readLammpsData(readFileSync(fixturePath('lammps/styles/atomic.data'), 'utf8'));
    expect(Array.from(s.positions)).to.deep.equal(Array.from(atomic.positions));
    expect(Array.from(s.types)).to.deep.equal(Array.from(atomic.types));
    // make-styles.lmp: diameter 1 (type 1) and 1.4 (type 2), density 1.
    expect(Array.from(s.diameters!)).to.deep.equal(Array.from(s.types, (t) => (t === 1 ? 1 : 1.4)));
    s.atomMasses!.forEach((m, p) => expect(m).to.be.closeTo((Math.PI / 6) * s.diameters![p]! ** 3, 1e-15));
    const config = lammpsToConfiguration(s, { model: 'ka' });
    expect(config.sigma).to.equal(undefined);
    expect(config.n).to.equal(24);
  });
});
