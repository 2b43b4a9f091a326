import { expect } from 'chai';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import {
  XyzFormatError, findClosePair, readXyz, readXyzFile, writeXyz, writeXyzFile,
} from '../lib/io/index.js';
import { seededRandom as rng } from './helpers/dense-linalg.js';

const FIXTURES = ['n64_s1', 'n128_s1', 'n256_s1'];
const fixturePath = (name: string): string => new URL(`./fixtures/${name}.xyz`, import.meta.url).pathname;

/** A uniform double in [0, 1) with all 53 mantissa bits random. */
const random53 = (r: () => number): number => (Math.floor(r() * 2 ** 26) * 2 ** 27 + Math.floor(r() * 2 ** 27)) / 2 ** 53;

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function expectSameConfig(a: Configuration, b: Configuration): void {
  expect(b.n).to.equal(a.n);
  expect(sameBits(a.cell, b.cell), 'cell bits').to.equal(true);
  expect(sameBits(a.positions, b.positions), 'position bits').to.equal(true);
  expect(Array.from(b.species)).to.deep.equal(Array.from(a.species));
  const ia = a.info ?? {}, ib = b.info ?? {};
  expect(Object.keys(ib)).to.deep.equal(Object.keys(ia));
  for (const key of Object.keys(ia)) expect(Object.is(ib[key], ia[key]), `info.${key}`).to.equal(true);
}

