/**
 * A LAMMPS file's atom ids through the commands that report or write particles: softspot
 * numbers the atoms in id order (particle k is the atom of the k-th smallest id; i, j of the
 * lhc CSV), and writes the ids beside it where a user joins softspot's output to their own
 * trajectory — column id of `lhc --particles`, `minimize` and `aqs --out-after/--out-before`
 * (OVITO's Particle Identifier), `particleId` of `aqs --json`. The glass is the fixture
 * n64_s1 written as a data file with ids 100 + 3p for fixture particle p, in reverse order:
 * its independent references (fields, first events) name fixture particles, hence ids.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXyz } from '../lib/io/index.js';
import { localHeatCapacity, particleFields } from '../lib/lhc/index.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';

const FIXTURE = fixturePath('n64_s1.xyz');

/** Column `name` of an extended-XYZ file written by softspot (Properties= parsed here, independently of the writer), or undefined. */
function column(text: string, name: string): number[] | undefined {
  const lines = text.trimEnd().split('\n');
  const parts = /Properties=(\S+)/.exec(lines[1]!)![1]!.split(':');
  let offset = 0;
  for (let k = 0; k < parts.length; k += 3) {
    if (parts[k] === name) return lines.slice(2, 2 + Number(lines[0])).map((l) => Number(l.trim().split(/\s+/)[offset]));
    offset += Number(parts[k + 2]);
  }
  return undefined;
}
const idColumn = (text: string): number[] | undefined => column(text, 'id');

describe('a LAMMPS file\'s atom ids through the commands', function () {
  this.timeout(120000);
  let dir = '', data = '';
  const glass = readXyz(readFileSync(FIXTURE, 'utf8'));
  const idOf = (p: number): number => 100 + 3 * p;
  const allIds = Array.from({ length: glass.n }, (_, p) => idOf(p));

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'softspot-ids-'));
    data = join(dir, 'glass.data');
    const [lx, txy, , ly] = glass.cell;
    const atoms = Array.from({ length: glass.n }, (_, p) => glass.n - 1 - p)
      .map((p) => `${idOf(p)} ${glass.species[p]! + 1} ${glass.positions[2 * p]!} ${glass.positions[2 * p + 1]!} 0`);
    await writeFile(data, ['LAMMPS data file', '', `${glass.n} atoms`, '2 atom types', '', `0 ${lx} xlo xhi`, `0 ${ly} ylo yhi`, '-0.5 0.5 zlo zhi',
      `${txy} 0 0 xy xz yz`, '', 'Atoms # atomic', '', ...atoms, ''].join('\n'));
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('lhc --particles and minimize carry the ids; particle k is the atom of the k-th smallest id', async () => {
    const run = await runCli('lhc', data, '--out', join(dir, 't.csv'), '--particles', join(dir, 'p.xyz'));
    expect(run.code, run.stderr).to.equal(0);
    const particles = await readFile(join(dir, 'p.xyz'), 'utf8');
    expect(idColumn(particles)).to.deep.equal(allIds);
    const c = column(particles, 'c')!;
    const f = particleFields(localHeatCapacity(glass));
    for (let p = 0; p < glass.n; p++) expect(Math.abs(c[p]! - f.c[p]!), `atom id ${idOf(p)}`).to.be.at.most(1e-9 * Math.max(1, Math.abs(f.c[p]!)));
    const min = await runCli('minimize', data, '--out', join(dir, 'm.xyz'), '--quiet');
    expect(min.code, min.stderr).to.equal(0);
    const m = await readFile(join(dir, 'm.xyz'), 'utf8');
    expect(idColumn(m)).to.deep.equal(allIds);
    expect(readXyz(m).n).to.equal(glass.n);
    // An extended-XYZ input has no ids to carry: no id column.
    const plain = await runCli('lhc', FIXTURE, '--out', join(dir, 't2.csv'), '--particles', join(dir, 'p2.xyz'));
    expect(plain.code).to.equal(0);
    expect(idColumn(await readFile(join(dir, 'p2.xyz'), 'utf8'))).to.equal(undefined);
  });

  it('aqs: the event particle\'s atom id (particleId in --json, "atom id" in the text), the states with their ids', async () => {
    const aqs = JSON.parse(readFileSync(fixturePath('n64_s1.aqs.json'), 'utf8')) as { events: Record<string, { event_particle: number; event_particle_alt: number }> };
    const json = await runCli('aqs', data, '--mode', 'simple', '--sign', '+', '--json', '--quiet', '--out-after', join(dir, 'after.xyz'));
    expect(json.code, json.stderr).to.equal(0);
    const event = JSON.parse(json.stdout.trim()) as { particle: number; particleId: number };
    const want = aqs.events['simple+']!;
    expect(event.particle).to.be.oneOf([want.event_particle, want.event_particle_alt]);
    expect(event.particleId).to.equal(idOf(event.particle));
    expect(idColumn(await readFile(join(dir, 'after.xyz'), 'utf8'))).to.deep.equal(allIds);
    const text = await runCli('aqs', data, '--mode', 'simple', '--sign', '+', '--quiet');
    expect(text.stdout).to.contain(`particle ${event.particle} (atom id ${idOf(event.particle)}) at (`);
    // An extended-XYZ input: no ids.
    const plain = await runCli('aqs', FIXTURE, '--mode', 'simple', '--sign', '+', '--json', '--quiet');
    expect(JSON.parse(plain.stdout.trim())).to.not.have.property('particleId');
  });

  it('modes: each core particle\'s atom id (core.id in --json, column id of the table)', async () => {
    const json = await runCli('modes', data, '--k', '4', '--json', '--nonlinear');
    expect(json.code, json.stderr).to.equal(0);
    const modes = (JSON.parse(json.stdout) as { modes: Array<{ core: { particle: number; id: number }; nonlinear: { core: { particle: number; id: number } } }> }).modes;
    expect(modes).to.have.length(4);
    for (const m of modes) {
      expect(m.core.id).to.equal(idOf(m.core.particle));
      expect(m.nonlinear.core.id).to.equal(idOf(m.nonlinear.core.particle));
    }
    const text = await runCli('modes', data, '--k', '4');
    const rows = text.stdout.trim().split('\n');
    const header = rows[0]!.trim().split(/\s+/);
    expect(header.slice(0, 7)).to.deep.equal(['#', 'omega', 'lambda', 'e', 'QLM', 'core', 'id']);
    for (const [k, row] of rows.slice(1).entries()) {
      const cells = row.trim().split(/\s+/);
      expect([Number(cells[5]), Number(cells[6])]).to.deep.equal([modes[k]!.core.particle, idOf(modes[k]!.core.particle)]);
    }
    const plain = await runCli('modes', FIXTURE, '--k', '2', '--json');
    for (const m of (JSON.parse(plain.stdout) as { modes: Array<{ core: object }> }).modes) expect(m.core).to.not.have.property('id');
  });
});
