/**
 * `softspot run --model params.json` (issue 17, DESIGN §10 "Custom parameters"): an ensemble
 * of a model of one's own, a 2D inverse power law with other parameters than the paper's
 * (n = 12, q = 3, x_c = 1.5, λ_SL = 1.2, N/V = 0.9). Checked against independent routes:
 * - the samples are computed by pool threads, which never saw the file: each sample file
 *   carries the definition (its spec) and the name (model attribute, id prefix);
 * - the stored energy per particle equals a brute-force O(N²) sum over minimum images of φ
 *   written here from DESIGN §1's formula with the file's parameters (the c_2ℓ from double
 *   factorials, φ(x_c λ) = 0 checked), and the glass is a minimum of that law (max |F| by the
 *   same route), not of the paper's;
 * - ensemble.json records the definition; a second run of the same name with another
 *   definition into the same directory is a ModelMismatchError; the same file resumes;
 * - the Redis path: `run --queue --model file` and a `softspot worker` process that is
 *   given no file (deleted before it starts) computes the samples from the job's definition.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { canonicalJson } from '../lib/ensemble/identity.js';
import { readLog } from '../lib/ensemble/store.js';
import type { SampleResult } from '../lib/ensemble/types.js';
import { forgetModel } from '../lib/model/presets.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { requireProgram } from './helpers/system-program.js';
import { exited, spawnCli } from './helpers/spawn-cli.js';
import { startRedisIn, stopAll } from './helpers/redis-server.js';

const OWN = {
  name: 'ipl12', law: 'ipl', dimension: 2, species: ['S', 'L'], fractions: [0.5, 0.5], density: 0.9,
  parameters: { n: 12, q: 3, xc: 1.5, epsilon: 1, lambda: [[1, 1.2], [1.2, 1.4]] }, tLiquid: 1, tAnneal: 0.45,
};
const N = 64;
const TINY_ARGS = ['--samples', '2', '--seed0', '1', '--n', String(N), '--t-equilibrate', '1', '--anneal', '2'];

/** k!! for k ≥ −1. */
const dfact = (k: number): number => (k <= 0 ? 1 : k * dfact(k - 2));

/** φ(r) and φ'(r) of the file's law for a pair of λ = lam (DESIGN §1), written from the formula. */
function law(p: typeof OWN.parameters, lam: number) {
  const { n, q, xc, epsilon } = p;
  const c = Array.from({ length: q + 1 }, (_, l) => ((-1) ** (l + 1) / (dfact(2 * q - 2 * l) * dfact(2 * l))) * (dfact(n + 2 * q) / (dfact(n - 2) * (n + 2 * l))) * xc ** -(n + 2 * l));
  const phi = (r: number) => (r >= xc * lam ? 0 : epsilon * ((lam / r) ** n + c.reduce((s, cl, l) => s + cl * (r / lam) ** (2 * l), 0)));
  const dphi = (r: number) => (r >= xc * lam ? 0 : epsilon * (-n * (lam / r) ** n / r + c.reduce((s, cl, l) => s + cl * 2 * l * (r / lam) ** (2 * l) / r, 0)));
  return { phi, dphi, cutoff: xc * lam };
}

/** U/N and max |F| of a stored 2D glass under the file's law, by brute force over all pairs and the 9 nearest images. */
function bruteEnergy(s: SampleResult): { perParticle: number; maxForce: number } {
  const { cell, positions, species, n } = s.config;
  const lamOf = (a: number, b: number) => OWN.parameters.lambda[a][b];
  let U = 0;
  const F = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const { phi, dphi, cutoff } = law(OWN.parameters, lamOf(species[i], species[j]));
      for (let a = -1; a <= 1; a++) {
        for (let b = -1; b <= 1; b++) {
          const dx = positions[2 * j] - positions[2 * i] + a * cell[0] + b * cell[1];
          const dy = positions[2 * j + 1] - positions[2 * i + 1] + a * cell[2] + b * cell[3];
          const r = Math.hypot(dx, dy);
          if (r >= cutoff) continue;
          U += phi(r);
          const f = dphi(r) / r;
          F[2 * i] += f * dx; F[2 * i + 1] += f * dy;
          F[2 * j] -= f * dx; F[2 * j + 1] -= f * dy;
        }
      }
    }
  }
  let maxForce = 0;
  for (let i = 0; i < n; i++) maxForce = Math.max(maxForce, Math.hypot(F[2 * i], F[2 * i + 1]));
  return { perParticle: U / n, maxForce };
}

async function samplesOf(out: string): Promise<SampleResult[]> {
  const files = readdirSync(join(out, 'samples')).filter((f) => f.endsWith('.h5') && !f.startsWith('.')).sort();
  return Promise.all(files.map((f) => readSampleHdf5(join(out, 'samples', f))));
}

