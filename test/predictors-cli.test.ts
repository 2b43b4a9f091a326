/**
 * `softspot predictors` on a tiny ensemble made by `softspot run` (2 glasses of N = 400,
 * short preparation): the JSON's structure, its numbers against the library's
 * benchmarkMetrics computed here by another route (the LHC recomputed from the glass
 * instead of read from the HDF5 file, the events located by particle index instead of the
 * stored position), the figures (valid SVG and PNG), the table, and the errors (exit 2).
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSampleHdf5, writeSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { ensureStore, samplePath, scanSamples } from '../lib/ensemble/store.js';
import { sampleId } from '../lib/ensemble/identity.js';
import type { SampleResult } from '../lib/ensemble/types.js';
import { pngSize } from '../lib/plot/render.js';
import { readPredictorsForReport, renderPredictorsSection } from '../lib/ensemble/report-predictors.js';
import { INDICATOR_NAMES } from '../lib/predictors/index.js';
import { DIRECTIONS_2D } from '../lib/space/index.js';
import { runCli } from './helpers/run-cli.js';
import { expectRecomputedMetrics } from './helpers/predictors-cli-suite.js';

const N = 400;
const XIS = [4, 5, 6];
const DIRS = [...DIRECTIONS_2D, 'all'];

describe('softspot predictors', function () {
  this.timeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'softspot-predictors-'));
  const results = join(root, 'results');
  const out = join(root, 'out');
  const samples: SampleResult[] = [];
  let json: Record<string, Record<string, Record<string, Record<string, Record<string, number>>>>>;
  let run: { code: number; stdout: string; stderr: string };

  before(async () => {
    const made = await runCli('run', '--samples', '2', '--seed0', '1', '--n', String(N), '--t-equilibrate', '1', '--anneal', '2',
      '--out', results, '--no-aggregate', '--quiet');
    expect(made.code, made.stderr).to.equal(0);
    const scan = await scanSamples(results);
    for (const id of scan.done) samples.push(await readSampleHdf5(samplePath(results, id), id));
    expect(samples).to.have.length(2);
    run = await runCli('predictors', results, '--out', out);
    expect(run.code, run.stderr).to.equal(0);
    json = JSON.parse(readFileSync(join(out, 'predictors.json'), 'utf8'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('glasses of one N from two protocols are ranked together, with a warning that names the difference', async () => {
    const mixed = join(root, 'mixed');
    ensureStore(mixed);
    const [a, b] = samples;
    const other = { ...b!, spec: { ...b!.spec, events: { ...b!.spec.events, maxStrain: 0.3 } } };
    other.id = sampleId(other.spec);
    await writeSampleHdf5(samplePath(mixed, a!.id), a!);
    await writeSampleHdf5(samplePath(mixed, other.id), other);
    const r = await runCli('predictors', mixed, '--out', join(root, 'mixed-out'), '--xi', '4', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain(`predictors: warning: N = ${N} holds glasses of 2 protocols (events.maxStrain: ${a!.spec.events.maxStrain} | 0.3; 1 + 1 glasses), pooled in the metrics of this size`);
    expect(run.stderr).not.to.contain('protocols');
  });

  it('predictors.json: { N: { indicator: { direction: { ξ: { n, meanLambda, c01, auc, tiedEvents, better, worse, tied } } } } }', () => {
    expect(Object.keys(json)).to.deep.equal([String(N)]);
    expect(Object.keys(json[N])).to.deep.equal([...INDICATOR_NAMES]);
    const events = samples.reduce((k, s) => k + s.events.filter((e) => e.particle >= 0).length, 0);
    for (const name of INDICATOR_NAMES) {
      expect(Object.keys(json[N][name]), name).to.deep.equal(DIRS);
      for (const dir of DIRS) {
        expect(Object.keys(json[N][name][dir])).to.deep.equal(XIS.map(String));
        for (const xi of XIS) {
          const m = json[N][name][dir][xi];
          expect(Object.keys(m)).to.deep.equal(['n', 'meanLambda', 'c01', 'auc', 'tiedEvents', 'better', 'worse', 'tied']);
          expect(m.better + m.worse + m.tied).to.equal(m.n);
          if (dir === 'all') expect(m.n).to.equal(events);
          if (name === 'pPlus') expect(m.tied).to.equal(m.n);
        }
      }
    }
  });

  it('its numbers are benchmarkMetrics of the LHC recomputed from each glass and the events located by particle', () => {
    expectRecomputedMetrics(samples, json, N, XIS);
  });

  it('writes a C(λ) figure per direction and pooled (SVG and PNG), prints a table per ξ, and progress per glass', () => {
    const files = readdirSync(out).sort();
    const stems = ['all', 'pure-minus', 'pure-plus', 'simple-minus', 'simple-plus'].map((d) => `c-lambda-n${N}-${d}`);
    expect(files).to.deep.equal([...stems.flatMap((s) => [`${s}.png`, `${s}.svg`]), 'predictors.json'].sort());
    for (const stem of stems) {
      const svg = readFileSync(join(out, `${stem}.svg`), 'utf8');
      expect(svg).to.match(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg.trimEnd()).to.match(/<\/svg>$/);
      for (const label of ['|c|', 'P⁺ = max(c·dc/dγ, 0)', 'QLM softening', 'ξ = 4', 'ξ = 6']) expect(svg, stem).to.contain(label.replace('&', '&amp;'));
      const png = readFileSync(join(out, `${stem}.png`));
      expect([...png.subarray(0, 8)]).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const size = pngSize(png);
      expect(size.width).to.be.greaterThan(1000);
      expect(size.height).to.be.greaterThan(400);
    }
    expect(run.stdout.match(/^N = 400, 2 glasses/gm)).to.have.length(3);
    for (const name of INDICATOR_NAMES) expect(run.stdout.match(new RegExp(`^\\| ${name} +\\|`, 'gm')), name).to.have.length(3);
    expect(run.stderr.match(/^progress phase=glasses done=\d total=2 /gm)).to.have.length(2);
    expect(run.stderr).to.match(/predictors: 2 glasses at N = 400 from 1 directory → 11 files in /);
  });

  it('--indicators: only those and P⁺ (the reference); --json prints the file\'s numbers', async () => {
    const dir = join(root, 'some');
    const r = await runCli('predictors', results, '--out', dir, '--indicators', 'energy,absC', '--xi', '5', '--json', '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).to.deep.equal(JSON.parse(readFileSync(join(dir, 'predictors.json'), 'utf8')));
    expect(Object.keys(printed[N])).to.deep.equal(['absC', 'pPlus', 'energy']);
    expect(printed[N].energy.all['5']).to.deep.equal(json[N].energy.all['5']);
  });

  it('a file under samples/ that is not a complete sample is named and left out, exit 1', async () => {
    const dir = join(root, 'with-invalid');
    ensureStore(dir);
    const s = samples[0];
    await writeSampleHdf5(samplePath(dir, s.id), s);
    writeFileSync(samplePath(dir, 'n400-s9-0000000000'), 'not HDF5');
    const r = await runCli('predictors', dir, '--out', join(dir, 'out'), '--xi', '5', '--json', '--quiet');
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain(`predictors: warning: ${samplePath(dir, 'n400-s9-0000000000')} is not a valid sample file (`);
    expect(r.stderr).to.contain('predictors: 1 glass at N = 400 from 1 directory, 1 invalid file(s) left out');
    expect(JSON.parse(r.stdout)[N].pPlus.all['5'].n).to.equal(s.events.filter((e) => e.particle >= 0).length);
  });

  describe('the section in report.html', () => {
    /** Three significant digits, as a reader of the page expects them (no exponent form in this range). */
    const three = (x: number): string => { expect(x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4), String(x)).to.equal(true); return x.toPrecision(3); };

    it('with one results directory and no --out: writes <dir>/predictors/ and the report shows its numbers and figure', async () => {
      const dir = join(root, 'own');
      ensureStore(dir);
      for (const s of samples) await writeSampleHdf5(samplePath(dir, s.id), s);
      const r = await runCli('predictors', dir, '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.contain(`→ 11 files in ${join(dir, 'predictors')}; ${join(dir, 'report.html')} shows them`);
      const own = JSON.parse(readFileSync(join(dir, 'predictors', 'predictors.json'), 'utf8'));
      expect(own).to.deep.equal(json);
      const page = readFileSync(join(dir, 'report.html'), 'utf8');
      expect(page).to.contain('<h2>Structural indicators (<code>softspot predictors</code>)</h2>');
      expect(page).to.contain(`<h3>N = ${N}, ξ = 5</h3>`);
      for (const name of INDICATOR_NAMES) {
        const row = page.slice(page.indexOf(`<td>${name}: `));
        expect(row.length, name).to.be.lessThan(page.length);
        const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
        expect(cells, name).to.have.length(7);
        DIRS.forEach((d, k) => {
          const m = json[N][name][d]['5'];
          expect(cells[k + 1], `${name} ${d}`).to.equal(m.n === 0 ? '– / – / –' : `${three(m.meanLambda)} / ${three(m.c01)} / ${three(m.auc)}`);
        });
        const all = json[N][name].all['5'];
        expect(cells[6], name).to.equal(name === 'pPlus' ? '(reference)' : `${all.better} / ${all.worse} / ${all.tied}`);
      }
      const svg = readFileSync(join(dir, 'predictors', `c-lambda-n${N}-all.svg`));
      expect(page).to.contain(`<figure id="predictors-n${N}"><img alt="predictors-n${N}" src="data:image/svg+xml;base64,${svg.toString('base64')}">`);
      // `softspot figures` (a later aggregation) keeps the section.
      const again = await runCli('figures', dir);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stderr).to.match(/^progress phase=read done=(\d+) total=\1 /m); // reading the samples, to the last
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).to.contain(`<h3>N = ${N}, ξ = 5</h3>`);
    });

    it('keeps the ξ that `softspot figures --xi` chose: its events.csv, summary.json and report stay at that ξ (they were rewritten at 5)', async () => {
      const dir = join(root, 'own-xi');
      ensureStore(dir);
      for (const s of samples) await writeSampleHdf5(samplePath(dir, s.id), s);
      expect((await runCli('figures', dir, '--xi', '4', '--quiet')).code).to.equal(0);
      const csvBefore = readFileSync(join(dir, 'events.csv'), 'utf8');
      const r = await runCli('predictors', dir, '--xi', '4,5', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).predictability.xi).to.equal(4);
      expect(readFileSync(join(dir, 'events.csv'), 'utf8')).to.equal(csvBefore);
      expect(readFileSync(join(dir, 'report.html'), 'utf8')).to.contain(`<h3>N = ${N}, ξ = 4</h3>`);
      // A resumed run's aggregation keeps it too (the same aggregate without a ξ of its own); figures --xi changes it.
      expect((await runCli('figures', dir, '--xi', '5', '--quiet')).code).to.equal(0);
      expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).predictability.xi).to.equal(5);
    });

    it('a predictors.json that is not one: the report says so and is still written', async () => {
      const dir = join(root, 'broken');
      mkdirSync(join(dir, 'predictors'), { recursive: true });
      writeFileSync(join(dir, 'predictors', 'predictors.json'), '{"400": [1, 2');
      const data = await readPredictorsForReport(dir);
      expect(data).to.have.property('error').that.contains(`${join(dir, 'predictors', 'predictors.json')}: not JSON (`);
      expect(renderPredictorsSection(data!, 5)).to.match(/<p>Not shown: .*predictors\.json: not JSON \(.*rerun `softspot predictors`\.<\/p>/);
      writeFileSync(join(dir, 'predictors', 'predictors.json'), '{"400": {"pPlus": {"all": {"5": {"meanLambda": "x"}}}}}');
      expect(await readPredictorsForReport(dir)).to.have.property('error').that.contains('not the { N: { indicator: { direction: { ξ: metrics } } } } of `softspot predictors`');
      expect(await readPredictorsForReport(join(root, 'nothing-here'))).to.equal(undefined);
    });
  });

  describe('errors (exit 2)', () => {
    it('a directory that is not a results directory, or has no complete samples', async () => {
      const missing = await runCli('predictors', join(root, 'nope'), '--out', join(root, 'o1'));
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.contain('expected the results directory of `softspot run` (with samples/)');
      const empty = join(root, 'empty');
      ensureStore(empty);
      const none = await runCli('predictors', empty, '--out', join(root, 'o1'));
      expect(none.code).to.equal(2);
      expect(none.stderr).to.contain(`${empty}: no complete samples in samples/; expected the results of \`softspot run\``);
    });

    it('a directory whose samples have no first event', async () => {
      const dir = join(root, 'eventless');
      ensureStore(dir);
      const s = samples[0];
      await writeSampleHdf5(samplePath(dir, s.id), { ...s, events: s.events.map((e) => ({ ...e, particle: -1 })) });
      const r = await runCli('predictors', dir, '--out', join(root, 'o2'));
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain(`${dir}: none of the 1 samples has a first plastic event`);
    });

    it('two results directories without --out', async () => {
      const r = await runCli('predictors', results, results);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('--out is required with more than one results directory (got 2)');
    });

    it('an unknown indicator (the valid names listed), a bad or too large ξ', async () => {
      mkdirSync(join(root, 'o3'), { recursive: true });
      const bad = await runCli('predictors', results, '--out', join(root, 'o3'), '--indicators', 'absC,softness');
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain(`--indicators: expected one of ${INDICATOR_NAMES.map((n) => `'${n}'`).join(', ')}, got "softness"`);
      const zero = await runCli('predictors', results, '--out', join(root, 'o3'), '--xi', '5,0');
      expect(zero.code).to.equal(2);
      expect(zero.stderr).to.contain('--xi: expected comma-separated bin sizes ≥ 0.5 λ, got "0" in "5,0"');
      // An empty entry was dropped, a repeated ξ printed its table twice, ξ = 1e-3 ran for minutes without a word.
      const empty = await runCli('predictors', results, '--out', join(root, 'o3'), '--xi', '2,,2.4');
      expect([empty.code, empty.stderr.split('\n')[0]]).to.deep.equal([2, 'softspot predictors: --xi: expected comma-separated bin sizes ≥ 0.5 λ, got an empty entry (number 2) in "2,,2.4"']);
      const twice = await runCli('predictors', results, '--out', join(root, 'o3'), '--xi', '2,2.4,2');
      expect([twice.code, twice.stderr.split('\n')[0]]).to.deep.equal([2, 'softspot predictors: --xi: 2 is given twice in "2,2.4,2"; give each bin size once']);
      const tiny = await runCli('predictors', results, '--out', join(root, 'o3'), '--xi', '1e-3');
      expect(tiny.stderr).to.contain('got "1e-3" in "1e-3" (a bin much smaller than the particles\' spacing holds one point or none)');
      const large = await runCli('predictors', results, '--out', join(root, 'o3'), '--xi', '8', '--quiet');
      expect(large.code).to.equal(2);
      // N = 400 at N/V = 0.86: L = 21.57, so 4 bins a side need ξ ≤ L/3.5 = 6.16
      expect(large.stderr).to.match(/--xi: sample n400-\S+ \(N = 400\): expected a bin size giving at least 4 bins along each cell vector .*got ξ = 8: 3 × 3 bins; use ξ ≤ 6\.1 \(as softspot figures advises\)/);
    });
  });
});
