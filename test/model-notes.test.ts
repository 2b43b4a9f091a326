/**
 * The notes a command prints about the model a glass was read under (lib/cli/input.ts
 * modelNotes): a composition far from the model's, as LAMMPS types in another order than
 * the model's species give (a `pair_style table` glass has no Pair Coeffs to compare), is
 * named with the mapping of types to species; the glass as written gets no such note.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

describe('model notes: a composition far from the model\'s', () => {
  let dir = '';
  scratchDir('softspot-model-notes-', (d) => { dir = d; });

  it('a KA data file with its types 1 and 2 swapped is told the composition and the type order; the file as written is not', async () => {
    const text = readFileSync(fixturePath('ka_n256_s2.data'), 'utf8');
    const lines = text.split('\n');
    const atoms = lines.findIndex((l) => l.startsWith('Atoms'));
    // Count the types independently of softspot's reader: the second column of the 256 atom lines.
    const types = lines.slice(atoms + 2, atoms + 2 + 256).map((l) => Number(l.trim().split(/\s+/)[1]));
    const a = types.filter((t) => t === 1).length, b = 256 - a;
    const swapped = lines.map((l, k) => (k >= atoms + 2 && k < atoms + 2 + 256 ? l.replace(/^(\d+) ([12]) /, (_, id, t) => `${id} ${t === '1' ? 2 : 1} `) : l)).join('\n');
    const path = join(dir, 'swapped.data');
    writeFileSync(path, swapped);
    const pct = (x: number): string => `${Math.round((100 * x) / 256)} %`;
    const r = await runCli('info', path, '--model', 'ka');
    expect(r.stderr).to.contain(`info: note: ${path}: composition A ${pct(b)}, B ${pct(a)}, but model ka's is A 80 %, B 20 %: if that is not intended, ` +
      'its atom types are in another order than the model\'s species (LAMMPS type t is the t-th: 1 → A, 2 → B), or the glass is of another model (--model)');
    const plain = await runCli('info', fixturePath('ka_n256_s2.data'), '--model', 'ka');
    expect(plain.code, plain.stderr).to.equal(0);
    expect(plain.stderr).to.not.contain('composition');
  });
});
