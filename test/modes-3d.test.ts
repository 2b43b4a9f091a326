/**
 * lowestModes and `softspot modes` on 3D glasses (presets ipl3d, ka, poly) against an
 * independent dense route (test/helpers/nd-dense.ts): the free 3N × 3N Hessian built from
 * brute-force O(N²) pairs and explicit K = φ''n nᵀ + (φ'/r)(I − n nᵀ), itself checked
 * against central differences of the brute-force forces; its eigenvalues (Jacobi, test
 * helper) without the three translations; its eigenvectors (cyclic Jacobi of
 * lib/dense-eigen.ts) for the participation ratio, core particle and QLM flag; and the
 * couplings ψ·Ξ against ψ·(−dF/dγ) by central differences of the brute-force forces under
 * each 3D shear preset (simple, simple-xz, simple-yz, pure).
 */
import { expect } from 'chai';
import h5wasm from 'h5wasm/node';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Configuration } from '../lib/config.js';
import { symmetricEigen } from '../lib/dense-eigen.js';
import { writeXyz } from '../lib/io/index.js';
import { writeModesHdf5 } from '../lib/modes/hdf5.js';
import { lowestModes, MODES_METHODS, type LowestModesResult } from '../lib/modes/index.js';
import { deformAffine } from '../lib/space/cell-nd.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { presetE, shearModes } from '../lib/space/index.js';
import { symmetricEigenvalues } from './helpers/dense-linalg.js';
import { glass3d } from './helpers/glass3d.js';
import { denseEnergyForces, denseHessian, smallGlass } from './helpers/nd-dense.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

interface Dense { H: Float64Array; values: Float64Array; Z: Float64Array; order: number[] }

