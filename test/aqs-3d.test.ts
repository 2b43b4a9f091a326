/**
 * AQS of 3D glasses (DESIGN §6, §10): the d-generic landscape against finite differences,
 * and the first event of a small `ipl3d` glass located at a saddle-node (the lowest
 * eigenvalue of the Hessian, from finite differences of the forces and a dense
 * eigensolver, vanishes as √(γ_c − γ) on the branch).
 */
import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeXyzFrame } from '../lib/io/index.js';
import { runCli } from './helpers/run-cli.js';
import { fixturePath } from './helpers/read-fixture.js';
import type { Configuration } from '../lib/config.js';
import { firstEvent } from '../lib/aqs/index.js';
import { NdLandscape } from '../lib/aqs/landscape-nd.js';
import { runSync } from '../lib/aqs/driver.js';
import { applyLinear, cellVolume, deformAffine } from '../lib/space/cell-nd.js';
import { energyForcesNd, ndObjective } from '../lib/nd/energy.js';
import { minimizeCG } from '../lib/minimize/index.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { newtonPolishNd } from '../lib/nd/newton.js';
import { symmetricEigen } from '../lib/dense-eigen.js';
import { presetE, type ShearMode } from '../lib/space/index.js';
import { glass3d } from './helpers/glass3d.js';
import { seededRandom } from './helpers/dense-linalg.js';

const MODES_3D: ShearMode[] = ['simple', 'simple-xz', 'simple-yz', 'pure'];

/** Lowest eigenvalue of the pinned Hessian (particle 0 held), from central differences of the forces. */
function lowestEigenvalueFd(config: Configuration, h = 1e-6): number {
  const law = lawOfConfiguration(config);
  const n = 3 * (config.n - 1);
  const M = new Float64Array(n * n);
  const x = Float64Array.from(config.positions);
  const forcesAt = () => energyForcesNd({ ...config, positions: x }, law).forces;
  for (let c = 0; c < n; c++) {
    const k = c + 3; // dof of the unpinned particles
    const x0 = x[k]!;
    x[k] = x0 + h;
    const fp = forcesAt();
    x[k] = x0 - h;
    const fm = forcesAt();
    x[k] = x0;
    for (let r = 0; r < n; r++) M[r * n + c] = -(fp[r + 3]! - fm[r + 3]!) / (2 * h);
  }
  for (let r = 0; r < n; r++) for (let c = 0; c < r; c++) M[r * n + c] = M[c * n + r] = 0.5 * (M[r * n + c]! + M[c * n + r]!);
  const values = new Float64Array(n), Z = new Float64Array(n * n);
  symmetricEigen(M, n, values, Z);
  return Math.min(...values);
}

