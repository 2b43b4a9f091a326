/**
 * The distributed engine against a real Redis (Debian package redis-server), started by
 * the test on a free loopback port with its own temporary directory: `softspot run
 * --queue` enqueues and follows, two `softspot worker` processes compute; one is killed
 * with SIGKILL mid-job and the other finishes its job after the lock expires.
 * Where redis-server is missing the suite skips with a printed reason (a failure under CI:
 * apt-get install -y redis-server).
 */
import { expect } from 'chai';
import { requireProgram } from './helpers/system-program.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { readSampleHdf5 } from '../lib/ensemble/hdf5.js';
import { readLog } from '../lib/ensemble/store.js';

const ROOT = join(import.meta.dirname, '..');

/** Runs a (not necessarily registered) CLI command in a child process, as `softspot <name> ...args`. */
function spawnCommand(name: string, args: string[]): ChildProcess {
  const code = `const [name, ...rest] = process.argv.slice(1);
const m = await import(${JSON.stringify(`file://${ROOT}/lib/cli/commands/`)} + name + '.ts');
process.exitCode = await m[name].run(rest, { stdout: process.stdout, stderr: process.stderr });`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, name, ...args], {
    cwd: ROOT, env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => res({ code, signal }));
  });
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

describe('ensemble: Redis job queue (BullMQ)', function () {
  this.timeout(150_000);
  let dir: string;
  let redis: ChildProcess | undefined;
  const children: ChildProcess[] = [];
  let url: string;

  before(async function () {
    const REDIS = requireProgram(this, 'redis-server', 'redis-server');
    dir = mkdtempSync(join(tmpdir(), 'softspot-queue-'));
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    const data = join(dir, 'redis');
    rmSync(data, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(data);
    redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
    client.on('error', () => undefined);
    for (let k = 0; ; k++) {
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') break;
      } catch (error) {
        if (k > 100) throw new Error(`redis-server did not start on ${url}: ${(error as Error).message}`);
        await sleep(100);
      }
    }
    client.disconnect();
  });

  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    redis?.kill('SIGTERM');
    if (redis) await exited(redis);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('two workers complete an ensemble; the job of a worker killed mid-sample is finished by the other', async () => {
    const out = join(dir, 'results');
    const queueArgs = ['--queue', url, '--queue-name', 'softspot-test'];
    const run = spawnCommand('run', ['--samples', '4', '--seed0', '1', '--n', '64', '--t-equilibrate', '1', '--anneal', '2', '--out', out, ...queueArgs, '--no-aggregate', '--quiet']);
    children.push(run);
    let runErr = '';
    run.stderr!.on('data', (d) => { runErr += String(d); });
    const workerArgs = [...queueArgs, '--workers', '1', '--lock-seconds', '3', '--exit-when-empty', '--idle-seconds', '20', '--sample-timeout', '60'];
    const a = spawnCommand('worker', workerArgs);
    const b = spawnCommand('worker', workerArgs);
    children.push(a, b);
    let aErr = '', bErr = '';
    b.stderr!.on('data', (d) => { bErr += String(d); });
    // Kill A as soon as it is inside a sample.
    const killedId = await new Promise<string>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`worker A never started a sample: ${aErr}`)), 90_000);
      a.stderr!.on('data', (d) => {
        aErr += String(d);
        const m = new RegExp(`worker ${a.pid}: (\\S+) (prepare|lhc|events)`).exec(aErr);
        if (m) {
          clearTimeout(timer);
          a.kill('SIGKILL');
          res(m[1]);
        }
      });
    });
    expect((await exited(a)).signal).to.equal('SIGKILL');
    const dump = (): string => `\n--- run:\n${runErr}\n--- A:\n${aErr}\n--- B:\n${bErr}`;
    const runExit = await Promise.race([exited(run), sleep(100_000, undefined, { ref: false }).then(() => { throw new Error(`the run did not finish${dump()}`); })]);
    expect(runExit.code, runErr).to.equal(0);
    expect((await exited(b)).code, bErr).to.equal(0);

    const files = readdirSync(join(out, 'samples'));
    expect(files.filter((f) => f.endsWith('.h5') && !f.startsWith('.'))).to.have.length(4);
    for (const f of files.filter((x) => x.endsWith('.h5'))) expect((await readSampleHdf5(join(out, 'samples', f))).events).to.have.length(4);
    const log = await readLog(out);
    const done = log.filter((l) => l.event === 'done');
    expect(done).to.have.length(4);
    expect(new Set(done.map((l) => l.id)).size).to.equal(4);
    // A started the killed sample; B finished it.
    expect(log.some((l) => l.event === 'start' && l.id === killedId && l.pid === a.pid)).to.equal(true);
    expect(done.find((l) => l.id === killedId)?.pid).to.equal(b.pid);
    expect(bErr).to.contain(`${killedId} done`);
  });
});