function dense(config: Configuration): Dense {
  const n3 = 3 * config.n;
  const H = denseHessian(config, lawOfConfiguration(config));
  const values = new Float64Array(n3), Z = new Float64Array(n3 * n3);
  symmetricEigen(H, n3, values, Z);
  const order = Array.from({ length: n3 }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  return { H, values, Z, order };
}

const glasses: [string, () => Configuration, number][] = [
  ['ipl3d, N = 64', () => glass3d('ipl3d', 4, 1), 12],
  ['ka, N = 216', () => glass3d('ka', 6, 2), 10],
  ['poly 3D, N = 80', () => smallGlass('poly', 80, 3, 3), 10],
];

describe('lowestModes on 3D glasses, against the dense free Hessian', function () {
  this.timeout(600_000);

  for (const [label, make, k] of glasses) {
    describe(label, () => {
      let config: Configuration, D: Dense;
      const results: Partial<Record<(typeof MODES_METHODS)[number], LowestModesResult>> = {};
      before(() => {
        config = make();
        D = dense(config);
        for (const method of MODES_METHODS) results[method] = lowestModes(config, k, { method });
      });

      it('the dense Hessian equals central differences of the brute-force forces (1e-6)', () => {
        const law = lawOfConfiguration(config), n3 = 3 * config.n, h = 1e-5;
        let worst = 0, scale = 0;
        for (let c = 0; c < n3; c += 7) {
          const shifted = (s: number): Float64Array => {
            const positions = Float64Array.from(config.positions);
            positions[c] += s;
            return denseEnergyForces({ ...config, positions }, law).forces;
          };
          const fp = shifted(h), fm = shifted(-h);
          for (let r = 0; r < n3; r++) {
            const fd = -(fp[r] - fm[r]) / (2 * h);
            worst = Math.max(worst, Math.abs(fd - D.H[r * n3 + c]));
            scale = Math.max(scale, Math.abs(D.H[r * n3 + c]));
          }
        }
        expect(worst).to.be.below(1e-6 * scale);
      });

      it('three zero modes (the translations); ω² are the next dense eigenvalues to 1e-10, with every method', () => {
        const ev = D.order.map((c) => D.values[c]);
        const top = ev[ev.length - 1];
        for (let i = 0; i < 3; i++) expect(Math.abs(ev[i])).to.be.below(1e-10 * top);
        expect(ev[3]).to.be.above(1e-3);
        for (const method of MODES_METHODS) {
          const r = results[method]!;
          expect(r.converged, method).to.equal(true);
          expect(r.dim).to.equal(3);
          for (let i = 0; i < k; i++) {
            expect(r.modes[i].eigenvalue, `${method}, mode ${i}`).to.be.closeTo(ev[i + 3], 1e-10 * ev[i + 3]);
            expect(r.modes[i].omega).to.be.closeTo(Math.sqrt(ev[i + 3]), 1e-10 * Math.sqrt(ev[i + 3]));
          }
        }
      });

      it('orthonormal eigenvectors of the dense Hessian, no net translation in x, y or z', () => {
        const r = results.lanczos!, n3 = 3 * config.n;
        for (let a = 0; a < k; a++) {
          const psi = r.vectors.subarray(a * n3, (a + 1) * n3), lam = r.modes[a].eigenvalue;
          let r2 = 0;
          for (let row = 0; row < n3; row++) {
            let s = 0;
            for (let c = 0; c < n3; c++) s += D.H[row * n3 + c] * psi[c];
            r2 += (s - lam * psi[row]) ** 2;
          }
          expect(Math.sqrt(r2), `mode ${a}`).to.be.below(1e-6 * lam);
          for (let axis = 0; axis < 3; axis++) {
            let sum = 0;
            for (let i = 0; i < config.n; i++) sum += psi[3 * i + axis];
            expect(Math.abs(sum)).to.be.below(1e-12);
          }
          for (let b = 0; b <= a; b++) {
            let dot = 0;
            for (let q = 0; q < n3; q++) dot += psi[q] * r.vectors[b * n3 + q];
            expect(dot).to.be.closeTo(a === b ? 1 : 0, 1e-10);
          }
        }
      });

      it('participation, core particle (x, y, z), sign and QLM flag equal those of the dense eigenvectors', () => {
        const n3 = 3 * config.n;
        const measured: { e: number; core: number; amplitude: number }[] = [];
        for (let i = 0; i < k; i++) {
          const c = D.order[i + 3], lam = D.values[c];
          const gap = Math.min(D.values[D.order[i + 4]] - lam, lam - D.values[D.order[i + 2]]);
          if (!(gap > 1e-3 * lam)) continue; // a degenerate eigenvector is not defined
          let s2 = 0, s4 = 0, best = -1, amp = -1;
          for (let p = 0; p < config.n; p++) {
            const a2 = D.Z[(3 * p) * n3 + c] ** 2 + D.Z[(3 * p + 1) * n3 + c] ** 2 + D.Z[(3 * p + 2) * n3 + c] ** 2;
            s2 += a2; s4 += a2 * a2;
            if (a2 > amp) { amp = a2; best = p; }
          }
          measured[i] = { e: (s2 * s2) / (config.n * s4), core: best, amplitude: Math.sqrt(amp / s2) };
        }
        const es = measured.filter(Boolean).map((x) => x.e).sort((a, b) => a - b);
        expect(es.length).to.be.at.least(k / 2);
        // A threshold between two dense participations, so that both flags occur.
        const qlmThreshold = 0.5 * (es[Math.floor(es.length / 2) - 1] + es[Math.floor(es.length / 2)]);
        // tol 1e-10: the eigenvectors to ~tol/gap, so that the measures agree to ~1e-7.
        const r = lowestModes(config, k, { qlmThreshold, tol: 1e-10 });
        for (let i = 0; i < k; i++) {
          const want = measured[i], mode = r.modes[i];
          const psi = r.vectors.subarray(i * n3, (i + 1) * n3);
          const p = mode.core.particle;
          expect([mode.core.x, mode.core.y, mode.core.z]).to.deep.equal([config.positions[3 * p], config.positions[3 * p + 1], config.positions[3 * p + 2]]);
          const comps = [psi[3 * p], psi[3 * p + 1], psi[3 * p + 2]];
          expect(comps.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a))).to.be.above(0);
          if (!want) continue;
          expect(mode.participation, `mode ${i}`).to.be.closeTo(want.e, 1e-7);
          expect(p, `mode ${i}`).to.equal(want.core);
          expect(mode.core.amplitude).to.be.closeTo(want.amplitude, 1e-7);
          expect(mode.quasilocalized).to.equal(want.e < qlmThreshold);
        }
        expect(new Set(r.modes.map((m) => m.quasilocalized)).size).to.equal(2);
      });

      it('couplings to simple, simple-xz, simple-yz and pure shear equal ψ·(−dF/dγ) by central differences', () => {
        const r = results.lanczos!, n3 = 3 * config.n, law = lawOfConfiguration(config), h = 1e-6;
        expect(shearModes(3)).to.have.members(['simple', 'simple-xz', 'simple-yz', 'pure']);
        for (const mode of shearModes(3)) {
          const E = presetE(mode, 1, 3);
          const forcesAt = (g: number): Float64Array => {
            const { cell, positions } = deformAffine(config.cell, config.positions, E, g);
            return denseEnergyForces({ ...config, cell, positions }, law).forces;
          };
          const fp = forcesAt(h), fm = forcesAt(-h);
          let scale = 0;
          for (const m of r.modes) {
            expect(m.coupling).to.have.all.keys('simple', 'simple-xz', 'simple-yz', 'pure');
            const psi = r.vectors.subarray(m.index * n3, (m.index + 1) * n3);
            let fd = 0;
            for (let q = 0; q < n3; q++) fd += psi[q] * -(fp[q] - fm[q]) / (2 * h);
            scale = Math.max(scale, Math.abs(fd));
            expect(m.coupling[mode], `${mode}, mode ${m.index}`).to.be.closeTo(fd, 1e-5 * Math.max(1, Math.abs(fd)));
          }
          expect(scale, mode).to.be.above(1e-2);
        }
      });
    });
  }
});

