/**
 * Vibrational modes of particles of unequal masses (lowestModes options.masses;
 * lib/modes/mass-weighting.ts): the modes of D = M^{−1/2} H M^{−1/2}.
 * - ω² against the non-zero eigenvalues of the dense D built here from the free Hessian
 *   (Jacobi, test/helpers/dense-linalg.ts), for the three eigensolvers, in 2D and 3D;
 * - each mode e satisfies D e = ω² e with the dense D, is orthogonal to the mass-weighted
 *   translations, and its coupling is e · M^{−1/2} Ξ;
 * - equal masses m scale ω² by 1/m exactly (the physics, not the code);
 * - bad masses are refused by name; `softspot modes` takes them from an extended-XYZ
 *   masses:R:1 / mass:R:1 column as from a LAMMPS data file (test/lammps-model.test.ts).
 */
import { expect } from 'chai';
import type { Configuration } from '../lib/config.js';
import { energyForces, findPairs, hessian, pairTensors } from '../lib/hessian/index.js';
import { deformConfiguration, presetE } from '../lib/space/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { lowestModes } from '../lib/modes/index.js';
import { denseFromCsc, seededRandom, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readXyzFrame } from '../lib/io/index.js';
import { runCli } from './helpers/run-cli.js';
import { glass3d } from './helpers/glass3d.js';
import { denseHessian as denseHessianNd } from './helpers/nd-dense.js';
import { lawOfConfiguration } from '../lib/nd/law.js';

/** The dense free Hessian of a 2D ipl fixture (dN × dN, row-major). */
function denseHessian(config: Configuration): Float64Array {
  const pairs = findPairs(config, DEFAULT_MODEL);
  return denseFromCsc(hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, config.n, -1));
}

/** D = M^{−1/2} H M^{−1/2} for per-particle masses (d components each). */
function dynamical(H: Float64Array, masses: Float64Array, d: number): Float64Array {
  const n = masses.length * d, D = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) D[r * n + c] = H[r * n + c]! / Math.sqrt(masses[Math.floor(r / d)]! * masses[Math.floor(c / d)]!);
  }
  return D;
}

