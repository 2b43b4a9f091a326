import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  XyzFormatError, configurationOfFrame, findClosePair3, readXyz, readXyzFrame, writeXyz, writeXyzFrame, type XyzFrame,
} from '../lib/io/index.js';
import { expectConfiguration, expectConfigurationOfDimension } from '../lib/validate.js';
import { InputError } from '../lib/cli/errors.js';
import { readInputGlass } from '../lib/cli/input.js';
import { seededRandom as rng } from './helpers/dense-linalg.js';

/** A uniform double in [0, 1) with all 53 mantissa bits random. */
const random53 = (r: () => number): number => (Math.floor(r() * 2 ** 26) * 2 ** 27 + Math.floor(r() * 2 ** 27)) / 2 ** 53;

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function expectError(text: string, line: number, ...fragments: string[]): void {
  let caught: unknown;
  try {
    readXyzFrame(text);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an XyzFormatError').to.be.instanceOf(XyzFormatError);
  const error = caught as XyzFormatError;
  expect(error.line, error.message).to.equal(line);
  for (const fragment of fragments) expect(error.message).to.contain(fragment);
}

const file = (head: string, lines: string[]): string => `${lines.length}\n${head}\n${lines.join('\n')}\n`;

/** A random 3D frame in a general (xy, xz, yz tilted) cell, with awkward doubles. */
function random3d(n: number, seed: number, model = 'ka'): XyzFrame {
  const r = rng(seed);
  const cell = Float64Array.of(6 + random53(r), 0.7 * random53(r), -0.4 * random53(r), 0, 5.5 + random53(r), 0.3 * random53(r), 0, 0, 7 + random53(r));
  const positions = new Float64Array(3 * n);
  for (let p = 0; p < n; p++) {
    const s = [random53(r), random53(r), random53(r)];
    for (let a = 0; a < 3; a++) positions[3 * p + a] = cell[3 * a]! * s[0]! + cell[3 * a + 1]! * s[1]! + cell[3 * a + 2]! * s[2]!;
  }
  positions[0] = -0;
  positions[4] = 5e-324;
  const species = Uint8Array.from({ length: n }, (_, p) => (p % 5 === 0 ? 1 : 0));
  return { dim: 3, n, cell, positions, species, model, info: { seed, energy: -1234.5678901234567 } };
}

describe('io/xyz: files carry their model (DESIGN §10)', () => {
  it('a file without model= is the paper\'s 2D ipl: no model on the configuration, written as before', () => {
    const text = file('Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"', ['S 0.5 0.5 0', 'L 2 2 0']);
    const config = readXyz(text);
    expect(config.model).to.equal(undefined);
    expect(config.sigma).to.equal(undefined);
    expect(writeXyz(config)).to.equal(text);
  });

  it('ka2d: A/B species, model= read and written, bit-exact text round trip', () => {
    const text = file('Lattice="5.5 0 0 0.25 5 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F" model=ka2d seed=3',
      ['A 0.1 0.2 0', 'B 2.000000000000001 3.3 0', 'A 4.4 1e-300 0']);
    const config = readXyz(text);
    expect(config.model).to.equal('ka2d');
    expect(Array.from(config.species)).to.deep.equal([0, 1, 0]);
    expect(config.info).to.deep.equal({ seed: 3 });
    expect(writeXyz(config)).to.equal(text);
  });

  it('poly: the sigma column (or OVITO\'s radius, σ = 2r) is read and written; a poly file without either is an error', () => {
    const text = file('Lattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3:sigma:R:1 pbc="T T F" model=poly',
      ['P 0.5 0.5 0 0.73', 'P 2.5 2.5 0 1.6199999999999999', 'P 4 1 0 1.1']);
    const config = readXyz(text);
    expect(Array.from(config.sigma!)).to.deep.equal([0.73, 1.6199999999999999, 1.1]);
    expect(writeXyz(config)).to.equal(text);
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F" model=poly', ['P 0.5 0.5 0']), 2,
      'model=poly needs the particle sizes, but Properties declares no sigma:R:1 (or radius:R:1) column', 'add sigma:R:1 to Properties');
    // OVITO's Radius column (a poly glass OVITO read from a LAMMPS sphere file and exported): σ_i = 2r.
    const radius = readXyz(file('Lattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3:Radius:R:1 pbc="T T F" model=poly',
      ['P 0.5 0.5 0 0.365', 'P 2.5 2.5 0 0.80999999999999994', 'P 4 1 0 0.55']));
    expect(Array.from(radius.sigma!)).to.deep.equal([0.73, 1.6199999999999999, 1.1]);
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3:radius:R:1 pbc="T T F" model=poly', ['P 0.5 0.5 0 0']), 3,
      "the size radius '0' of particle 0 is not a positive number", 'σ_i/2 > 0 (λ) in the radius column');
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3:sigma:R:1 pbc="T T F" model=poly', ['P 0.5 0.5 0 -1']), 3,
      "the size sigma '-1' of particle 0 is not a positive number");
    expect(() => writeXyz({ ...config, sigma: undefined })).to.throw(RangeError, "model 'poly' needs config.sigma");
  });

  it('species the preset does not know, and unknown models, are errors naming the fix', () => {
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" pbc="T T F" model=ka2d', ['A 1 1 0', 'S 3 3 0']), 4,
      "unknown species 'S' for particle 1: model 'ka2d' has species A, B", 'model=<preset>');
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" pbc="T T F"', ['A 1 1 0']), 3, "unknown species 'A' for particle 0", 'S, L');
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" pbc="T T F" model=kob', ['A 1 1 0']), 2,
      'model=kob is not a model softspot knows', 'model=ipl, model=ipl3d, model=ka, model=ka2d, model=poly');
    expect(() => writeXyz({ n: 1, cell: Float64Array.of(5, 0, 0, 5), positions: new Float64Array(2), species: Uint8Array.of(1), model: 'poly', sigma: Float64Array.of(1) }))
      .to.throw(RangeError, "writeXyz: expected species codes 0 (P) of model 'poly', got 1 for particle 0");
  });

  it('a file that names no model, read under a given one (OVITO\'s, ASE\'s files): species by name, number or ASE\'s element; a file\'s own model wins', () => {
    const head = 'Lattice="5 0 0 0 5 0 0 0 1" pbc="T T T"'; // as ASE writes a 2D cell
    const ways = [['A', 'B'], ['1', '2'], ['H', 'He']];
    for (const [a, b] of ways) {
      const frame = readXyzFrame(file(head, [`${a} 1 1 0`, `${b} 3 3 0`, `${a} 1 3.5 0`]), '<string>', { model: 'ka2d' });
      expect([frame.model, frame.dim, Array.from(frame.species)], `${a}/${b}`).to.deep.equal(['ka2d', 2, [0, 1, 0]]);
    }
    // 3D under a 3D model, labels 1/2.
    const cube = readXyzFrame(file('Lattice="6 0 0 0 6 0 0 0 6" pbc="T T T"', ['2 1 1 1', '1 3 3 3']), '<string>', { model: 'ka' });
    expect([cube.model, cube.dim, Array.from(cube.species)]).to.deep.equal(['ka', 3, [1, 0]]);
    // Without a given model, numbers are not species; with one, a number beyond its species is refused, naming what is read.
    expectError(file(head, ['1 1 1 0']), 3, "unknown species '1' for particle 0", 'S, L');
    // ... and the message says how to name the model, not only how to relabel the file (a walkthrough's stumble):
    // an ASE file of a KA glass (H, He) read with no model, in 2D and in 3D.
    expectError(file(head, ['H 1 1 0']), 3, "unknown species 'H' for particle 0: with no model= on line 2 the file is the paper's 2D ipl, species S, L",
      'a glass of another model: name it (--model ipl3d|ka|ka2d|poly or a model file; options.model in the API)');
    expectError(file('Lattice="6 0 0 0 6 0 0 0 6" pbc="T T T"', ['S 1 1 1']), 3, "particle 0 has z = 1: a 3D configuration", 'or with --model (options.model in the API)');
    let caught: unknown;
    try { readXyzFrame(file(head, ['3 1 1 0']), '<string>', { model: 'ka2d' }); } catch (error) { caught = error; }
    expect((caught as Error).message).to.contain("<string>:3: unknown species '3' for particle 0: model 'ka2d' (given: no model= on line 2) has species A, B; use one of A, B, their numbers 1 … 2 or the elements H, He");
    // A file that names its model is read under it (the caller compares).
    expect(readXyzFrame(file(`${head} model=ka2d`, ['A 1 1 0']), '<string>', { model: 'ka' }).model).to.equal('ka2d');
    expect(() => readXyzFrame(file(head, ['A 1 1 0']), '<string>', { model: 'kob' })).to.throw(RangeError, /options\.model: unknown model preset 'kob'/);
  });

  it('3D: read and written with the full cell, pbc="T T T" and three coordinates, bit for bit', () => {
    for (const [n, seed, model] of [[7, 1, 'ka'], [40, 2, 'ipl3d']] as const) {
      const frame = random3d(n, seed, model);
      const text = writeXyzFrame(frame);
      expect(text.split('\n')[1]).to.match(/^Lattice="(\S+ ){8}\S+" Properties=species:S:1:pos:R:3 pbc="T T T" model=/);
      const back = readXyzFrame(text);
      expect(back.dim).to.equal(3);
      expect(back.model).to.equal(model);
      expect(sameBits(back.cell, frame.cell), 'cell bits').to.equal(true);
      expect(sameBits(back.positions, frame.positions), 'position bits').to.equal(true);
      expect(Array.from(back.species)).to.deep.equal(Array.from(frame.species));
      expect(back.info).to.deep.equal(frame.info);
      expect(writeXyzFrame(back)).to.equal(text);
    }
    // The cell vectors are the columns of h: a2 = (h01, h11, h21) is Lattice numbers 4–6.
    const frame = random3d(3, 5);
    const numbers = /Lattice="([^"]+)"/.exec(writeXyzFrame(frame).split('\n')[1]!)![1]!.split(' ').map(Number);
    expect(numbers.slice(3, 6)).to.deep.equal([frame.cell[1], frame.cell[4], frame.cell[7]]);
  });

  it('3D poly: sizes and dimension from pbc and a3', () => {
    const frame = { ...random3d(6, 9, 'poly'), species: new Uint8Array(6), sigma: Float64Array.of(0.73, 1, 1.2, 1.62, 0.9, 1.1) };
    const back = readXyzFrame(writeXyzFrame(frame));
    expect(back.dim).to.equal(3);
    expect(Array.from(back.sigma!)).to.deep.equal(Array.from(frame.sigma));
  });

  it('3D errors: a 3D file under a 2D model, a 3D model with pbc other than "T T T" (none: periodic, as OVITO writes it); readXyz reads a 3D file as writeXyz wrote it', () => {
    const cube = 'Lattice="5 0 0 0.5 5 0 0.2 0.3 5" Properties=species:S:1:pos:R:3 pbc="T T T"';
    expectError(file(cube, ['S 1 1 1', 'L 3 3 3']), 2, "a 3D cell (pbc=\"T T T\"", "the model 'ipl' (no model= on line 2: the paper's 2D ipl) is 2D",
      'model=ipl3d, model=ka, model=poly');
    expectError(file('Lattice="5 0 0 0 5 0 0 0 5" pbc="T T T" model=ka2d', ['A 1 1 0', 'B 3 3 2.5']), 4,
      "particle 1 has z = 2.5: a 3D configuration (pbc=\"T T T\"), but the model 'ka2d' is 2D");
    expectError(file('Lattice="5 0 0 0 5 0 0 0 5" pbc="T T F" model=ka', ['A 1 1 1']), 2, 'model=ka is 3D, but pbc="T T F"', 'pbc="T T T"');
    // A 2D file read under a 3D model given by the caller (--model ka): the file is not to blame (it was told to write pbc="T T T")
    expect(() => readXyzFrame(file('Lattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"', ['A 1 1 0', 'B 3 3 0']), '<string>', { model: 'ka' }))
      // (the list of 2D models holds any a test in the same worker registered, after the presets)
      .to.throw(XyzFormatError, /the file is a 2D glass \(pbc="T T F"\), but its model, ka \(given: no model= on line 2\), is 3D; read it under a 2D model \(ipl, ka2d, poly(, [\w-]+)*\), or give none$/);
    // No pbc= (OVITO's exporter writes none): periodic, as ASE and OVITO read it; the same glass as with pbc="T T T".
    const ovito = readXyzFrame(file('Lattice="5 0 0 0.5 5 0 0.2 0.3 5" Properties=species:S:1:pos:R:3', ['A 1 1 1', 'B 3 3 2.5']), '<string>', { model: 'ka' });
    const asWritten = readXyzFrame(file('Lattice="5 0 0 0.5 5 0 0.2 0.3 5" Properties=species:S:1:pos:R:3 pbc="T T T"', ['A 1 1 1', 'B 3 3 2.5']), '<string>', { model: 'ka' });
    expect(ovito.dim).to.equal(3);
    expect(Array.from(ovito.cell)).to.deep.equal(Array.from(asWritten.cell));
    expect(Array.from(ovito.positions)).to.deep.equal(Array.from(asWritten.positions));
    // OVITO's Origin= (the cell's corner): positions from the corner, as a LAMMPS dump's from (xlo, ylo, zlo).
    const shifted = readXyzFrame(file('Lattice="5 0 0 0.5 5 0 0.2 0.3 5" Origin="-7.25 3.5 0.125" Properties=species:S:1:pos:R:3', ['A -6.25 4.5 1.125', 'B -4.25 6.5 2.625']), '<string>', { model: 'ka' });
    expect(Array.from(shifted.positions)).to.deep.equal(Array.from(asWritten.positions));
    expect(shifted.info).to.not.have.property('Origin');
    const flat = readXyzFrame(file('Lattice="5 0 0 0 5 0 0 0 1" Origin="2.5 -1.25 -0.5" Properties=species:S:1:pos:R:3', ['S 3.5 -0.25 0', 'L 5 1.75 0']));
    expect(Array.from(flat.positions)).to.deep.equal([1, 1, 2.5, 3]);
    expectError(file('Lattice="5 0 0 0 5 0 0 0 1" Origin="2.5 x" Properties=species:S:1:pos:R:3', ['S 1 1 0']), 2, 'Origin="2.5 x" is not three finite numbers');
    // A 2D glass with z ≠ 0 and no pbc= (a 3D poly glass exported by OVITO): the hint says what makes it 3D.
    expectError(file('Lattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:3:sigma:R:1 model=poly', ['P 1 1 0 1', 'P 3 3 2.5 1']), 4,
      "particle 1 has z = 2.5, but the glass is 2D (model 'poly', no pbc= on line 2)", 'a 3D poly glass needs pbc="T T T" on line 2');
    expectError(file('Lattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:2 pbc="T T T" model=ka', ['A 1 1']), 2, 'pos:R:2');
    expectError(file('Lattice="5 0 0 0 5 0 5 0 0" pbc="T T T" model=ka', ['A 1 1 1']), 2, 'the 3D cell is degenerate');
    expectError(file('Lattice="5 0 0 0 5 0 0 0 -5" pbc="T T T" model=ka', ['A 1 1 1']), 2, 'negative orientation');
    const frame = random3d(4, 3);
    const config = readXyz(writeXyzFrame(frame));
    expect(config.dim).to.equal(3);
    expect(config.model).to.equal('ka');
    expect(config.cell).to.deep.equal(frame.cell);
    expect(config.positions).to.deep.equal(frame.positions);
    expect(writeXyz(config)).to.equal(writeXyzFrame(frame));
    expect(() => writeXyz({ ...readXyz(file('Lattice="5 0 0 0 5 0 0 0 1"', ['S 1 1 0'])), model: 'ka' }))
      .to.throw(RangeError, "writeXyz: model 'ka' is 3D, but the configuration is 2D");
  });

  it('3D configurations: configurationOfFrame sets dim 3; 2D-only functions refuse it by name, the d-generic check accepts it', () => {
    const frame = random3d(5, 3);
    const config = configurationOfFrame(frame);
    expect(config.dim).to.equal(3);
    expect(config.cell.length).to.equal(9);
    expect(config.positions.length).to.equal(15);
    expect(configurationOfFrame(readXyzFrame(file('Lattice="5 0 0 0 5 0 0 0 1"', ['S 1 1 0']))).dim).to.equal(undefined);
    expect(() => expectConfiguration('config', config)).to.throw(RangeError, 'config.dim: expected a 2D configuration, got dim = 3');
    expect(expectConfigurationOfDimension('config', config)).to.equal(config);
    expect(() => expectConfigurationOfDimension('config', { ...config, positions: new Float64Array(10) })).to.throw(RangeError, 'config.positions: expected length 15');
    const flipped = Float64Array.from(config.cell);
    for (let k = 0; k < 3; k++) flipped[3 * k + 2] = -flipped[3 * k + 2]!; // a3 → −a3: left-handed
    expect(() => expectConfigurationOfDimension('config', { ...config, cell: flipped })).to.throw(RangeError, 'config.cell: expected det h > 0');
    expect(() => expectConfigurationOfDimension('config', { ...config, dim: 4 })).to.throw(RangeError, 'config.dim: expected 2 or 3');
  });

  it('3D overlap check: duplicates found through the periodic images of a tilted cell (vs all pairs)', () => {
    const frame = random3d(60, 4);
    // Move particle 41 next to an image of particle 17: x_17 + a1 + a3 + small offset.
    for (let a = 0; a < 3; a++) frame.positions[3 * 41 + a] = frame.positions[3 * 17 + a]! + frame.cell[3 * a]! + frame.cell[3 * a + 2]! + 1e-4 * (a + 1);
    const found = findClosePair3(frame.cell, frame.positions, 1e-3)!;
    expect([found.i, found.j]).to.deep.equal([17, 41]);
    expect(found.distance).to.be.closeTo(1e-4 * Math.sqrt(14), 1e-12);
    expectError(writeXyzFrame(frame), 44, 'particles 17 (line 20) and 41 are', 'duplicate or overlapping');
    // Brute force over all pairs and the 27 neighbouring images agrees that no other pair is that close.
    let closest = Infinity;
    for (let i = 0; i < 60; i++) {
      for (let j = i + 1; j < 60; j++) {
        if (i === 17 && j === 41) continue;
        for (let u = -1; u <= 1; u++) for (let v = -1; v <= 1; v++) for (let w = -1; w <= 1; w++) {
          let r2 = 0;
          for (let a = 0; a < 3; a++) {
            const d = frame.positions[3 * j + a]! - frame.positions[3 * i + a]! + u * frame.cell[3 * a]! + v * frame.cell[3 * a + 1]! + w * frame.cell[3 * a + 2]!;
            r2 += d * d;
          }
          closest = Math.min(closest, Math.sqrt(r2));
        }
      }
    }
    expect(closest).to.be.above(1e-3);
  });

  describe('command line', () => {
    let dir = '';
    before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-xyz3d-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    // Every glass command takes 3D files now (solvers was the last 2D one); the reader still refuses them for a 2D caller.
    it('a 3D extended-XYZ file read for a 2D command (readInputGlass, dimensions [2]): InputError "analyses 2D glasses only"', async () => {
      const path = join(dir, 'ka.xyz');
      await writeFile(path, writeXyzFrame(random3d(20, 7)));
      let thrown: unknown;
      try { await readInputGlass(path, {}, 'test'); } catch (error) { thrown = error; }
      expect(thrown).to.be.instanceOf(InputError);
      expect((thrown as Error).message).to.contain('a 3D configuration (model=ka, pbc="T T T"); softspot test analyses 2D glasses only; give a 2D file');
    });
  });
});
