/**
 * `softspot predictors` on a tiny 3D ensemble made by `softspot run --model ipl3d` (2 glasses
 * of N = 125, short preparation, ξ = 1.3 and 1.5: 4 cubes along each cell vector):
 * - |c|, P⁺ and max(s dc/dγ, 0) ranked by brute force from the stored c, dc/dγ and
 *   positions (own midpoints by minimum image in the cubic cell, own ξ-cubes and 3×3×3
 *   average, test/helpers/brute-rank3d.ts): the mean λ of every direction and pooled;
 * - every number of predictors.json against benchmarkMetrics of the indicators recomputed
 *   from each glass (the LHC recomputed instead of read from the file, events located by
 *   particle index instead of the stored position);
 * - a ξ too large for the box is the user's --xi (exit 2, naming the bins).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { samplePath, scanSamples } from '../lib/ensemble/store.js';
import type { SampleResult } from '../lib/ensemble/types.js';
import { INDICATOR_NAMES, benchmarkMetrics, glassEventRanks, glassIndicators, type GlassEventRanks } from '../lib/predictors/index.js';
import type { EventMap } from '../lib/stats/glass-ranks.js';
import { DIRECTIONS_2D } from '../lib/space/index.js';
import { bruteRank3d } from './helpers/brute-rank3d.js';
import { runCli } from './helpers/run-cli.js';

const N = 125;
const XIS = [1.3, 1.5];
const DIRS = [...DIRECTIONS_2D, 'all'];

describe('softspot predictors on a 3D ensemble (ipl3d, N = 125)', function () {
  this.timeout(600_000);
  const root = mkdtempSync(join(tmpdir(), 'softspot-predictors3d-'));
  const results = join(root, 'results');
  const out = join(root, 'out');
  const samples: SampleResult[] = [];
  let json: Record<string, Record<string, Record<string, Record<string, Record<string, number>>>>>;

  before(async () => {
    const made = await runCli('run', '--model', 'ipl3d', '--samples', '2', '--seed0', '1', '--n', String(N), '--t-equilibrate', '1', '--anneal', '2',
      '--step', '2e-3', '--out', results, '--no-aggregate', '--quiet');
    expect(made.code, made.stderr).to.equal(0);
    const scan = await scanSamples(results);
    for (const id of scan.done) samples.push(await readSampleHdf5(samplePath(results, id), id));
    expect(samples).to.have.length(2);
    const run = await runCli('predictors', results, '--out', out, '--xi', XIS.join(','), '--json', '--quiet');
    expect(run.code, run.stderr).to.equal(0);
    json = JSON.parse(readFileSync(join(out, 'predictors.json'), 'utf8'));
    expect(JSON.parse(run.stdout)).to.deep.equal(json);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('the samples are 3D glasses with events in the four directions ±simple, ±pure', () => {
    for (const s of samples) {
      expect(s.config.dim).to.equal(3);
      expect(s.config.cell).to.have.length(9);
      expect(s.events.map((e) => e.direction)).to.deep.equal([...DIRECTIONS_2D]);
    }
    expect(Object.keys(json)).to.deep.equal([String(N)]);
    expect(Object.keys(json[N])).to.deep.equal([...INDICATOR_NAMES]);
    for (const name of INDICATOR_NAMES) for (const dir of DIRS) expect(Object.keys(json[N][name][dir] ?? {}), `${name} ${dir}`).to.deep.equal(XIS.map(String));
  });

  it('|c|, P⁺ and max(s dc/dγ, 0): mean λ per direction and pooled equal a brute-force ranking of the stored fields', () => {
    const lambdas: Record<string, Record<string, Record<string, number[]>>> = {};
    for (const s of samples) {
      const { cell, positions } = s.config;
      const L = [cell[0], cell[4], cell[8]];
      expect([cell[1], cell[2], cell[3], cell[5], cell[6], cell[7]]).to.deep.equal([0, 0, 0, 0, 0, 0]); // a cube: minimum image by rounding
      const mid = new Float64Array(3 * s.i.length);
      for (let a = 0; a < s.i.length; a++) {
        for (let k = 0; k < 3; k++) {
          const xi = positions[3 * s.i[a] + k];
          let r = positions[3 * s.j[a] + k] - xi;
          r -= L[k] * Math.round(r / L[k]);
          mid[3 * a + k] = xi + r / 2;
        }
      }
      for (const e of s.events) {
        if (e.particle < 0) continue;
        const sign = e.direction.endsWith('+') ? 1 : -1;
        const dc = s.dcdg[e.direction.startsWith('simple') ? 'simple' : 'pure'];
        const fields: Record<string, Float64Array> = {
          absC: s.c.map(Math.abs),
          pPlus: s.c.map((c, a) => Math.max(c * sign * dc[a], 0)),
          dcdgPlus: dc.map((x) => Math.max(sign * x, 0)),
        };
        const at = positions.subarray(3 * e.particle, 3 * e.particle + 3);
        for (const [name, f] of Object.entries(fields)) {
          for (const xi of XIS) {
            const l = bruteRank3d(cell, mid, f, at, xi).lambda;
            for (const dir of [e.direction, 'all']) ((((lambdas[name] ??= {})[dir] ??= {})[xi] ??= []).push(l));
          }
        }
      }
    }
    for (const [name, byDir] of Object.entries(lambdas)) {
      for (const [dir, byXi] of Object.entries(byDir)) {
        for (const [xi, ls] of Object.entries(byXi)) {
          const got = json[N][name][dir][xi];
          expect(got.n, `${name} ${dir} ${xi}`).to.equal(ls.length);
          expect(got.meanLambda, `${name} ${dir} ${xi}`).to.be.closeTo(ls.reduce((a, b) => a + b, 0) / ls.length, 1e-12);
        }
      }
    }
    expect(Object.keys(lambdas.pPlus.all)).to.deep.equal(XIS.map(String));
  });

  it('every number is benchmarkMetrics of the indicators recomputed from each glass, events located by particle', () => {
    const ranks: GlassEventRanks[] = samples.map((s) => {
      const fields = glassIndicators(s.config, { modes: 20 });
      const events: EventMap = {};
      for (const e of s.events) if (e.particle >= 0) events[e.direction] = { particle: e.particle };
      return glassEventRanks(fields, events, XIS);
    });
    const expected = benchmarkMetrics(ranks, { xis: XIS });
    for (const name of INDICATOR_NAMES) {
      for (const dir of DIRS) {
        for (const xi of XIS) {
          const e = expected[name]![dir as 'all']![xi];
          const got = json[N][name][dir][xi];
          const what = `${name} ${dir} ξ = ${xi}`;
          expect(got.n, what).to.equal(e.n);
          expect(got.meanLambda, what).to.be.closeTo(e.meanLambda, 1e-12);
          expect(got.c01, what).to.be.closeTo(e.c01, 1e-12);
          expect(got.auc, what).to.be.closeTo(e.auc, 1e-12);
          expect(got.tiedEvents, what).to.equal(e.tiedEvents);
          expect([got.better, got.worse, got.tied], what).to.deep.equal([e.vsReference.better, e.vsReference.worse, e.vsReference.tied]);
        }
      }
    }
  });

  it('a ξ leaving fewer than 4 cubes along a cell vector is a usage error naming the bins', async () => {
    const r = await runCli('predictors', results, '--out', join(root, 'big'), '--xi', '2', '--quiet');
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/--xi: sample ipl3d-n125-s\d-[0-9a-f]+ \(N = 125\): expected a bin size giving at least 4 bins .* got ξ = 2: 3 × 3 × 3 bins/);
  });
});