describe('lowestModes on a 3D crystal (fcc, ipl3d, N = 108), against the dense free Hessian', function () {
  this.timeout(600_000);

  it('every copy of its exactly degenerate eigenvalues: Lanczos completes them by deflated restarts', () => {
    // 3 × 3 × 3 cubic cells of 4 atoms at N/V = 0.82, all S: forces vanish by symmetry.
    const cells = 3, a = (4 / 0.82) ** (1 / 3), L = cells * a;
    const basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
    const positions: number[] = [];
    for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) for (let l = 0; l < cells; l++) {
      for (const b of basis) positions.push((i + b[0]!) * a + 0.05, (j + b[1]!) * a + 0.05, (l + b[2]!) * a + 0.05);
    }
    const n = positions.length / 3;
    const crystal: Configuration = {
      n, dim: 3, model: 'ipl3d', cell: Float64Array.from([L, 0, 0, 0, L, 0, 0, 0, L]), positions: Float64Array.from(positions), species: new Uint8Array(n), info: {},
    };
    const D = dense(crystal);
    const ev = D.order.map((i) => D.values[i]!).slice(3); // without the three translations
    const k = 20;
    let repeats = 0;
    for (let i = 1; i < k; i++) if (ev[i]! - ev[i - 1]! < 1e-9 * ev[i]!) repeats++;
    expect(repeats, 'the dense spectrum has exact multiplets').to.be.at.least(10);
    for (const method of ['lanczos', 'block'] as const) {
      const r = lowestModes(crystal, k, { method });
      expect(r.converged, method).to.equal(true);
      r.modes.forEach((m, i) => expect(m.eigenvalue, `${method} mode ${i}`).to.be.closeTo(ev[i]!, 1e-9 * ev[i]!));
      if (method === 'lanczos') expect(r.restarts).to.be.at.least(1);
    }
  });
});

