/**
 * Per-particle fields for OVITO (issue 17 item 4): half the sum over a particle's bonds of
 * c_α, dc_α/dγ and c_α·dc_α/dγ; sum rules against the bond table, a hand-computed three-bond
 * example, the extended-XYZ file (round trip through readXyz, header as OVITO reads it).
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { requirePython } from './helpers/system-program.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatParticleFieldsXyz, readXyz, readXyzFrame, writeXyz, writeXyzWithColumns, xyzColumnName } from '../lib/io/index.js';
import { parseProperties } from '../lib/io/properties.js';
import { localHeatCapacity, particleFields } from '../lib/lhc/index.js';
import { runCli } from './helpers/run-cli.js';
import { energyForcesNd, lawOfConfiguration } from '../lib/nd/index.js';

const FIXTURE = new URL('./fixtures/n64_s1.xyz', import.meta.url).pathname;

/** Columns of a written file by Properties= (parsed independently of the writer), name → values. */
function columnsOf(text: string): { props: string; columns: Map<string, number[]> } {
  const lines = text.trimEnd().split('\n');
  const n = Number(lines[0]);
  const props = /Properties=(\S+)/.exec(lines[1]!)![1]!;
  const parts = props.split(':');
  const columns = new Map<string, number[]>();
  let offset = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const [name, , count] = [parts[k]!, parts[k + 1]!, Number(parts[k + 2])];
    if (count === 1) columns.set(name, Array.from({ length: n }, (_, p) => Number(lines[p + 2]!.trim().split(/\s+/)[offset])));
    offset += count;
  }
  for (let p = 0; p < n; p++) expect(lines[p + 2]!.trim().split(/\s+/).length, `line ${p + 3}`).to.equal(offset);
  return { props, columns };
}