describe('softspot run --model params.json (a model of one\'s own)', function () {
  this.timeout(600_000);
  let dir = '';
  scratchDir('softspot-own-model-', (d) => { dir = d; });
  after(() => { forgetModel('ipl12'); });

  it('pool threads compute it from the spec; the samples carry it; energies and forces are those of the file\'s law', async () => {
    const file = join(dir, 'ipl12.json');
    writeFileSync(file, JSON.stringify(OWN));
    const out = join(dir, 'results');
    const r = await runCli('run', '--model', file, ...TINY_ARGS, '--workers', '2', '--out', out, '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('2 ipl12 (2D) glasses of N = 64');
    const manifest = JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8'));
    expect(manifest).to.include({ model: 'ipl12', dim: 2 });
    expect(canonicalJson(manifest.modelFile)).to.equal(canonicalJson(OWN));
    forgetModel('ipl12'); // what a fresh process knows: the samples must bring their model
    const samples = await samplesOf(out);
    expect(samples).to.have.length(2);
    // φ and φ' vanish at the cutoff: the formula above is the DESIGN's.
    const { phi, dphi } = law(OWN.parameters, 1);
    expect(Math.abs(phi(1.5 * (1 - 1e-12)))).to.be.below(1e-12);
    expect(Math.abs(dphi(1.5 * (1 - 1e-12)))).to.be.below(1e-9);
    for (const s of samples) {
      expect(s.id).to.match(/^ipl12-n64-s[12]-[0-9a-f]{10}$/);
      expect(s.spec.model).to.equal('ipl12');
      expect(canonicalJson(s.spec.modelFile)).to.equal(canonicalJson(OWN));
      expect(s.config.model).to.equal('ipl12');
      // The cell: N / 0.9.
      expect(s.config.cell[0] * s.config.cell[3] - s.config.cell[1] * s.config.cell[2]).to.be.closeTo(N / 0.9, 1e-9);
      const own = bruteEnergy(s);
      expect(s.energyPerParticle).to.be.closeTo(own.perParticle, 1e-10 * Math.abs(own.perParticle));
      expect(own.maxForce, 'a minimum of the file\'s law').to.be.below(1e-6);
      expect(s.c.reduce((a, b) => a + b, 0)).to.be.closeTo(2 * (N - 1), 1e-6);
      expect(s.events.filter((e) => e.particle >= 0).length).to.be.greaterThan(0);
    }
    // The paper's law (n = 10, x_c = 1.6, λ_SL = 1.18) on the same glass is far from a minimum: the check above discriminates.
    const paper = { ...OWN.parameters, n: 10, q: 4, xc: 1.6, lambda: [[1, 1.18], [1.18, 1.4]] };
    const saved = OWN.parameters;
    (OWN as { parameters: typeof paper }).parameters = paper;
    try { expect(bruteEnergy(samples[0]).maxForce).to.be.above(1e-2); } finally { (OWN as { parameters: typeof saved }).parameters = saved; }
  });

  it('ensemble.json keeps one definition: the same name with another is a ModelMismatchError; the same file resumes', async () => {
    const out = join(dir, 'results');
    expect(existsSync(join(out, 'ensemble.json')), 'the run of the test above').to.equal(true);
    const other = join(dir, 'other', 'ipl12.json');
    mkdirSync(join(dir, 'other'));
    writeFileSync(other, JSON.stringify({ ...OWN, density: 0.92 }));
    forgetModel('ipl12');
    const bad = await runCli('run', '--model', other, ...TINY_ARGS, '--out', out, '--quiet');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain(`${out} holds a run of the model 'ipl12' (${join(out, 'ensemble.json')}, its "modelFile"), but this run is of a model of the same name with another definition`);
    forgetModel('ipl12');
    expect((await samplesOf(out)).length).to.equal(2);
    expect(canonicalJson(JSON.parse(readFileSync(join(out, 'ensemble.json'), 'utf8')).modelFile)).to.equal(canonicalJson(OWN));
    forgetModel('ipl12');
    const again = await runCli('run', '--model', join(dir, 'ipl12.json'), ...TINY_ARGS, '--out', out, '--quiet', '--no-aggregate');
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.contain('0 computed, 2 already done');
  });

  describe('over a Redis queue', function () {
    let redis: ChildProcess | undefined;
    let rdir = '';
    let url = '';
    const children: ChildProcess[] = [];
    before(async function () {
      const REDIS = requireProgram(this, 'redis-server', 'redis-server');
      ({ dir: rdir, url, redis } = await startRedisIn(REDIS, 'softspot-own-queue-'));
    });
    after(() => stopAll(children, redis, rdir));

    it('a worker given no file computes the samples from the job\'s definition', async () => {
      const file = join(rdir, 'model', 'ipl12.json');
      mkdirSync(join(rdir, 'model'));
      writeFileSync(file, JSON.stringify(OWN));
      const out = join(rdir, 'results');
      const queueArgs = ['--queue', url, '--queue-name', 'softspot-own'];
      const run = spawnCli(['run', '--model', file, ...TINY_ARGS, '--out', out, ...queueArgs, '--no-aggregate', '--quiet']);
      children.push(run);
      // The run has read the file once it has written ensemble.json: remove the file, then start the worker.
      for (let t = 0; !readdirSync(rdir).includes('results') || !readdirSync(out).includes('ensemble.json'); t++) {
        if (t > 600) throw new Error(`the run did not start: ${run.err()}`);
        await sleep(100);
      }
      rmSync(join(rdir, 'model'), { recursive: true });
      const worker = spawnCli(['worker', ...queueArgs, '--workers', '1', '--exit-when-empty', '--idle-seconds', '10']);
      children.push(worker);
      const runExit = await exited(run);
      expect(runExit.code, `${run.err()}\n--- worker:\n${worker.err()}`).to.equal(0);
      expect((await exited(worker)).code, worker.err()).to.equal(0);
      const done = (await readLog(out)).filter((l) => l.event === 'done');
      expect(done.map((l) => l.pid)).to.deep.equal([worker.pid, worker.pid]);
      forgetModel('ipl12');
      for (const s of await samplesOf(out)) {
        expect(s.id).to.match(/^ipl12-n64-s[12]-/);
        expect(canonicalJson(s.spec.modelFile)).to.equal(canonicalJson(OWN));
        expect(s.energyPerParticle).to.be.closeTo(bruteEnergy(s).perParticle, 1e-10 * Math.abs(bruteEnergy(s).perParticle));
      }
    });
  });
});
