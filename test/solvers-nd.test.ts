/**
 * compareSolvers and `softspot solvers` on glasses of lib/nd (3D, and 2D poly; DESIGN §10),
 * against independent routes (test/helpers/nd-dense.ts) on small minimized glasses (2D and
 * 3D poly of N = 80, ipl3d of N = 64):
 * - the pinned Hessian it solves: the dense Hessian from brute-force pairs and explicit K,
 *   the pinned particle's rows dropped (1e-12 of its largest entry), and its stored
 *   entries counted from the brute-force pairs;
 * - the right-hand side of case (a): Ξ of simple shear (E = presetE('simple', 1, d)) by
 *   central differences of brute-force forces under the affine strain (1e-6);
 * - c_α of its selected-inversion path: the dense inverse of the pinned Hessian (1e-9);
 * - every contender: the sum rule Σ_α c_α = d(N − 1), d(N − 1) + 1 solves, residuals and
 *   the agreement of the paths;
 * - the command on 3D and 2D poly files: dimension-aware tables (n = d(N − 1), the
 *   heading Σc − (dN−d)).
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { writeXyzFile } from '../lib/io/index.js';
import { deformAffine } from '../lib/space/cell-nd.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { presetE } from '../lib/space/index.js';
import { compareSolvers } from '../lib/studies/index.js';
import { comparisonSystem, selectedInversionC } from '../lib/studies/compare-solvers.js';
import { denseFromCsc } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { brutePairs, denseC, denseEnergyForces, denseHessian, dropPinned, smallGlass } from './helpers/nd-dense.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { maxAbs, maxAbsDiff } from './helpers/predictors-nd-suite.js';

const GLASSES: Array<[string, () => Configuration]> = [
  ['poly 2D, N = 80', () => smallGlass('poly', 80, 3, 2)],
  ['poly 3D, N = 80', () => smallGlass('poly', 80, 3, 3)],
  ['ipl3d, N = 64', () => glass3d('ipl3d', 4)],
];

for (const [label, make] of GLASSES) {
  describe(`compareSolvers on a glass of lib/nd (${label})`, function () {
    this.timeout(300_000);
    let config: Configuration, d: 2 | 3, dofs: number;
    before(() => {
      config = make();
      d = config.dim === 3 ? 3 : 2;
      dofs = d * config.n;
    });

    it('solves the dense pinned Hessian of brute-force pairs, with Ξ of simple shear from differences of brute-force forces', () => {
      const pinned = 7;
      const law = lawOfConfiguration(config);
      const system = comparisonSystem(config, { pinned });
      expect(system.d).to.equal(d);
      const H = dropPinned(denseHessian(config, law), dofs, d, pinned);
      expect(system.M.n).to.equal(dofs - d);
      expect(maxAbsDiff(denseFromCsc(system.M), H) / maxAbs(H)).to.be.below(1e-12);
      const h = 1e-6, E = presetE('simple', 1, d);
      const at = (gamma: number) => denseEnergyForces({ ...config, ...deformAffine(config.cell, config.positions, E, gamma) }, law).forces;
      const fp = at(h), fm = at(-h);
      const xi = Float64Array.from(fp, (f, k) => -(f - fm[k]) / (2 * h)).filter((_, k) => Math.floor(k / d) !== pinned);
      expect(maxAbsDiff(system.velocityRhs(), xi) / maxAbs(xi)).to.be.below(1e-6);
    });

    it('its selected-inversion c_α equals the dense-inverse c_α', () => {
      const system = comparisonSystem(config, { pinned: 0 });
      const c = selectedInversionC(system);
      const ref = denseC(config, lawOfConfiguration(config), 0);
      expect(c).to.have.length(ref.c.length);
      expect(maxAbsDiff(c, ref.c) / maxAbs(ref.c)).to.be.below(1e-9);
    });

    it('every case and contender: sizes from the brute-force pairs, sum rule d(N − 1), residuals, agreement of the paths', () => {
      const solvers = ['cholmod-llt-metis', 'cholmod-ldlt-amd', 'cg', 'pcg-ichol'] as const;
      const r = compareSolvers(config, { cases: ['1', '64', 'all'], block: 16, solvers });
      const pairs = brutePairs(config, lawOfConfiguration(config));
      expect([r.d, r.N, r.n, r.pairs]).to.deep.equal([d, config.n, dofs - d, pairs.length]);
      // lower triangles of the N − 1 diagonal blocks, and a full d×d block per pair clear of the pinned particle 0
      const free = pairs.filter((p) => p.i !== 0 && p.j !== 0).length;
      expect(r.nnz).to.equal(((config.n - 1) * d * (d + 1)) / 2 + d * d * free);
      expect(r.velocity!.map((row) => row.solver)).to.deep.equal([...solvers]);
      expect(r.block!.every((row) => row.nrhs === 16)).to.equal(true);
      for (const row of [...r.velocity!, ...r.block!]) {
        expect(row.failure, row.solver).to.equal(undefined);
        expect(row.residual, row.solver).to.be.below(row.kind === 'direct' ? 1e-12 : 1.5e-10);
        expect(row.error, row.solver).to.be.below(row.kind === 'direct' ? 1e-12 : 1e-6);
      }
      const c = r.heatCapacity!;
      expect(c.map((row) => row.kind)).to.deep.equal(['selinv', 'direct', 'direct', 'iterative', 'iterative']);
      for (const row of c) {
        expect(row.failure, row.solver).to.equal(undefined);
        expect(row.sumRuleError, row.solver).to.be.below(row.kind === 'iterative' ? 1e-7 : 1e-9);
        expect(row.error, row.solver).to.be.below(row.kind === 'iterative' ? 1e-8 : 1e-12);
        if (row.kind !== 'selinv') expect(row.solves, row.solver).to.equal(dofs - d + 1);
      }
    });
  });
}

describe('softspot solvers on glasses of lib/nd', function () {
  this.timeout(300_000);
  let dir = '';
  scratchDir('softspot-solvers-nd-', (path) => { dir = path; });

  for (const [label, make] of [GLASSES[0]!, GLASSES[2]!]) {
    it(`${label}: the tables, sized d(N − 1), with the sum rule Σc = d(N − 1)`, async () => {
      const config = make();
      const d = config.dim === 3 ? 3 : 2;
      const path = join(dir, `${d}d.xyz`);
      await writeXyzFile(path, config);
      const r = await runCli('solvers', path, '--rhs', '1,all', '--solver', 'cholmod-llt-metis,cg', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^Times in ms of the wall clock; the fastest of 3 interleaved runs per contender \\(the c_α paths: one run each\\)\\.\n\n### \\(a\\) One non-affine velocity u = −G Ξ, N = ${config.n} \\(n = ${d * (config.n - 1)},`));
      expect(r.stdout).to.contain(`| \\|Σc − (${d}N−${d})\\| |`);
      expect(r.stdout).to.match(/^\| cg +\| /m);
      expect(r.stdout).to.not.contain('(b)');
    });
  }
});