function expectXyzError(text: string, line: number, ...fragments: string[]): XyzFormatError {
  let caught: unknown;
  try {
    readXyz(text);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an XyzFormatError').to.be.instanceOf(XyzFormatError);
  const error = caught as XyzFormatError;
  expect(error.code).to.equal('ERR_XYZ_FORMAT');
  expect(error.source).to.equal('<string>');
  expect(error.line).to.equal(line);
  expect(error.message.startsWith(`<string>:${line}: `), error.message).to.equal(true);
  for (const fragment of fragments) expect(error.message).to.contain(fragment);
  return error;
}

const HEAD = 'Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"';
const frame = (lines: string[], head = HEAD, n = lines.length): string => `${n}\n${head}\n${lines.join('\n')}\n`;
const THREE = ['S 0.5 0.5 0', 'L 2 2 0', 'S 3.5 0.5 0'];

describe('io/xyz', () => {
  describe('fixtures', () => {
    for (const name of FIXTURES) {
      it(`${name}: reads, keeps every number exactly, and round-trips bit for bit`, () => {
        const text = readFileSync(fixturePath(name), 'utf8');
        const config = readXyz(text, name);
        const lines = text.trim().split('\n');
        expect(config.n).to.equal(Number(lines[0]));
        const L = Number(/Lattice="(\S+)/.exec(lines[1]!)![1]);
        expect(Array.from(config.cell)).to.deep.equal([L, 0, 0, L]);
        for (let p = 0; p < config.n; p++) {
          const [s, x, y] = lines[p + 2]!.split(/\s+/);
          expect(config.species[p]).to.equal(s === 'S' ? 0 : 1);
          expect(config.positions[2 * p]).to.equal(Number(x));
          expect(config.positions[2 * p + 1]).to.equal(Number(y));
        }
        expect(config.info).to.include({ seed: 1, density: 0.86 });
        expect(config.info!.energy).to.be.a('number');
        const written = writeXyz(config);
        expectSameConfig(config, readXyz(written));
        expect(writeXyz(readXyz(written))).to.equal(written); // the writer is a fixed point
      });
    }

    it('writes the DESIGN §9 layout', () => {
      const config = readXyz(readFileSync(fixturePath('n64_s1'), 'utf8'));
      const lines = writeXyz(config).split('\n');
      expect(lines[0]).to.equal('64');
      expect(lines[1]).to.match(/^Lattice="8\.626621856275074 0 0 0 8\.626621856275074 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F" energy=/);
      expect(lines[2]).to.match(/^[SL] \S+ \S+ 0$/);
      expect(lines).to.have.length(64 + 3); // trailing newline
      expect(lines[66]).to.equal('');
    });
  });

  describe('round trip of awkward doubles', () => {
    const awkward = [1e-17, 0.1 + 0.2, -0, 5e-324, 2.2250738585072014e-308, 1 / 3, -1e-300, 123456789.12345679,
      1e21, 9007199254740993, 4.35, Number.MIN_VALUE * 3, -7.000000000000001];

    it('keeps -0, subnormals and shortest-repr edge cases bit-exact in positions, cell and info', () => {
      const n = awkward.length;
      const positions = new Float64Array(2 * n);
      for (let p = 0; p < n; p++) {
        positions[2 * p] = awkward[p]!;
        positions[2 * p + 1] = 3 * p + (p % 2 === 0 ? -0 : 0.1 + 0.2);
      }
      const config: Configuration = {
        n, positions, cell: Float64Array.of(1e22 / 3, 0.1 + 0.2, -0, 41 + 1e-13),
        species: Uint8Array.from({ length: n }, (_, p) => p % 2),
        info: { tiny: 5e-324, negzero: -0, sum: 0.1 + 0.2, big: 1e21, flag: true, off: false, name: 'glass "A" \\ 1', word: 'hello' },
      };
      const text = writeXyz(config);
      expect(text).to.contain(' -0 ');
      expect(text).to.contain('5e-324');
      expect(text).to.contain('name="glass \\"A\\" \\\\ 1"');
      expectSameConfig(config, readXyz(text, 'awkward', { minSeparation: 0 }));
    });

    it('round-trips random configurations with full-mantissa doubles in tilted cells', () => {
      const r = rng(7);
      for (let trial = 0; trial < 20; trial++) {
        const n = 1 + Math.floor(r() * 300);
        const L = 2 + 30 * random53(r);
        const cell = Float64Array.of(L, (random53(r) - 0.5) * L, (random53(r) - 0.5) * 1e-3, L * (0.5 + random53(r)));
        const positions = new Float64Array(2 * n);
        for (let k = 0; k < 2 * n; k++) positions[k] = (random53(r) - 0.2) * L * 2 ** Math.floor(-40 * r() * r());
        const config: Configuration = {
          n, cell, positions, species: Uint8Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1)),
          info: { energy: random53(r) * 1e3, seed: trial, gamma: random53(r) * 1e-8 },
        };
        expectSameConfig(config, readXyz(writeXyz(config), 'random', { minSeparation: 0 }));
      }
    });
  });

  describe('tolerated variants', () => {
    it('keeps extra key=value pairs (quoted, bare, flags, spaces around =) in info', () => {
      const head = `${HEAD} energy=-1.5e3  seed = 42 note="two words" flag Time=0.5 ok=F label=glassA`;
      const config = readXyz(frame(THREE, head));
      expect(config.info).to.deep.equal({ energy: -1500, seed: 42, note: 'two words', flag: true, Time: 0.5, ok: false, label: 'glassA' });
    });

    it('reads OVITO/ASE-style extra columns declared in Properties, in any order', () => {
      const ovito = readXyz(frame(['S 0.5 0.5 0 1', 'L 2 2 0 2', 'S 3.5 0.5 0 3'],
        'Lattice="4.0 0.0 0.0 0.0 4.0 0.0 0.0 0.0 1.0" Properties=species:S:1:pos:R:3:id:I:1 pbc="T T F" Time=0'));
      expect(Array.from(ovito.positions)).to.deep.equal([0.5, 0.5, 2, 2, 3.5, 0.5]);
      const ase = readXyz(frame(['1 0.5 0.5 0 S 0.1 0.2 0 T', '2 2 2 0 L 0 0 0 F', '3 3.5 0.5 0 S 1e-3 -2 0 T'],
        'Properties=id:I:1:pos:R:3:species:S:1:forces:R:3:selected:L:1 Lattice="4 0 0 0 4 0 0 0 0" pbc="T T T"'));
      expect(Array.from(ase.species)).to.deep.equal([0, 1, 0]);
      expect(Array.from(ase.positions)).to.deep.equal([0.5, 0.5, 2, 2, 3.5, 0.5]);
      const twoD = readXyz(frame(['S 0.5 0.5', 'L 2 2', 'S 3.5 0.5'], 'Lattice="4 0 0 1 4 0 0 0 7.5" Properties=species:S:1:pos:R:2'));
      expect(Array.from(twoD.cell)).to.deep.equal([4, 1, 0, 4]);
    });

    it('accepts CRLF line ends, trailing blank lines, a missing pbc and a missing Properties', () => {
      const text = `3\r\nLattice="4 0 0 0 4 0 0 0 1"\r\n${THREE.join('\r\n')}\r\n\r\n  \n`;
      const config = readXyz(text);
      expect(config.n).to.equal(3);
      expect(Array.from(config.positions)).to.deep.equal([0.5, 0.5, 2, 2, 3.5, 0.5]);
    });

    it('stores positions as given, not wrapped into the cell', () => {
      const config = readXyz(frame(['S -3.25 9.5 0', 'L 2 2 0']));
      expect(Array.from(config.positions)).to.deep.equal([-3.25, 9.5, 2, 2]);
    });

    it('maps a general in-plane Lattice to the row-major cell with cell vectors as columns', () => {
      const config = readXyz(frame(THREE, 'Lattice="4 0.5 0 1.25 3 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"'));
      expect(Array.from(config.cell)).to.deep.equal([4, 1.25, 0.5, 3]);
      expect(writeXyz(config).split('\n')[1]).to.match(/^Lattice="4 0\.5 0 1\.25 3 0 0 0 1"/);
    });
  });

  describe('malformed files name the line', () => {
    it('rejects a missing, non-integer or zero particle count (line 1)', () => {
      expectXyzError('', 1, 'empty');
      expectXyzError(`three\n${HEAD}\n${THREE.join('\n')}\n`, 1, "particle count N", "'three'");
      // a binary file (GSD's magic number, NUL bytes) is said to be one, and a long line is quoted short
      const binary = expectXyzError(`\u00df\u0065\u00df\u0065\u0000\u0000${'\u0000'.repeat(5000)}gsd.hoomd\n`, 1, 'the file is not text', 'is it a GSD, HDF5 or compressed file?');
      expect(binary.message.length).to.be.below(300);
      const long = expectXyzError(`${'9'.repeat(300)}x\n${HEAD}\n`, 1, 'particle count N', '… (301 characters)');
      expect(long.message.length).to.be.below(300);
      expectXyzError(`3.0\n${HEAD}\n${THREE.join('\n')}\n`, 1, 'positive integer');
      expectXyzError(`0\n${HEAD}\n`, 1, 'positive integer');
    });

    it('rejects fewer particle lines than N, naming the first missing line', () => {
      expectXyzError(frame(THREE, HEAD, 5), 6, 'ends after 3 particle lines', 'N = 5');
      expectXyzError('2\n', 2, 'comment line is missing');
    });

    it('rejects more lines than N (a wrong N, not a second frame: its count line is missing)', () => {
      expectXyzError(frame(THREE, HEAD, 2), 5, 'more lines than the N = 2', 'several frames starts each with its particle count');
    });

    it('rejects a blank line inside the particle block', () => {
      expectXyzError(frame(['S 0.5 0.5 0', '', 'S 3.5 0.5 0']), 4, 'empty line where particle 1');
    });

    it('rejects unknown species', () => {
      expectXyzError(frame(['S 0.5 0.5 0', 'Ar 2 2 0', 'S 3.5 0.5 0']), 4, "unknown species 'Ar'", 'S, L');
    });

    it('rejects unparsable and non-finite numbers', () => {
      expectXyzError(frame(['S 0.5 0.5 0', 'L 2 2 0', 'S 3.5 abc 0']), 5, "y coordinate 'abc'", 'not a number');
      expectXyzError(frame(['S 0.5 0.5 0', 'L nan 2 0', 'S 3.5 0.5 0']), 4, "x coordinate 'nan'", 'not finite');
      expectXyzError(frame(['S 0.5 0.5 0', 'L 1e400 2 0', 'S 3.5 0.5 0']), 4, 'not finite');
      expectXyzError(frame(['S 0.5 0.5 0', 'L 0x10 2 0', 'S 3.5 0.5 0']), 4, 'not a number');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 inf 0 0 0 1"'), 2, 'Lattice number 5', 'not finite');
    });

    it('rejects a wrong number of columns and non-zero z', () => {
      expectXyzError(frame(['S 0.5 0.5 0', 'L 2 2', 'S 3.5 0.5 0']), 4, 'particle 1 has 3 columns', 'declares 4');
      expectXyzError(frame(['S 0.5 0.5 0', 'L 2 2 0.5', 'S 3.5 0.5 0']), 4, 'z = 0.5', '2D');
      expectXyzError(frame(['S 0.5 0.5 0 1', 'L 2 2 0 x', 'S 3.5 0.5 0 3'], HEAD.replace('pos:R:3', 'pos:R:3:id:I:1')), 4, "column 'id'", 'type I');
    });

    it('rejects a missing Lattice and malformed Lattice, Properties, pbc or key=value pairs (line 2)', () => {
      expectXyzError(frame(THREE, 'Properties=species:S:1:pos:R:3 energy=1'), 2, 'Lattice="..." entry is missing');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0"'), 2, '6 numbers, expected 9');
      expectXyzError(frame(THREE, `${HEAD} Properties=pos:R:3`), 2, "'Properties' appears twice");
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" Properties=pos:R:3:id:I:1'), 2, 'does not declare species:S:1');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:pos:R'), 2, 'not a list of name:type:count');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:pos:X:3'), 2, "type 'X'");
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:pos:R:3:pos:R:3'), 2, "a duplicate 'pos' property name", 'unique name');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:pos:R:0'), 2, "count '0' of 'pos' is not a positive integer");
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" Properties=species:S:1:xyz:R:3'), 2, 'does not declare pos:R:3 (or pos:R:2)', 'needs the positions');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" pbc="F F F"'), 2, 'not periodic in x and y');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 0 0 1" note="open'), 2, 'unterminated');
      expectXyzError(frame(THREE, `${HEAD} seed=1 seed=2`), 2, "'seed' appears twice");
    });

    it('rejects degenerate and left-handed cells, and a1/a2 out of the plane', () => {
      expectXyzError(frame(THREE, 'Lattice="4 0 0 8 0 0 0 0 1"'), 2, 'degenerate', 'parallel');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 4 1e-12 0 0 0 1"'), 2, 'degenerate');
      expectXyzError(frame(THREE, 'Lattice="0 0 0 0 4 0 0 0 1"'), 2, 'degenerate');
      expectXyzError(frame(THREE, 'Lattice="0 4 0 4 0 0 0 0 1"'), 2, 'negative orientation', 'swap a1 and a2');
      expectXyzError(frame(THREE, 'Lattice="4 0 0.1 0 4 0 0 0 1"'), 2, 'non-zero z component', 'xy plane');
      expectXyzError(frame(THREE, 'Lattice="4 0 0 0 4 0 1 0 1"'), 2, 'a3');
    });

    it('rejects duplicate and overlapping particles, with the minimum image in a tilted cell', () => {
      expectXyzError(frame(['S 0.5 0.5 0', 'L 2 2 0', 'S 0.5 0.5 0']), 5, 'particles 0 (line 3) and 2', 'duplicate');
      // Across the tilted boundary: a2 = (1.5, 4), so (0.2, 0.2) and (0.2 + 1.5 + 4 - 2e-4, 4.2) are 2e-4 apart.
      const tilted = 'Lattice="4 0 0 1.5 4 0 0 0 1"';
      expectXyzError(frame(['S 0.2 0.2 0', 'L 2 2 0', `S ${0.2 + 1.5 + 4 - 2e-4} 4.2 0`], tilted), 5, 'minimum image');
      expect(readXyz(frame(['S 0.5 0.5 0', 'L 0.5005 0.5 0']), 's', { minSeparation: 1e-4 }).n).to.equal(2);
      expectXyzError(frame(['S 0.5 0.5 0', 'L 0.5005 0.5 0']), 4, 'closer than 0.001');
    });
  });

  describe('overlap detection', () => {
    function bruteForce(cell: Float64Array, x: Float64Array, d: number): [number, number] | undefined {
      const n = x.length / 2;
      const [h00, h01, h10, h11] = cell as unknown as [number, number, number, number];
      for (let j = 1; j < n; j++) {
        for (let i = 0; i < j; i++) {
          const dx = x[2 * j]! - x[2 * i]!, dy = x[2 * j + 1]! - x[2 * i + 1]!;
          for (let a = -3; a <= 3; a++) {
            for (let b = -3; b <= 3; b++) {
              // every image (a, b) of j within three cells (positions span 3 cells): r = x_j − x_i + a·a1 + b·a2
              const fx = dx + h00 * a + h01 * b, fy = dy + h10 * a + h11 * b;
              if (fx * fx + fy * fy < d * d) return [i, j];
            }
          }
        }
      }
      return undefined;
    }

    it('agrees with an O(N²) all-images search on random tilted cells with planted near-duplicates', () => {
      const r = rng(11);
      let detected = 0;
      for (let trial = 0; trial < 30; trial++) {
        const n = 50 + Math.floor(r() * 150);
        const L = Math.sqrt(n / 0.86);
        const cell = Float64Array.of(L, (r() - 0.5) * L, 0, L * (0.7 + 0.6 * r()));
        const x = new Float64Array(2 * n);
        for (let p = 0; p < n; p++) {
          const s0 = r() * 3 - 1, s1 = r() * 3 - 1; // unwrapped positions
          x[2 * p] = cell[0]! * s0 + cell[1]! * s1;
          x[2 * p + 1] = cell[2]! * s0 + cell[3]! * s1;
        }
        const d = 0.05;
        if (trial % 2 === 0) { // plant a pair across a periodic image
          const i = Math.floor(r() * n), j = (i + 1 + Math.floor(r() * (n - 1))) % n;
          x[2 * j] = x[2 * i]! + cell[1]! - cell[0]! + 0.02;
          x[2 * j + 1] = x[2 * i + 1]! + cell[3]! - cell[2]! - 0.01;
        }
        const expected = bruteForce(cell, x, d);
        const found = findClosePair(cell, x, d);
        expect(found === undefined ? undefined : [found.i, found.j], `trial ${trial}`).to.deep.equal(expected);
        if (found !== undefined) detected++;
      }
      expect(detected).to.be.at.least(15); // every planted pair, plus chance ones
    });

    it('checks N = 1e5 quickly', function () {
      this.timeout(20000);
      const n = 100000;
      const L = Math.sqrt(n / 0.86);
      const side = Math.ceil(Math.sqrt(n));
      const a = L / side;
      const r = rng(3);
      const x = new Float64Array(2 * n);
      for (let p = 0; p < n; p++) {
        x[2 * p] = ((p % side) + 0.5 + 0.4 * (r() - 0.5)) * a;
        x[2 * p + 1] = (Math.floor(p / side) + 0.5 + 0.4 * (r() - 0.5)) * a;
      }
      const cell = Float64Array.of(L, 0.37 * L, 0, L);
      const t0 = performance.now();
      expect(findClosePair(cell, x, 1e-3)).to.equal(undefined);
      x[2 * 99999] = x[2 * 5]! + L + 3e-4; // an image of particle 5
      x[2 * 99999 + 1] = x[2 * 5 + 1]!;
      expect(findClosePair(cell, x, 1e-3)).to.include({ i: 5, j: 99999 });
      const elapsed = performance.now() - t0;
      expect(elapsed).to.be.below(2000);
      const text = writeXyz({ n, cell, positions: x, species: new Uint8Array(n) });
      expectXyzError(text, 99999 + 3, 'particles 5 (line 8) and 99999');
    });
  });

  describe('writeXyz argument validation', () => {
    const base = (): Configuration => ({ n: 2, cell: Float64Array.of(4, 0, 0, 4), positions: Float64Array.of(0, 0, 1, 1), species: Uint8Array.of(0, 1) });
    it('reports wrong types, sizes and values with the parameter name', () => {
      expect(() => writeXyz({ ...base(), positions: Float64Array.of(0, 0, 1) })).to.throw(RangeError, 'config.positions to have length 2n = 4, got 3');
      expect(() => writeXyz({ ...base(), species: Uint8Array.of(0, 2) })).to.throw(RangeError, 'species codes 0 (S) or 1 (L), got 2 for particle 1');
      expect(() => writeXyz({ ...base(), positions: Float64Array.of(0, NaN, 1, 1) })).to.throw(RangeError, 'finite positions, got NaN at index 1');
      expect(() => writeXyz({ ...base(), cell: [4, 0, 0, 4] as unknown as Float64Array })).to.throw(TypeError, 'config.cell to be a Float64Array');
      expect(() => writeXyz({ ...base(), info: { Lattice: 'x' } })).to.throw(RangeError, "info key 'Lattice' is reserved");
      expect(() => writeXyz({ ...base(), info: { 'a b': 1 } })).to.throw(RangeError, "info key 'a b'");
      expect(() => writeXyz({ ...base(), info: { e: Infinity } })).to.throw(RangeError, 'info.e must be a finite number');
    });
  });

  describe('files', () => {
    let dir: string;
    before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-xyz-')); });
    after(async () => { await rm(dir, { recursive: true, force: true }); });

    it('writes atomically (no temporary left behind) and reads back bit-exactly', async () => {
      const config = readXyz(await readFile(fixturePath('n128_s1'), 'utf8'));
      const path = join(dir, 'glass.xyz');
      await writeFile(path, 'old contents');
      await writeXyzFile(path, config);
      expect(await readdir(dir)).to.deep.equal(['glass.xyz']);
      expectSameConfig(config, await readXyzFile(path));
    });

    it('names the path in format errors and leaves nothing behind on failure', async () => {
      const bad = join(dir, 'bad.xyz');
      await writeFile(bad, frame(['S 0.5 0.5 0', 'Q 2 2 0']));
      try {
        await readXyzFile(bad);
        expect.fail('expected an error');
      } catch (error) {
        expect(error).to.be.instanceOf(XyzFormatError);
        expect((error as XyzFormatError).message.startsWith(`${bad}:4: unknown species 'Q'`)).to.equal(true);
      }
      const missingDir = join(dir, 'nope', 'glass.xyz');
      const config = readXyz(frame(THREE));
      let rejected = false;
      await writeXyzFile(missingDir, config).catch(() => { rejected = true; });
      expect(rejected).to.equal(true);
      expect((await readdir(dir)).sort()).to.deep.equal(['bad.xyz', 'glass.xyz']);
    });
  });
});
