/**
 * 2D dumps without a z column (`dump custom … id type x y` of a `dimension 2` run). The
 * reference is the same frame with its z column, as LAMMPS wrote it (the fixtures of
 * make-fixtures.lmp, and where `lmp` exists a run of LAMMPS writing both dumps).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LammpsFormatError, readLammpsDump, readLammpsDumpFile, type LammpsSnapshot } from '../lib/io/index.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { requireProgram } from './helpers/system-program.js';

/** The dump's text with the named columns removed from its ATOMS lines and atom lines. */
function withoutColumns(text: string, drop: string[]): string {
  let keep: boolean[] | undefined;
  return text.split('\n').map((line) => {
    if (line.startsWith('ITEM: ATOMS')) {
      const names = line.split(/\s+/).slice(2);
      keep = names.map((n) => !drop.includes(n));
      return ['ITEM:', 'ATOMS', ...names.filter((_, i) => keep![i])].join(' ');
    }
    if (line.startsWith('ITEM:')) { keep = undefined; return line; }
    if (keep === undefined || line.trim() === '') return line;
    return line.trim().split(/\s+/).filter((_, i) => keep![i]).join(' ');
  }).join('\n');
}

function expectSameSnapshot(got: LammpsSnapshot, want: LammpsSnapshot, what: string): void {
  expect(got.dim, what).to.equal(2);
  expect(want.dim, what).to.equal(2);
  expect(Array.from(got.ids), what).to.deep.equal(Array.from(want.ids));
  expect(Array.from(got.types), what).to.deep.equal(Array.from(want.types));
  expect(Array.from(got.positions), what).to.deep.equal(Array.from(want.positions));
  expect(Array.from(got.cell), what).to.deep.equal(Array.from(want.cell));
  expect(Array.from(got.origin), what).to.deep.equal(Array.from(want.origin));
  expect(got.images === undefined ? undefined : Array.from(got.images), what)
    .to.deep.equal(want.images === undefined ? undefined : Array.from(want.images));
  expect(got.timestep, what).to.equal(want.timestep);
}

