/**
 * 3D LAMMPS files as softspot configurations (DESIGN §10, issue 17 item 2): a triclinic
 * data file and dump, written here by hand from a known cell with every tilt and
 * LAMMPS's bounds-with-tilt convention, read to the configuration of the equivalent
 * extended XYZ (also hand-written); each malformed case a clear error with the line.
 */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LammpsFormatError, configurationOfFrame, lammpsToConfiguration, readLammpsData, readLammpsDump, readXyzFrame,
} from '../lib/io/index.js';
import type { Configuration } from '../lib/config.js';
import { readInputGlass } from '../lib/cli/input.js';
import { InputError } from '../lib/cli/errors.js';
import { dataText, dumpText, relative, triclinic3d, xyzText, writeOrder } from './helpers/triclinic3d.js';

/** Same configuration: dim, model, species exactly; cell and positions to `tol` (absolute, λ). */
function expectSameConfiguration(got: Configuration, want: Configuration, tol: number): void {
  expect(got.dim).to.equal(3);
  expect(got.dim).to.equal(want.dim);
  expect(got.n).to.equal(want.n);
  expect(got.model).to.equal(want.model);
  expect(Array.from(got.species)).to.deep.equal(Array.from(want.species));
  expect(got.cell.length).to.equal(9);
  for (let k = 0; k < 9; k++) expect(Math.abs(got.cell[k]! - want.cell[k]!), `cell[${k}]`).to.be.at.most(tol);
  expect(got.positions.length).to.equal(3 * want.n);
  for (let k = 0; k < got.positions.length; k++) expect(Math.abs(got.positions[k]! - want.positions[k]!), `positions[${k}]`).to.be.at.most(tol);
}

function lammpsError(run: () => unknown): LammpsFormatError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(LammpsFormatError);
    return error as LammpsFormatError;
  }
  throw new Error('expected a LammpsFormatError');
}

/** 1-based line of the first line of `t` that satisfies `match`. */
const lineOf = (t: string, match: (line: string) => boolean): number => t.split('\n').findIndex(match) + 1;

