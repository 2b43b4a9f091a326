/**
 * Atom ids through softspot's own extended XYZ: `minimize` of a LAMMPS file writes them as
 * column id, and a command reading that file carries them on (lhc --particles, minimize,
 * modes' core ids), as it does for the LAMMPS file itself; an id column with a repeated or
 * non-integer id is refused, naming the particle.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readXyzFrame } from '../lib/io/index.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const idColumn = (text: string): number[] => {
  const lines = text.trimEnd().split('\n');
  const props = /Properties=(\S+)/.exec(lines[1]!)![1]!.split(':');
  let col = 0, at = -1;
  for (let k = 0; k < props.length; k += 3) {
    if (props[k] === 'id') at = col;
    col += Number(props[k + 2]);
  }
  expect(at, 'an id column').to.be.at.least(0);
  return lines.slice(2, 2 + Number(lines[0])).map((l) => Number(l.trim().split(/\s+/)[at]));
};

describe('atom ids through extended XYZ', function () {
  this.timeout(120_000);
  let tmp = '';
  scratchDir('softspot-xyz-ids-', (d) => { tmp = d; });

  it('minimize of a LAMMPS dump → .xyz (ids) → lhc --particles and minimize again keep the dump\'s ids', async () => {
    const dump = fixturePath('lammps/poly/poly2d.dump');
    const rows = readFileSync(dump, 'utf8').split('\n').slice(9).filter((l) => l.trim() !== '').map((l) => Number(l.trim().split(/\s+/)[0]));
    rows.sort((a, b) => a - b);
    const m = join(tmp, 'm.xyz');
    expect((await runCli('minimize', dump, '--model', 'poly', '--out', m, '--quiet')).code).to.equal(0);
    expect(idColumn(readFileSync(m, 'utf8'))).to.deep.equal(rows);
    const fields = join(tmp, 'f.xyz'), again = join(tmp, 'again.xyz');
    const lhc = await runCli('lhc', m, '--out', join(tmp, 'l.csv'), '--particles', fields);
    expect(lhc.code, lhc.stderr).to.equal(0);
    expect(idColumn(readFileSync(fields, 'utf8'))).to.deep.equal(rows);
    expect((await runCli('minimize', m, '--out', again, '--quiet')).code).to.equal(0);
    expect(idColumn(readFileSync(again, 'utf8'))).to.deep.equal(rows);
  });

  it('a repeated or non-integer id is refused, naming the particle', () => {
    const head = '3\nLattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:2:id:I:1 pbc="T T F"\n';
    expect(readXyzFrame(`${head}S 0 0 7\nS 1 1 9\nL 2 2 8\n`).ids).to.deep.equal(Int32Array.of(7, 9, 8));
    expect(() => readXyzFrame(`${head}S 0 0 7\nS 1 1 7\nL 2 2 8\n`, 'x.xyz')).to.throw(/x\.xyz:4: particles 0 and 1 have the same id 7/);
    expect(() => readXyzFrame(`${head}S 0 0 7\nS 1 1 0\nL 2 2 8\n`, 'x.xyz')).to.throw(/the id '0' of particle 1 is not an integer in 1 … 2³¹ − 1/);
  });
});
