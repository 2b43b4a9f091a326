/**
 * The command line on a glass of another pair law (DESIGN §10): a `ka2d` file is
 * minimized, described and analysed with its own law; a `poly` file without sizes is refused clearly.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleBlocks, energyForces, findPairs, hessianPattern, pairTensors } from '../lib/hessian/index.js';
import { symmetricEigen } from '../lib/dense-eigen.js';
import { readXyz, writeXyz } from '../lib/io/index.js';
import { presetModel } from '../lib/model/index.js';
import { denseFromCsc } from './helpers/dense-linalg.js';
import { ka2dLattice } from './helpers/ka2d-lattice.js';
import { runCli } from './helpers/run-cli.js';

const ka2dText = (): string => writeXyz(ka2dLattice(10, 3));

describe('command line on a ka2d glass (DESIGN §10)', () => {
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-law-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('minimize keeps model=ka2d; info, lhc and aqs use the LJ law', async () => {
    const start = join(dir, 'start.xyz'), glassPath = join(dir, 'glass.xyz');
    await writeFile(start, ka2dText());
    const min = await runCli('minimize', start, '--out', glassPath, '--quiet');
    expect(min.code, min.stderr).to.equal(0);
    const glass = readXyz(await readFile(glassPath, 'utf8'));
    expect(glass.model).to.equal('ka2d');

    const info = await runCli('info', glassPath, '--json');
    expect(info.code, info.stderr).to.equal(0);
    const described = JSON.parse(info.stdout) as Record<string, unknown>;
    expect(described.model).to.equal('ka2d');
    expect(described.modelParams).to.deep.include({ law: 'lj', q: 3, xc: 2.5, sigma: [[1, 0.8], [0.8, 0.88]] });
    const { energy } = energyForces(glass, presetModel('ka2d'));
    expect(JSON.stringify(described)).to.contain(String(energy / glass.n).slice(0, 10));

    const csv = join(dir, 'lhc.csv');
    const lhc = await runCli('lhc', glassPath, '--out', csv);
    expect(lhc.code, lhc.stderr).to.equal(0);
    const rows = (await readFile(csv, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).to.equal(findPairs(glass, presetModel('ka2d')).count);
    const sumC = rows.reduce((s, r) => s + r[2]!, 0);
    expect(Math.abs(sumC - 2 * (glass.n - 1))).to.be.below(1e-9 * glass.n);

    const aqs = await runCli('aqs', glassPath, '--mode', 'simple', '--sign', '+', '--json', '--quiet');
    expect(aqs.code, aqs.stderr).to.equal(0);
    const event = JSON.parse(aqs.stdout) as { gammaC: number; particle: number };
    expect(event.gammaC).to.be.above(0);
    expect(event.particle).to.be.within(0, glass.n - 1);
    // modes: the lowest non-zero eigenvalues of the LJ Hessian (dense Jacobi on all 2N dof).
    const modes = await runCli('modes', glassPath, '--k', '3', '--json', '--tol', '1e-10');
    expect(modes.code, modes.stderr).to.equal(0);
    const lambdas = (JSON.parse(modes.stdout) as { modes: { eigenvalue: number }[] }).modes.map((mo) => mo.eigenvalue);
    const model = presetModel('ka2d');
    const pairs = findPairs(glass, model);
    const H = assembleBlocks(hessianPattern(pairs, glass.n, -1), pairTensors(pairs, model, 2).K!);
    const dim = 2 * glass.n, values = new Float64Array(dim);
    symmetricEigen(denseFromCsc(H), dim, values, new Float64Array(dim * dim));
    for (let k = 0; k < 3; k++) expect(lambdas[k]).to.be.closeTo(values[k + 2]!, 1e-7 * values[dim - 1]!);
    expect(Math.abs(values[0]!) + Math.abs(values[1]!)).to.be.below(1e-9 * values[dim - 1]!); // the translations

    // The reference protocol (fixed steps, CG minimization, bisection) finds the same event.
    // (Its step must resolve the event: on another ka2d glass of N = 100, steps of 1e-4
    // passed over a small first event at γ ≈ 0.0228 that 2e-5 and the fast protocol find.)
    const ref = await runCli('aqs', glassPath, '--mode', 'simple', '--sign', '+', '--json', '--quiet', '--protocol', 'reference', '--step', '1e-3');
    expect(ref.code, ref.stderr).to.equal(0);
    const refEvent = JSON.parse(ref.stdout) as { gammaC: number; particle: number };
    expect(Math.abs(refEvent.gammaC - event.gammaC)).to.be.at.most(2e-8);
    expect(refEvent.particle).to.equal(event.particle);
  });

  it('a poly file without sigma: exit 2, naming the column (2D poly glasses themselves: test/poly-2d.test.ts)', async () => {
    const poly = join(dir, 'poly.xyz');
    await writeFile(poly, '2\nLattice="6 0 0 0 6 0 0 0 1" pbc="T T F" model=poly\nP 1 1 0\nP 3 3 0\n');
    const bad = await runCli('info', poly);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('model=poly needs the particle sizes');
  });
});