describe('LAMMPS 2D dumps without a z column', () => {
  let tmp = '';
  scratchDir('softspot-dump-2d-', (d) => { tmp = d; });

  const cases: Array<[string, string[]]> = [
    ['ortho2d.dump', ['z', 'iz']], ['ortho2d.dump', ['z']], ['ortho2d.unwrapped.dump', ['zu']],
    ['triclinic2d.dump', ['z', 'iz']], ['triclinic2d.scaled.dump', ['zs']], ['triclinic2d.xsu.dump', ['zsu']],
  ];
  for (const [name, drop] of cases) {
    it(`${name} without ${drop.join(' ')}: every frame reads as the frame with it (dimension 'auto' and 2)`, () => {
      const whole = readFileSync(fixturePath(`lammps/${name}`), 'utf8');
      const planar = withoutColumns(whole, drop);
      expect(planar).to.not.equal(whole);
      for (const frame of [0, 1]) {
        const want = readLammpsDump(whole, name, { frame, dimension: 'auto' });
        for (const dimension of ['auto', 2] as const) {
          // The image flags are ix iy either way (a 2D snapshot has no iz).
          expectSameSnapshot(readLammpsDump(planar, name, { frame, dimension }), want, `${name} frame ${frame} dimension ${dimension}`);
        }
      }
    });
  }

  it('read as 3D (the API default) it is refused, naming the missing column and the way to read it', () => {
    const planar = withoutColumns(readFileSync(fixturePath('lammps/ortho2d.dump'), 'utf8'), ['z', 'iz']);
    expect(() => readLammpsDump(planar, 'ortho2d.dump')).to.throw(LammpsFormatError,
      /ortho2d\.dump:\d+: the ATOMS columns 'id type x y ix iy' have x y but no z: a 2D dump, read as 3D; read it as 2D \(dimension: 2 or 'auto'/);
  });

  it('a 3D run\'s dump without z is refused, not flattened: a box as deep as wide (dimension \'auto\', as the commands read), a box tilted out of the plane (even read as 2D)', () => {
    for (const name of ['ortho3d.dump', 'triclinic3d.dump']) {
      const planar = withoutColumns(readFileSync(fixturePath(`lammps/${name}`), 'utf8'), ['z', 'iz']);
      expect(() => readLammpsDump(planar, name, { dimension: 'auto' }), name).to.throw(LammpsFormatError,
        /have x y but no z, and the box is \S+ deep against \S+ wide: a 3D run's dump without its z column\?; dump the z column too/);
    }
    const tilted = withoutColumns(readFileSync(fixturePath('lammps/triclinic3d.dump'), 'utf8'), ['z', 'iz']);
    expect(() => readLammpsDump(tilted, 'triclinic3d.dump', { dimension: 2 })).to.throw(LammpsFormatError, /tilted out of the xy plane, so it is not 2D/);
    // Said to be 2D (dimension: 2), an orthogonal box of any depth is taken so.
    const ortho = withoutColumns(readFileSync(fixturePath('lammps/ortho3d.dump'), 'utf8'), ['z', 'iz']);
    expect(readLammpsDump(ortho, 'ortho3d.dump', { dimension: 2 }).dim).to.equal(2);
  });

  it('a dump with neither a pair nor a triple of coordinates still names what it lacks', () => {
    const planar = withoutColumns(readFileSync(fixturePath('lammps/ortho2d.dump'), 'utf8'), ['y', 'z', 'iy', 'iz']);
    expect(() => readLammpsDump(planar, 'ortho2d.dump', { dimension: 'auto' })).to.throw(LammpsFormatError, /lack x y z \(or xu yu zu, xs ys zs, xsu ysu zsu; x y alone in 2D\)/);
  });

  it('LAMMPS (dimension 2) writing "id type x y" and "id type xs ys ix iy" beside "x y z ix iy iz": the same snapshots, and the CLI reads them', async function () {
    const lmp = requireProgram(this, 'lmp', 'lammps');
    writeFileSync(join(tmp, 'in.lmp'), [
      'units lj', 'atom_style atomic', 'dimension 2', 'boundary p p p',
      'pair_style soft 1.12', `read_data ${fixturePath('lammps/ortho2d.data')}`, 'pair_coeff * * 20.0',
      'velocity all create 1.0 4928 dist gaussian', 'fix integrate all nve', 'fix plane all enforce2d',
      'dump full all custom 1 full.dump id type x y z ix iy iz', 'dump_modify full format float %.17g',
      'dump xy all custom 1 xy.dump id type x y', 'dump_modify xy format float %.17g',
      'dump scaled all custom 1 scaled.dump id type xs ys ix iy', 'dump_modify scaled format float %.17g',
      'run 2',
    ].join('\n') + '\n');
    const run = spawnSync(lmp, ['-in', 'in.lmp', '-log', 'none', '-screen', 'none', '-nocite'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    expect(run.status, `${run.stdout}${run.stderr}`).to.equal(0);
    expect(readFileSync(join(tmp, 'xy.dump'), 'utf8')).to.contain('ITEM: ATOMS id type x y\n');
    for (const frame of [0, 2]) {
      const full = await readLammpsDumpFile(join(tmp, 'full.dump'), { frame, dimension: 'auto' });
      const xy = await readLammpsDumpFile(join(tmp, 'xy.dump'), { frame, dimension: 'auto' });
      expectSameSnapshot(xy, { ...full, images: undefined }, `xy frame ${frame}`);
      const scaled = await readLammpsDumpFile(join(tmp, 'scaled.dump'), { frame, dimension: 'auto' });
      // Scaled coordinates (%.17g of s) come back to within rounding of x = lo + L·s.
      expect(scaled.dim).to.equal(2);
      expect(Array.from(scaled.images!)).to.deep.equal(Array.from(full.images!));
      for (let k = 0; k < full.positions.length; k++) expect(scaled.positions[k]).to.be.closeTo(full.positions[k]!, 1e-13);
    }
    // The command line reads one frame's text (frame-scan): the same glass, the same energy.
    const a = await runCli('info', join(tmp, 'full.dump'), '--json');
    const b = await runCli('info', join(tmp, 'xy.dump'), '--json');
    expect(b.code, b.stderr).to.equal(0);
    const [full, xy] = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect([xy.dimension, xy.n, xy.frames]).to.deep.equal([2, 64, 3]);
    expect(xy.energyPerParticle).to.equal(full.energyPerParticle);
    expect(xy.maxForce).to.equal(full.maxForce);
  });
});
