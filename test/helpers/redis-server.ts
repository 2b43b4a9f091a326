/**
 * A redis-server of the tests' own on a free loopback port (Debian package redis-server;
 * the tests that use it call requireProgram first), and the clean-up of what such a test
 * started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { exited } from './spawn-cli.js';

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** A redis-server of our own on `port` with data in `dir`; resolves once it answers PING. */
export async function startRedis(program: string, port: number, dir: string, persist = false): Promise<ChildProcess> {
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--protected-mode', 'yes',
    ...(persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'])];
  const child = spawn(program, args, { stdio: 'ignore' });
  const client = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    for (let k = 0; ; k++) {
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') return child;
      } catch (error) {
        if (k > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}: ${(error as Error).message}`);
        await sleep(100);
      }
    }
  } finally {
    client.disconnect();
  }
}

/** A redis-server in a new temporary directory (under `prefix`): the directory, its URL, port and process. */
export async function startRedisIn(program: string, prefix: string): Promise<{ dir: string; url: string; port: number; redis: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const port = await freePort();
  return { dir, url: `redis://127.0.0.1:${port}`, port, redis: await startRedis(program, port, join(dir, 'redis')) };
}

/** Ends what a test started: its child processes (SIGKILL), the redis-server (SIGTERM, awaited) and its directory. */
export async function stopAll(children: readonly ChildProcess[], redis: ChildProcess | undefined, dir: string | undefined): Promise<void> {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  redis?.kill('SIGTERM');
  if (redis) await exited(redis);
  if (dir) rmSync(dir, { recursive: true, force: true });
}
