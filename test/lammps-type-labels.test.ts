/**
 * LAMMPS type labels (labelmap; write_data's Atom Type Labels section, `write_data … types
 * labels`, `dump_modify … types labels`): a labelled type is the model's species of that
 * name, whatever its number. The reference is the fixture ka_n256_s2.data, whose types are
 * in the model's order (1 = A, 2 = B; its c and dc/dγ are checked against the independent
 * implementation in design10-fixtures.test.ts): the same glass with its type numbers
 * swapped and labelled `1 B`, `2 A` must read as the same configuration, species by species.
 * The files are written here by hand after the LAMMPS manual's formats (read_data "Atom Type
 * Labels section"; the LAMMPS on the test machines predates labelmap).
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { lammpsToConfiguration, readLammpsData, readLammpsDump } from '../lib/io/index.js';
import { pairCutoffNote } from '../lib/io/lammps-config.js';
import { modelPreset } from '../lib/model/index.js';
import { expectLammpsError } from './helpers/lammps-error.js';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const ORIGINAL = readFileSync(fixturePath('ka_n256_s2.data'), 'utf8');
const LINES = ORIGINAL.split('\n');
const ATOMS_AT = LINES.indexOf('Atoms # atomic');
const MASSES_AT = LINES.indexOf('Masses');

/** The original's Atoms lines: [id, type, x, y, z]. */
const ATOMS = LINES.slice(ATOMS_AT + 2).filter((l) => l.trim() !== '').map((l) => l.split(' '));

/** The fixture's header (title to the box), then `sections`, then the atoms with their type written by `type`. */
function dataFile(sections: string, type: (t: string) => string, atomsKeyword = 'Atoms # atomic'): string {
  const header = LINES.slice(0, MASSES_AT).join('\n');
  const atoms = ATOMS.map(([id, t, ...x]) => [id, type(t!), ...x].join(' ')).join('\n');
  return `${header}\n${sections}\n${atomsKeyword}\n\n${atoms}\n`;
}

const swap = (t: string): string => (t === '1' ? '2' : '1');
const name = (t: string): string => (t === '1' ? 'A' : 'B');

function read(text: string, model = 'ka'): Configuration {
  return lammpsToConfiguration(readLammpsData(text, 'x.data'), { model });
}

function expectSameGlass(ours: Configuration, reference: Configuration): void {
  expect(ours.n).to.equal(reference.n);
  expect(Array.from(ours.species)).to.deep.equal(Array.from(reference.species));
  expect(Array.from(ours.positions)).to.deep.equal(Array.from(reference.positions));
  expect(Array.from(ours.cell)).to.deep.equal(Array.from(reference.cell));
}

