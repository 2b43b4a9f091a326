/**
 * `softspot figures` run again on a results directory. Without --xi it keeps the ξ of the
 * aggregation it replaces (it went back to 5). When sample files were lost or damaged since: with
 * none valid it writes nothing and keeps the earlier events.csv, summary.json and report.html
 * byte for byte (they are then the only record of those samples); with fewer than before it
 * aggregates what is left and says, in summary.json's warnings and on stderr, how many the
 * aggregate it replaced held. Samples: synthetic ones (test/helpers/synthetic-sample.ts)
 * written with the ensemble's own HDF5 writer.
 */
import { expect } from 'chai';
import { readFileSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../lib/random.js';
import { writeSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { aggregate, NoValidSamplesError } from '../lib/ensemble/aggregate.js';
import { ensureStore, samplePath } from '../lib/ensemble/store.js';
import { syntheticSample } from './helpers/synthetic-sample.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';

describe('softspot figures run again', function () {
  this.timeout(120_000);
  let root = '';
  scratchDir('softspot-figures-lost-', (d) => { root = d; });

  const AGGREGATE = ['events.csv', 'summary.json', 'report.html'];
  const read = (dir: string): string[] => AGGREGATE.map((f) => readFileSync(join(dir, f), 'utf8'));

  async function results(name: string, count: number): Promise<{ dir: string; files: string[] }> {
    const dir = join(root, name);
    ensureStore(dir);
    const rng = createRng(3);
    const files: string[] = [];
    for (let g = 0; g < count; g++) {
      const s = syntheticSample(rng, 20, 40 + g);
      files.push(samplePath(dir, s.id));
      await writeSampleHdf5(files[g]!, s);
    }
    const first = await runCli('figures', dir, '--xi', '3', '--quiet');
    expect(first.code, first.stderr).to.equal(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).samples.finished).to.equal(count);
    return { dir, files };
  }

  it('without --xi keeps the ξ of the aggregation there (run --xi or figures --xi chose it); --xi 5 returns to the default', async () => {
    const { dir } = await results('xi', 2); // aggregated at --xi 3
    const xiOf = (): number => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).predictability.xi;
    expect(xiOf()).to.equal(3);
    expect((await runCli('figures', dir, '--quiet')).code).to.equal(0);
    expect(xiOf()).to.equal(3);
    expect((await runCli('figures', dir, '--xi', '5', '--quiet')).code).to.equal(0);
    expect(xiOf()).to.equal(5);
  });

  it('none valid: exit 1, a message naming a file and that nothing was written; the earlier aggregate stays byte for byte', async () => {
    const { dir, files } = await results('none', 3);
    const before = read(dir);
    for (const f of files) truncateSync(f, 3000);
    const r = await runCli('figures', dir, '--xi', '3', '--quiet');
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(new RegExp(`none of its 3 sample files is valid \\(${files[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+; …\\); nothing was written, and the aggregate of 3 samples already in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(events.csv, summary.json, report.html\\) is kept`));
    expect(read(dir)).to.deep.equal(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('.aggregate'))).to.deep.equal([]);
  });

  it('no sample file left at all (aggregate(), as a run aggregates): NoValidSamplesError, the earlier aggregate kept byte for byte', async () => {
    const { dir, files } = await results('gone', 2);
    const before = read(dir);
    for (const f of files) rmSync(f);
    let error: unknown;
    try { await aggregate(dir); } catch (e) { error = e; }
    expect(error).to.be.instanceOf(NoValidSamplesError);
    expect((error as Error).message).to.equal(`${dir}: samples/ holds no complete sample, but the aggregate in ${dir} (events.csv, summary.json, report.html) is of 2; ` +
      'nothing was written and it is kept: restore the sample files, or rerun softspot run to compute them again');
    expect(read(dir)).to.deep.equal(before);
  });

  it('fewer than before: the rest is aggregated, with a warning that says how many the replaced aggregate held', async () => {
    const { dir, files } = await results('fewer', 3);
    truncateSync(files[1]!, 3000);
    rmSync(files[2]!);
    const r = await runCli('figures', dir, '--xi', '3', '--quiet');
    expect(r.code, r.stderr).to.equal(1); // an invalid file is left out: exit 1
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.samples.finished).to.equal(1);
    const warning = 'this aggregate holds 1 sample, the one it replaced 3 (1 sample file is not valid now: see samples.invalid)';
    expect(summary.warnings.some((w: string) => w.startsWith(warning))).to.equal(true);
    expect(r.stderr).to.contain(`figures: warning: ${warning}`);
    // aggregated again with nothing lost since: no such warning
    rmSync(files[1]!);
    const again = await runCli('figures', dir, '--xi', '3', '--quiet');
    expect(again.code, again.stderr).to.equal(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).warnings.join('\n')).not.to.contain('the one it replaced');
  });
});