describe('3D LAMMPS files (DESIGN §10)', () => {
  const g = triclinic3d();
  const xyz = configurationOfFrame(readXyzFrame(xyzText(g), 'g.xyz'));

  it('the hand-written XYZ is the cell it was made from (a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz); h row-major, columns a, b, c)', () => {
    expect(Array.from(xyz.cell)).to.deep.equal([g.lx, g.xy, g.xz, 0, g.ly, g.yz, 0, 0, g.lz]);
    expect(xyz.dim).to.equal(3);
    expect(Array.from(xyz.positions.slice(3, 6))).to.deep.equal(relative(g, 1));
  });

  it('a triclinic data file gives the XYZ configuration: dim 3, cell with xy, xz, yz, origin subtracted, atoms sorted by id, types → A, B', () => {
    const snap = readLammpsData(dataText(g), 'g.data', { dimension: 'auto' });
    expect(snap.dim).to.equal(3);
    const config = lammpsToConfiguration(snap, { model: 'ka' });
    expect(Array.from(config.cell)).to.deep.equal(Array.from(xyz.cell)); // xhi − xlo is exact here
    expectSameConfiguration(config, xyz, 1e-13);
    expect(config.info).to.deep.equal({});
    // the atoms were written in shuffled order: the reader sorted them
    expect(writeOrder(g.n).slice(0, 3)).to.not.deep.equal([0, 1, 2]);
  });

  it('a triclinic dump (x y z and scaled xs ys zs, bounds with tilt) gives the XYZ configuration', () => {
    for (const scaled of [false, true]) {
      const snap = readLammpsDump(dumpText(g, { scaled }), 'g.dump', { dimension: 'auto' });
      expect(snap.dim).to.equal(3);
      const config = lammpsToConfiguration(snap, { model: 'ka' });
      expectSameConfiguration(config, xyz, 1e-12);
      expect(config.info).to.deep.equal({ timestep: 500 });
    }
  });

  it('ipl3d: types 1, 2 → S, L; the same geometry', () => {
    const config = lammpsToConfiguration(readLammpsData(dataText(g), 'g.data'), { model: 'ipl3d' });
    expectSameConfiguration(config, configurationOfFrame(readXyzFrame(xyzText(g, 'ipl3d'))), 1e-13);
  });

  it('an atom at the top of the cell overlapping one at the bottom through the tilted z face (image −c) is refused with its line', () => {
    const h = triclinic3d(3);
    // atom 0 at s = (0.2, 0.3, 0.00002), atom 1 at s = (0.2, 0.3, 0.99997): Δs = (0, 0, 0.00005) through the z face,
    // 5e-5·|c| ≈ 4.1e-4 λ apart, though their Cartesian positions differ by ≈ c = (xz, yz, lz)
    h.s.splice(0, 6, 0.2, 0.3, 0.00002, 0.2, 0.3, 0.99997);
    const t = dataText(h);
    const error = lammpsError(() => lammpsToConfiguration(readLammpsData(t, '<string>'), { model: 'ka' }));
    expect(error.line).to.equal(lineOf(t, (l) => /^2 \d+ \S+ \S+ \S+/.test(l)));
    expect(error.message).to.contain(`atoms id 1 (line ${lineOf(t, (l) => /^1 \d+ \S+ \S+ \S+/.test(l))}) and id 2 are`);
    expect(error.message).to.contain('closer than 0.001');
    // the distance is the minimum image through the tilted face: |Δs2·c|, c = (xz, yz, lz)
    expect(Number(/are (\S+) apart/.exec(error.message)![1])).to.be.closeTo(0.00005 * Math.hypot(h.xz, h.yz, h.lz), 1e-12);
  });

  describe('errors name the line', () => {
    it('a dump without the z column: a 2D dump read as 3D; under dimension \'auto\' a 3D box\'s dump without z', () => {
      const t = dumpText(g, { columns: 'id type x y' });
      const error = lammpsError(() => readLammpsDump(t));
      expect(error.line).to.equal(lineOf(t, (l) => l.startsWith('ITEM: ATOMS')));
      expect(error.message).to.contain("the ATOMS columns 'id type x y' have x y but no z: a 2D dump, read as 3D");
      const auto = lammpsError(() => readLammpsDump(t, '<string>', { dimension: 'auto' }));
      expect(auto.line).to.equal(error.line);
      expect(auto.message).to.contain("the ATOMS columns 'id type x y' have x y but no z, and the box is");
      expect(auto.message).to.contain("a 3D run's dump without its z column?");
    });

    it('a dump without the type column', () => {
      const t = dumpText(g, { columns: 'id x y z' });
      const error = lammpsError(() => readLammpsDump(t));
      expect(error.line).to.equal(lineOf(t, (l) => l.startsWith('ITEM: ATOMS')));
      expect(error.message).to.contain('lack type');
    });

    it('a dump with atoms missing (declares more than it holds)', () => {
      const t = dumpText(g).replace(`NUMBER OF ATOMS\n${g.n}`, `NUMBER OF ATOMS\n${g.n + 2}`);
      const error = lammpsError(() => readLammpsDump(t));
      expect(error.line).to.equal(t.trimEnd().split('\n').length + 1);
      expect(error.message).to.contain(`has ${g.n} atom lines but declares ${g.n + 2} atoms`);
    });

    it('a data file with atoms missing', () => {
      const t = dataText(g).replace(`${g.n} atoms`, `${g.n + 1} atoms`);
      const error = lammpsError(() => readLammpsData(t));
      // The file ends inside its Atoms section: said to look cut off, at its end.
      expect(error.line).to.equal(t.split('\n').length);
      expect(error.message).to.contain(`(line ${lineOf(t, (l) => l.startsWith('Atoms'))}) has ${g.n} lines but the header declares ${g.n + 1} atoms, and the file ends inside it`);
    });

    it('a type beyond the preset\'s species (type 3 under ka)', () => {
      const types = g.types.map((t, p) => (p === 5 ? 3 : t));
      const t = dataText(g, types);
      const error = lammpsError(() => lammpsToConfiguration(readLammpsData(t), { model: 'ka' }));
      expect(error.line).to.equal(lineOf(t, (l) => l.startsWith('6 3 ')));
      expect(error.message).to.contain('atom id 6 has type 3, but model ka has 2 species (A, B)');
      expect(error.message).to.contain('type 1 → A, type 2 → B');
    });

    it('a 3D file under a 2D model, and without a model (the default ipl is 2D)', () => {
      const snap = readLammpsData(dataText(g), 'g.data', { dimension: 'auto' });
      expect(() => lammpsToConfiguration(snap, { model: 'ka2d' })).to.throw(RangeError,
        /^g\.data: a 3D configuration .*but model ka2d is 2D; name a 3D model \(ipl3d, ka\)$/);
      expect(() => lammpsToConfiguration(snap)).to.throw(RangeError, /but model ipl is 2D; name a 3D model \(ipl3d, ka\) with --model$/);
    });

    it('a box not periodic along z', () => {
      const t = dumpText(g).replace('BOX BOUNDS xy xz yz pp pp pp', 'BOX BOUNDS xy xz yz pp pp fs');
      const error = lammpsError(() => lammpsToConfiguration(readLammpsDump(t), { model: 'ka' }));
      expect(error.line).to.equal(lineOf(t, (l) => l.startsWith('ITEM: BOX')));
      expect(error.message).to.contain('the box is not periodic along z');
      expect(error.message).to.contain('periodic in x, y and z');
    });
  });

  describe('readInputGlass (the command line\'s reader)', () => {
    let dir = '';
    before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-nd-io-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    it('reads a 3D data file and dump under a 3D --model when the command takes 3D', async () => {
      const data = join(dir, 'g.data'), dump = join(dir, 'g.dump');
      await writeFile(data, dataText(g));
      await writeFile(dump, dumpText(g));
      expectSameConfiguration(await readInputGlass(data, { model: 'ka' }, 'test', [2, 3]), xyz, 1e-13);
      expectSameConfiguration(await readInputGlass(dump, { model: 'ka' }, 'test', [2, 3]), xyz, 1e-12);
    });

    it('refuses a 3D file for a 2D command, without --model, or under a 2D --model (InputError naming the file)', async () => {
      const data = join(dir, 'g.data');
      await writeFile(data, dataText(g));
      const refused = async (input: { model?: string }, dims: (2 | 3)[], pattern: RegExp) => {
        let caught: unknown;
        try {
          await readInputGlass(data, input, 'test', dims);
        } catch (error) { caught = error; }
        expect(caught).to.be.instanceOf(InputError);
        expect((caught as Error).message).to.match(pattern);
        expect((caught as Error).message.startsWith(data)).to.equal(true);
      };
      await refused({ model: 'ka' }, [2], /a 3D configuration .*; softspot test analyses 2D glasses only; give a 2D file \(LAMMPS dimension 2\)$/);
      await refused({}, [2, 3], /but model ipl is 2D; name a 3D model \(ipl3d, ka\) with --model/);
      await refused({ model: 'ka2d' }, [2, 3], /but model ka2d is 2D; name a 3D model \(ipl3d, ka\)$/);
    });
  });
});
