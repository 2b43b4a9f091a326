/**
 * GSD files (HOOMD-blue; lib/io/gsd.ts), written by the gsd package itself
 * (test/fixtures/gsd/make-gsd.py, Debian python3-gsd 2.7.0) from the reference glasses.
 * - The reader against the HOOMD convention applied here to the XYZ glasses (parsed here):
 *   box [Lx, Ly, Lz, xy, xz, yz] with dimensionless tilts, a centred box, float32 positions
 *   and box (Math.fround is IEEE's rounding to single, as numpy's astype(float32)); types
 *   by name (['L', 'S'] listed in reverse) or order; diameters, masses; the defaults a frame
 *   takes from frame 0 (a trajectory whose later frames hold only positions and steps).
 * - The physics: a GSD glass is the double-precision glass up to the float32 rounding of
 *   its box and positions; Newton's polish (lhc) takes it to the force floor, and its c_α
 *   and dc_α/dγ are the independent reference's to that rounding.
 * - Bad files and frames are refused, saying what and what to do; ensembles plan each frame
 *   as a sample (identity: the SHA-256 of its extended XYZ under the run's model) and read
 *   it from the file or from a shipped copy.
 */
import { expect } from 'chai';
import h5wasm from 'h5wasm/node';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { glassSpecs, readSampleGlass, shipGlasses } from '../lib/ensemble/glass-input.js';
import { GsdFile, GsdFormatError, gsdToConfiguration, parseLhcCsv, readGsdFrame } from '../lib/io/index.js';
import { energyForces } from '../lib/hessian/energy.js';
import { presetModel } from '../lib/model/index.js';
import { fixturePath, readFixtureLhc } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const GSD = (file: string): string => fixturePath(`gsd/${file}`);
const f32 = Math.fround;

/** An extended-XYZ glass parsed here: orthogonal lengths, species labels, positions, sigma. */
function plainXyz(name: string): { lengths: number[]; d: 2 | 3; species: string[]; positions: number[][]; sigma?: number[] } {
  const lines = readFileSync(fixturePath(`${name}.xyz`), 'utf8').trimEnd().split('\n');
  const n = Number(lines[0]);
  const lattice = /Lattice="([^"]*)"/.exec(lines[1]!)![1]!.split(' ').map(Number);
  const d = /pbc="T T T"/.test(lines[1]!) ? 3 : 2;
  const rows = lines.slice(2, 2 + n).map((l) => l.trim().split(/\s+/));
  return {
    lengths: [lattice[0]!, lattice[4]!, lattice[8]!], d, species: rows.map((r) => r[0]!), positions: rows.map((r) => r.slice(1, 4).map(Number)),
    ...(rows[0]!.length > 4 ? { sigma: rows.map((r) => Number(r[4])) } : {}),
  };
}

/**
 * What a GSD frame written by make-gsd.py from `name` must read as (the HOOMD convention
 * applied here): h from the float32 box (tilts × lengths), positions fround(x − c₆₄) + c₃₂
 * with c = h·(½, ½[, ½]) in double (c₆₄) and from the float32 box (c₃₂).
 */
function expected(name: string, tilt: [number, number, number] = [0, 0, 0], shift = 0): { cell: number[]; positions: number[]; d: 2 | 3 } {
  const g = plainXyz(name);
  const { d } = g;
  const [lx, ly, lz] = g.lengths as [number, number, number];
  const h64 = [[lx, tilt[0] * ly, tilt[1] * lz], [0, ly, tilt[2] * lz], [0, 0, lz]];
  const [xy, xz, yz] = tilt.map(f32) as [number, number, number];
  const h32 = [[f32(lx), xy * f32(ly), xz * f32(lz)], [0, f32(ly), yz * f32(lz)], [0, 0, f32(lz)]];
  const centre = (h: number[][], a: number): number => (d === 3 ? 0.5 * (h[a]![0]! + h[a]![1]! + h[a]![2]!) : 0.5 * (h[a]![0]! + h[a]![1]!));
  const positions: number[] = [];
  for (const x of g.positions) for (let a = 0; a < d; a++) positions.push(f32(x[a]! - centre(h64, a) + (a === 0 ? shift : 0)) + centre(h32, a));
  const cell = d === 3 ? h32.flat() : [h32[0]![0]!, h32[0]![1]!, h32[1]![0]!, h32[1]![1]!];
  return { cell, positions, d };
}

