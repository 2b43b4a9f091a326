/**
 * The staging directory of an aggregation (lib/ensemble/staging.ts): the set of outputs
 * appears together or not at all. An interrupted `softspot figures` (Ctrl-C between its
 * files) left summary.json and events.csv at the new ξ beside report.html and the figures
 * at the old one.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaging } from '../lib/ensemble/staging.js';

describe('ensemble: staged outputs of an aggregation', () => {
  let out = '';
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'softspot-staging-'));
    mkdirSync(join(out, 'figures'));
    for (const [name, text] of [['summary.json', 'old'], ['report.html', 'old'], ['figures/fig2.svg', 'old']]) writeFileSync(join(out, name!), text!);
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('abandoned (an error, an interrupt): the previous set is untouched and nothing is left behind', async () => {
    const staging = await createStaging(out);
    writeFileSync(join(staging.dir, 'summary.json'), 'new');
    await staging.discard();
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).to.equal('old');
    expect(readdirSync(out).sort()).to.deep.equal(['figures', 'report.html', 'summary.json']);
  });

  it('committed: every file of the set replaces its old one, in subdirectories too, and the staging directory goes', async () => {
    const staging = await createStaging(out);
    mkdirSync(join(staging.dir, 'figures'));
    for (const name of ['summary.json', 'report.html', 'events.csv', 'figures/fig2.svg', 'figures/fig4.svg']) writeFileSync(join(staging.dir, name), `new ${name}`);
    expect(staging.finalPath(join(staging.dir, 'figures', 'fig4.svg'))).to.equal(join(out, 'figures', 'fig4.svg'));
    await staging.commit(['summary.json', 'report.html']);
    for (const name of ['summary.json', 'report.html', 'events.csv', 'figures/fig2.svg', 'figures/fig4.svg']) expect(readFileSync(join(out, name), 'utf8')).to.equal(`new ${name}`);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).to.deep.equal([]);
  });

  it('a staging directory of a dead process of this host is removed by the next one; a live one is not', async () => {
    const dead = join(out, `.aggregate.${hostname().replace(/\./g, '_')}.999999.abcd1234`);
    const live = join(out, `.aggregate.${hostname().replace(/\./g, '_')}.${process.pid}.abcd1234`);
    for (const d of [dead, live]) { mkdirSync(d); writeFileSync(join(d, 'summary.json'), 'partial'); }
    const staging = await createStaging(out);
    expect(existsSync(dead)).to.equal(false);
    expect(existsSync(live)).to.equal(true);
    await staging.discard();
  });
});
