/** `softspot worker --queue URL`: process ensemble samples from a Redis (BullMQ) queue. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption } from '../options.js';
import { defaultWorkers } from '../../ensemble/pool.js';
import { startQueueWorker } from '../../ensemble/queue.js';
import { endOnSignal } from '../signals.js';

const usage = `Usage: softspot worker --queue redis://host:port [options]

Takes samples enqueued by \`softspot run --queue URL\` and computes them on this machine,
writing HDF5 files into the run's output directory (shared by all machines, or --out).
Run as many as you like on as many machines as you like. A worker that dies mid-sample
has its job retried by another worker after the lock time; jobs are idempotent.

Options:
  --queue URL          redis://host:port (required)
  --queue-name NAME    queue name (default softspot)
  --workers W          samples at once on this machine (default: available cores, ${defaultWorkers()} here)
  --out DIR            the shared results directory as mounted here (default: as enqueued)
  --lock-seconds S     a dead worker's job is retried after S seconds (default 30)
  --sample-timeout S   give up on a sample after S seconds (recorded as failed; default: no limit)
  --exit-when-empty    exit once the queue has had no waiting or active jobs for --idle-seconds
                       (default: run until SIGINT/SIGTERM, which end it within 2 s
                       with status 130/143; its samples in flight go back to the queue)
  --idle-seconds S     grace time of --exit-when-empty, also at start (default 10)
  --quiet              no per-sample lines on stderr
`;

export const worker: Command = {
  name: 'worker',
  summary: 'process ensemble samples from a Redis job queue (run on any number of machines)',
  usage,
  async run(args, { stderr }) {
    const { values: v } = parseArgs({
      args,
      options: {
        queue: { type: 'string' }, 'queue-name': { type: 'string' }, workers: { type: 'string' }, out: { type: 'string' },
        'lock-seconds': { type: 'string' }, 'exit-when-empty': { type: 'boolean' }, 'sample-timeout': { type: 'string' }, 'idle-seconds': { type: 'string' }, quiet: { type: 'boolean' },
      },
    });
    if (!v.queue) throw new UsageError('--queue is required');
    const workers = integerOption('workers', v.workers, defaultWorkers(), 1);
    const lockSeconds = numberOption('lock-seconds', v['lock-seconds'], 30, (x) => x >= 1, 'a number >= 1');
    let done = 0, failed = 0;
    const w = await startQueueWorker({
      url: v.queue, queueName: v['queue-name'], workers, out: v.out, lockSeconds, exitWhenEmpty: v['exit-when-empty'],
      idleSeconds: numberOption('idle-seconds', v['idle-seconds'], 10, (x) => x >= 0, 'a number >= 0'),
      sampleTimeout: numberOption('sample-timeout', v['sample-timeout'], 0, (x) => x >= 0, 'a number >= 0'),
      onStage: v.quiet ? undefined : (id, stage) => stderr.write(`worker ${process.pid}: ${id} ${stage}\n`),
      onOutcome: (o) => {
        if (o.status === 'done') done++;
        if (o.status === 'failed') failed++;
        if (!v.quiet) stderr.write(`worker ${process.pid}: ${o.id} ${o.status}${o.error ? `: ${o.error}` : ''}\n`);
      },
    });
    stderr.write(`softspot worker ${process.pid}: ${workers} thread(s) on ${v.queue}${v['exit-when-empty'] ? ' (until the queue is empty)' : ''}\n`);
    // SIGINT / SIGTERM: stop taking jobs, then end with 130 / 143 within 2 s; the samples in
    // flight are retried by another worker once their lock expires.
    const release = endOnSignal(() => w.close());
    await w.closed;
    release();
    stderr.write(`softspot worker ${process.pid}: ${done} computed, ${failed} failed\n`);
    return 0;
  },
};