function expectClose(got: ArrayLike<number>, want: number[], scale: number, what: string): void {
  expect(got.length, what).to.equal(want.length);
  for (let k = 0; k < want.length; k++) expect(got[k], `${what} [${k}]`).to.be.closeTo(want[k]!, 1e-15 * scale);
}

async function configOf(file: string, model: string, frame?: number): Promise<Configuration> {
  return gsdToConfiguration(await readGsdFrame(GSD(file), frame !== undefined ? { frame } : {}), GSD(file), { model });
}

describe('GSD files (HOOMD-blue)', function () {
  this.timeout(120000);
  let tmp = '';
  scratchDir('softspot-gsd-', (d) => { tmp = d; });

  it('reads the glasses the gsd package wrote: the float32 box and positions in softspot\'s cell, species by name or order, dimension', async () => {
    for (const [file, name, model] of [['ka2d.gsd', 'ka2d_n128_s2', 'ka2d'], ['ka3d.gsd', 'ka_n256_s2', 'ka'], ['ipl-named.gsd', 'n64_s1', 'ipl'], ['poly2d.gsd', 'poly_n128_s2', 'poly']] as const) {
      const config = await configOf(file, model);
      const want = expected(name);
      const g = plainXyz(name);
      expect(config.n, file).to.equal(g.positions.length);
      expect(config.dim ?? 2, file).to.equal(want.d);
      expect(config.model, file).to.equal(model);
      expectClose(config.cell, want.cell, 0, `${file} cell`);
      expectClose(config.positions, want.positions, g.lengths[0]!, `${file} positions`);
      // Species: ka A/B by name; ipl-named lists ['L', 'S'] (typeid 0 = L) and still maps S → 0, L → 1.
      const species = model === 'poly' ? ['P'] : model === 'ipl' ? ['S', 'L'] : ['A', 'B'];
      expect(Array.from(config.species).map((c) => species[c]), file).to.deep.equal(g.species);
    }
  });

  it('reads diameters (poly σ_i) and masses, float32; a tilted 3D box (HOOMD\'s dimensionless tilts)', async () => {
    const poly = await readGsdFrame(GSD('poly2d.gsd'));
    const g = plainXyz('poly_n128_s2');
    expect(Array.from(poly.diameters!)).to.deep.equal(g.sigma!.map(f32));
    expect(Array.from(poly.masses!)).to.deep.equal(g.sigma!.map((s) => f32(s * s)));
    expect(Array.from((await configOf('poly2d.gsd', 'poly')).sigma!)).to.deep.equal(g.sigma!.map(f32));
    const tilted = await configOf('tilted3d.gsd', 'ipl3d');
    const want = expected('ipl3d_n128_s2', [0.2, -0.1, 0.15]);
    expectClose(tilted.cell, want.cell, 0, 'tilted cell');
    expectClose(tilted.positions, want.positions, 10, 'tilted positions');
  });

  it('a trajectory: later frames take what they lack from frame 0 (box, types, typeid); steps; negative frames; a frame it does not hold', async () => {
    const file = await GsdFile.open(GSD('traj.gsd'));
    try {
      expect(file.count).to.equal(3);
      for (let k = 0; k < 3; k++) {
        const frame = await file.frame(k);
        expect([frame.index, frame.count, frame.step]).to.deep.equal([k, 3, 100 * k]);
        const config = gsdToConfiguration(frame, 'traj.gsd', { model: 'ka2d' });
        const want = expected('ka2d_n128_s2', [0, 0, 0], 0.01 * k);
        expectClose(config.cell, want.cell, 0, `frame ${k} cell`);
        expectClose(config.positions, want.positions, 20, `frame ${k} positions`);
        expect(Array.from(config.species)).to.deep.equal(Array.from((await configOf('ka2d.gsd', 'ka2d')).species));
      }
      expect((await file.frame(-1)).index).to.equal(2);
      expect((await file.frame(-3)).index).to.equal(0);
      let error: unknown;
      try { await file.frame(3); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(GsdFormatError);
      expect((error as Error).message).to.equal(`${GSD('traj.gsd')}: no frame 3: the file holds 3 frames; pick a frame in -3 … 2`);
    } finally {
      await file.close();
    }
  });

  it('Newton\'s polish takes a GSD glass to the force floor; its c_α and dc_α/dγ are the reference\'s up to the float32 rounding of its box', async () => {
    for (const [file, name, model] of [['ka2d.gsd', 'ka2d_n128_s2', 'ka2d'], ['poly2d.gsd', 'poly_n128_s2', 'poly']] as const) {
      const out = join(tmp, `${name}.csv`);
      const r = await runCli('lhc', GSD(file), '--model', model, '--out', out);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/max \|force\| \d\.\d+e-1[2-3] \(polished with Newton from \d\.\d+e-[45]\)/);
      const table = parseLhcCsv(readFileSync(out, 'utf8'), out);
      const ref = readFixtureLhc(name);
      expect(table.i.length).to.equal(ref.i.length);
      // The box is float32 (relative 3e-8): the glass is another, nearby minimum. Measured: c within 7.4e-4, dc/dγ 1.2e-3 (relative, floor 1 % of the mean).
      for (const [got, want] of [[table.c, ref.c], [table.dcdg.simple!, ref.dcdgSimple], [table.dcdg.pure!, ref.dcdgPure]] as const) {
        const floor = 0.01 * want.reduce((s, x) => s + Math.abs(x), 0) / want.length;
        for (let a = 0; a < want.length; a++) expect(got[a]).to.be.closeTo(want[a]!, 5e-3 * Math.abs(want[a]!) + floor);
      }
    }
  });

  it('modes of a GSD glass: polished with Newton first (as lhc), the lowest eigenvalue the reference\'s to the float32 rounding; --no-polish warns', async () => {
    const lambdaMin = Number(/lambda_min=(\S+)/.exec(readFileSync(fixturePath('ka2d_n128_s2.xyz'), 'utf8').split('\n')[1]!)![1]);
    const r = await runCli('modes', GSD('ka2d.gsd'), '--model', 'ka2d', '--k', '1', '--json');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/modes: input polished with Newton \(largest force component \d\.\d+e-4 → \d\.\d+e-1[23] ε\/λ\)/);
    expect(r.stderr).to.not.contain('not at a minimum');
    const { modes } = JSON.parse(r.stdout) as { modes: Array<{ eigenvalue: number }> };
    expect(modes[0]!.eigenvalue).to.be.closeTo(lambdaMin, 1e-5 * lambdaMin); // measured 7e-7: the float32 box
    const raw = await runCli('modes', GSD('ka2d.gsd'), '--model', 'ka2d', '--k', '1', '--no-polish');
    expect(raw.stderr).to.match(/modes: warning: max \|force\| \d\.\d+e-4 ε\/λ: not at a minimum/);
  });

  it('modes --json --out of a GSD glass say it was polished: the input\'s largest force component and the farthest move, recomputed here', async () => {
    const input = await configOf('ka2d.gsd', 'ka2d');
    const out = join(tmp, 'ka2d-modes.h5');
    const r = await runCli('modes', GSD('ka2d.gsd'), '--model', 'ka2d', '--k', '2', '--json', '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout) as { polished: boolean; maxForceInput: number; polishShift: number; maxForce: number };
    expect(json.polished).to.equal(true);
    const { forces } = energyForces(input, presetModel('ka2d'));
    const fmax = forces.reduce((m, f) => Math.max(m, Math.abs(f)), 0);
    expect(json.maxForceInput).to.be.closeTo(fmax, 1e-9 * fmax);
    await h5wasm.ready;
    const f = new h5wasm.File(out, 'r');
    try {
      expect(Number(f.attrs.polished.value)).to.equal(1);
      expect(Number(f.attrs.max_force_input.value)).to.equal(json.maxForceInput);
      // The farthest move by minimum image in the orthogonal box, from the two files' positions.
      const polished = (f.get('configuration/positions') as InstanceType<typeof h5wasm.Dataset>).value as Float64Array;
      const L = [input.cell[0]!, input.cell[3]!];
      let shift = 0;
      for (let i = 0; i < input.n; i++) {
        let r2 = 0;
        for (let a = 0; a < 2; a++) {
          const dx = polished[2 * i + a]! - input.positions[2 * i + a]!;
          r2 += (dx - L[a]! * Math.round(dx / L[a]!)) ** 2;
        }
        shift = Math.max(shift, Math.sqrt(r2));
      }
      expect(shift).to.be.greaterThan(0);
      expect(json.polishShift).to.be.closeTo(shift, 1e-12);
      expect(Number(f.attrs.polish_shift.value)).to.equal(json.polishShift);
    } finally {
      f.close();
    }
    // A glass at its minimum, or --no-polish: not polished, and no polish numbers.
    const raw = await runCli('modes', GSD('ka2d.gsd'), '--model', 'ka2d', '--k', '1', '--json', '--no-polish');
    const rawJson = JSON.parse(raw.stdout) as Record<string, unknown>;
    expect(rawJson.polished).to.equal(false);
    expect(rawJson).to.not.have.any.keys('maxForceInput', 'polishShift');
  });

  it('refuses what is not a GSD glass of the model, saying what and what to do', async () => {
    const notGsd = join(tmp, 'glass.gsd');
    writeFileSync(notGsd, readFileSync(fixturePath('n64_s1.xyz')));
    const r = await runCli('info', notGsd);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('not a GSD file (its first 8 bytes are not the GSD magic number); give a GSD file (HOOMD-blue), or name the format with --format');
    const bytes = readFileSync(GSD('ka2d.gsd'));
    const cut = join(tmp, 'cut.gsd');
    writeFileSync(cut, bytes.subarray(0, 3000));
    const c = await runCli('info', cut, '--model', 'ka2d');
    expect(c.code).to.equal(2);
    expect(c.stderr).to.contain('cut.gsd: the file is cut short: it ends at byte 3000, but its name list runs to byte 5376; write it again');
    // Cut inside the chunks (the index and the name list come first in this file): the chunk says so.
    const inner = join(tmp, 'inner.gsd');
    writeFileSync(inner, bytes.subarray(0, 6000));
    const i = await runCli('info', inner, '--model', 'ka2d');
    expect(i.code).to.equal(2);
    expect(i.stderr).to.match(/inner\.gsd: its chunk particles\/\w+ runs past the end of the file \(a truncated file\)/);
    // Cut inside the 256-byte header, after the magic number: cut short, not "not a GSD file".
    const head = join(tmp, 'head.gsd');
    writeFileSync(head, bytes.subarray(0, 100));
    const h = await runCli('info', head, '--model', 'ka2d');
    expect(h.code).to.equal(2);
    expect(h.stderr).to.contain('head.gsd: the file is cut short: it ends at byte 100, inside its 256-byte GSD header; write it again');
    // A NaN coordinate or tilt is named by particle and axis (the file's positions are N × 3).
    const ka2d = await readGsdFrame(GSD('ka2d.gsd'));
    const nan = { ...ka2d, exact: undefined, model: undefined, positions: Float64Array.from(ka2d.positions, (x, k) => (k === 3 * 17 + 1 ? Number.NaN : x)) };
    expect(() => gsdToConfiguration(nan, 'k.gsd', { model: 'ka2d' })).to.throw(GsdFormatError,
      'k.gsd: frame 0 (step 0): particle 17 has y = NaN (particles/position); the simulation that wrote the frame blew up or the file is damaged');
    const tilt = { ...ka2d, exact: undefined, model: undefined, box: Float64Array.from(ka2d.box, (x, k) => (k === 3 ? Number.POSITIVE_INFINITY : x)) };
    expect(() => gsdToConfiguration(tilt, 'k.gsd', { model: 'ka2d' })).to.throw(GsdFormatError, 'k.gsd: frame 0 (step 0) has box tilt xy = Infinity');

    const frame = await readGsdFrame(GSD('ka3d.gsd'));
    expect(() => gsdToConfiguration(frame, 'ka3d.gsd', { model: 'ka2d' })).to.throw(GsdFormatError, 'ka3d.gsd: frame 0 (step 0) is 3D (configuration/dimensions), but model ka2d is 2D; name a 3D model with --model');
    expect(() => gsdToConfiguration(frame, 'ka3d.gsd', { model: 'poly' })).to.throw(GsdFormatError, /particle \d+ has type 1 \(B\), but model poly has 1 species \(P\)/);
    // A 3D frame labelled 2D: refused, not read with its z dropped.
    const flat = { ...frame, dim: 2 as const, exact: undefined, model: undefined };
    expect(() => gsdToConfiguration(flat, 'ka3d.gsd', { model: 'ka2d' })).to.throw(GsdFormatError, /^ka3d\.gsd: frame 0 \(step 0\) is 2D \(configuration\/dimensions = 2\) but particle \d+ has z = \S+ and the box Lz = \S+; a 2D frame has every z = 0/);
    const poly = await readGsdFrame(GSD('poly2d.gsd'));
    expect(() => gsdToConfiguration({ ...poly, diameters: undefined }, 'p.gsd', { model: 'poly' })).to.throw(GsdFormatError, 'model poly needs a size σ_i per particle, and frame 0 (step 0) has no particles/diameter');
    // Type names as LAMMPS labels are read: species by name ignoring case (b, a under ka: type 0 is B);
    // a species name that order would put elsewhere (B, X: B would be A) refused; a polydisperse frame under the default ipl refused.
    const { exact: _exact, model: _model, ...plain } = frame;
    const byName = gsdToConfiguration({ ...plain, types: ['b', 'a'] }, 'ka3d.gsd', { model: 'ka' });
    expect(Array.from(byName.species)).to.deep.equal(Array.from(frame.typeid, (t) => 1 - t));
    expect(() => gsdToConfiguration({ ...plain, types: ['B', 'X'] }, 'ka3d.gsd', { model: 'ka' })).to.throw(GsdFormatError,
      "ka3d.gsd: frame 0 (step 0): type 0 is named 'B', species 2 of model ka, but not every type in use is named by a species (0 B, 1 X), so types map in order and type 0 would be A");
    expect(Array.from(gsdToConfiguration({ ...plain, types: ['X', 'B'] }, 'ka3d.gsd', { model: 'ka' }).species)).to.deep.equal(Array.from(frame.typeid));
    expect(() => gsdToConfiguration({ ...plain, types: ['a', 'A'] }, 'ka3d.gsd', { model: 'ka' })).to.throw(GsdFormatError,
      "ka3d.gsd: frame 0 (step 0): types 0 'a' and 1 'A' both name species A of model ka (names match ignoring case); give each type in use its own species name (A, B)");
    const { exact: _pExact, model: _pModel, ...polyPlain } = poly;
    expect(() => gsdToConfiguration(polyPlain, 'p.gsd')).to.throw(GsdFormatError, /^p\.gsd: frame 0 \(step 0\): the particles 0 and \d+ of type 'P' have different diameters .*--model poly/);
    expect(gsdToConfiguration(polyPlain, 'p.gsd', { model: 'ipl' }).n).to.equal(poly.n);
    const twin = { ...poly, positions: Float64Array.from(poly.positions, (x, k) => (k === 3 ? poly.positions[0]! : k === 4 ? poly.positions[1]! : x)) };
    expect(() => gsdToConfiguration(twin, 'p.gsd', { model: 'poly' })).to.throw(GsdFormatError, /particles 0 and 1 are 0 apart .*duplicate or overlapping particles/);
  });

  it('an ensemble plans each frame as a sample and reads it from the file or a shipped copy; softspot run computes them', async () => {
    const path = GSD('traj.gsd');
    const plan = await glassSpecs({ glasses: [path], model: 'ka2d' });
    expect(plan.specs).to.have.length(3);
    expect(plan.frames).to.deep.equal([0, 1, 2]);
    expect(new Set(plan.specs.map((s) => s.glass!.sha256)).size).to.equal(3);
    expect(plan.specs[0]!.glass!.format).to.equal('gsd');
    const fromFile = (await readSampleGlass(plan.specs[1]!, path, 1)).config;
    const direct = await configOf('traj.gsd', 'ka2d', 1);
    expect(Array.from(fromFile.positions)).to.deep.equal(Array.from(direct.positions));
    expect(Array.from(fromFile.cell)).to.deep.equal(Array.from(direct.cell));
    const [shipped] = await shipGlasses([{ spec: plan.specs[2]!, glass: path, frame: 2 }]);
    expect(await readSampleGlass(plan.specs[2]!, path, 2, shipped)).to.deep.equal(await readSampleGlass(plan.specs[2]!, path, 2));

    const out = join(tmp, 'run');
    const run = await runCli('run', GSD('ka2d.gsd'), '--model', 'ka2d', '--out', out, '--workers', '1', '--quiet');
    expect(run.code, run.stderr).to.equal(0);
    const ensemble = JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8')) as { samples: number; glasses: string[] };
    expect(ensemble.samples).to.equal(1);
    expect(ensemble.glasses[0]).to.match(/ka2d\.gsd#0$/);
  });

  it('a GSD file softspot wrote of a LAMMPS input: its atom ids reach the run\'s sample (read from the file or shipped), its identity as without them', async () => {
    const dump = fixturePath('lammps/poly/poly2d.dump');
    const gsd = join(tmp, 'with-ids.gsd');
    const m = await runCli('minimize', dump, '--model', 'poly', '--out', gsd, '--quiet');
    expect(m.code, m.stderr).to.equal(0);
    // The dump's ids, sorted (softspot numbers LAMMPS atoms in id order): read here from the dump itself.
    const ids = readFileSync(dump, 'utf8').split('\n').slice(9).filter((l) => l.trim() !== '').map((l) => Number(l.trim().split(/\s+/)[0])).sort((a, b) => a - b);
    const plan = await glassSpecs({ glasses: [gsd], model: 'poly' });
    const fromFile = await readSampleGlass(plan.specs[0]!, gsd, 0);
    expect(Array.from(fromFile.ids!)).to.deep.equal(ids);
    const [shipped] = await shipGlasses([{ spec: plan.specs[0]!, glass: gsd, frame: 0 }]);
    expect(Array.from((await readSampleGlass(plan.specs[0]!, gsd, 0, shipped)).ids!)).to.deep.equal(ids);
    let damaged: unknown;
    try { await readSampleGlass(plan.specs[0]!, gsd, 0, { ...shipped!, ids: [1, 2] }); } catch (e) { damaged = e; }
    expect((damaged as Error).message).to.contain('the atom ids the job carries are not');
    const out = join(tmp, 'run-ids');
    const run = await runCli('run', gsd, '--model', 'poly', '--out', out, '--workers', '1', '--no-aggregate', '--quiet');
    expect(run.code, run.stderr).to.equal(0);
    await h5wasm.ready;
    const samples = readdirSync(join(out, 'samples'));
    const f = new h5wasm.File(join(out, 'samples', samples[0]!), 'r');
    try {
      expect(Array.from((f.get('configuration/ids') as InstanceType<typeof h5wasm.Dataset>).value as Int32Array)).to.deep.equal(ids);
    } finally {
      f.close();
    }
  });
});
