/**
 * `softspot modes`: the --json fields against the dense spectrum of the fixture glass, the
 * HDF5 file of --out read back with h5wasm (eigenvectors checked with the dense Hessian) and
 * in Python (docs/modes.md's h5py snippet as written; numpy's own eigvalsh; needs
 * python3-h5py, else skipped with a printed reason, a failure under CI), the text table,
 * and the usage errors.
 */
import { expect } from 'chai';
import h5wasm from 'h5wasm/node';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPairs, hessian, pairTensors } from '../lib/hessian/index.js';
import { DEFAULT_MODEL } from '../lib/model/index.js';
import { lowestModes, NONLINEAR_DEFAULTS } from '../lib/modes/index.js';
import { denseFromCsc, matvecBlock, symmetricEigenvalues } from './helpers/dense-linalg.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { requirePython } from './helpers/system-program.js';
import { documentedPython } from './helpers/python.js';

describe('softspot modes', function () {
  this.timeout(120_000);
  let dir = '';
  scratchDir('softspot-modes-', (d) => { dir = d; });
  const config = readFixtureConfig('n64_s1');
  const pairs = findPairs(config, DEFAULT_MODEL);
  const M = denseFromCsc(hessian(pairs, pairTensors(pairs, DEFAULT_MODEL, 2).K!, config.n, -1));
  const ev = symmetricEigenvalues(M, 2 * config.n);

  it('--json: one object with every field of every mode; ω² are the dense non-zero eigenvalues', async () => {
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '7', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out).to.include.all.keys('file', 'n', 'k', 'modes', 'iterations', 'converged', 'blockSize', 'qlmThreshold', 'maxForce', 'timings');
    expect(out).to.not.have.property('vectors');
    expect(out.n).to.equal(64);
    expect(out.k).to.equal(7);
    expect(out.converged).to.equal(true);
    expect(out.qlmThreshold).to.equal(0.2);
    expect(out.modes).to.have.length(7);
    out.modes.forEach((m: Record<string, any>, i: number) => {
      expect(m).to.have.all.keys('index', 'eigenvalue', 'omega', 'participation', 'quasilocalized', 'core', 'coupling', 'residual');
      expect(m.core).to.have.all.keys('particle', 'x', 'y', 'amplitude');
      expect(m.coupling).to.have.all.keys('simple', 'pure');
      expect(m.eigenvalue).to.be.closeTo(ev[i + 2], 1e-9 * ev[i + 2]);
      expect(m.omega).to.be.closeTo(Math.sqrt(ev[i + 2]), 1e-9);
      expect(m.core.x).to.equal(config.positions[2 * m.core.particle]);
      expect(m.quasilocalized).to.equal(m.participation < 0.2);
    });
    expect(r.stderr).to.match(/modes: 7 modes of N = 64, \d+ quasilocalized \(e < 0\.2\)/);
  });

  it('--qlm-threshold changes the flag; --method block gives the same dense eigenvalues', async () => {
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '8', '--json', '--qlm-threshold', '0.5', '--method', 'block');
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    expect(out.qlmThreshold).to.equal(0.5);
    expect(out.blockSize).to.equal(16);
    for (const m of out.modes) expect(m.quasilocalized).to.equal(m.participation < 0.5);
    out.modes.forEach((m: { eigenvalue: number }, i: number) => expect(m.eigenvalue).to.be.closeTo(ev[i + 2], 1e-9 * ev[i + 2]));
    const bad = await runCli('modes', fixturePath('n64_s1.xyz'), '--method', 'arnoldi');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--method: expected one of 'block-lanczos', 'lanczos', 'block'/);
  });

  it('prints a table by default: a header and one row per mode', async () => {
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '4');
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).to.match(/#\s+omega\s+lambda\s+e\s+QLM\s+core\s+x\s+y\s+xi_simple\s+xi_pure/);
    expect(lines).to.have.length(5);
    expect(Number(lines[1].trim().split(/\s+/)[1])).to.be.closeTo(Math.sqrt(ev[2]), 1e-6);
  });

  it('--nonlinear: a cubic nonlinear mode from each mode (JSON and table), κ above the dense λ_min, the repeats named', async () => {
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '5', '--json', '--nonlinear');
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout);
    const nl = out.modes.map((m: { nonlinear: Record<string, number & { particle: number; x: number; y: number }> }) => m.nonlinear);
    expect(nl).to.have.length(5);
    for (const [k, m] of nl.entries()) {
      expect(m.kappa, `mode ${k}`).to.be.at.least(ev[2] * (1 - 1e-9)); // π·Hπ ≥ the lowest non-zero eigenvalue
      expect(m.tau).to.be.below(0);
      expect(m.barrier).to.be.closeTo((2 * m.kappa ** 3) / (3 * m.tau ** 2), 1e-12 * m.barrier);
      expect(m.residual).to.be.at.most(NONLINEAR_DEFAULTS.tolerance);
      expect(m.converged).to.equal(true);
      expect([m.core.x, m.core.y]).to.deep.equal([config.positions[2 * m.core.particle], config.positions[2 * m.core.particle + 1]]);
      if (m.sameAs !== undefined) {
        expect(m.sameAs).to.be.below(k);
        expect(m.kappa).to.be.closeTo(nl[m.sameAs].kappa, 10 * NONLINEAR_DEFAULTS.tolerance * m.kappa); // κ to about the tolerance
      }
    }
    const distinct = nl.filter((m: { sameAs?: number }) => m.sameAs === undefined).length;
    expect(r.stderr).to.contain(`modes: ${distinct} distinct nonlinear modes from 5 starts, largest residual `);
    const table = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '3', '--nonlinear');
    expect(table.code, table.stderr).to.equal(0);
    const lines = table.stdout.trim().split('\n');
    const at = lines.indexOf('nonlinear modes (cubic; from each mode above):');
    expect(at).to.equal(5);
    expect(lines[at + 1]).to.match(/from\s+kappa\s+tau\s+barrier\s+e\s+core\s+x\s+y\s+overlap\s+same-as/);
    expect(lines.slice(at + 2).map((l) => Number(l.trim().split(/\s+/)[0]))).to.deep.equal([0, 1, 2]);
  });

  it('--nonlinear --out: /nonlinear holds each mode\'s π, whose π·Hπ with the dense Hessian is its κ, and the JSON\'s numbers', async () => {
    mkdirSync(join(dir, 'nonlinear'));
    const path = join(dir, 'nonlinear', 'modes.h5');
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '4', '--json', '--nonlinear', '--out', path);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout).modes.map((m: { nonlinear: { kappa: number; tau: number; sameAs?: number; core: { particle: number } } }) => m.nonlinear);
    await h5wasm.ready;
    const f = new h5wasm.File(path, 'r');
    try {
      const g = f.get('nonlinear') as InstanceType<typeof h5wasm.Group>;
      const read = (name: string): number[] => Array.from((g.get(name) as InstanceType<typeof h5wasm.Dataset>).value as ArrayLike<number>, Number);
      const vectors = g.get('vectors') as InstanceType<typeof h5wasm.Dataset>;
      expect(vectors.shape).to.deep.equal([4, 128]);
      const V = Float64Array.from(vectors.value as ArrayLike<number>);
      expect(read('from')).to.deep.equal([0, 1, 2, 3]);
      expect(read('kappa')).to.deep.equal(json.map((m: { kappa: number }) => m.kappa));
      expect(read('same_as')).to.deep.equal(json.map((m: { sameAs?: number }) => m.sameAs ?? -1));
      expect(read('core_particle')).to.deep.equal(json.map((m: { core: { particle: number } }) => m.core.particle));
      const units = (name: string): unknown => (g.get(name) as InstanceType<typeof h5wasm.Dataset>).attrs.units?.value;
      expect(['kappa', 'tau', 'barrier', 'residual', 'overlap'].map(units)).to.deep.equal(['epsilon/lambda^2', 'epsilon/lambda^3', 'epsilon', '1', undefined]);
      const HV = matvecBlock(M, V, 128, 4);
      for (let m = 0; m < 4; m++) {
        const row = V.subarray(128 * m, 128 * (m + 1)), hrow = HV.subarray(128 * m, 128 * (m + 1));
        expect(row.reduce((t, x) => t + x * x, 0)).to.be.closeTo(1, 1e-12);
        expect(row.reduce((t, x, a) => t + x * hrow[a]!, 0)).to.be.closeTo(json[m].kappa, 1e-9 * json[m].kappa);
      }
    } finally {
      f.close();
    }
  });

  it('--out writes an HDF5 file that h5wasm reads: the modes, the configuration and eigenvectors of the dense Hessian', async () => {
    const path = join(dir, 'modes.h5');
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '5', '--json', '--out', path);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout);
    expect(json.out).to.equal(path);
    expect(readdirSync(dir).filter((f) => f !== 'nonlinear')).to.deep.equal(['modes.h5']);
    await h5wasm.ready;
    const f = new h5wasm.File(path, 'r');
    try {
      expect(f.attrs.format.value).to.equal('softspot-modes');
      expect(Number(f.attrs.format_version.value)).to.equal(1);
      expect(Number(f.attrs.n.value)).to.equal(64);
      expect(Number(f.attrs.k.value)).to.equal(5);
      expect(Number(f.attrs.converged.value)).to.equal(1);
      expect(Number(f.attrs.restarts.value)).to.equal(0);
      expect(f.attrs.model.value, 'a 2D glass naming no model is of ipl').to.equal('ipl');
      expect(Number(f.attrs.polished.value), 'a glass at its minimum is not polished').to.equal(0);
      expect(json.polished).to.equal(false);
      expect(f.get('configuration/sigma'), 'sizes of a per-particle law only').to.equal(null);
      const get = (name: string) => f.get(name) as InstanceType<typeof h5wasm.Dataset>;
      expect(get('configuration/positions').shape).to.deep.equal([64, 2]);
      expect(Array.from(get('configuration/positions').value as Float64Array)).to.deep.equal(Array.from(config.positions));
      const lam = get('modes/eigenvalue').value as Float64Array;
      const vectors = get('modes/vectors');
      expect(vectors.shape).to.deep.equal([5, 128]);
      const V = vectors.value as Float64Array;
      const MV = matvecBlock(M, V, 128, 5);
      for (let a = 0; a < 5; a++) {
        expect(lam[a]).to.equal(json.modes[a].eigenvalue);
        expect(lam[a]).to.be.closeTo(ev[a + 2], 1e-9 * ev[a + 2]);
        let r2 = 0;
        for (let q = 0; q < 128; q++) r2 += (MV[a * 128 + q] - lam[a] * V[a * 128 + q]) ** 2;
        expect(Math.sqrt(r2)).to.be.lessThan(1e-5 * lam[a]);
      }
      expect(Array.from(get('modes/core_particle').value as Int32Array)).to.deep.equal(json.modes.map((m: { core: { particle: number } }) => m.core.particle));
      expect(Array.from(get('modes/coupling_simple').value as Float64Array)).to.deep.equal(json.modes.map((m: { coupling: { simple: number } }) => m.coupling.simple));
      expect(Array.from(get('modes/quasilocalized').value as Uint8Array)).to.deep.equal(json.modes.map((m: { quasilocalized: boolean }) => (m.quasilocalized ? 1 : 0)));
      for (const name of ['omega', 'participation', 'core_x', 'core_y', 'core_amplitude', 'coupling_pure', 'residual']) expect(get(`modes/${name}`).shape).to.deep.equal([5]);
    } finally {
      f.close();
    }
  });

  it('--out of a poly glass records its model and each particle\'s size (without them the glass cannot be rebuilt)', async () => {
    const path = join(dir, 'poly-modes.h5');
    const r = await runCli('modes', fixturePath('poly_n128_s2.xyz'), '--k', '3', '--out', path);
    expect(r.code, r.stderr).to.equal(0);
    const poly = readFixtureConfig('poly_n128_s2');
    await h5wasm.ready;
    const f = new h5wasm.File(path, 'r');
    try {
      expect(f.attrs.model.value).to.equal('poly');
      expect(Array.from((f.get('configuration/sigma') as InstanceType<typeof h5wasm.Dataset>).value as Float64Array)).to.deep.equal(Array.from(poly.sigma!));
    } finally {
      f.close();
    }
  });

  it('--out read in Python: the h5py snippet of docs/modes.md runs; numpy finds the rows orthonormal eigenvectors of the dense Hessian, with its own eigvalsh', async function () {
    const python = requirePython(this, ['h5py', 'numpy'], 'python3-h5py');
    const path = join(dir, 'modes-py.h5'), dense = join(dir, 'hessian.f64');
    const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '6', '--json', '--out', path);
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout);
    const snippet = documentedPython('modes.md', 'import h5py, numpy as np');
    expect(snippet).to.contain("h5py.File('modes.h5')");
    execFileSync(python, ['-c', snippet.replace("'modes.h5'", JSON.stringify(path))], { encoding: 'utf8' });
    // The dense Hessian (2N × 2N, translations included) as raw little-endian doubles.
    writeFileSync(dense, new Uint8Array(M.buffer, M.byteOffset, M.byteLength));
    const check = `import json, sys, h5py, numpy as np
with h5py.File(sys.argv[1], 'r') as f:
    d, V, lam = int(f.attrs['dim']), f['modes/vectors'][:], f['modes/eigenvalue'][:]
    omega = f['modes/omega'][:]
    psi = V.reshape(len(V), -1, d)
    s = lambda v: v.decode() if isinstance(v, bytes) else str(v)
    species_names = f['configuration'].attrs['species_names']
    units = {}
    f.visititems(lambda name, obj: units.__setitem__(name, s(obj.attrs['units'])) if isinstance(obj, h5py.Dataset) and 'units' in obj.attrs else None)
M = np.fromfile(sys.argv[2], dtype='<f8').reshape(V.shape[1], V.shape[1])
w = np.linalg.eigvalsh(M)
print(json.dumps({
    'orthonormal': float(np.abs(V @ V.T - np.eye(len(V))).max()),
    'residual': [float(np.linalg.norm(M @ v - l * v) / l) for v, l in zip(V, lam)],
    'eig': [float(x) for x in w[2:2 + len(lam)]], 'lam': lam.tolist(), 'omega': omega.tolist(),
    'layout': bool(np.array_equal(psi[:, 5, 1], V[:, 2 * 5 + 1])),
    'species_names': s(species_names), 'units': units,
}))`;
    const py = JSON.parse(execFileSync(python, ['-c', check, path, dense], { encoding: 'utf8' }));
    expect(py.orthonormal).to.be.below(1e-8);
    for (const res of py.residual) expect(res).to.be.below(1e-5);
    py.lam.forEach((l: number, a: number) => expect(l).to.be.closeTo(py.eig[a], 1e-9 * py.eig[a]));
    expect(py.omega).to.deep.equal(json.modes.map((m: { omega: number }) => m.omega));
    expect(py.layout).to.equal(true);
    // self-describing: the species' labels (code k = the k-th) and the units
    expect(py.species_names).to.equal('S,L');
    expect(py.units).to.deep.equal({
      'configuration/cell': 'lambda', 'configuration/positions': 'lambda', 'modes/eigenvalue': 'epsilon/lambda^2', 'modes/residual': 'epsilon/lambda^2',
      'modes/omega': '1/tau0', 'modes/core_x': 'lambda', 'modes/core_y': 'lambda',
    });
  });

  it('rejects a bad --k, a missing file and an unwritable --out with a usage or input error', async () => {
    const zero = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '0');
    expect(zero.code).to.equal(2);
    expect(zero.stderr).to.match(/--k: expected an integer >= 1/);
    const big = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '126');
    expect(big.code).to.equal(2);
    expect(big.stderr).to.include('--k: expected at most 2N − 3 = 125 for the N = 64 particles');
    const nan = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', 'NaN');
    expect(nan.code).to.equal(2);
    expect(nan.stderr).to.match(/--k: /);
    const missing = await runCli('modes', join(dir, 'nothere.xyz'));
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.include('nothere.xyz');
    const target = join(dir, 'no-such-dir', 'm.h5');
    const unwritable = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '2', '--out', target);
    expect(unwritable.code).to.not.equal(0);
    expect(unwritable.stderr).to.include(target);
    expect(existsSync(join(dir, 'no-such-dir'))).to.equal(false);
  });

  it('an option of another method is refused, not ignored: --block-size without block-lanczos; API blockSize, oversampling', async () => {
    for (const method of [[], ['--method', 'block']]) {
      const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '3', '--block-size', '4', ...method);
      expect(r.code).to.equal(2);
      expect(r.stderr.split('\n')[0]).to.equal(`softspot modes: --block-size: applies to --method block-lanczos only, and the method is ${method[1] ?? 'lanczos'}; ` +
        'leave it out or add --method block-lanczos');
    }
    const config = readFixtureConfig('n64_s1');
    expect(() => lowestModes(config, 3, { blockSize: 4 })).to.throw(RangeError, /^options\.blockSize: applies to method 'block-lanczos' only, and the method is 'lanczos'/);
    expect(() => lowestModes(config, 3, { method: 'block-lanczos', oversampling: 2 })).to.throw(RangeError, /^options\.oversampling: applies to method 'block' only/);
    // With their own method both are taken: p = 4 right-hand sides per solve.
    expect(lowestModes(config, 3, { method: 'block-lanczos', blockSize: 4 }).blockSize).to.equal(4);
    expect(lowestModes(config, 3, { method: 'block', oversampling: 2 }).blockSize).to.equal(5);
  });

  it('--out of a LAMMPS file holds its atom ids in particle order (/configuration/ids), each with its atom\'s position', async () => {
    // The KA fixture with its ids renumbered 10000 − 3·id: the particle order (ascending ids) is the file's reversed.
    const text = readFileSync(fixturePath('ka_n256_s2.data'), 'utf8');
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('Atoms')) + 2;
    const byId = new Map<number, number[]>();
    for (let k = first; k < first + 256; k++) {
      const w = lines[k]!.trim().split(/\s+/);
      const id = 10000 - 3 * Number(w[0]);
      lines[k] = [String(id), ...w.slice(1)].join(' ');
      byId.set(id, w.slice(2, 5).map(Number));
    }
    const data = join(dir, 'renumbered.data');
    writeFileSync(data, lines.join('\n'));
    const h5 = join(dir, 'ids.h5');
    const r = await runCli('modes', data, '--model', 'ka', '--k', '2', '--out', h5, '--json');
    expect(r.code, r.stderr).to.equal(0);
    await h5wasm.ready;
    const f = new h5wasm.File(h5, 'r');
    try {
      const ids = Array.from((f.get('configuration/ids') as InstanceType<typeof h5wasm.Dataset>).value as Int32Array);
      expect(ids).to.deep.equal([...byId.keys()].sort((a, b) => a - b));
      const positions = (f.get('configuration/positions') as InstanceType<typeof h5wasm.Dataset>).value as Float64Array;
      const origin = byId.get(ids[0]!)!.map((x, a) => positions[a]! - x); // positions are taken from the box corner
      ids.forEach((id, k) => byId.get(id)!.forEach((x, a) => expect(positions[3 * k + a]! - x, `id ${id}`).to.be.closeTo(origin[a]!, 1e-9)));
      // The JSON's core id is the id of the core particle.
      const json = JSON.parse(r.stdout) as { modes: Array<{ core: { particle: number; id: number } }> };
      for (const m of json.modes) expect(m.core.id).to.equal(ids[m.core.particle]);
    } finally {
      f.close();
    }
  });
});
