/**
 * The LAMMPS readers against files LAMMPS itself wrote (test/fixtures/lammps, from
 * make-fixtures.lmp): the same atoms read from the data file and from dumps in every
 * coordinate style agree, the cell's volume and tilts are those LAMMPS printed, the
 * minimum-image distances in the (tilted) cell are LAMMPS's own pair distances, and a 2D
 * file gives the energy of the same glass read through extended XYZ. Then every
 * malformed case, each naming its line.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatOfPath, lammpsToConfiguration, readLammpsData, readLammpsDataFile, readLammpsDump,
  readLammpsDumpFile, readXyz, writeXyz, type LammpsSnapshot,
} from '../lib/io/index.js';
import { energyForces } from '../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { runCli } from './helpers/run-cli.js';
import { expectLammpsError } from './helpers/lammps-error.js';

const DIR = new URL('./fixtures/lammps/', import.meta.url).pathname;
const text = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const BOXES = [
  { name: 'ortho3d', dim: 3 as const },
  { name: 'triclinic3d', dim: 3 as const },
  { name: 'ortho2d', dim: 2 as const },
  { name: 'triclinic2d', dim: 2 as const },
];
/** LAMMPS's JSON of each box: the volume (thermo vol) and tilts, printed at full precision. */
const lammpsBox = (name: string): { vol: number; natoms: number; xy: number; xz: number; yz: number } => JSON.parse(text(`${name}.json`));

/** det of a d×d row-major matrix (d = 2, 3), written out. */
function det(h: Float64Array, d: number): number {
  if (d === 2) return h[0]! * h[3]! - h[1]! * h[2]!;
  return h[0]! * (h[4]! * h[8]! - h[5]! * h[7]!) - h[1]! * (h[3]! * h[8]! - h[5]! * h[6]!) + h[2]! * (h[3]! * h[7]! - h[4]! * h[6]!);
}

/** x + h·n per atom (unwrapping by image flags). */
function unwrapped(s: LammpsSnapshot, images: Int32Array): Float64Array {
  const d = s.dim;
  const out = Float64Array.from(s.positions);
  for (let p = 0; p < s.ids.length; p++) {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) out[d * p + a] += s.cell[d * a + b]! * images[d * p + b]!;
  }
  return out;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  expect(a.length).to.equal(b.length);
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

/** Minimum-image distance by brute force over the 5^d nearest images (no reduction, no rounding). */
function bruteDistance(s: LammpsSnapshot, i: number, j: number): number {
  const d = s.dim;
  let best = Infinity;
  const range = [-2, -1, 0, 1, 2];
  const shifts = d === 2 ? range.flatMap((a) => range.map((b) => [a, b, 0])) : range.flatMap((a) => range.flatMap((b) => range.map((c) => [a, b, c])));
  for (const n of shifts) {
    let r2 = 0;
    for (let a = 0; a < d; a++) {
      let r = s.positions[d * j + a]! - s.positions[d * i + a]!;
      for (let b = 0; b < d; b++) r += s.cell[d * a + b]! * n[b]!;
      r2 += r * r;
    }
    best = Math.min(best, Math.sqrt(r2));
  }
  return best;
}

/** The last frame of a `dump local` file: rows of numbers. */
function lastLocalFrame(t: string): number[][] {
  const lines = t.trim().split('\n');
  const start = lines.map((l, k) => (l.startsWith('ITEM: ENTRIES') ? k : -1)).filter((k) => k >= 0).at(-1)!;
  const count = Number(lines[start - 5]);
  return lines.slice(start + 1, start + 1 + count).map((l) => l.trim().split(/\s+/).map(Number));
}

/** 1-based number of the first line of `t` for which `match` holds. */
const lineOf = (t: string, match: (line: string) => boolean): number => t.split('\n').findIndex(match) + 1;

