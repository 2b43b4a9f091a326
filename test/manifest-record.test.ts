/**
 * The plans of runs started together into one directory (a job array's shards): each run
 * logs its sample ids in its own log file (log/HOST.PID.jsonl, event `plan`) before it
 * rewrites ensemble.json, so plannedIds — what the aggregation's "planned but neither done
 * nor failed" warning reads — misses none, though ensemble.json, written whole by each run,
 * may. Independent route: the union of the ids handed in, and child processes of their own.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { manifestPath, plannedIds, recordRun } from '../lib/ensemble/manifest.js';

const ROOT = resolve(import.meta.dirname, '..');
const idsOf = (root: string): string[] => (JSON.parse(readFileSync(manifestPath(root), 'utf8')) as { ids: string[] }).ids;

/** recordRun in a process of its own (its own log file), as a shard's `softspot run` does it. */
function recordInChild(root: string, ids: string[]): Promise<number | null> {
  const code = `const { recordRun } = await import(${JSON.stringify(`file://${ROOT}/lib/ensemble/manifest.ts`)});
await recordRun(process.argv[1], { model: 'ipl', dim: 2 }, JSON.parse(process.argv[2]));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, root, JSON.stringify(ids)], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((res) => child.once('exit', (c) => res(c)));
}

describe('ensemble.json and the logs: runs recording their plans at once', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'softspot-manifest-'));
    mkdirSync(join(root, 'log'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('eight runs started together in one process: plannedIds has every id, earlier ones first; ensemble.json at least the last run\'s', async () => {
    writeFileSync(manifestPath(root), JSON.stringify({ model: 'ipl', dim: 2, ids: ['old-1', 'old-2'] }));
    const shards = Array.from({ length: 8 }, (_, k) => [`s${k}-a`, `s${k}-b`, 'old-2']);
    await Promise.all(shards.map((ids, k) => recordRun(root, { model: 'ipl', dim: 2, shard: { index: k, count: 8 } }, ids)));
    const planned = await plannedIds(root);
    expect(planned.slice(0, 2)).to.deep.equal(['old-1', 'old-2']);
    expect([...planned].sort()).to.deep.equal(['old-1', 'old-2', ...shards.flatMap((s) => s.slice(0, 2))].sort());
    expect(idsOf(root)).to.include.members(['old-1', 'old-2']);
  });

  it('six shards as six processes started at once: none loses another\'s ids', async function () {
    this.timeout(60_000);
    const shards = Array.from({ length: 6 }, (_, k) => Array.from({ length: 50 }, (_, i) => `p${k}-${i}`));
    const codes = await Promise.all(shards.map((ids) => recordInChild(root, ids)));
    expect(codes).to.deep.equal(shards.map(() => 0));
    expect([...await plannedIds(root)].sort()).to.deep.equal(shards.flat().sort());
  });

  it('a directory of a run before plan lines (ensemble.json ids only) reads as it did', async () => {
    writeFileSync(manifestPath(root), JSON.stringify({ model: 'ipl', dim: 2, ids: ['a', 'b'] }));
    expect(await plannedIds(root)).to.deep.equal(['a', 'b']);
    writeFileSync(join(root, 'log', 'h.1.jsonl'), '{"at":"x","event":"start","id":"c"}\n{"at":"x","event":"plan","ids":["b","d"]}\n{"at":"x","event":"plan","ids":"not a list"}\n');
    expect(await plannedIds(root)).to.deep.equal(['a', 'b', 'd']);
  });
});
