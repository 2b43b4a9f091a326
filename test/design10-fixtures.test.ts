/**
 * The reference glasses of DESIGN §10 (test/fixtures/README.md, "Other glasses"), from the
 * independent implementation of ../shared: 3D Kob–Andersen (also as a LAMMPS data file),
 * 3D ipl, 2D Kob–Andersen, 2D poly. Through the commands a user runs:
 * - `lhc`: c_α and every dc_α/dγ column (3D: also simple-xz, simple-yz) of every pair,
 *   to the fixtures' tolerances (c 1e-8, dc/dγ 1e-6 relative, each with a floor of
 *   1e-9 × the column's mean |x|);
 * - `info`: the energy of line 2 (`energy=`);
 * - `modes --k 1`: the lowest non-translational Hessian eigenvalue (`lambda_min=`).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

const GLASSES = [
  { name: 'ka_n256_s2', d: 3 }, { name: 'ipl3d_n128_s2', d: 3 }, { name: 'ka2d_n128_s2', d: 2 }, { name: 'poly_n128_s2', d: 2 },
] as const;

/** A CSV of `i,j,<columns>` as rows keyed by "i-j" (parsed here, independently of lib/io). */
function readTable(path: string): { columns: string[]; rows: Map<string, number[]> } {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  expect(header.slice(0, 2)).to.deep.equal(['i', 'j']);
  const rows = new Map<string, number[]>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    rows.set(`${f[0]}-${f[1]}`, f.slice(2).map(Number));
  }
  return { columns: header.slice(2), rows };
}

/** A number of the fixture's line 2 (`key=value`). */
function lineTwo(name: string, key: string): number {
  const line = readFileSync(fixturePath(`${name}.xyz`), 'utf8').split('\n')[1]!;
  return Number(new RegExp(`(?:^| )${key}=(\\S+)`).exec(line)![1]);
}

function expectReferenceTable(ours: string, name: string, d: 2 | 3): void {
  const ref = readTable(fixturePath(`${name}.lhc.csv`));
  const got = readTable(ours);
  const want = ['c', 'dcdg_simple', 'dcdg_pure', ...(d === 3 ? ['dcdg_simple-xz', 'dcdg_simple-yz'] : [])];
  expect(ref.columns, `${name}: the reference's columns`).to.deep.equal(want);
  expect(got.columns, name).to.deep.equal(want);
  expect([...got.rows.keys()].sort(), `${name}: the interacting pairs`).to.deep.equal([...ref.rows.keys()].sort());
  want.forEach((column, k) => {
    const values = [...ref.rows.values()].map((r) => r[k]!);
    const floor = 1e-9 * values.reduce((s, x) => s + Math.abs(x), 0) / values.length;
    const relative = column === 'c' ? 1e-8 : 1e-6;
    for (const [pair, r] of ref.rows) {
      expect(got.rows.get(pair)![k], `${name} ${column} of pair ${pair}`).to.be.closeTo(r[k]!, relative * Math.abs(r[k]!) + floor);
    }
  });
}

describe('the DESIGN §10 reference glasses (3D ka, ipl3d, ka2d, poly) against the independent implementation', function () {
  this.timeout(120000);
  let tmp = '';
  scratchDir('softspot-design10-', (d) => { tmp = d; });

  for (const { name, d } of GLASSES) {
    it(`${name}: lhc gives every pair's c_α and dc_α/dγ; info the energy; modes the lowest eigenvalue`, async () => {
      const out = join(tmp, `${name}.csv`);
      const lhc = await runCli('lhc', fixturePath(`${name}.xyz`), '--out', out);
      expect(lhc.code, lhc.stderr).to.equal(0);
      expectReferenceTable(out, name, d);

      const info = await runCli('info', fixturePath(`${name}.xyz`), '--json');
      expect(info.code, info.stderr).to.equal(0);
      const { n, energyPerParticle } = JSON.parse(info.stdout) as { n: number; energyPerParticle: number };
      const energy = lineTwo(name, 'energy');
      expect(n * energyPerParticle).to.be.closeTo(energy, 1e-11 * Math.abs(energy));

      const modes = await runCli('modes', fixturePath(`${name}.xyz`), '--k', '1', '--json');
      expect(modes.code, modes.stderr).to.equal(0);
      const lambdaMin = lineTwo(name, 'lambda_min');
      expect((JSON.parse(modes.stdout) as { modes: Array<{ eigenvalue: number }> }).modes[0]!.eigenvalue).to.be.closeTo(lambdaMin, 1e-9 * lambdaMin);
    });
  }

  it('ka_n256_s2.data, the same glass as a LAMMPS data file, under --model ka: the same reference values', async () => {
    const out = join(tmp, 'ka-data.csv');
    const r = await runCli('lhc', fixturePath('ka_n256_s2.data'), '--model', 'ka', '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    expectReferenceTable(out, 'ka_n256_s2', 3);
  });
});