describe('lowestModes with masses (the dynamical matrix M^{-1/2} H M^{-1/2})', function () {
  this.timeout(120_000);
  const config = readFixtureConfig('n64_s1');
  const d = 2, n = config.n, dofs = d * n, k = 10;
  const rand = seededRandom(7);
  const masses = Float64Array.from({ length: n }, () => 0.5 + 1.5 * rand());
  const H = denseHessian(config);
  const D = dynamical(H, masses, d);
  // The d zero modes (mass-weighted translations) lead the sorted spectrum.
  const dense = symmetricEigenvalues(D, dofs).slice(d, d + k);

  for (const method of ['lanczos', 'block-lanczos', 'block'] as const) {
    it(`${method}: ω² are the lowest non-zero eigenvalues of the dense D to 1e-9`, () => {
      const r = lowestModes(config, k, { masses, method });
      r.modes.forEach((m, c) => expect(m.eigenvalue, `mode ${c}`).to.be.closeTo(dense[c]!, 1e-9 * dense[c]!));
    });
  }

  it('each e: D e = ω² e with the dense D, e ⟂ M^{1/2} t, and the coupling is e · M^{-1/2} Ξ', () => {
    const r = lowestModes(config, k, { masses });
    for (let c = 0; c < k; c++) {
      const e = r.vectors.subarray(c * dofs, (c + 1) * dofs), lambda = r.modes[c]!.eigenvalue;
      let res = 0, norm = 0;
      for (let row = 0; row < dofs; row++) {
        let s = 0;
        for (let col = 0; col < dofs; col++) s += D[row * dofs + col]! * e[col]!;
        res += (s - lambda * e[row]!) ** 2;
        norm += e[row]! ** 2;
      }
      expect(Math.sqrt(norm)).to.be.closeTo(1, 1e-12);
      expect(Math.sqrt(res) / lambda, `mode ${c}`).to.be.below(1e-5);
      for (let a = 0; a < d; a++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += Math.sqrt(masses[i]!) * e[d * i + a]!;
        expect(Math.abs(t), `mode ${c} translation ${a}`).to.be.below(1e-9);
      }
    }
    // Coupling e · M^{-1/2} Ξ with Ξ = ∂²U/∂x∂γ = −dF/dγ by central differences of the
    // forces under affine strain H = I + γE (as test/modes.test.ts checks the unit masses).
    const h = 1e-6;
    for (const mode of ['simple', 'pure'] as const) {
      const E = presetE(mode, 1, 2);
      const forcesAt = (g: number): Float64Array =>
        energyForces(deformConfiguration(config, Float64Array.from([1 + g * E[0]!, g * E[1]!, g * E[2]!, 1 + g * E[3]!])), DEFAULT_MODEL).forces;
      const fp = forcesAt(h), fm = forcesAt(-h);
      for (let c = 0; c < k; c++) {
        const e = r.vectors.subarray(c * dofs, (c + 1) * dofs);
        let fd = 0;
        for (let row = 0; row < dofs; row++) fd += (e[row]! / Math.sqrt(masses[Math.floor(row / d)]!)) * -(fp[row]! - fm[row]!) / (2 * h);
        expect(r.modes[c]!.coupling[mode], `${mode}, mode ${c}`).to.be.closeTo(fd, 1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it('3D (ipl3d, N = 64): ω² are the lowest non-zero eigenvalues of the dense D to 1e-9', () => {
    const glass = glass3d('ipl3d', 4, 1);
    const m3 = Float64Array.from({ length: glass.n }, (_, i) => (glass.species[i] === 0 ? 1 : 2)); // a heavier large species
    const D3 = dynamical(denseHessianNd(glass, lawOfConfiguration(glass)), m3, 3);
    const want = symmetricEigenvalues(D3, 3 * glass.n).slice(3, 3 + 8);
    lowestModes(glass, 8, { masses: m3 }).modes.forEach((m, c) => expect(m.eigenvalue, `mode ${c}`).to.be.closeTo(want[c]!, 1e-9 * want[c]!));
  });

  it('equal masses m: every ω² is the unit-mass one divided by m', () => {
    const unit = lowestModes(config, k);
    const heavy = lowestModes(config, k, { masses: new Float64Array(n).fill(2.5) });
    heavy.modes.forEach((m, c) => {
      expect(m.eigenvalue).to.be.closeTo(unit.modes[c]!.eigenvalue / 2.5, 1e-10 * m.eigenvalue);
      expect(Math.abs(m.coupling.simple)).to.be.closeTo(Math.abs(unit.modes[c]!.coupling.simple) / Math.sqrt(2.5), 1e-7 * Math.abs(unit.modes[c]!.coupling.simple) + 1e-9);
    });
  });

  it('softspot modes takes the masses of an extended-XYZ masses:R:1 column (ASE\'s name; OVITO\'s mass:R:1 too): the API\'s numbers; a mass ≤ 0 names the line', async () => {
    const lines = readFileSync(fixturePath('n64_s1.xyz'), 'utf8').trimEnd().split('\n');
    const withColumn = (column: string, value: (p: number) => string): string => [
      lines[0], lines[1]!.replace('Properties=species:S:1:pos:R:3', `Properties=species:S:1:pos:R:3:${column}:R:1`),
      ...lines.slice(2).map((l, p) => `${l} ${value(p)}`), ''].join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'softspot-masses-'));
    try {
      for (const column of ['masses', 'mass']) {
        const file = join(dir, `${column}.xyz`);
        writeFileSync(file, withColumn(column, (p) => String(masses[p])));
        expect(Array.from(readXyzFrame(readFileSync(file, 'utf8'), file).masses!)).to.deep.equal(Array.from(masses));
        const r = await runCli('modes', file, '--k', '4', '--json');
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stderr).to.contain('masses of the file');
        const api = lowestModes(config, 4, { masses });
        (JSON.parse(r.stdout) as { modes: Array<{ eigenvalue: number }> }).modes
          .forEach((m, c) => expect(m.eigenvalue).to.be.closeTo(api.modes[c]!.eigenvalue, 1e-12 * api.modes[c]!.eigenvalue));
      }
      const bad = join(dir, 'bad.xyz');
      writeFileSync(bad, withColumn('masses', (p) => (p === 3 ? '0' : '1')));
      const refused = await runCli('modes', bad, '--k', '2');
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.contain(`${bad}:6: the mass '0' of particle 3 is not a positive number`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses masses of the wrong length, NaN or ≤ 0, by name', () => {
    expect(() => lowestModes(config, 3, { masses: new Float64Array(n - 1).fill(1) })).to.throw(TypeError, 'options.masses: expected a Float64Array of the N = 64 particle masses');
    const bad = new Float64Array(n).fill(1);
    bad[5] = 0;
    expect(() => lowestModes(config, 3, { masses: bad })).to.throw(RangeError, 'options.masses[5]: expected a finite mass > 0, got 0');
    bad[5] = Number.NaN;
    expect(() => lowestModes(config, 3, { masses: bad })).to.throw(RangeError, 'options.masses[5]');
  });
});
