/**
 * `softspot tails`: results directories of synthetic samples written with the ensemble's
 * own HDF5 writer, whose fields are drawn from laws with known exponents and soft spots of
 * known size: every bond of a glass belongs to a star of 6 bonds sharing one Pareto value
 * (|c| with α = 2.25, |dc/dγ| with α = 1.625), so the soft-spot count is known exactly, and
 * the maxima of the glass sizes grow as N^(1/(α−1)).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../lib/random.js';
import { ensureStore, samplePath } from '../lib/ensemble/store.js';
import { writeSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { readTailSamples } from '../lib/ensemble/tails.js';
import { DEFAULT_PREPARE, sampleId } from '../lib/ensemble/identity.js';
import { syntheticSample as sample, STAR } from './helpers/synthetic-sample.js';
import type { SampleResult } from '../lib/ensemble/types.js';
import { runCli } from './helpers/run-cli.js';

describe('softspot tails', function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'softspot-tails-'));
  const dirs = [join(root, 'small'), join(root, 'large')];
  const samples: SampleResult[] = [];

  before(async () => {
    const rng = createRng(31);
    for (const [d, spots] of [[0, 50], [1, 200]] as const) {
      ensureStore(dirs[d]);
      for (let g = 0; g < 60; g++) {
        const s = sample(rng, spots, 1000 * d + g);
        samples.push(s);
        await writeSampleHdf5(samplePath(dirs[d], s.id), s);
      }
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('--json: per size the soft-spot count, the tail fits and the N-scaling of the maximum against the known laws', async () => {
    const r = await runCli('tails', ...dirs, '--json', '--bootstrap', '400', '--quantiles', '0.5,0.9', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^tails: 120 ipl \(2D\) glasses at 2 sizes \(N = 350, 1400\) from 2 directories; sum rule Σc = d\(N − 1\) to relative error ≤ \S+\n$/);
    const out = JSON.parse(r.stdout);
    expect(out.mode).to.equal('simple');
    expect(out.fields.map((f: { field: string }) => f.field)).to.deep.equal(['c', 'dcdg', 'cdcdg']);
    const [c, dcdg] = out.fields;
    expect(c.theory).to.deep.equal({ m: 4, alpha: 2.25, maxSlope: 0.8 });
    for (const [field, alpha] of [[c, 2.25], [dcdg, 1.625]] as const) {
      expect(field.sizes.map((s: { n: number }) => s.n)).to.deep.equal([350, 1400]);
      for (const s of field.sizes) {
        expect(s.glasses).to.equal(60);
        // every star is whole above any x_min: the count is the number of stars reaching it
        const spotsPerGlass = s.n / (STAR + 1);
        const stars = samples.filter((x) => x.spec.n === s.n).reduce((acc, x) => {
          const v = field.field === 'c' ? x.c : x.dcdg.simple;
          for (let b = 0; b < spotsPerGlass; b++) if (Math.abs(v[b * STAR]) >= s.fit.xmin) acc++;
          return acc;
        }, 0);
        expect(s.softSpots.clusters).to.equal(stars);
        expect(s.fit.ntail).to.equal(STAR * stars);
        // α̂ is the CSN estimate at x_min, computed here over the pooled |x|
        let sum = 0;
        for (const x of samples.filter((y) => y.spec.n === s.n)) {
          const v = field.field === 'c' ? x.c : x.dcdg.simple;
          for (const a of v) if (Math.abs(a) >= s.fit.xmin) sum += Math.log(Math.abs(a) / s.fit.xmin);
        }
        expect(s.fit.alpha).to.be.closeTo(1 + s.fit.ntail / sum, 1e-9);
        // the soft-spot interval: α̂ ± 1.96 (α̂ − 1)/√K; the estimate near the truth on that scale
        const se = (s.fit.alpha - 1) / Math.sqrt(stars);
        expect(s.softSpots.ci[0]).to.be.closeTo(s.fit.alpha - 1.959963984540054 * se, 1e-7);
        expect(Math.abs(s.fit.alpha - alpha)).to.be.below(4 * se);
        expect(s.fit.ci[0]).to.be.below(s.fit.alpha);
        expect(s.fit.ci[1]).to.be.above(s.fit.alpha);
        expect(s.windows.map((w: { quantile: number }) => w.quantile)).to.deep.equal([0.5, 0.9]);
        // the per-glass maximum of 50–200 Pareto values: Fréchet shape α − 1, within 4 se
        expect(Math.abs(s.frechet.alpha - alpha)).to.be.below(4 * s.frechet.se);
      }
      // the maximum of K stars grows as K^(1/(α−1)), and K ∝ N
      const half = (field.maxScaling.ci[1] - field.maxScaling.ci[0]) / 2;
      expect(Math.abs(field.maxScaling.slope - 1 / (alpha - 1))).to.be.below(2 * half);
    }
  });

  it('a directory given twice counts each sample once; few glasses, a size of one glass and a tail in one glass are noted', async () => {
    const few = join(root, 'few'), one = join(root, 'one');
    ensureStore(few);
    ensureStore(one);
    const rng = createRng(77);
    for (let g = 0; g < 3; g++) { const x = sample(rng, 50, 500 + g); await writeSampleHdf5(samplePath(few, x.id), x); }
    const lone = sample(rng, 200, 900);
    await writeSampleHdf5(samplePath(one, lone.id), lone);
    const r = await runCli('tails', few, one, few, '--json', '--bootstrap', '200', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain(`tails: note: 3 sample files repeat a sample read before (e.g. ${join(few, 'samples')}/`);
    expect(r.stderr).to.contain('each sample counts once');
    const out = JSON.parse(r.stdout);
    expect(out.samples).to.equal(4);
    for (const field of out.fields) {
      const [small, large] = field.sizes;
      expect([small.n, small.glasses, large.n, large.glasses]).to.deep.equal([350, 3, 1400, 1]);
      expect(small.notes).to.include('3 glasses: the 95 % intervals over glasses cover less with so few glasses ' +
        '(scripts/interval-coverage.ts, synthetic clustered tails: the tail fit 92 % and the Fréchet fit 90 % at 6 glasses)');
      expect(large.notes).to.include('N-scaling: N = 1400 has 1 glass, whose maximum has no interval; left out of the slope');
      expect(field.maxScaling, 'one size with glasses to resample: no slope').to.equal(null);
      // One glass has its α̂ (its values' own MLE at its x_min), with no interval over glasses.
      const v = field.field === 'c' ? lone.c : field.field === 'dcdg' ? lone.dcdg.simple! : lone.c.map((x, a) => x * lone.dcdg.simple![a]!);
      let m = 0, S = 0;
      for (const x of v) if (Math.abs(x) >= large.fit.xmin) { m++; S += Math.log(Math.abs(x) / large.fit.xmin); }
      expect(large.fit.alpha).to.be.closeTo(1 + m / S, 1e-9);
      expect(large.fit.ci).to.deep.equal([null, null]);
      expect(large.notes.some((n: string) => n.startsWith('tail fit: the tail above x_min') && n.includes('lies in one glass') && n.endsWith('compute more glasses'))).to.equal(true);
      // A tail in one glass (its bootstrap would collapse onto α̂): no interval over glasses, and a note.
      if (small.fit !== null && small.fit.glassesInTail < 2) {
        expect(small.fit.ci).to.deep.equal([null, null]);
        expect(small.notes.some((n: string) => n.startsWith('tail fit: the tail above x_min') && n.includes('lies in one glass'))).to.equal(true);
      }
    }
  });

  it('a size whose glasses come from two protocols (a run resumed with --anneal changed) is noted in every field and on stderr, with what differs', async () => {
    const mixed = join(root, 'mixed');
    ensureStore(mixed);
    const rng = createRng(5);
    for (let g = 0; g < 6; g++) {
      const x = sample(rng, 50, 700 + g);
      if (g >= 4) { x.spec = { ...x.spec, prepare: { ...x.spec.prepare!, anneal: 6 } }; x.id = sampleId(x.spec); }
      await writeSampleHdf5(samplePath(mixed, x.id), x);
    }
    const r = await runCli('tails', mixed, '--json', '--bootstrap', '100', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    const note = `N = 350 holds glasses of 2 protocols (prepare.anneal: ${DEFAULT_PREPARE.anneal} | 6; 4 + 2 glasses), pooled in this size's fits`;
    for (const field of JSON.parse(r.stdout).fields) expect(field.sizes[0].notes.some((n: string) => n.startsWith(note)), field.field).to.equal(true);
    expect(r.stderr).to.contain(`tails: warning: ${note}`);
    // one protocol: no such note
    const clean = await runCli('tails', dirs[0], '--json', '--bootstrap', '100', '--quiet');
    expect(clean.stdout).not.to.contain('protocols');
    expect(clean.stderr).not.to.contain('warning');
  });

  it('a glass whose dc/dγ is zero everywhere is named and left out of the Fréchet fit and the N-scaling; |c| and the other glasses are fitted', async () => {
    const zeroDir = join(root, 'zero');
    ensureStore(zeroDir);
    const small = samples.filter((x) => x.spec.n === 350).slice(0, 12);
    const zero = { ...small[0]!, dcdg: { ...small[0]!.dcdg, simple: new Float64Array(small[0]!.c.length) } };
    for (const s of [zero, ...small.slice(1)]) await writeSampleHdf5(samplePath(zeroDir, s.id), s);
    const r = await runCli('tails', zeroDir, dirs[1], '--json', '--bootstrap', '100', '--quantiles', '0.5', '--quiet');
    expect(r.code, r.stderr).to.equal(0); // it stopped all three fields with "groups[0].maxima: expected positive values, got 0 at index 0"
    const out = JSON.parse(r.stdout);
    const [c, dcdg, cdcdg] = out.fields;
    expect(c.sizes[0].notes.join('\n')).not.to.contain('zero everywhere');
    expect(c.maxScaling.slope).to.be.a('number');
    for (const field of [dcdg, cdcdg]) {
      expect(field.sizes[0].notes).to.include(`${zero.id} is zero everywhere (largest |x| = 0): left out of the Fréchet fit and the N-scaling`);
      expect(field.sizes[0].frechet.n).to.equal(11);
      expect(field.maxScaling.slope).to.be.a('number');
      expect(field.notes).to.deep.equal([]);
    }
  });

  it('the table names the theory and each size; progress lines while the samples are read', async () => {
    const r = await runCli('tails', ...dirs, '--bootstrap', '100', '--mode', 'simple');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^progress phase=read done=\d+ total=120 /);
    expect(r.stderr).to.match(/^progress phase=read done=120 total=120 fraction=1\.0000 /m);
    expect(r.stdout).to.contain('|dc/dγ| (simple): theory α = 1 + 5/8 = 1.625, per-glass maximum ~ N^(8/5) = N^1.600');
    expect(r.stdout).to.match(/^ *350 +60 /m);
    expect(r.stdout).to.match(/^ *1400 +60 /m);
    expect(r.stdout).to.contain('median per-glass maximum vs N: slope');
  });

  it("readTailSamples keeps of each sample its bonds, c, the one mode's dc/dγ and its sum-rule error", async () => {
    const seen: Array<[number, number]> = [];
    const { samples: read, invalid } = await readTailSamples(dirs, 'pure', (done, total) => seen.push([done, total]));
    expect(invalid).to.deep.equal([]);
    expect(seen).to.deep.equal(Array.from({ length: 120 }, (_, k) => [k + 1, 120]));
    expect(read.map((x) => x.id).sort()).to.deep.equal(samples.map((x) => x.id).sort());
    for (const x of read) {
      const w = samples.find((y) => y.id === x.id)!;
      expect(x.spec).to.deep.equal(w.spec);
      expect([x.i, x.j, x.c]).to.deep.equal([w.i, w.j, w.c]);
      expect(Object.keys(x.dcdg)).to.deep.equal(['pure']);
      expect(x.dcdg.pure).to.deep.equal(w.dcdg.pure);
      // Σc = 2(N − 1) in 2D: the relative error of the written Σc
      expect(x.sumRuleError).to.equal(Math.abs(w.sumC - 2 * (w.spec.n - 1)) / (2 * (w.spec.n - 1)));
    }
  });

  it('a truncated sample file is named, left out of the fits, and makes the exit code 1', async () => {
    const copy = join(root, 'with-bad');
    ensureStore(copy);
    for (const s of samples.filter((x) => x.spec.n === 350).slice(0, 10)) await writeSampleHdf5(samplePath(copy, s.id), s);
    const bad = samples.find((x) => x.spec.n === 350)!;
    const path = samplePath(copy, bad.id);
    truncateSync(path, 2000);
    const r = await runCli('tails', copy, '--json', '--quiet', '--bootstrap', '100');
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain(`tails: warning: ${path} is not a valid sample file (`);
    expect(r.stderr).to.match(/tails: 9 ipl \(2D\) glasses at 1 size \(N = 350\) from 1 directory, 1 invalid file\(s\) left out;/);
    expect(JSON.parse(r.stdout).samples).to.equal(9);
  });

  it('sample files whose contents are wrong are named and left out, by tails and by figures (a NaN c passed the fits, an index out of range was used)', async () => {
    const copy = join(root, 'wrong');
    ensureStore(copy);
    const good = samples.filter((x) => x.spec.n === 350).slice(0, 5);
    for (const s of good.slice(0, 1)) await writeSampleHdf5(samplePath(copy, s.id), s);
    const nan = { ...good[1]!, c: Float64Array.from(good[1]!.c, (v, a) => (a === 5 ? NaN : v)) };
    const far = { ...good[2]!, j: Int32Array.from(good[2]!.j, (v, a) => (a === 5 ? 1_000_000 : v)) };
    const event = { ...good[3]!, events: good[3]!.events.map((e, k) => (k === 0 ? { ...e, particle: -7 } : e)) };
    // An event without a position (NaN x): predictors, which reads samples as figures does, stopped on it naming no file.
    const noPlace = { ...good[4]!, events: good[4]!.events.map((e, k) => (k === 0 ? { ...e, x: NaN } : e)) };
    expect(noPlace.events[0]!.particle).to.be.at.least(0);
    for (const s of [nan, far, event, noPlace]) await writeSampleHdf5(samplePath(copy, s.id), s);
    const t = await runCli('tails', copy, '--json', '--quiet', '--bootstrap', '100');
    expect(t.code, t.stderr).to.equal(1);
    expect(t.stderr).to.contain(`tails: warning: ${samplePath(copy, nan.id)} is not a valid sample file (/lhc/c holds NaN at 5); left out`);
    expect(t.stderr).to.contain(`tails: warning: ${samplePath(copy, far.id)} is not a valid sample file (/interactions holds (`);
    const f = await runCli('figures', copy, '--quiet');
    expect(f.code, f.stderr).to.equal(1);
    expect(f.stderr).to.contain(`figures: warning: ${samplePath(copy, event.id)} is not a valid sample file (/events/particle holds -7 for `);
    expect(f.stderr).to.contain(`figures: warning: ${samplePath(copy, nan.id)} is not a valid sample file (/lhc/c holds NaN at 5)`);
    expect(f.stderr).to.contain(`figures: warning: ${samplePath(copy, noPlace.id)} is not a valid sample file (/events/x holds NaN for ${noPlace.events[0]!.direction}, whose event is at particle ${noPlace.events[0]!.particle})`);
    expect(f.stderr).to.match(/figures: 1 samples /);
  });

  it('bad input: no directory, a bad quantile', async () => {
    const none = await runCli('tails');
    expect(none.code).to.equal(2);
    expect(none.stderr).to.contain('expected one or more results directory, got none');
    const q = await runCli('tails', dirs[0], '--quantiles', '0.5,1');
    expect(q.code).to.equal(2);
    expect(q.stderr).to.contain('--quantiles: expected comma-separated numbers in [0, 1), got "1" in "0.5,1"');
    const empty = await runCli('tails', dirs[0], '--quantiles', '0.5,,0.9');
    expect(empty.code).to.equal(2); // the empty entry was dropped
    expect(empty.stderr).to.contain('--quantiles: expected comma-separated numbers in [0, 1), got an empty entry (number 2) in "0.5,,0.9"');
    const missing = await runCli('tails', join(root, 'nothing'));
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain('no such file or directory');
    // no complete sample: bad input (exit 2) with advice, as predictors says it (it was exit 1, without either)
    const bare = join(root, 'bare');
    ensureStore(bare);
    const nothing = await runCli('tails', bare, '--json');
    expect([nothing.code, nothing.stdout]).to.deep.equal([2, '']);
    expect(nothing.stderr).to.contain(`softspot tails: ${bare}: no complete samples in samples/; expected the results of \`softspot run\` (run it, or wait for it to finish a sample)`);
  });
});
