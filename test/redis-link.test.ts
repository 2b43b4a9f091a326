/**
 * The Redis link of a run or worker (lib/ensemble/redis.ts): when the connection is lost,
 * the reason quoted is the connection's own, never an older queue error. Before, a BullMQ
 * error seen earlier (a job's lost lock) was kept as the "last error" and quoted as the
 * reason the connection went away. Against a real redis-server, killed mid-link.
 */
import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisLink } from '../lib/ensemble/redis.js';
import { startRedisIn } from './helpers/redis-server.js';
import { exited } from './helpers/spawn-cli.js';
import { requireProgram } from './helpers/system-program.js';

describe('ensemble: the Redis link names the reason a connection was lost', function () {
  this.timeout(30_000);
  let redis: ChildProcess | undefined;
  let dir: string | undefined;

  after(async () => {
    if (redis !== undefined && redis.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('a queue error seen before is not quoted as the reason; the connection\'s own is', async function () {
    const program = requireProgram(this, 'redis-server', 'redis-server');
    const started = await startRedisIn(program, 'softspot-link-');
    ({ redis, dir } = started);
    const warnings: string[] = [];
    const { link } = await RedisLink.connect(started.url, { timeoutSeconds: 1.5, onWarning: (w) => warnings.push(w) });
    try {
      const queue = link.watch(new EventEmitter());
      queue.emit('error', new Error('Missing lock for job 7. moveToFinished'));
      queue.emit('error', new Error('ERR Error running script (call to f_1234): something the queue said'));
      expect(warnings).to.deep.equal(['queue: ERR Error running script (call to f_1234): something the queue said']);
      redis.kill('SIGKILL');
      await exited(redis);
      const failure = await link.lost.then(() => undefined, (error: Error) => error);
      const lostWarning = warnings.find((w) => w.startsWith('lost the connection'));
      expect(lostWarning, warnings.join('\n')).to.match(new RegExp(`^lost the connection to Redis at ${started.url} \\((the connection was closed|connection refused|connection reset)`));
      for (const text of [lostWarning!, failure!.message]) {
        expect(text).to.not.contain('Missing lock');
        expect(text).to.not.contain('running script');
      }
      expect(failure!.message).to.match(/did not come back within 1.5 s/);
    } finally {
      link.close();
      await sleep(10);
    }
  });
});
