/**
 * GSD files softspot writes (lib/io/gsd-write.ts), for HOOMD-blue, OVITO and gsd.hoomd.
 * - Another program reads them: the gsd package (Debian python3-gsd), through gsd.hoomd as
 *   a HOOMD user would. Its box, types, typeid, diameters and masses are HOOMD's
 *   convention applied here to the glass (float32, dimensionless tilts, 2D Lz = 0), every
 *   position lies in HOOMD's centred box and is the glass's position up to lattice vectors
 *   (float32), and the logged doubles are the glass's bits.
 * - softspot reads them back as the glass that was written, to the bit, for every model,
 *   2D and 3D, tilted cells, unwrapped positions, ids and masses; a frame edited since (by
 *   gsd.hoomd, which copies the log along) reads as its float32 values.
 * - The commands write them by name (`prepare --out g.gsd`); c_α of the written glass is
 *   the same bits as of the extended-XYZ one.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { formatGsd, formatLammpsData, gsdToConfiguration, readGsdFrame, readXyz } from '../lib/io/index.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { reducedCoordinates } from './helpers/reduced.js';
import { requirePython } from './helpers/system-program.js';

const f32 = Math.fround;

/** A fixture glass with a tilted cell and some particles moved by lattice vectors (softspot's positions need not be wrapped). */
function variant(name: string, tilt: number[]): Configuration {
  const g = readFixtureConfig(name);
  const d = g.dim === 3 ? 3 : 2;
  const cell = Float64Array.from(g.cell);
  if (d === 2) cell[1] = tilt[0]! * cell[3]!;
  else { cell[1] = tilt[0]! * cell[4]!; cell[2] = tilt[1]! * cell[8]!; cell[5] = tilt[2]! * cell[8]!; }
  const positions = Float64Array.from(g.positions);
  for (let p = 0; p < g.n; p += 7) {
    const k = (p % 3) - 1; // −1, 0, 1 times the last lattice vector
    for (let a = 0; a < d; a++) positions[d * p + a] = positions[d * p + a]! + k * cell[d * a + d - 1]!;
  }
  return { ...g, cell, positions };
}

const CASES: Array<{ name: string; tilt: number[] }> = [
  { name: 'n64_s1', tilt: [0] }, { name: 'ka2d_n128_s2', tilt: [0.17] }, { name: 'poly_n128_s2', tilt: [-0.3] },
  { name: 'ka_n256_s2', tilt: [0, 0, 0] }, { name: 'ipl3d_n128_s2', tilt: [0.2, -0.1, 0.15] },
];

/** Distinct ids, shuffled, and masses that are not 1. */
function idsAndMasses(n: number): { ids: Int32Array; masses: Float64Array } {
  const ids = Int32Array.from({ length: n }, (_, p) => 1000 + ((p * 37) % n) * 3);
  return { ids, masses: Float64Array.from({ length: n }, (_, p) => 1 + 0.1 * Math.sin(p) ** 2) };
}

/** The HOOMD box of a cell, from HOOMD's documented convention (a2 = (xy·Ly, Ly, 0), a3 = (xz·Lz, yz·Lz, Lz); 2D: Lz = 0). */
function hoomdBox(cell: Float64Array, d: 2 | 3): number[] {
  const h = (r: number, c: number): number => cell[d * r + c]!;
  return d === 2 ? [h(0, 0), h(1, 1), 0, h(0, 1) / h(1, 1), 0, 0] : [h(0, 0), h(1, 1), h(2, 2), h(0, 1) / h(1, 1), h(0, 2) / h(2, 2), h(1, 2) / h(2, 2)];
}

interface GsdView {
  N: number; dimensions: number; step: number; box: number[]; types: string[]; typeid: number[]; position: number[][];
  diameter: number[]; mass: number[]; log: Record<string, number[]>; schema: string; application: string;
}