describe('LAMMPS data files and dumps', () => {
  describe('files written by LAMMPS', () => {
    for (const { name, dim } of BOXES) {
      describe(name, () => {
        const data = readLammpsData(text(`${name}.data`), `${name}.data`, { dimension: dim });
        const scale = Math.max(...Array.from(data.cell, Math.abs));

        it('the data file: dimension, atoms sorted by id, types, masses, image flags', () => {
          expect(data.dim).to.equal(dim);
          expect(data.ids.length).to.equal(lammpsBox(name).natoms);
          expect(Array.from(data.ids)).to.deep.equal(Array.from({ length: data.ids.length }, (_, k) => k + 1));
          // create_atoms made the type-1 atoms first, then the type-2 ones, in two equal halves.
          const half = data.ids.length / 2;
          expect(Array.from(data.types)).to.deep.equal(Array.from({ length: 2 * half }, (_, k) => (k < half ? 1 : 2)));
          expect(data.ntypes).to.equal(2);
          expect(data.masses!.length).to.equal(2);
          expect(data.timestep).to.equal(1);
          expect(data.images!.length).to.equal(dim * data.ids.length);
          // The atom lines named are those of the ids.
          const lines = text(`${name}.data`).split('\n');
          for (let p = 0; p < data.ids.length; p++) expect(Number(lines[data.lines[p]! - 1]!.split(' ')[0])).to.equal(data.ids[p]);
        });

        it('the cell volume and tilts are those LAMMPS printed (thermo vol, xy, xz, yz)', () => {
          const lmp = lammpsBox(name);
          expect(Math.abs(det(data.cell, dim) - lmp.vol)).to.be.at.most(1e-13 * lmp.vol);
          expect(data.cell[1]).to.equal(lmp.xy);
          if (dim === 3) {
            expect(data.cell[2]).to.equal(lmp.xz);
            expect(data.cell[5]).to.equal(lmp.yz);
            expect([data.cell[3], data.cell[6], data.cell[7]]).to.deep.equal([0, 0, 0]);
          } else expect(data.cell[2]).to.equal(0);
        });

        it('the dump in every coordinate style gives the data file\'s atoms (x, xs, xu, xsu, dump atom)', () => {
          const plain = readLammpsDump(text(`${name}.dump`), name, { dimension: dim });
          expect(plain.timestep).to.equal(1);
          expect(Array.from(plain.ids)).to.deep.equal(Array.from(data.ids));
          expect(Array.from(plain.types)).to.deep.equal(Array.from(data.types));
          expect(plain.periodic).to.deep.equal(new Array(dim).fill(true));
          // The box from the bounds-with-tilt lines is the data file's box.
          expect(maxDiff(plain.cell, data.cell)).to.be.at.most(1e-14 * scale);
          expect(maxDiff(plain.origin, data.origin)).to.be.at.most(1e-14 * scale);
          // Unwrapped positions agree: data x + h·n(data) = dump x + h·n(dump) = dump xu = dump xsu.
          const xu = readLammpsDump(text(`${name}.unwrapped.dump`), name, { dimension: dim });
          const xsu = readLammpsDump(text(`${name}.xsu.dump`), name, { dimension: dim });
          expect(xu.images).to.equal(undefined);
          expect(maxDiff(unwrapped(data, data.images!), xu.positions)).to.be.at.most(1e-12 * scale);
          expect(maxDiff(unwrapped(plain, plain.images!), xu.positions)).to.be.at.most(1e-12 * scale);
          expect(maxDiff(xsu.positions, xu.positions)).to.be.at.most(1e-12 * scale);
          // Wrapped: dump x and scaled xs (columns shuffled: xs type id zs ys) agree with the data file's x.
          const xs = readLammpsDump(text(`${name}.scaled.dump`), name, { dimension: dim });
          expect(maxDiff(plain.positions, data.positions)).to.be.at.most(1e-12 * scale);
          expect(maxDiff(xs.positions, data.positions)).to.be.at.most(1e-12 * scale);
          // dump atom writes xs ys zs with 6 significant digits.
          const atom = readLammpsDump(text(`${name}.atom.dump`), name, { dimension: dim });
          expect(maxDiff(atom.positions, data.positions)).to.be.at.most(1e-5 * scale);
        });

        it('frames: the last by default, any by index or timestep; frame 0 is not the data file\'s', () => {
          const t = text(`${name}.dump`);
          const last = readLammpsDump(t, name, { dimension: dim });
          const first = readLammpsDump(t, name, { dimension: dim, frame: 0 });
          expect(first.timestep).to.equal(0);
          expect(readLammpsDump(t, name, { dimension: dim, timestep: 0 }).positions).to.deep.equal(first.positions);
          expect(readLammpsDump(t, name, { dimension: dim, frame: 1 }).positions).to.deep.equal(last.positions);
          expect(readLammpsDump(t, name, { dimension: dim, frame: -2 }).positions).to.deep.equal(first.positions);
          expect(maxDiff(first.positions, data.positions)).to.be.greaterThan(1e-4);
        });

        if (name.startsWith('triclinic')) {
          it('minimum-image distances in the tilted cell are LAMMPS\'s pair distances (compute pair/local dist)', () => {
            const pairs = lastLocalFrame(text(`${name}.pairs`));
            expect(pairs.length).to.be.at.least(5);
            const index = new Map(Array.from(data.ids, (id, p) => [id, p]));
            let worst = 0;
            for (const [i, j, dist] of pairs) worst = Math.max(worst, Math.abs(bruteDistance(data, index.get(i!)!, index.get(j!)!) - dist!));
            expect(worst).to.be.at.most(1e-12);
            // And LAMMPS listed every pair within the soft cutoff 1.12, once.
            let within = 0;
            for (let p = 0; p < data.ids.length; p++) for (let q = p + 1; q < data.ids.length; q++) if (bruteDistance(data, p, q) < 1.12) within++;
            expect(within).to.equal(pairs.length);
          });
        }
      });
    }

    it('atoms in any id order give the same snapshot (Atoms lines shuffled)', () => {
      const t = text('ortho2d.data');
      const lines = t.split('\n');
      const first = lineOf(t, (l) => l.startsWith('Atoms')) + 1; // the blank line after the keyword, then the atoms
      const atoms = lines.slice(first, first + 64);
      const shuffled = atoms.map((l, k) => ({ l, key: (k * 37) % 64 })).sort((a, b) => a.key - b.key).map((a) => a.l);
      const other = [...lines.slice(0, first), ...shuffled, ...lines.slice(first + 64)].join('\n');
      const a = readLammpsData(t, 'a', { dimension: 2 });
      const b = readLammpsData(other, 'b', { dimension: 2 });
      expect(b.positions).to.deep.equal(a.positions);
      expect(b.types).to.deep.equal(a.types);
      expect(Array.from(b.lines)).to.not.deep.equal(Array.from(a.lines));
    });

    it('dimension: 3 keeps a 2D file\'s z = 0, \'auto\' finds 2D, 2 on a 3D file names the line', () => {
      const t = text('ortho2d.data');
      const as3 = readLammpsData(t);
      expect(as3.dim).to.equal(3);
      expect(as3.cell.length).to.equal(9);
      for (let p = 0; p < 64; p++) expect(as3.positions[3 * p + 2]).to.equal(0);
      expect(readLammpsData(t, '', { dimension: 'auto' }).dim).to.equal(2);
      expect(readLammpsData(text('ortho3d.data'), '', { dimension: 'auto' }).dim).to.equal(3);
      const t3 = text('triclinic3d.data');
      expectLammpsError(() => readLammpsData(t3, '<string>', { dimension: 2 }), lineOf(t3, (l) => l.includes('xy xz yz')), 'xz = -0.9', 'not 2D');
      const o3 = text('ortho3d.data');
      const snap = readLammpsData(o3);
      // The first atom line whose z differs from the first atom line's.
      const atomsAt = lineOf(o3, (l) => l.startsWith('Atoms'));
      const zOf = (line: number): string => o3.split('\n')[line - 1]!.split(' ')[4]!;
      let odd = atomsAt + 3;
      while (zOf(odd) === zOf(atomsAt + 2)) odd++;
      void snap;
      expectLammpsError(() => readLammpsData(o3, '<string>', { dimension: 2 }), odd, `has z = ${Number(zOf(odd))}`, `(line ${atomsAt + 2})`, 'not in one plane');
    });

    it('the file wrappers read the same as the text readers', async () => {
      const a = await readLammpsDataFile(join(DIR, 'triclinic2d.data'), { dimension: 2 });
      expect(a.source).to.equal(join(DIR, 'triclinic2d.data'));
      expect(a.positions).to.deep.equal(readLammpsData(text('triclinic2d.data'), '', { dimension: 2 }).positions);
      const b = await readLammpsDumpFile(join(DIR, 'triclinic2d.dump'), { dimension: 2, frame: 0 });
      expect(b.timestep).to.equal(0);
    });
  });

  describe('a 2D file as a softspot Configuration', () => {
    for (const name of ['ortho2d', 'triclinic2d']) {
      it(`${name}: the same energy as the XYZ route, types 1, 2 → S, L, the cell and shifted positions`, () => {
        const snap = readLammpsData(text(`${name}.data`), name, { dimension: 2 });
        const config = lammpsToConfiguration(snap);
        expect(config.n).to.equal(64);
        expect(Array.from(config.cell)).to.deep.equal(Array.from(snap.cell));
        expect(Array.from(config.species)).to.deep.equal(Array.from(snap.types, (t) => t - 1));
        for (let p = 0; p < 64; p++) {
          expect(config.positions[2 * p]).to.equal(snap.positions[2 * p]! - snap.origin[0]!);
          expect(config.positions[2 * p + 1]).to.equal(snap.positions[2 * p + 1]! - snap.origin[1]!);
        }
        const viaXyz = readXyz(writeXyz(config));
        const e1 = energyForces(config, DEFAULT_MODEL).energy;
        const e2 = energyForces(viaXyz, DEFAULT_MODEL).energy;
        expect(Math.abs(e1 - e2)).to.be.at.most(1e-12 * Math.abs(e2));
        // The dump's unwrapped frame is the same glass (positions differ by lattice vectors).
        const xu = lammpsToConfiguration(readLammpsDump(text(`${name}.unwrapped.dump`), name, { dimension: 2 }));
        const e3 = energyForces(xu, DEFAULT_MODEL).energy;
        expect(Math.abs(e3 - e2)).to.be.at.most(1e-12 * Math.abs(e2));
        expect(xu.info).to.deep.equal({ timestep: 1 });
      });
    }

    it('refuses a 3D snapshot, a non-periodic axis, a type without species, overlapping atoms', () => {
      // a 3D snapshot needs a 3D model (test/nd-io-lammps.test.ts reads it under one)
      expect(() => lammpsToConfiguration(readLammpsData(text('ortho3d.data'))))
        .to.throw(RangeError, '<string>: a 3D configuration (its atoms do not all have the same z, or the box has xz or yz tilt), but model ipl is 2D; name a 3D model (ipl3d, ka) with --model');
      const dump = text('ortho2d.dump').replace(/BOX BOUNDS pp pp pp/g, 'BOX BOUNDS pp fs pp');
      expectLammpsError(() => lammpsToConfiguration(readLammpsDump(dump, '<string>', { dimension: 2 })),
        dumpLineOfLastBox(dump),
        'not periodic along y', 'boundary p p p');
      // Three atom types, atom 64 of type 3.
      const t = text('ortho2d.data');
      const three = t.replace('2 atom types', '3 atom types').replace(/\n64 2 /, '\n64 3 ');
      const snap3 = readLammpsData(three, '<string>', { dimension: 2 });
      expect(snap3.ntypes).to.equal(3);
      expectLammpsError(() => lammpsToConfiguration(snap3), snap3.lines[63]!, 'atom id 64 has type 3', 'type 1 → S, type 2 → L');
      // Atom 2 moved to 1e-4 from atom 1.
      const snap = readLammpsData(t, '<string>', { dimension: 2 });
      const lines = t.split('\n');
      const k = snap.lines[1]! - 1;
      const [, , x1, y1] = lines[snap.lines[0]! - 1]!.split(' ');
      lines[k] = lines[k]!.split(' ').map((w, c) => (c === 2 ? x1! : c === 3 ? String(Number(y1) + 1e-4) : w)).join(' ');
      expectLammpsError(() => lammpsToConfiguration(readLammpsData(lines.join('\n'), '<string>', { dimension: 2 })),
        snap.lines[1]!, `atoms id 1 (line ${snap.lines[0]}) and id 2`, 'closer than 0.001');
    });
  });

  describe('the command line reads 2D LAMMPS files', () => {
    let dir: string;
    before(() => { dir = mkdtempSync(join(tmpdir(), 'softspot-lammps-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('formatOfPath: .data/.lmp/.lammps, .dump/.lammpstrj, anything else XYZ', () => {
      expect(['a.data', 'b.LMP', 'c.lammps', 'd.dump', 'e.lammpstrj', 'f.xyz', 'g'].map(formatOfPath))
        .to.deep.equal(['lammps-data', 'lammps-data', 'lammps-data', 'lammps-dump', 'lammps-dump', 'xyz', 'xyz']);
    });

    it('softspot info on a data file, a dump frame and --format give the XYZ route\'s numbers', async () => {
      const xyz = join(dir, 'glass.xyz');
      writeFileSync(xyz, writeXyz(lammpsToConfiguration(readLammpsData(text('triclinic2d.data'), '', { dimension: 2 }))));
      const ref = JSON.parse((await runCli('info', xyz, '--json')).stdout);
      const data = await runCli('info', join(DIR, 'triclinic2d.data'), '--json');
      expect(data.code, data.stderr).to.equal(0);
      const got = JSON.parse(data.stdout);
      expect(Math.abs(got.energyPerParticle - ref.energyPerParticle)).to.be.at.most(1e-12 * Math.abs(ref.energyPerParticle));
      expect(got.interactions).to.equal(ref.interactions);
      const renamed = join(dir, 'glass.txt');
      writeFileSync(renamed, text('triclinic2d.xsu.dump'));
      const dump = await runCli('info', renamed, '--format', 'lammps-dump', '--frame', '-1', '--json');
      expect(dump.code, dump.stderr).to.equal(0);
      // Without --format, its first bytes (ITEM:) tell it is a dump (lib/io/sniff-format.ts).
      const sniffed = await runCli('info', renamed, '--json');
      expect(sniffed.code, sniffed.stderr).to.equal(0);
      expect(JSON.parse(sniffed.stdout).energyPerParticle).to.equal(JSON.parse(dump.stdout).energyPerParticle);
      expect(Math.abs(JSON.parse(dump.stdout).energyPerParticle - ref.energyPerParticle)).to.be.at.most(1e-12 * Math.abs(ref.energyPerParticle));
      const frame0 = await runCli('info', renamed, '--format', 'lammps-dump', '--frame', '0', '--json');
      expect(JSON.parse(frame0.stdout).energyPerParticle).to.not.equal(JSON.parse(dump.stdout).energyPerParticle);
    });

    it('lhc and aqs on a data file give the XYZ glass\'s table and first event (atoms shuffled, origin shifted)', async function () {
      this.timeout(60_000);
      const xyzPath = new URL('./fixtures/n64_s1.xyz', import.meta.url).pathname;
      const glass = readXyz(readFileSync(xyzPath, 'utf8'));
      const [lx, txy, , ly] = glass.cell;
      const origin = [-3.25, 1.5];
      const atoms = Array.from({ length: glass.n }, (_, p) =>
        `${p + 1} ${glass.species[p]! + 1} ${glass.positions[2 * p]! + origin[0]!} ${glass.positions[2 * p + 1]! + origin[1]!} 0`);
      const shuffled = atoms.map((l, k) => ({ l, key: (k * 29) % glass.n })).sort((a, b) => a.key - b.key).map((a) => a.l);
      const dataPath = join(dir, 'n64_s1.lmp');
      writeFileSync(dataPath, [
        'n64_s1 as a LAMMPS data file', '', `${glass.n} atoms`, '2 atom types', '',
        `${origin[0]} ${origin[0]! + lx!} xlo xhi`, `${origin[1]} ${origin[1]! + ly!} ylo yhi`, '-0.5 0.5 zlo zhi', `${txy} 0 0 xy xz yz`, '',
        'Masses', '', '1 1', '2 1', '', 'Atoms # atomic', '', ...shuffled, '',
      ].join('\n'));
      const tables = [];
      for (const input of [xyzPath, dataPath]) {
        const out = join(dir, `${input.endsWith('.lmp') ? 'lmp' : 'xyz'}.csv`);
        const r = await runCli('lhc', input, '--out', out);
        expect(r.code, r.stderr).to.equal(0);
        tables.push(readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(',')));
      }
      expect(tables[1]!.length).to.equal(tables[0]!.length);
      for (let k = 1; k < tables[0]!.length; k++) {
        expect(tables[1]![k]!.slice(0, 2)).to.deep.equal(tables[0]![k]!.slice(0, 2));
        for (let c = 2; c < 5; c++) {
          const [a, b] = [Number(tables[0]![k]![c]), Number(tables[1]![k]![c])];
          expect(Math.abs(a - b), `row ${k} column ${c}`).to.be.at.most(1e-8 * Math.max(1, Math.abs(a)));
        }
      }
      const events = [];
      for (const input of [xyzPath, dataPath]) {
        const r = await runCli('aqs', input, '--mode', 'simple', '--sign', '+', '--json', '--quiet');
        expect(r.code, r.stderr).to.equal(0);
        events.push(JSON.parse(r.stdout));
      }
      expect(Math.abs(events[1].gammaC - events[0].gammaC)).to.be.at.most(1e-7);
      expect(events[1].particle).to.equal(events[0].particle);
    });

    it('a 3D file without --model: exit 2, naming the 3D presets', async () => {
      const r = await runCli('info', join(DIR, 'triclinic3d.data'));
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('but model ipl is 2D; name a 3D model (ipl3d, ka) with --model');
      const frame = await runCli('info', join(DIR, 'ortho2d.data'), '--frame', '0');
      expect(frame.code).to.equal(2);
      expect(frame.stderr).to.contain('--frame: applies to LAMMPS dumps, GSD files and extended-XYZ files, and');
    });

    it('a malformed data file: exit 2 with the line', async () => {
      const bad = join(dir, 'bad.data');
      writeFileSync(bad, text('ortho2d.data').replace('64 atoms', '65 atoms'));
      const r = await runCli('info', bad);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(new RegExp(`${bad}:\\d+: the Atoms section \\(line \\d+\\) has 64 lines but the header declares 65 atoms`));
    });
  });

  describe('malformed files: one error each, naming the line', () => {
    const data = text('ortho2d.data');
    const dump = text('ortho2d.dump');
    const dataLines = data.split('\n');
    const atomsAt = lineOf(data, (l) => l.startsWith('Atoms'));
    const firstAtom = atomsAt + 2;
    const replaceLine = (t: string, line: number, f: (l: string) => string): string => {
      const lines = t.split('\n');
      lines[line - 1] = f(lines[line - 1]!);
      return lines.join('\n');
    };

    it('an empty file', () => {
      expectLammpsError(() => readLammpsData(''), 1, 'the file is empty');
      expectLammpsError(() => readLammpsDump('\n\n'), 1, 'the file is empty');
    });

    it('no Atoms section', () => {
      const t = dataLines.slice(0, atomsAt - 1).join('\n');
      expectLammpsError(() => readLammpsData(t), t.split('\n').length, 'the file has no Atoms section', 'Atoms # atomic');
    });

    it('the header: no atom count, no box, a line that is not a header line', () => {
      expectLammpsError(() => readLammpsData(data.replace('64 atoms', '')), lineOf(data, (l) => l.startsWith('Masses')), 'no "N atoms" line');
      expectLammpsError(() => readLammpsData(data.replace(/.*ylo yhi/, '')), lineOf(data, (l) => l.startsWith('Masses')), 'no "ylo yhi" line');
      expectLammpsError(() => readLammpsData(data.replace('2 atom types', '2 3 atom types')), lineOf(data, (l) => l === '2 atom types'),
        "'2 3 atom types' is not a LAMMPS data-file header line");
      expectLammpsError(() => readLammpsData(data.replace('xlo xhi', 'xlo xhi\n1 0 0 0 1 0 0 0 1 avec bvec cvec')),
        lineOf(data, (l) => l.includes('xlo xhi')) + 1, 'general triclinic');
    });

    it('a file cut inside its Velocities section (an interrupted copy), named though the positions are whole', () => {
      const velocitiesAt = lineOf(data, (l) => l.startsWith('Velocities'));
      expect(velocitiesAt).to.be.above(atomsAt);
      const lines = data.trimEnd().split('\n');
      const cut = lines.slice(0, lines.length - 5).join('\n') + '\n';
      expectLammpsError(() => readLammpsData(cut), cut.split('\n').length,
        `the Velocities section (line ${velocitiesAt}) has 59 lines but the header declares 64 atoms: the file looks cut off`, 'write the file again');
      // The whole file, and one without a Velocities section, read.
      expect(readLammpsData(data).ids.length).to.equal(64);
      expect(readLammpsData(dataLines.slice(0, velocitiesAt - 1).join('\n')).ids.length).to.equal(64);
    });

    it('a file cut inside its Atoms section is called cut off, not a header to correct (declaring fewer atoms would analyse a part of the glass)', () => {
      const dataLines2 = data.split('\n');
      const velocitiesAt = lineOf(data, (l) => l.startsWith('Velocities'));
      // Keep the header and 40 atom lines, nothing after: the file ends inside Atoms.
      const cut = dataLines2.slice(0, firstAtom - 1 + 40).join('\n') + '\n';
      expect(firstAtom - 1 + 40).to.be.below(velocitiesAt);
      expectLammpsError(() => readLammpsData(cut), cut.split('\n').length,
        `the Atoms section (line ${atomsAt}) has 40 lines but the header declares 64 atoms, and the file ends inside it: the file looks cut off`, 'copy or write the file again');
    });

    it('a count mismatch: fewer or more atom lines than the header declares', () => {
      expectLammpsError(() => readLammpsData(data.replace('64 atoms', '65 atoms')), atomsAt, 'has 64 lines but the header declares 65 atoms');
      expectLammpsError(() => readLammpsData(data.replace('64 atoms', '63 atoms')), firstAtom + 63, 'has 64 lines but the header declares 63 atoms');
    });

    it('an atom line with missing fields, a non-numeric field, a NaN, a type beyond the header\'s', () => {
      expectLammpsError(() => readLammpsData(replaceLine(data, firstAtom + 3, (l) => l.split(' ').slice(0, 4).join(' '))),
        firstAtom + 3, 'an atom line has 4 fields', 'id type x y z');
      expectLammpsError(() => readLammpsData(replaceLine(data, firstAtom + 5, (l) => l.replace(/ (\S+) /, ' 1 ').replace(/^(\S+ \S+) \S+/, '$1 1.2.3'))),
        firstAtom + 5, "the x coordinate of atom id", "'1.2.3' is not a number");
      expectLammpsError(() => readLammpsData(replaceLine(data, firstAtom + 7, (l) => l.replace(/^(\S+ \S+ \S+) \S+/, '$1 nan'))),
        firstAtom + 7, "the y coordinate of atom id", "'nan' is not finite");
      expectLammpsError(() => readLammpsData(replaceLine(data, firstAtom, (l) => l.replace(/^(\S+) \S+/, '$1 7'))),
        firstAtom, 'has type 7 > the 2 atom types of the header');
      expectLammpsError(() => readLammpsData(replaceLine(data, firstAtom + 1, (l) => l.replace(/ \S+ \S+ \S+$/, ''))),
        firstAtom + 1, 'has no image flags but the first one');
    });

    it('a duplicate id (data file and dump)', () => {
      const firstId = dataLines[firstAtom - 1]!.split(' ')[0]!;
      const t = replaceLine(data, firstAtom + 9, (l) => l.replace(/^\S+/, firstId));
      expectLammpsError(() => readLammpsData(t), firstAtom + 9, `atom id ${firstId} appears twice (also on line ${firstAtom})`);
      const atomsItem = dumpLineOfLastAtoms(dump);
      const d = replaceLine(dump, atomsItem + 4, (l) => l.replace(/^\S+/, dump.split('\n')[atomsItem]!.split(' ')[0]!));
      expectLammpsError(() => readLammpsDump(d), atomsItem + 4, 'appears twice', `also on line ${atomsItem + 1}`);
    });

    it('an unknown atom_style comment; an atom line of another style\'s width', () => {
      expectLammpsError(() => readLammpsData(data.replace('Atoms # atomic', 'Atoms # ellipsoid')), atomsAt, "atom_style 'ellipsoid'",
        'softspot reads atom_style atomic, charge, bond, angle, molecular, full');
      expectLammpsError(() => readLammpsData(data.replace('Atoms # atomic', 'Atoms # gibberish words')), atomsAt, "atom_style 'gibberish'");
      // An atomic file (8 fields with image flags) called full: its lines are one field short.
      expectLammpsError(() => readLammpsData(data.replace('Atoms # atomic', 'Atoms # full')), firstAtom, 'an atom line has 8 fields',
        'atom_style full lines are "id molecule type q x y z" or "id molecule type q x y z ix iy iz"');
      // Without a style comment, the width of atomic, and how another style is named.
      const bare = data.replace('Atoms # atomic', 'Atoms');
      const wide = replaceLine(bare, firstAtom, (l) => `${l} 0.5`);
      expectLammpsError(() => readLammpsData(wide), firstAtom, 'an atom line has 9 fields', 'a file of another atom_style names it after Atoms ("Atoms # full"');
    });

    it('data files LAMMPS wrote under atom_style charge, bond, molecular and full: the atomic file\'s atoms (ids, types, positions, images)', () => {
      const styles = join(DIR, 'styles');
      const atomic = readLammpsData(readFileSync(join(styles, 'atomic.data'), 'utf8'), 'atomic.data');
      expect(atomic.ids.length).to.equal(24);
      for (const style of ['charge', 'bond', 'molecular', 'full']) {
        const s = readLammpsData(readFileSync(join(styles, `${style}.data`), 'utf8'), `${style}.data`);
        expect(Array.from(s.ids), style).to.deep.equal(Array.from(atomic.ids));
        expect(Array.from(s.types), style).to.deep.equal(Array.from(atomic.types));
        expect(Array.from(s.positions), style).to.deep.equal(Array.from(atomic.positions));
        expect(s.images === undefined ? undefined : Array.from(s.images), style).to.deep.equal(Array.from(atomic.images!));
        expect(Array.from(s.cell), style).to.deep.equal(Array.from(atomic.cell));
        expect(s.masses === undefined ? undefined : Array.from(s.masses), style).to.deep.equal([1, 2]);
      }
      // sphere.data (also each atom's diameter and mass): test/lammps-poly.test.ts.
    });

    it('a mass ≤ 0 is refused at its line; a type without a mass is read (LAMMPS allows it) but refused by modes, which needs it; no atoms is said so', async () => {
      const zero = data.replace(/\n2 1\n/, '\n2 0\n');
      expectLammpsError(() => readLammpsData(zero), lineOf(zero, (l) => l === '2 0'), 'the mass of atom type 2 is 0', 'give every atom type a mass > 0');
      const negative = data.replace(/\n2 1\n/, '\n2 -3\n');
      expectLammpsError(() => readLammpsData(negative), lineOf(negative, (l) => l === '2 -3'), 'the mass of atom type 2 is -3');
      // no atoms at all: said so, not called a 2D configuration of the wrong dimension
      const empty = data.replace(/\d+ atoms/, '0 atoms').replace(/Atoms # atomic[\s\S]*$/, 'Atoms # atomic\n\n');
      expectLammpsError(() => lammpsToConfiguration(readLammpsData(empty), { model: 'ka' }), 1, 'the file holds no atoms', 'give the file of a glass');
      const missing = data.replace(/\n2 1\n/, '\n');
      expect(Number.isNaN(readLammpsData(missing).masses![1])).to.equal(true);
      const dir = mkdtempSync(join(tmpdir(), 'softspot-masses-'));
      try {
        const file = join(dir, 'no-mass.data');
        writeFileSync(file, missing);
        const info = await runCli('info', file);
        expect(info.code, info.stderr).to.equal(0);
        const modes = await runCli('modes', file, '--k', '2');
        expect(modes.code).to.equal(2);
        expect(modes.stderr).to.match(new RegExp(`^softspot modes: ${file}: the Masses section gives no mass for atom type 2 \\(atom id \\d+\\); the vibrational modes need every mass`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a second Atoms section, numbers outside any section, a garbled keyword', () => {
      expectLammpsError(() => readLammpsData(`${data}\nAtoms # atomic\n\n1 1 0 0 0\n`), dataLines.length + 1, 'a second Atoms section');
      expectLammpsError(() => readLammpsData(data.replace('Masses', 'masses!')), lineOf(data, (l) => l === 'Masses'), "'masses!' is neither a section keyword");
    });

    it('a dump: atoms missing from a frame (truncated, or cut by the next frame)', () => {
      const lines = dump.trimEnd().split('\n');
      const truncated = lines.slice(0, lines.length - 10).join('\n');
      expectLammpsError(() => readLammpsDump(truncated), lines.length - 9, 'has 54 atom lines but declares 64 atoms', 'atoms are missing');
      const atoms0 = lineOf(dump, (l) => l.startsWith('ITEM: ATOMS'));
      const cut = [...lines.slice(0, atoms0 + 60), ...lines.slice(atoms0 + 64)].join('\n');
      expectLammpsError(() => readLammpsDump(cut), atoms0 + 61, 'the frame of timestep 0 (line 1) has 60 atom lines but declares 64 atoms');
    });

    it('a dump: missing columns, a repeated column, a short atom line, a NaN', () => {
      const atoms = dumpLineOfLastAtoms(dump);
      const noType = replaceLine(dump, atoms, () => 'ITEM: ATOMS id x y z ix iy iz type2');
      expectLammpsError(() => readLammpsDump(noType), atoms, "lack type", 'id type x y z');
      const noZ = replaceLine(dump, atoms, () => 'ITEM: ATOMS id type x y q ix iy iz');
      expectLammpsError(() => readLammpsDump(noZ), atoms, 'have x y but no z: a 2D dump, read as 3D', "dimension: 2 or 'auto'");
      const noX = replaceLine(dump, atoms, () => 'ITEM: ATOMS id type q y z ix iy iz');
      expectLammpsError(() => readLammpsDump(noX), atoms, 'lack x y z (or xu yu zu, xs ys zs, xsu ysu zsu; x y alone in 2D)');
      const twice = replaceLine(dump, atoms, () => 'ITEM: ATOMS id type x y z ix ix iz');
      expectLammpsError(() => readLammpsDump(twice), atoms, "the column 'ix' appears twice");
      const short = replaceLine(dump, atoms + 2, (l) => l.split(' ').slice(0, 5).join(' '));
      expectLammpsError(() => readLammpsDump(short), atoms + 2, 'an atom line has 5 fields', `(line ${atoms}) names 8 columns`);
      const nan = replaceLine(dump, atoms + 3, (l) => l.replace(/^(\S+ \S+) \S+/, '$1 -nan'));
      expectLammpsError(() => readLammpsDump(nan), atoms + 3, "the x coordinate of atom id", "'-nan' is not finite", 'blew up');
      // The columns are id type x y z ix iy iz: a bad z, a bad iy, a bad id, each named with its atom.
      const fields = (l: string): string[] => l.trim().split(/\s+/);
      const id4 = fields(dump.split('\n')[atoms + 3]!)[0];
      const badZ = replaceLine(dump, atoms + 4, (l) => fields(l).map((f, k) => (k === 4 ? '1,5' : f)).join(' '));
      expectLammpsError(() => readLammpsDump(badZ), atoms + 4, `the z coordinate of atom id ${id4} '1,5' is not a number`, 'write it as a finite decimal number');
      const badIy = replaceLine(dump, atoms + 4, (l) => fields(l).map((f, k) => (k === 6 ? '0.5' : f)).join(' '));
      expectLammpsError(() => readLammpsDump(badIy), atoms + 4, `the iy image flag of atom id ${id4} '0.5' is not an integer ≥ -2147483647`,
        'write the iy image flag of atom id');
      const badId = replaceLine(dump, atoms + 4, (l) => fields(l).map((f, k) => (k === 0 ? '0' : f)).join(' '));
      expectLammpsError(() => readLammpsDump(badId), atoms + 4, "the atom id '0' is not an integer ≥ 1", 'write the atom id as an integer in 1 … 2³¹ − 1');
      // an integer, but beyond the 32-bit counts: said so (it read "is not an integer ≥ 1")
      const hugeId = replaceLine(dump, atoms + 4, (l) => fields(l).map((f, k) => (k === 0 ? '9999999999' : f)).join(' '));
      expectLammpsError(() => readLammpsDump(hugeId), atoms + 4, "the atom id '9999999999' is not an integer below 2³¹ (LAMMPS's and softspot's 32-bit counts and ids)",
        'write the atom id as an integer in 1 … 2³¹ − 1');
      // A malformed earlier frame is not read when the last one is asked for, but it is when chosen.
      expect(readLammpsDump(replaceLine(dump, 10, (l) => l.replace(/^(\S+ \S+) \S+/, '$1 nan'))).ids.length).to.equal(64);
    });

    it('a dump: not a dump, a dump local, a bad box, a general triclinic box, a frame that is not there', () => {
      expectLammpsError(() => readLammpsDump(data), 1, "expected 'ITEM: TIMESTEP'");
      const pairs = text('triclinic2d.pairs');
      expectLammpsError(() => readLammpsDump(pairs), 3, "unexpected 'ITEM: NUMBER OF ENTRIES'", 'dump local');
      const box = lineOf(dump, (l) => l.startsWith('ITEM: BOX'));
      expectLammpsError(() => readLammpsDump(replaceLine(dump, box, () => 'ITEM: BOX BOUNDS pp pp'), '<string>', { frame: 0 }), box, 'three boundary flags');
      // Without flags (old LAMMPS): periodic.
      expect(readLammpsDump(replaceLine(dump, box, () => 'ITEM: BOX BOUNDS'), '<string>', { frame: 0 }).periodic).to.deep.equal([true, true, true]);
      expectLammpsError(() => readLammpsDump(replaceLine(dump, box + 2, () => '0 8.6 1'), '<string>', { frame: 0 }), box + 2,
        'the box line has 3 numbers, expected 2');
      expectLammpsError(() => readLammpsDump(replaceLine(dump, box + 1, () => '5 1'), '<string>', { frame: 0 }), box, 'xhi = 1 ≤ xlo = 5');
      expectLammpsError(() => readLammpsDump(replaceLine(dump, box, () => 'ITEM: BOX BOUNDS abc origin pp pp pp'), '<string>', { frame: 0 }), box,
        'general triclinic', 'dump_modify triclinic/general no');
      const end = dump.trimEnd().split('\n').length;
      expectLammpsError(() => readLammpsDump(dump, '<string>', { frame: 2 }), end, 'no frame 2: the dump holds 2 frames');
      expectLammpsError(() => readLammpsDump(dump, '<string>', { timestep: 7 }), end, 'no frame has timestep 7', 'from 0 to 1');
    });

    it('argument checks', () => {
      expect(() => readLammpsData(1 as unknown as string)).to.throw(TypeError, 'readLammpsData: expected text to be a string, got number');
      expect(() => readLammpsData(data, '', { dimension: 4 as 3 })).to.throw(RangeError, "readLammpsData: expected options.dimension to be 2, 3 or 'auto', got 4");
      expect(() => readLammpsDump(dump, '', { frame: 0, timestep: 0 })).to.throw(RangeError, 'readLammpsDump: expected options.frame or options.timestep, not both');
      expect(() => readLammpsDump(dump, '', { frame: 0.5 })).to.throw(RangeError, 'readLammpsDump: expected options.frame to be an integer, got 0.5');
    });
  });
});

/** 1-based line of the last `ITEM: ATOMS` of a dump. */
function dumpLineOfLastAtoms(t: string): number {
  const lines = t.split('\n');
  return lines.map((l, k) => (l.startsWith('ITEM: ATOMS') ? k + 1 : 0)).filter((k) => k > 0).at(-1)!;
}

/** 1-based line of the last `ITEM: BOX BOUNDS` of a dump. */
function dumpLineOfLastBox(t: string): number {
  const lines = t.split('\n');
  return lines.map((l, k) => (l.startsWith('ITEM: BOX') ? k + 1 : 0)).filter((k) => k > 0).at(-1)!;
}