describe('AQS in 3D (d-generic landscape)', function () {
  this.timeout(300_000);
  const glass = glass3d('ipl3d', 4, 1);
  const law = lawOfConfiguration(glass);

  for (const mode of MODES_3D) {
    it(`${mode}: stress = (1/V) dU/dγ along the path (central difference of the energy of the affinely strained state)`, () => {
      const land = new NdLandscape(glass, law, presetE(mode, 1, 3), glass.cell);
      const gamma = 0.01, h = 1e-6;
      const x = applyLinear(land.affineMap(0, gamma), glass.positions);
      land.evaluate(x, gamma);
      const sigma = land.stress();
      const U = (g: number) => land.evaluate(applyLinear(land.affineMap(gamma, g), x), g).energy;
      const fd = (U(gamma + h) - U(gamma - h)) / (2 * h) / cellVolume(land.cellAt(gamma));
      expect(Math.abs(sigma - fd)).to.be.below(1e-7 * Math.max(1, Math.abs(sigma)));
      land.dispose();
    });
  }

  it('a cell sheared too narrow for the cutoff is refused with the strain reached (pure shear narrows y)', () => {
    // ipl3d N = 64: width 4.28 λ against 2 r_c = 4.144 λ; pure shear scales y by 1 − γ/2.
    const land = new NdLandscape(glass, law, presetE('pure', 1, 3), glass.cell);
    const gamma = 0.1;
    expect(() => land.evaluate(applyLinear(land.affineMap(0, gamma), glass.positions), gamma)).to.throw(RangeError, /^config\.cell: sheared to γ = 0\.100000, the cell's smallest width 4\.0598\d λ is no longer above twice the largest cutoff 4\.14\d+ λ/);
    land.dispose();
  });

  it('hessianProduct is −dF/dx (central differences of the forces); newtonStep solves M Δx = F', () => {
    const land = new NdLandscape(glass, law, presetE('simple', 1, 3), glass.cell);
    const r = seededRandom(4);
    const x = Float64Array.from(glass.positions);
    for (let k = 0; k < x.length; k++) x[k] += 0.01 * (r() - 0.5);
    const F = Float64Array.from(land.evaluate(x, 0).forces);
    expect(runSync(land.factorizeRequest())).to.equal(null);
    const n = land.dofs;
    const v = new Float64Array(n).map(() => r() - 0.5);
    const Mv = land.hessianProduct(v);
    const h = 1e-6;
    const at = (s: number) => {
      const y = Float64Array.from(x);
      for (let k = 0; k < n; k++) y[k + 3] += s * v[k]!; // particle 0 pinned
      return Float64Array.from(land.evaluate(y, 0).forces);
    };
    const fp = at(h), fm = at(-h);
    for (let k = 0; k < n; k++) expect(Mv[k]).to.be.closeTo(-(fp[k + 3]! - fm[k + 3]!) / (2 * h), 1e-6 * (1 + Math.abs(Mv[k]!)));
    land.evaluate(x, 0);
    expect(runSync(land.factorizeRequest())).to.equal(null);
    const step = land.newtonStep(F);
    expect(Array.from(step.subarray(0, 3))).to.deep.equal([0, 0, 0]);
    const back = land.hessianProduct(step.subarray(3));
    for (let k = 0; k < n; k++) expect(back[k]).to.be.closeTo(F[k + 3]!, 1e-9 * (1 + Math.abs(F[k + 3]!)));
    land.dispose();
  });

  it('first event (simple-yz−): a stable minimum before, a saddle-node at γ_c (λ_min ∝ √(γ_c − γ)), an energy drop after', () => {
    const event = firstEvent(glass, { direction: 'simple-yz-', protocol: 'reference', step: 2e-3, configurations: true });
    expect(event.protocol).to.equal('reference');
    expect(event.direction).to.equal('simple-yz-');
    expect(event.gammaHi - event.gammaLo).to.be.at.most(1e-8 * (1 + 1e-9));
    expect(event.energyDrop).to.be.above(0);
    expect(event.particlePosition).to.have.length(3);
    const before = event.before!;
    expect(before.dim).to.equal(3);
    // On the branch below γ_c: states at γ_lo − δ minimized (CG, then Newton) from the affine
    // image of "before" (simple-yz is nilpotent: H(γ − δ)H(γ)⁻¹ = 1 − δE exactly, E of the
    // direction, sign −). Newton alone from the affine image fails this close to the fold:
    // the step along the soft mode overshoots.
    const E = presetE('simple-yz', -1, 3);
    const lambdaAt = (delta: number): number => {
      const back = deformAffine(before.cell, before.positions, E, -delta);
      const x = Float64Array.from(back.positions);
      const cg = minimizeCG(ndObjective({ ...before, cell: back.cell }, law), x, { fTol: 1e-11, maxIter: 100000, maxStep: 0.01 });
      expect(cg.converged).to.equal(true);
      const polished = newtonPolishNd({ ...before, cell: back.cell, positions: x }, law);
      expect(polished.maxForce).to.be.below(1e-10);
      return lowestEigenvalueFd(polished.config);
    };
    const l1 = lambdaAt(1e-5), l4 = lambdaAt(4e-5), l10 = lambdaAt(1e-4);
    expect(l1).to.be.above(0);
    expect(l4 / l1).to.be.within(1.8, 2.2); // √4 = 2 at a saddle-node
    expect(l10 / l1).to.be.within(2.85, 3.5); // √10 = 3.16
    const lBefore = lowestEigenvalueFd(before);
    expect(lBefore).to.be.above(0);
    expect(lBefore).to.be.below(0.1 * l1); // √(1e-8 / 1e-5) ≈ 0.03 of λ(1e-5)
  });

  it('softspot aqs on a 3D file: --mode simple-yz --sign - (fast by default) gives the API\'s event, and so does --protocol reference; 3D modes refused on a 2D glass', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'softspot-aqs3d-'));
    try {
      const path = join(dir, 'g.xyz');
      await writeFile(path, writeXyzFrame({ dim: 3, n: glass.n, cell: glass.cell, positions: glass.positions, species: glass.species, info: {}, model: 'ipl3d' }));
      type EventJson = { direction: string; protocol: string; gammaC: number; particle: number; particlePosition: number[] };
      const r = await runCli('aqs', path, '--mode', 'simple-yz', '--sign', '-', '--json', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      const json = JSON.parse(r.stdout) as EventJson;
      const api = firstEvent(glass, { direction: 'simple-yz-' });
      expect(json.direction).to.equal('simple-yz-');
      expect(json.protocol).to.equal('fast');
      expect(json.gammaC).to.equal(api.gammaC);
      expect(json.particle).to.equal(api.particle);
      expect(json.particlePosition).to.have.length(3);
      const ref = await runCli('aqs', path, '--mode', 'simple-yz', '--sign', '-', '--protocol', 'reference', '--step', '2e-3', '--json', '--quiet');
      expect(ref.code, ref.stderr).to.equal(0);
      const refJson = JSON.parse(ref.stdout) as EventJson;
      expect(refJson.protocol).to.equal('reference');
      expect(refJson.particle).to.equal(api.particle);
      expect(Math.abs(refJson.gammaC - api.gammaC)).to.be.at.most(1e-8);
      const flat = await runCli('aqs', fixturePath('n64_s1.xyz'), '--mode', 'simple-xz', '--sign', '+');
      expect(flat.code).to.equal(2);
      expect(flat.stderr).to.include('--mode: simple-xz is a mode of 3D glasses');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses 2D directions on a 3D glass, naming the 3D directions', () => {
    expect(() => firstEvent(glass, { direction: 'shear' as never })).to.throw(RangeError, '"simple-xz+"');
    expect(() => firstEvent(glass, { direction: { E: new Float64Array(4) } })).to.throw(RangeError, 'expected a 3×3 matrix');
  });
});
