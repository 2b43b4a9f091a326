/**
 * `softspot predictors` on a tiny ensemble made by `softspot run` (2 glasses, short
 * preparation), in 2D or 3D, checked against independent routes; called by
 * test/predictors-3d-cli.test.ts (ipl3d) and test/predictors-poly-cli.test.ts (poly):
 * - |c|, P⁺ and max(s dc/dγ, 0) ranked by brute force from the stored c, dc/dγ and
 *   positions (own midpoints by minimum image in the rectangular cell, own ξ-bins and
 *   3^d average, ./brute-rank.ts): the mean λ of every direction and pooled;
 * - every number of predictors.json against benchmarkMetrics of the indicators recomputed
 *   from each glass (the LHC recomputed instead of read from the file, events located by
 *   particle index instead of the stored position);
 * - a ξ too large for the box is the user's --xi (exit 2, naming the bins).
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSampleHdf5 } from '../../lib/ensemble/hdf5.js';
import { samplePath, scanSamples } from '../../lib/ensemble/store.js';
import type { SampleResult } from '../../lib/ensemble/types.js';
import { INDICATOR_NAMES, benchmarkMetrics, glassEventRanks, glassIndicators, type GlassEventRanks } from '../../lib/predictors/index.js';
import type { EventMap } from '../../lib/stats/glass-ranks.js';
import { DIRECTIONS_2D } from '../../lib/space/index.js';
import { bruteRank } from './brute-rank.js';
import { runCli } from './run-cli.js';

const DIRS = [...DIRECTIONS_2D, 'all'];

export interface PredictorsCliSuite {
  /** What the ensemble is, for the titles ("ipl3d, N = 125"). */
  label: string;
  /** Arguments of `softspot run` before --samples (e.g. --model poly). */
  model: readonly string[];
  d: 2 | 3;
  n: number;
  /** ξ values of the run (each at least 4 bins along each cell vector). */
  xis: readonly number[];
  /** A ξ leaving fewer than 4 bins, and the message part naming them (regex source). */
  badXi: { xi: string; message: string };
}

/** predictors.json as read back: { N: { indicator: { direction: { ξ: entry } } } }. */
export type PredictorsJsonRead = Record<string, Record<string, Record<string, Record<string, Record<string, number>>>>>;

/**
 * Every number of predictors.json (size N) equals benchmarkMetrics of the indicators
 * recomputed from each glass (the LHC recomputed instead of read from the file, events
 * located by particle index instead of the stored position), to 1e-12.
 */
export function expectRecomputedMetrics(samples: readonly SampleResult[], json: PredictorsJsonRead, N: number, XIS: readonly number[]): void {
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
}

export function describePredictorsCli({ label, model, d, n: N, xis: XIS, badXi }: PredictorsCliSuite): void {
  describe(`softspot predictors on a ${d}D ensemble (${label})`, function () {
    this.timeout(600_000);
    const root = mkdtempSync(join(tmpdir(), `softspot-predictors${d}d-`));
    const results = join(root, 'results');
    const out = join(root, 'out');
    const samples: SampleResult[] = [];
    let json: PredictorsJsonRead;

    before(async () => {
      const made = await runCli('run', ...model, '--samples', '2', '--seed0', '1', '--n', String(N), '--t-equilibrate', '1', '--anneal', '2',
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

    it(`the samples are ${d}D glasses with events in the four directions ±simple, ±pure`, () => {
      for (const s of samples) {
        expect(s.config.dim).to.equal(d === 3 ? 3 : undefined);
        expect(s.config.cell).to.have.length(d * d);
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
        const L = Array.from({ length: d }, (_, k) => cell[d * k + k]);
        expect(Array.from(cell).filter((_, q) => q % (d + 1) !== 0).every((x) => x === 0)).to.equal(true); // rectangular: minimum image by rounding
        const mid = new Float64Array(d * s.i.length);
        for (let a = 0; a < s.i.length; a++) {
          for (let k = 0; k < d; k++) {
            const xi = positions[d * s.i[a] + k];
            let r = positions[d * s.j[a] + k] - xi;
            r -= L[k] * Math.round(r / L[k]);
            mid[d * a + k] = xi + r / 2;
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
          const at = positions.subarray(d * e.particle, d * e.particle + d);
          for (const [name, f] of Object.entries(fields)) {
            for (const xi of XIS) {
              const l = bruteRank(cell, mid, f, at, xi).lambda;
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
      expectRecomputedMetrics(samples, json, N, XIS);
    });

    it('a ξ leaving fewer than 4 bins along a cell vector is a usage error naming the bins', async () => {
      const r = await runCli('predictors', results, '--out', join(root, 'big'), '--xi', badXi.xi, '--quiet');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(new RegExp(`--xi: sample \\S+ \\(N = ${N}\\): expected a bin size giving at least 4 bins .* got ξ = ${badXi.xi}: ${badXi.message}`));
    });
  });
}