const DUMP = `
import gsd.hoomd, json, sys
with gsd.hoomd.open(sys.argv[1], 'rb') as t:
    assert len(t) == 1
    f = t[0]
    print(json.dumps({'N': int(f.particles.N), 'dimensions': int(f.configuration.dimensions), 'step': int(f.configuration.step),
      'box': [float(x) for x in f.configuration.box], 'types': list(f.particles.types), 'typeid': [int(x) for x in f.particles.typeid],
      'position': [[float(x) for x in r] for r in f.particles.position], 'diameter': [float(x) for x in f.particles.diameter],
      'mass': [float(x) for x in f.particles.mass], 'log': {k: [float(x) for x in v.ravel()] for k, v in f.log.items()},
      'schema': t.file.schema, 'application': t.file.application}))
`;

describe('GSD files softspot writes', function () {
  this.timeout(120000);
  let tmp = '';
  scratchDir('softspot-gsd-write-', (d) => { tmp = d; });

  it('gsd.hoomd reads them as HOOMD\'s convention makes of the glass: box, types, diameters, masses, every position in the centred box and the glass\'s up to lattice vectors; the logged doubles are the glass\'s bits', function () {
    const python = requirePython(this, ['gsd.hoomd', 'numpy'], 'python3-gsd');
    for (const { name, tilt } of CASES) {
      const config = variant(name, tilt);
      const d = config.dim === 3 ? 3 : 2;
      const { ids, masses } = idsAndMasses(config.n);
      const file = join(tmp, `${name}.gsd`);
      writeFileSync(file, formatGsd({ ...config, info: { ...config.info, step: 12345 } }, { ids, masses }));
      const v = JSON.parse(execFileSync(python, ['-c', DUMP, file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as GsdView;
      expect([v.schema, v.application, v.N, v.dimensions, v.step], name).to.deep.equal(['hoomd', 'softspot', config.n, d, 12345]);
      expect(v.box, name).to.deep.equal(hoomdBox(config.cell, d).map(f32));
      const poly = config.model === 'poly';
      const names = poly ? ['P'] : config.model === 'ka' || config.model === 'ka2d' ? ['A', 'B'] : ['S', 'L'];
      expect(v.types, name).to.deep.equal(names);
      expect(v.typeid, name).to.deep.equal(Array.from(config.species));
      expect(v.diameter, name).to.deep.equal(poly ? Array.from(config.sigma!, f32) : new Array(config.n).fill(1));
      expect(v.mass, name).to.deep.equal(Array.from(masses, f32));
      // Positions: inside HOOMD's box, and x_gsd − (x − h·½) a lattice vector (to float32).
      const [lx, ly, lz, xy, xz, yz] = v.box as [number, number, number, number, number, number];
      for (let p = 0; p < config.n; p++) {
        const [x, y, z] = v.position[p]!;
        if (d === 2) expect(z, `${name} z`).to.equal(0);
        expect(Math.abs(y! - (d === 3 ? yz * z! : 0)), `${name} particle ${p} y in the box`).to.be.at.most(ly / 2 * (1 + 1e-6));
        expect(Math.abs(x! - (xz - xy * yz) * z! - xy * y!), `${name} particle ${p} x in the box`).to.be.at.most(lx / 2 * (1 + 1e-6));
        if (d === 3) expect(Math.abs(z!), `${name} particle ${p} z in the box`).to.be.at.most(lz / 2 * (1 + 1e-6));
        const half = [0, 1, 2].slice(0, d).map((a) => 0.5 * [0, 1, 2].slice(0, d).reduce((s, b) => s + config.cell[d * a + b]!, 0));
        const diff = reducedCoordinates(config.cell, d, [0, 1, 2].slice(0, d).map((a) => v.position[p]![a]! + half[a]! - config.positions[d * p + a]!));
        for (const s of diff) expect(Math.abs(s - Math.round(s)), `${name} particle ${p}: a lattice vector away`).to.be.below(1e-6);
      }
      expect(v.log['softspot/cell'], name).to.deep.equal(Array.from(config.cell));
      expect(v.log['softspot/position'], name).to.deep.equal(Array.from(config.positions));
      expect(v.log['softspot/mass'], name).to.deep.equal(Array.from(masses));
      expect(v.log['softspot/id'], name).to.deep.equal(Array.from(ids));
      expect(String.fromCharCode(...v.log['softspot/model']!), name).to.equal(config.model ?? 'ipl');
      if (poly) expect(v.log['softspot/sigma'], name).to.deep.equal(Array.from(config.sigma!));
    }
  });

  it('softspot reads them back as the glass that was written, to the bit: every model, 2D and 3D, tilted cells, unwrapped positions, ids, masses, the model', async () => {
    for (const { name, tilt } of CASES) {
      const config = variant(name, tilt);
      const { ids, masses } = idsAndMasses(config.n);
      const file = join(tmp, `${name}.gsd`);
      writeFileSync(file, formatGsd(config, { ids, masses }));
      const frame = await readGsdFrame(file);
      expect(frame.model, name).to.equal(config.model ?? 'ipl');
      expect(Array.from(frame.ids!), name).to.deep.equal(Array.from(ids));
      expect(Array.from(frame.exact!.masses!), name).to.deep.equal(Array.from(masses));
      const back = gsdToConfiguration(frame, file); // no model given: the file's own
      expect(Array.from(back.cell), name).to.deep.equal(Array.from(config.cell));
      expect(Array.from(back.positions), name).to.deep.equal(Array.from(config.positions));
      expect(Array.from(back.species), name).to.deep.equal(Array.from(config.species));
      expect(back.model ?? 'ipl', name).to.equal(config.model ?? 'ipl');
      expect(back.dim ?? 2, name).to.equal(config.dim ?? 2);
      if (config.sigma !== undefined) expect(Array.from(back.sigma!), name).to.deep.equal(Array.from(config.sigma));
    }
  });

  it('a frame edited since it was written (gsd.hoomd copies the log along) reads as its float32 values; the model is still the file\'s', async function () {
    const python = requirePython(this, ['gsd.hoomd', 'numpy'], 'python3-gsd');
    const config = variant('ka2d_n128_s2', [0.17]);
    const file = join(tmp, 'orig.gsd'), edited = join(tmp, 'edited.gsd');
    writeFileSync(file, formatGsd(config));
    execFileSync(python, ['-c', `
import gsd.hoomd, sys
with gsd.hoomd.open(sys.argv[1], 'rb') as t:
    f = t[0]
f.particles.position = f.particles.position.copy()
f.particles.position[5, 0] += 0.01
with gsd.hoomd.open(sys.argv[2], 'wb') as out:
    out.append(f)
`, file, edited]);
    const frame = await readGsdFrame(edited);
    expect(frame.exact).to.equal(undefined);
    expect(frame.model).to.equal('ka2d');
    const back = gsdToConfiguration(frame, edited);
    expect(back.model).to.equal('ka2d');
    expect(Array.from(back.cell)).to.deep.equal([frame.box[0], frame.box[3]! * frame.box[1]!, 0, frame.box[1]]); // the float32 box
    expect(Array.from(gsdToConfiguration(await readGsdFrame(file), file).positions)).to.deep.equal(Array.from(config.positions)); // the unedited file: exact
    // Particle 5 moved by 0.01 in x; the others are the glass's to float32 (up to lattice vectors).
    const s = reducedCoordinates(back.cell, 2, [back.positions[10]! - config.positions[10]!, back.positions[11]! - config.positions[11]!]);
    expect((s[0]! - Math.round(s[0]!)) * back.cell[0]!, 'moved by 0.01').to.be.closeTo(0.01, 1e-5);
    for (const p of [0, 6, 100]) {
      const r = reducedCoordinates(back.cell, 2, [back.positions[2 * p]! - config.positions[2 * p]!, back.positions[2 * p + 1]! - config.positions[2 * p + 1]!]);
      for (const t of r) expect(Math.abs(t - Math.round(t)), `particle ${p}`).to.be.below(1e-6);
    }
  });

  it('a frame reordered in Python (gsd.hoomd sorts the particles, not softspot\'s log) does not take the stale atom ids: noted, numbered in file order', async function () {
    const python = requirePython(this, ['gsd.hoomd', 'numpy'], 'python3-gsd');
    const config = variant('ka2d_n128_s2', [0.17]);
    const { ids } = idsAndMasses(config.n);
    const file = join(tmp, 'ids.gsd'), sorted = join(tmp, 'ids-sorted.gsd');
    writeFileSync(file, formatGsd(config, { ids }));
    // Reverse the particles, as a user sorting them would: the log (softspot's ids) is copied as it was.
    execFileSync(python, ['-c', `
import gsd.hoomd, sys
with gsd.hoomd.open(sys.argv[1], 'rb') as t:
    f = t[0]
f.particles.position = f.particles.position[::-1].copy()
f.particles.typeid = f.particles.typeid[::-1].copy()
with gsd.hoomd.open(sys.argv[2], 'wb') as out:
    out.append(f)
`, file, sorted]);
    expect(Array.from((await readGsdFrame(file)).ids!), 'the unedited file: its ids').to.deep.equal(Array.from(ids));
    const frame = await readGsdFrame(sorted);
    expect(frame.ids, 'ids of another order').to.equal(undefined);
    expect(frame.staleIds).to.equal(true);
    const out = join(tmp, 'ids-sorted.data');
    const r = await runCli('minimize', sorted, '--out', out, '--max-iter', '1', '--no-newton');
    expect(r.stderr).to.contain(`minimize: note: ${sorted}: frame 0 was edited since softspot wrote it, so its atom ids (log/softspot/id) are not used`);
    // The data file numbers the atoms 1 … N in the file's order (the stale ids would label particle 0 as atom ${ids[0]}).
    const atoms = readFileSync(out, 'utf8').split(/\nAtoms[^\n]*\n\n/)[1]!.split('\n').slice(0, config.n).map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(atoms).to.deep.equal(Array.from({ length: config.n }, (_, p) => p + 1));
  });

  it('minimize in place: softspot\'s own GSD file is written over; one with a chunk softspot does not write (velocities) is refused, naming it', async function () {
    const python = requirePython(this, ['gsd.hoomd', 'numpy'], 'python3-gsd');
    const own = join(tmp, 'own.gsd');
    expect((await runCli('prepare', '--model', 'ka2d', '--n', '64', '--seed', '1', '--out', own, '--quiet')).code).to.equal(0);
    const r = await runCli('minimize', own, '--out', own, '--quiet');
    expect(r.stderr).to.not.contain('would lose');
    expect(r.code, r.stderr).to.equal(0);
    const withVelocities = join(tmp, 'velocities.gsd');
    execFileSync(python, ['-c', `
import gsd.hoomd, sys, numpy
with gsd.hoomd.open(sys.argv[1], 'rb') as t:
    f = t[0]
f.particles.velocity = numpy.ones((f.particles.N, 3), dtype=numpy.float32)
with gsd.hoomd.open(sys.argv[2], 'wb') as out:
    out.append(f)
`, own, withVelocities]);
    const v = await runCli('minimize', withVelocities, '--out', withVelocities, '--quiet');
    expect(v.code).to.equal(2);
    expect(v.stderr).to.contain('would lose its chunks particles/velocity');
  });

  it('GSD types by name: a type name without particles does not switch the file to typeid order (one unused name swapped every species)', async () => {
    const frame = await readGsdFrame(fixturePath('gsd/ka2d.gsd'));
    const plain = gsdToConfiguration(frame, 'ka2d.gsd', { model: 'ka2d' });
    // Names that are the model's species, listed in reverse: by name (B is code 1 whatever its typeid) …
    const names = frame.types;
    expect(names).to.deep.equal(['A', 'B']);
    const reversed = { ...frame, types: [...names].reverse(), typeid: Uint32Array.from(frame.typeid, (t) => names.length - 1 - t) };
    expect(Array.from(gsdToConfiguration(reversed, 'ka2d.gsd', { model: 'ka2d' }).species)).to.deep.equal(Array.from(plain.species));
    // … and still with a third name no particle has (by order, every species was swapped).
    const extra = gsdToConfiguration({ ...reversed, types: [...reversed.types, 'W'] }, 'ka2d.gsd', { model: 'ka2d' });
    expect(Array.from(extra.species)).to.deep.equal(Array.from(plain.species));
    // A used name that is no species of the model: typeid order, as documented.
    const other = { ...frame, types: frame.types.map((t, k) => (k === 0 ? 'X' : t)) };
    expect(Array.from(gsdToConfiguration(other, 'ka2d.gsd', { model: 'ka2d' }).species)).to.deep.equal(Array.from(frame.typeid));
  });

  it('prepare --out g.gsd writes the glass that --out g.xyz writes; lhc of either gives the same bits; a --model other than the file\'s is refused', async () => {
    const gsd = join(tmp, 'g.gsd'), xyz = join(tmp, 'g.xyz');
    for (const out of [gsd, xyz]) {
      const r = await runCli('prepare', '--model', 'ka2d', '--n', '64', '--seed', '3', '--out', out, '--no-timings');
      expect(r.code, r.stderr).to.equal(0);
    }
    const fromXyz = readXyz(readFileSync(xyz, 'utf8'), xyz);
    const fromGsd = gsdToConfiguration(await readGsdFrame(gsd), gsd);
    expect(Array.from(fromGsd.positions)).to.deep.equal(Array.from(fromXyz.positions));
    expect(Array.from(fromGsd.cell)).to.deep.equal(Array.from(fromXyz.cell));
    const csv = async (input: string): Promise<string> => {
      const out = join(tmp, `${input.endsWith('.gsd') ? 'gsd' : 'xyz'}.csv`);
      const r = await runCli('lhc', input, '--out', out);
      expect(r.code, r.stderr).to.equal(0);
      return readFileSync(out, 'utf8');
    };
    expect(await csv(gsd)).to.equal(await csv(xyz));
    const wrong = await runCli('info', gsd, '--model', 'ipl');
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.contain('g.gsd: frame 0 was written by softspot of model ka2d (log/softspot/model), but --model names ipl; drop --model');
  });

  it('minimize of a LAMMPS dump --out m.gsd keeps its atom ids and masses (the dump\'s, read here)', async () => {
    const dump = fixturePath('lammps/poly/poly2d.dump');
    const out = join(tmp, 'm.gsd');
    const r = await runCli('minimize', dump, '--model', 'poly', '--out', out, '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    const rows = readFileSync(dump, 'utf8').split('\n').slice(9).filter((l) => l.trim() !== '').map((l) => l.trim().split(/\s+/).map(Number));
    rows.sort((a, b) => a[0]! - b[0]!);
    const frame = await readGsdFrame(out);
    expect(Array.from(frame.ids!)).to.deep.equal(rows.map((row) => row[0]));
    expect(Array.from(frame.exact!.masses!)).to.deep.equal(rows.map((row) => row[3]));
    expect(Array.from(frame.exact!.sigma!)).to.deep.equal(rows.map((row) => row[2]));
    expect(frame.model).to.equal('poly');
  });

  it('refuses what HOOMD cannot hold, saying what; a dump name is still refused', async () => {
    const g = readFixtureConfig('n64_s1');
    const lower = { ...g, cell: Float64Array.of(g.cell[0]!, 0, 0.5, g.cell[3]!) };
    expect(() => formatGsd(lower)).to.throw(RangeError, 'formatGsd: the cell has h[1][0] = 0.5; a HOOMD box has h upper triangular');
    expect(() => formatGsd(g, { ids: Int32Array.from({ length: g.n }, () => 1) })).to.throw(RangeError, 'formatGsd: options.ids has 1 at particle 1; expected distinct integers');
    expect(() => formatGsd(g, { masses: new Float64Array(g.n) })).to.throw(RangeError, 'formatGsd: options.masses: expected a Float64Array of N = 64 finite masses > 0');
    // a NaN coordinate or a zero cell: refused as writeXyz refuses them (both wrote a file no reader takes back)
    const nan = { ...g, positions: Float64Array.from(g.positions, (x, k) => (k === 2 ? NaN : x)) };
    for (const format of [formatGsd, formatLammpsData] as const) {
      expect(() => format(nan)).to.throw(RangeError, `${format.name}: config.positions: expected finite coordinates, got NaN at index 2`);
      expect(() => format({ ...g, cell: new Float64Array(4) })).to.throw(RangeError, `${format.name}: config.cell: expected det h > 0 (right-handed cell vectors), got 0`);
    }
    const r = await runCli('prepare', '--n', '64', '--seed', '1', '--out', join(tmp, 'g.dump'));
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('names a LAMMPS dump; softspot writes a configuration as extended XYZ (.xyz), a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd)');
  });
});
