/**
 * `validateResponse(config, { base })`: the lhc result the caller already has (the
 * ensemble's lhc stage) stands in for the unstrained state instead of being recomputed.
 * The report must be the one computed without it (2D kernels and the d-generic 3D route),
 * and a base of another glass, or one without a checked mode, is refused.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import type { Configuration } from '../lib/config.js';
import { readXyz } from '../lib/io/index.js';
import { localHeatCapacity, validateResponse, type ValidationResult } from '../lib/lhc/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { presetE } from '../lib/space/index.js';
import { glass3d } from './helpers/glass3d.js';
import { fixturePath } from './helpers/read-fixture.js';

/** The two reports agree: same interactions, steps, crossings and Err to `tol` relative. */
function expectSameReport(a: ValidationResult, b: ValidationResult, tol: number): void {
  expect(Object.keys(a.modes)).to.deep.equal(Object.keys(b.modes));
  expect([a.dim, a.dgamma, a.central]).to.deep.equal([b.dim, b.dgamma, b.central]);
  for (const mode of Object.keys(a.modes) as (keyof typeof a.modes)[]) {
    const x = a.modes[mode]!, y = b.modes[mode]!;
    expect([x.count, x.dropped, x.halvings, x.crossing.i, x.crossing.j, x.crossing.entering], mode)
      .to.deep.equal([y.count, y.dropped, y.halvings, y.crossing.i, y.crossing.j, y.crossing.entering]);
    expect(Array.from(x.i), mode).to.deep.equal(Array.from(y.i));
    expect(Array.from(x.j), mode).to.deep.equal(Array.from(y.j));
    expect(x.dgamma, mode).to.be.closeTo(y.dgamma, tol * y.dgamma);
    expect(x.crossing.gamma, mode).to.be.closeTo(y.crossing.gamma, tol * y.crossing.gamma);
    for (const [k, v] of x.analytic.entries()) expect(v, `${mode} analytic ${k}`).to.be.closeTo(y.analytic[k]!, tol * Math.abs(y.analytic[k]!) + 1e-300);
    for (const [k, v] of x.finiteDifference.entries()) expect(v, `${mode} Δc/Δγ ${k}`).to.be.closeTo(y.finiteDifference[k]!, tol * Math.abs(y.finiteDifference[k]!) + 1e-300);
    // Err = 100·|a − f|/min(|a|, |f|) magnifies the relative differences by 1/Err: compare on that scale.
    for (const [k, v] of x.err.entries()) expect(v, `${mode} Err ${k}`).to.be.closeTo(y.err[k]!, (100 * tol) * 4 + tol * y.err[k]!);
    for (const key of ['median', 'p90', 'p99', 'fractionBelow1em2'] as const) expect(x[key], `${mode} ${key}`).to.be.closeTo(y[key], 400 * tol + tol * y[key]);
  }
}

/** Largest relative difference of the analytic dc/dγ of two reports (how close "the same" is). */
function worst(a: ValidationResult, b: ValidationResult): number {
  let w = 0;
  for (const mode of Object.keys(a.modes) as (keyof typeof a.modes)[]) {
    const x = a.modes[mode]!.analytic, y = b.modes[mode]!.analytic;
    for (let k = 0; k < x.length; k++) w = Math.max(w, Math.abs(x[k]! - y[k]!) / Math.abs(y[k]!));
  }
  return w;
}

describe('validateResponse with the lhc result passed in (options.base)', function () {
  this.timeout(120000);

  it('2D (paper ipl, N = 64): the same report as computing the base, forward and central', () => {
    const glass = readXyz(readFileSync(fixturePath('n64_s1.xyz'), 'utf8'));
    const lhc = localHeatCapacity(glass, { model: DEFAULT_MODEL });
    for (const central of [false, true]) {
      const given = validateResponse(lhc.config, { base: lhc, central });
      const computed = validateResponse(lhc.config, { central });
      expect(given.dim).to.equal(2);
      expectSameReport(given, computed, 1e-9);
      expect(worst(given, computed)).to.be.below(1e-9);
    }
  });

  it('3D (ipl3d N = 64, every 3D mode, central; ka N = 216, simple-yz, forward): the same report as computing the base', () => {
    const ipl = glass3d('ipl3d', 4, 2);
    const lhc = localHeatCapacity(ipl); // default deformations: every 3D shear mode
    const given = validateResponse(lhc.config, { base: lhc, central: true });
    expect(given.dim).to.equal(3);
    expect(Object.keys(given.modes).sort()).to.deep.equal(['pure', 'simple', 'simple-xz', 'simple-yz']);
    expectSameReport(given, validateResponse(lhc.config, { central: true }), 1e-9);
    const ka = localHeatCapacity(glass3d('ka', 6, 3));
    expectSameReport(validateResponse(ka.config, { base: ka, modes: ['simple-yz'] }), validateResponse(ka.config, { modes: ['simple-yz'] }), 1e-9);
  });

  it('refuses a base of another glass or without a checked mode, saying what to do', () => {
    const glass = readXyz(readFileSync(fixturePath('n64_s1.xyz'), 'utf8'));
    const other = glass3d('ipl3d', 4, 2);
    const lhc3 = localHeatCapacity(other, { deformations: [{ name: 'simple', E: presetE('simple', 1, 3) }] });
    expect(() => validateResponse(glass, { base: lhc3 })).to.throw(RangeError, "options.base: its cell [4.27354918999"); // another glass of the same N
    expect(() => validateResponse(glass, { base: { ...lhc3, n: 100 } })).to.throw(RangeError, 'options.base: it is for N = 100, the glass has N = 64; pass the localHeatCapacity result of this very glass');
    expect(() => validateResponse(lhc3.config, { base: lhc3 })).to.throw(RangeError, 'options.base: it has no dc/dγ or non-affine velocity for mode pure (it has simple)');
    const swapped: Configuration = { ...lhc3.config, species: Uint8Array.from(lhc3.config.species, (s) => 1 - s) };
    expect(() => validateResponse(swapped, { base: lhc3, modes: ['simple'] })).to.throw(RangeError, 'options.base: particle 0 is of species');
    expect(() => validateResponse(glass, { base: {} as never })).to.throw(TypeError, 'options.base: expected the result of localHeatCapacity(config)');
  });
});