describe('softspot modes and its HDF5 file on a 3D glass', function () {
  this.timeout(300_000);
  let dir = '';
  scratchDir('softspot-modes3d-', (d) => { dir = d; });
  const config = glass3d('ipl3d', 4, 1);
  const ev = symmetricEigenvalues(denseHessian(config, lawOfConfiguration(config)), 3 * config.n);

  it('--json and --out: 3D fields, the dense eigenvalues, vectors k × 3N read back from the file', async () => {
    const path = join(dir, 'ipl3d.xyz'), out = join(dir, 'modes.h5');
    await writeFile(path, writeXyz(config));
    const r = await runCli('modes', path, '--k', '6', '--json', '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    const o = JSON.parse(r.stdout);
    expect(o.dim).to.equal(3);
    expect(o.n).to.equal(64);
    o.modes.forEach((m: Record<string, any>, i: number) => {
      expect(m.core).to.have.all.keys('particle', 'x', 'y', 'z', 'amplitude');
      expect(m.coupling).to.have.all.keys('simple', 'simple-xz', 'simple-yz', 'pure');
      expect(m.eigenvalue).to.be.closeTo(ev[i + 3], 1e-9 * ev[i + 3]);
    });
    await h5wasm.ready;
    const f = new h5wasm.File(out, 'r');
    const get = (name: string) => f.get(name) as InstanceType<typeof h5wasm.Dataset>;
    try {
      expect(f.attrs.dim.value).to.equal(3);
      expect(get('configuration/cell').shape).to.deep.equal([3, 3]);
      expect(get('configuration/positions').shape).to.deep.equal([64, 3]);
      const vectors = get('modes/vectors');
      expect(vectors.shape).to.deep.equal([6, 192]);
      const lam = get('modes/eigenvalue').value as Float64Array;
      for (let i = 0; i < 6; i++) expect(lam[i]).to.be.closeTo(ev[i + 3], 1e-9 * ev[i + 3]);
      for (const name of ['core_z', 'coupling_simple', 'coupling_simple_xz', 'coupling_simple_yz', 'coupling_pure']) {
        expect(get(`modes/${name}`).shape, name).to.deep.equal([6]);
      }
      const z = get('modes/core_z').value as Float64Array, cores = get('modes/core_particle').value as Int32Array;
      for (let i = 0; i < 6; i++) expect(z[i]).to.equal(config.positions[3 * cores[i] + 2]);
      const xz = get('modes/coupling_simple_xz').value as Float64Array;
      o.modes.forEach((m: Record<string, any>, i: number) => expect(xz[i]).to.be.closeTo(m.coupling['simple-xz'], 1e-12 * Math.max(1, Math.abs(xz[i]))));
    } finally {
      f.close();
    }
  });

  it('the text table has z and the four 3D couplings; --k beyond 3N − 4 is a usage error', async () => {
    const path = join(dir, 'ipl3d-table.xyz');
    await writeFile(path, writeXyz(config));
    const r = await runCli('modes', path, '--k', '3', '--method', 'block-lanczos', '--block-size', '4');
    expect(r.code, r.stderr).to.equal(0);
    const [head, ...rows] = r.stdout.trim().split('\n');
    expect(head.trim().split(/\s+/)).to.deep.equal(['#', 'omega', 'lambda', 'e', 'QLM', 'core', 'x', 'y', 'z', 'xi_simple', 'xi_pure', 'xi_simple_xz', 'xi_simple_yz']);
    expect(rows).to.have.length(3);
    const bad = await runCli('modes', path, '--k', String(3 * 64 - 3));
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--k: expected at most 3N − 4 = 188');
  });

  it('writeModesHdf5 of a 2D result keeps the 2D layout (cell 2×2, vectors k × 2N, no core_z)', async () => {
    const { readFixtureConfig } = await import('./helpers/read-fixture.js');
    const c2 = readFixtureConfig('n64_s1');
    const res = lowestModes(c2, 3);
    const out = join(dir, 'modes2d.h5');
    await writeModesHdf5(out, c2, res, 'n64_s1');
    await h5wasm.ready;
    const f = new h5wasm.File(out, 'r');
    try {
      expect(f.attrs.dim.value).to.equal(2);
      expect((f.get('configuration/cell') as InstanceType<typeof h5wasm.Dataset>).shape).to.deep.equal([2, 2]);
      expect((f.get('modes/vectors') as InstanceType<typeof h5wasm.Dataset>).shape).to.deep.equal([3, 128]);
      expect(f.get('modes/core_z')).to.not.be.ok;
      expect((f.get('modes/coupling_simple') as InstanceType<typeof h5wasm.Dataset>).shape).to.deep.equal([3]);
    } finally {
      f.close();
    }
  });
});