describe('LAMMPS type labels map types to the model\'s species by name', () => {
  const reference = read(ORIGINAL);
  let tmp = '';
  scratchDir('softspot-labels-', (d) => { tmp = d; });

  it('the reference: 205 A and 51 B, type 1 = A', () => {
    expect(reference.species.filter((s) => s === 0).length).to.equal(205);
    expect(reference.species.filter((s) => s === 1).length).to.equal(51);
  });

  it('types swapped and labelled "1 B", "2 A" (numbers in Masses and Atoms): the same glass', () => {
    const text = dataFile('Atom Type Labels\n\n1 B\n2 A\n\nMasses\n\n1 1\n2 1\n', swap);
    expectSameGlass(read(text), reference);
    // Without the section the swapped file is another glass (the order maps 1 → A): the labels are what makes it the same.
    const unlabelled = read(dataFile('Masses\n\n1 1\n2 1\n', swap));
    expect(Array.from(unlabelled.species)).to.not.deep.equal(Array.from(reference.species));
  });

  it('written with "types labels" (labels in Masses and Atoms, and leniently in Pair Coeffs and with the section after Masses): the same glass, its masses by label, its ε and σ checked by species', () => {
    const pair = 'Pair Coeffs # lj/cut\n\nB 0.5 0.88\nA 1 1\n';
    const text = dataFile(`Masses\n\nB 2.5\nA 1\n\n${pair}\nAtom Type Labels\n\n1 B\n2 A\n`, (t) => name(t));
    const snapshot = readLammpsData(text, 'x.data');
    expect(Array.from(snapshot.masses!)).to.deep.equal([2.5, 1]); // type 1 is B
    expectSameGlass(lammpsToConfiguration(snapshot, { model: 'ka' }), reference);
    // The same ε σ lines with numbers in the order of the labels (1 = B): B's coefficients given to A are refused.
    const wrong = dataFile(`Masses\n\nB 1\nA 1\n\nPair Coeffs # lj/cut\n\n1 1 1\n2 0.5 0.88\n\nAtom Type Labels\n\n1 B\n2 A\n`, (t) => name(t));
    expect(() => read(wrong)).to.throw(/x\.data:\d+: the lj\/cut coefficients of types 1–1 are ε = 1, σ = 1, but model ka has ε = 0.5, σ = 0.88 for B–B; the Atom Type Labels make type 1 B, type 2 A: correct the coefficients or the labels/);
    // lj/cut cutoffs (PairIJ) by species too: the model's B–B cutoff 2.2 under label B says nothing.
    const ij = dataFile('Masses\n\nB 1\nA 1\n\nPairIJ Coeffs # lj/cut\n\nB B 0.5 0.88 2.2\nA B 1.5 0.8 2\nA A 1 1 2.5\n\nAtom Type Labels\n\n1 B\n2 A\n', (t) => name(t));
    expect(pairCutoffNote(readLammpsData(ij, 'x.data'), modelPreset('ka'))).to.equal(undefined);
  });

  it('labels that are not species of the model ("small", "large"; "-x", "+y", which LAMMPS takes): types map in order, as without labels', () => {
    expectSameGlass(read(dataFile('Atom Type Labels\n\n1 small\n2 large\n\nMasses\n\n1 1\n2 1\n', (t) => t)), reference);
    expectSameGlass(read(dataFile('Atom Type Labels\n\n1 -x\n2 +y\n\nMasses\n\n1 1\n2 1\n', (t) => t)), reference);
  });

  it('labels that are species but for their case ("1 b", "2 a" on swapped types) map by name: the same glass (read in order they would swap the species back)', () => {
    expectSameGlass(read(dataFile('Atom Type Labels\n\n1 b\n2 a\n\nMasses\n\n1 1\n2 1\n', swap)), reference);
  });

  it('refuses labels of which some are species that would land elsewhere in order, naming them', () => {
    const text = dataFile('Atom Type Labels\n\n1 B\n2 other\n\nMasses\n\n1 1\n2 1\n', swap);
    expect(() => read(text)).to.throw(RangeError,
      /x\.data:\d+: the Atom Type Labels name type 1 'B', species 2 of model ka, but not every type's label is a species \(1 B, 2 other\), so types map in order and type 1 would be A; label every type by a species of model ka \(A, B\), or remove the section/);
  });

  it('refuses two labels of one species ("1 a", "2 A"): by name they would merge two types into one species', () => {
    const text = dataFile('Atom Type Labels\n\n1 a\n2 A\n\nMasses\n\n1 1\n2 1\n', (t) => t);
    expect(() => read(text)).to.throw(RangeError, /x\.data:\d+: types 1 'a' and 2 'A' both name species A of model ka \(labels match ignoring case\); label each type in use by its own species \(A, B\)/);
  });

  it('a malformed labels section, or a label no section defines, is an error at its line', () => {
    const labelsLine = MASSES_AT + 3; // the first line of the section in dataFile's layout
    expectLammpsError(() => readLammpsData(dataFile('Atom Type Labels\n\n1 B\n1 A\n\nMasses\n\n1 1\n2 1\n', swap)),
      labelsLine + 1, "atom type 1 has a second label ('A'; the first: 'B')");
    expectLammpsError(() => readLammpsData(dataFile('Atom Type Labels\n\n1 B\n2 B\n\nMasses\n\n1 1\n2 1\n', swap)),
      labelsLine + 1, "the label 'B' names atom types 1 and 2");
    expectLammpsError(() => readLammpsData(dataFile('Atom Type Labels\n\n1 2x\n2 A\n\nMasses\n\n1 1\n2 1\n', swap)),
      labelsLine, "the label '2x' of atom type 1 starts with a digit");
    expectLammpsError(() => readLammpsData(dataFile('Atom Type Labels\n\n3 B\n\nMasses\n\n1 1\n2 1\n', swap)),
      labelsLine, 'atom type 3 > the 2 atom types of the header');
    const unknown = dataFile('Atom Type Labels\n\n1 B\n2 A\n\nMasses\n\n1 1\n2 1\n', (t) => (t === '1' ? 'A' : 'C'));
    const firstB = ATOMS.findIndex(([, t]) => t === '2');
    expectLammpsError(() => readLammpsData(unknown), unknown.split('\n').indexOf(`${ATOMS[firstB]![0]} C ${ATOMS[firstB]!.slice(2).join(' ')}`) + 1,
      "the atom type 'C' is not a label of the Atom Type Labels section", '1 B, 2 A');
    const noSection = dataFile('Masses\n\n1 1\n2 1\n', name);
    expectLammpsError(() => readLammpsData(noSection), noSection.split('\n').indexOf('Atoms # atomic') + 3,
      "the atom type 'A' is a type label, but the file has no Atom Type Labels section");
  });

  describe('dumps with "dump_modify … types labels"', () => {
    /** The glass as a dump frame, types written by `type`, atoms in the order `order`. */
    function dump(type: (t: string) => string, order = ATOMS): string {
      const side = LINES.find((l) => l.endsWith('xlo xhi'))!.split(' ')[1]!;
      const bounds = `0 ${side}\n`.repeat(3);
      return `ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n${order.length}\nITEM: BOX BOUNDS pp pp pp\n${bounds}ITEM: ATOMS id type x y z\n` +
        order.map(([id, t, ...x]) => [id, type(t!), ...x].join(' ')).join('\n') + '\n';
    }

    it('labels are species: the same glass, whichever label comes first', () => {
      // B first: the dump numbers labels in order of appearance (B → 1), which must not matter.
      const bFirst = [...ATOMS.filter(([, t]) => t === '2'), ...ATOMS.filter(([, t]) => t === '1')];
      const snapshot = readLammpsDump(dump(name, bFirst), 'x.dump');
      expect(snapshot.typeLabels).to.deep.equal(['B', 'A']);
      expectSameGlass(lammpsToConfiguration(snapshot, { model: 'ka' }), reference);
    });

    it('labels that are not species are refused (their numbering means nothing); a number among labels is an error at its line', () => {
      const other = dump((t) => (t === '1' ? 'A' : 'Big'));
      expect(() => lammpsToConfiguration(readLammpsDump(other, 'x.dump'), { model: 'ka' })).to.throw(RangeError,
        /x\.dump:10: the dump's types are labels \(A, Big\), but 'Big' is not a species of model ka \(A, B\); label every type by a species of model ka \(A, B\), or dump the types as numbers/);
      // Read under another model (ipl3d): the labels are ka's species, and the message says so.
      expect(() => lammpsToConfiguration(readLammpsDump(dump(name), 'x.dump'), { model: 'ipl3d' })).to.throw(RangeError,
        /x\.dump:10: the dump's types are labels \(A, B\), but 'A', 'B' are not species of model ipl3d \(S, L\); they are species of ka: give --model ka/);
      const mixed = dump((t) => (t === '1' ? 'A' : '2'));
      const firstB = ATOMS.findIndex(([, t]) => t === '2');
      expectLammpsError(() => readLammpsDump(mixed), 10 + firstB, `atom id ${ATOMS[firstB]![0]} has the numeric type '2', but the frame's first atom has a type label`);
    });
  });

  it('softspot info reads a labelled file as its species: 205 A, 51 B', async () => {
    const path = join(tmp, 'labelled.data');
    writeFileSync(path, dataFile('Atom Type Labels\n\n1 B\n2 A\n\nMasses\n\n1 1\n2 1\n', swap));
    const info = await runCli('info', path, '--model', 'ka');
    expect(info.code, info.stderr).to.equal(0);
    expect(info.stdout).to.match(/particles\s+256 \(205 A, 51 B\)/);
  });
});
