/**
 * ensemble.json under runs started together: recordRun's read–merge–write is serialized by
 * an exclusive lock file, so the shards of one plan, started at once into one directory, all
 * keep their sample ids (the aggregation warns of a planned sample that has no result only
 * if the plan is kept). Independent route: the union of the ids handed in.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { manifestPath, ModelMismatchError, recordRun } from '../lib/ensemble/manifest.js';
import { hostTag } from '../lib/ensemble/store.js';

const IPL = { model: 'ipl', dim: 2 } as const;
const idsOf = (root: string): string[] => (JSON.parse(readFileSync(manifestPath(root), 'utf8')) as { ids: string[] }).ids;

describe('ensemble.json: runs recording their plans at once', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'softspot-manifest-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('eight runs started together into one directory keep every one of their ids, earlier ones first', async () => {
    writeFileSync(manifestPath(root), JSON.stringify({ model: 'ipl', dim: 2, ids: ['old-1', 'old-2'] }));
    const shards = Array.from({ length: 8 }, (_, k) => [`s${k}-a`, `s${k}-b`, 'old-2']);
    await Promise.all(shards.map((ids, k) => recordRun(root, { model: 'ipl', dim: 2, shard: { index: k, count: 8 } }, ids, IPL)));
    const ids = idsOf(root);
    expect(ids.slice(0, 2)).to.deep.equal(['old-1', 'old-2']);
    expect([...ids].sort()).to.deep.equal(['old-1', 'old-2', ...shards.flatMap((s) => s.slice(0, 2))].sort());
    expect(existsSync(`${manifestPath(root)}.lock`)).to.equal(false);
  });

  it('a lock left by a dead process of this host is taken over; a live holder is waited for', async function () {
    this.timeout(20_000);
    // A process that has exited: its pid is free (or reused, which only makes the run wait).
    const gone = spawn(process.execPath, ['-e', '']);
    const deadPid = await new Promise<number>((res) => gone.once('exit', () => res(gone.pid!)));
    writeFileSync(`${manifestPath(root)}.lock`, `${hostTag()} ${deadPid}\n`);
    await recordRun(root, { model: 'ipl', dim: 2 }, ['a'], IPL);
    expect(idsOf(root)).to.deep.equal(['a']);

    writeFileSync(`${manifestPath(root)}.lock`, `${hostTag()} ${process.pid}\n`);
    let finished = false;
    const waiting = recordRun(root, { model: 'ipl', dim: 2 }, ['b'], IPL).then(() => { finished = true; });
    await sleep(300);
    expect(finished, 'recorded while another live process held the lock').to.equal(false);
    rmSync(`${manifestPath(root)}.lock`);
    await waiting;
    expect(idsOf(root)).to.deep.equal(['a', 'b']);
  });

  it('a run of another model that recorded itself first is refused under the lock, its ids kept', async () => {
    await recordRun(root, { model: 'ka', dim: 3 }, ['k1'], { model: 'ka', dim: 3 });
    let error: unknown;
    try {
      await recordRun(root, { model: 'ipl', dim: 2 }, ['i1'], IPL);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ModelMismatchError);
    expect(idsOf(root)).to.deep.equal(['k1']);
    expect(existsSync(`${manifestPath(root)}.lock`)).to.equal(false);
  });
});