describe('per-particle fields (issue 17 item 4)', () => {
  it('a hand-computed three-bond example', () => {
    // bonds (0,1) c = 1, (0,2) c = 2, (1,2) c = 4; particle 3 has none
    const f = particleFields({
      n: 4, count: 3, i: Int32Array.of(0, 0, 1), j: Int32Array.of(1, 2, 2),
      c: Float64Array.of(1, 2, 4), dcdg: { simple: Float64Array.of(0.5, -1, 3) },
    });
    expect(Array.from(f.c)).to.deep.equal([1.5, 2.5, 3, 0]);
    expect(Array.from(f.dcdg.simple!)).to.deep.equal([-0.25, 1.75, 1, 0]);
    // c·dc/dγ per bond: 0.5, −2, 12
    expect(Array.from(f.cDcdg.simple!)).to.deep.equal([-0.75, 6.25, 5, 0]);
    expect(() => particleFields({ n: 2, count: 1, i: Int32Array.of(0), j: Int32Array.of(2), c: Float64Array.of(1), dcdg: {} }))
      .to.throw(RangeError, 'bond 0 joins particles 0 and 2, outside 0…1');
  });

  it('Σ_i = Σ_α for every field; Σ_i c_i = d(N − 1) on a glass', () => {
    const glass = readXyz(readFileSync(FIXTURE, 'utf8'));
    const r = localHeatCapacity(glass);
    const f = particleFields(r);
    const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, x) => s + x, 0);
    const d = 2, tol = 1e-12 * r.count;
    expect(Math.abs(sum(f.c) - d * (glass.n - 1))).to.be.below(1e-9 * glass.n);
    expect(Math.abs(sum(f.c) - sum(r.c))).to.be.below(tol);
    expect(Object.keys(f.dcdg)).to.deep.equal(['simple', 'pure']);
    for (const name of ['simple', 'pure']) {
      const dc = r.dcdg[name]!;
      expect(Math.abs(sum(f.dcdg[name]!) - sum(dc))).to.be.below(tol * 10);
      const bondProduct = sum(Array.from(r.c, (c, a) => c * dc[a]!));
      expect(Math.abs(sum(f.cDcdg[name]!) - bondProduct)).to.be.below(tol * Math.max(1, Math.abs(bondProduct)) * 10);
    }
  });

  it('column names: OVITO-safe, no - or +', () => {
    expect(['simple', 'pure', 'simple-', 'pure+', 'simple-xz', 'simple-yz', 'E'].map(xyzColumnName))
      .to.deep.equal(['simple', 'pure', 'simple_minus', 'pure_plus', 'simple_xz', 'simple_yz', 'E']);
    const glass = readXyz(readFileSync(FIXTURE, 'utf8'));
    const v = new Float64Array(glass.n);
    expect(() => writeXyzWithColumns(glass, [{ name: 'dcdg-pure', values: v }])).to.throw(RangeError, 'is not of the form');
    expect(() => writeXyzWithColumns(glass, [{ name: 'Radius', values: v }])).to.throw(RangeError, 'taken');
    expect(() => writeXyzWithColumns(glass, [{ name: 'a', values: v }, { name: 'A', values: v }])).to.throw(RangeError, 'given twice');
    expect(() => writeXyzWithColumns(glass, [{ name: 'a', values: new Float64Array(3) }])).to.throw(RangeError, 'length N = 64');
  });

  it('softspot lhc --particles of a glass Newton polished: the header has the polished energy and max |F|, not the input\'s', async function () {
    this.timeout(30_000);
    const dir = await mkdtemp(join(tmpdir(), 'softspot-fields-'));
    try {
      const input = new URL('./fixtures/ipl3d_n160_s1.xyz', import.meta.url).pathname; // fmax=9.05e-9 > forceTolerance 1e-9
      const out = join(dir, 'fields.xyz');
      const r = await runCli('lhc', input, '--out', join(dir, 't.csv'), '--particles', out);
      expect(r.code, r.stderr).to.equal(0);
      const reported = /max \|force\| (\S+) \(polished with Newton from 9\.05e-9\)/.exec(r.stderr);
      expect(reported, r.stderr).to.not.equal(null);
      const glass = readXyz(await readFile(out, 'utf8'), out);
      const fmax = Number(glass.info!.fmax);
      expect(fmax).to.be.below(1e-11);
      expect(fmax.toExponential(2)).to.equal(reported![1]);
      // the energy of the glass in the file, by the 3D kernel, and the input's header energy differs from it
      const energy = energyForcesNd(glass, lawOfConfiguration(glass)).energy;
      expect(Number(glass.info!.energy)).to.be.closeTo(energy, 1e-12 * Math.abs(energy));
      expect(glass.info!.seed).to.equal(1); // the rest of the header is the input's
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('softspot lhc --particles: the file round-trips through readXyz, its columns are the fields, its header OVITO\'s form', async function () {
    this.timeout(30_000);
    const dir = await mkdtemp(join(tmpdir(), 'softspot-fields-'));
    try {
      const out = join(dir, 'fields.xyz'), csv = join(dir, 't.csv');
      const r = await runCli('lhc', FIXTURE, '--out', csv, '--deformation', 'simple,pure-', '--particles', out);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.contain(`and ${out}`);
      const text = await readFile(out, 'utf8');
      const { props, columns } = columnsOf(text);
      expect(props).to.equal('species:S:1:pos:R:3:c:R:1:dcdg_simple:R:1:dcdg_pure_minus:R:1:c_dcdg_simple:R:1:c_dcdg_pure_minus:R:1');
      // OVITO: every name a triple name:type:count with type R and a name it maps to a user property
      for (const [name] of columns) expect(name).to.match(/^[A-Za-z_][A-Za-z0-9_]*$/);
      expect(text.split('\n')[1]).to.match(/^Lattice="[^"]+" Properties=\S+ pbc="T T F"/);
      parseProperties(props, (problem) => { throw new Error(problem); });

      // Round trip: the reader takes the file (extra columns ignored), the glass is the one written.
      const glass = readXyz(text, out);
      const plain = readXyz(readFileSync(FIXTURE, 'utf8'));
      const reference = localHeatCapacity(plain, { deformations: [{ name: 'simple', E: Float64Array.of(0, 1, 0, 0) }, { name: 'pure-', E: Float64Array.of(-0.5, 0, 0, 0.5) }] });
      expect(readXyz(writeXyz(reference.config)).positions).to.deep.equal(glass.positions);
      expect(readXyzFrame(text, out).n).to.equal(64);

      // The columns equal the half-bond sums of the CSV table (an independent route: the written table).
      const rows = (await readFile(csv, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      const expected = { c: new Array(64).fill(0), simple: new Array(64).fill(0), pure: new Array(64).fill(0), cs: new Array(64).fill(0), cp: new Array(64).fill(0) };
      for (const [i, j, c, ds, dp] of rows as [number, number, number, number, number][]) {
        for (const p of [i, j]) {
          expected.c[p] += c / 2; expected.simple[p] += ds / 2; expected.pure[p] += dp / 2;
          expected.cs[p] += c * ds / 2; expected.cp[p] += c * dp / 2;
        }
      }
      const pairs: [string, number[]][] = [['c', expected.c], ['dcdg_simple', expected.simple], ['dcdg_pure_minus', expected.pure],
        ['c_dcdg_simple', expected.cs], ['c_dcdg_pure_minus', expected.cp]];
      for (const [name, want] of pairs) {
        const got = columns.get(name)!;
        for (let p = 0; p < 64; p++) expect(Math.abs(got[p]! - want[p]!), `${name}[${p}]`).to.be.at.most(1e-12 * Math.max(1, Math.abs(want[p]!)));
      }
      expect(Math.abs(expected.c.reduce((s, x) => s + x, 0) - 2 * 63)).to.be.below(1e-8);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the particles\' identifiers as column id (OVITO\'s Particle Identifier): written before the fields, read back, checked', () => {
    const glass = readXyz(readFileSync(FIXTURE, 'utf8'));
    const r = localHeatCapacity(glass);
    const f = particleFields(r);
    const ids = Int32Array.from({ length: glass.n }, (_, p) => 1000 + 7 * p);
    const text = formatParticleFieldsXyz(r.config, f, { ids });
    const { props, columns } = columnsOf(text);
    expect(props).to.equal('species:S:1:pos:R:3:id:I:1:c:R:1:dcdg_simple:R:1:dcdg_pure:R:1:c_dcdg_simple:R:1:c_dcdg_pure:R:1');
    expect(columns.get('id')).to.deep.equal(Array.from(ids));
    expect(columns.get('c')).to.deep.equal(Array.from(f.c));
    expect(readXyz(text).positions).to.deep.equal(r.config.positions);
    // Without ids, the file is as before: no id column.
    const without = columnsOf(formatParticleFieldsXyz(r.config, f)).columns;
    expect(without.has('id')).to.equal(false);
    expect([...without.keys()]).to.deep.equal([...columns.keys()].filter((k) => k !== 'id'));
    for (const [name, values] of without) expect(values, name).to.deep.equal(columns.get(name));
    const v = new Float64Array(glass.n);
    expect(() => writeXyzWithColumns(glass, [{ name: 'a', values: v }], { ids: ids.subarray(1) })).to.throw(RangeError, 'options.ids: expected N = 64 identifiers, got 63');
    expect(() => writeXyzWithColumns(glass, [], { ids: Float64Array.from(ids, (x, p) => (p === 5 ? 1.5 : x)) })).to.throw(RangeError, 'options.ids has 1.5 at particle 5; expected integers');
  });

  it('formatParticleFieldsXyz refuses fields of another N', () => {
    const glass = readXyz(readFileSync(FIXTURE, 'utf8'));
    expect(() => formatParticleFieldsXyz(glass, { n: 3, c: new Float64Array(3), dcdg: {}, cDcdg: {} })).to.throw(RangeError, 'fields for 3 particles');
  });

  it('the atom ids of each interaction by the numpy recipe of docs/formats.md, as written: a LAMMPS dump of shuffled ids, every bond\'s two atoms (found by id in the dump) within the cutoff', async function () {
    this.timeout(60_000);
    const python = requirePython(this, ['numpy'], 'python3-numpy');
    const glass = readXyz(readFileSync(FIXTURE, 'utf8'));
    const n = glass.n, L = glass.cell[0]!;
    // The glass as a dump whose ids are 1000 + 7k, lines in a shuffled order.
    const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => ((a * 37) % n) - ((b * 37) % n));
    const idOf = (k: number): number => 1000 + 7 * ((k * 29) % n);
    const lines = order.map((k) => `${idOf(k)} ${glass.species[k]! + 1} ${glass.positions[2 * k]} ${glass.positions[2 * k + 1]} 0`);
    const dir = await mkdtemp(join(tmpdir(), 'softspot-bond-ids-'));
    try {
      const dump = join(dir, 'glass.dump');
      writeFileSync(dump, `ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n${n}\nITEM: BOX BOUNDS pp pp pp\n0 ${L}\n0 ${glass.cell[3]}\n-0.5 0.5\nITEM: ATOMS id type x y z\n${lines.join('\n')}\n`);
      const r = await runCli('lhc', dump, '--out', join(dir, 'lhc.csv'), '--particles', join(dir, 'fields.xyz'), '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'formats.md'), 'utf8');
      const snippet = /### Bonds, with atom ids[\s\S]*?```python\n([\s\S]*?)```/.exec(doc)![1]!
        .replaceAll("'lhc.csv'", JSON.stringify(join(dir, 'lhc.csv'))).replaceAll("'fields.xyz'", JSON.stringify(join(dir, 'fields.xyz')));
      const bonds = JSON.parse(execFileSync(python, ['-c', `${snippet}\nimport json\nprint(json.dumps(bonds.tolist()))`], { encoding: 'utf8' })) as number[][];
      const csvRows = readFileSync(join(dir, 'lhc.csv'), 'utf8').trim().split('\n').length - 1;
      expect(bonds).to.have.length(csvRows);
      // Positions by id, from the dump as written here; each bond within the largest ipl cutoff (1.4 σ_LL = 2.24), minimum image.
      const at = new Map(order.map((k) => [idOf(k), [glass.positions[2 * k]!, glass.positions[2 * k + 1]!]]));
      for (const [a, b] of bonds) {
        const [xa, ya] = at.get(a!)!, [xb, yb] = at.get(b!)!;
        const dx = xb - xa - L * Math.round((xb - xa) / L), dy = yb - ya - glass.cell[3]! * Math.round((yb - ya) / glass.cell[3]!);
        expect(Math.hypot(dx, dy), `bond ${a}–${b}`).to.be.below(2.24);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
