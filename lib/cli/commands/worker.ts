/** `softspot worker --queue URL`: process ensemble samples from a Redis (BullMQ) queue. */
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { defaultWorkers } from '../../ensemble/pool.js';
import { DEFAULT_QUEUE_NAME, QUEUE_DEFAULTS, startQueueWorker } from '../../ensemble/queue.js';
import { endOnSignal } from '../signals.js';
import { oversubscription } from '../limits.js';
import { CONNECT_SECONDS } from '../../ensemble/redis.js';
import { resolveRunModel } from './run.js';
import { modelLabel } from '../../ensemble/identity.js';
import { UsageError } from '../errors.js';

export const worker = defineCommand({
  name: 'worker',
  summary: 'process ensemble samples from a Redis job queue (run on any number of machines)',
  synopsis: 'worker --queue redis://host:port [options]',
  description: `Takes samples enqueued by \`softspot run --queue URL\` and computes them on this machine,
writing HDF5 files into the run's output directory (shared by all machines, or --out).
Run as many as you like on as many machines as you like. Each job carries its model
(softspot run --model; a model of one's own, params.json, with its definition: this worker
needs no file); --model makes this worker take only jobs of that model: it puts any
other back on the queue for a worker of its model (the job keeps its attempts; said once
per sample), and with --exit-when-empty it ends when only such jobs are left. A sample
whose results directory holds another model's run fails (ensemble.json). A worker that dies mid-sample
has its job retried by another worker after the lock time; jobs are idempotent.
Exit code 1 when Redis is unreachable (at start, or for --redis-timeout mid-run) or the
results directory refuses a write (full disk, a read-only file system), where the samples
in flight go back to the queue; and, as for softspot run, when a sample this worker
computed failed (its record is in the results directory's failed/). Exit code 2 for a bad
option, or a results directory that is missing, not a directory or not writable by this
user (permission denied: a path to give again).`,
  options: {
    queue: { kind: 'string', arg: 'URL', required: true, help: 'redis://host:port' },
    'queue-name': { kind: 'string', arg: 'NAME', default: DEFAULT_QUEUE_NAME, help: 'queue name' },
    model: { kind: 'string', arg: 'PRESET|FILE.json', help: 'take only samples of this model preset (ipl, ipl3d, ka, ka2d, poly) or model file', defaultText: 'any: the job says' },
    dim: { kind: 'number', arg: 'D', rule: { integer: true, min: 2, max: 3 }, help: 'with --model poly: the dimension', defaultText: "the model's" },
    workers: { kind: 'number', arg: 'W', rule: { integer: true, min: 1 }, default: defaultWorkers(), help: 'samples at once on this machine', defaultText: `available cores, ${defaultWorkers()} here` },
    out: sharedOptions.outOptional('the shared results directory as mounted here', 'DIR', 'as enqueued'),
    'lock-seconds': { kind: 'number', arg: 'S', rule: { min: 1 }, default: QUEUE_DEFAULTS.lockSeconds, help: "a dead worker's job is retried after S seconds" },
    'sample-timeout': { kind: 'number', arg: 'S', rule: { min: 0 }, default: 0, help: 'give up on a sample after S seconds (recorded as failed)', defaultText: 'no limit' },
    'exit-when-empty': { kind: 'flag', help: 'exit once the queue has had no waiting or active jobs for --idle-seconds\n(with --model: none of its model)\n(default: run until SIGINT/SIGTERM, which end it within 2 s with status\n130/143; its samples in flight go back to the queue)' },
    'idle-seconds': { kind: 'number', arg: 'S', rule: { min: 0 }, default: QUEUE_DEFAULTS.idleSeconds, help: 'grace time of --exit-when-empty, also at start' },
    'redis-timeout': {
      kind: 'number', arg: 'S', rule: { min: 0, exclusiveMin: true }, default: QUEUE_DEFAULTS.redisTimeout,
      help: `give up after Redis has been unreachable for S seconds mid-run\n(retried with backoff meanwhile; at start Redis must answer within ${CONNECT_SECONDS} s)`,
    },
    quiet: sharedOptions.quiet('no per-sample lines on stderr'),
  },
}, async ({ values: v }, { stderr }) => {
  const { workers } = v;
  if (v.dim !== undefined && v.model === undefined) throw new UsageError('--dim: give it with --model');
  let model;
  model = v.model === undefined ? undefined : await resolveRunModel(v.model, v.dim);
  // Samples, not attempts: a job that fails is retried (up to 3 attempts), maybe here again.
  const done = new Set<string>(), failed = new Set<string>(), inFlight = new Set<string>(), refused = new Set<string>();
  let failedAttempts = 0;
  // The worker takes jobs before startQueueWorker returns: what it says meanwhile waits for the banner.
  let early: string[] | undefined = [];
  const say = (line: string): void => { if (early !== undefined) early.push(line); else stderr.write(line); };
  const flush = (): void => { for (const line of early ?? []) stderr.write(line); early = undefined; };
  const w = await startQueueWorker({
    url: v.queue, queueName: v['queue-name'], workers, out: v.out, lockSeconds: v['lock-seconds'], exitWhenEmpty: v['exit-when-empty'],
    idleSeconds: v['idle-seconds'], model,
    sampleTimeout: v['sample-timeout'],
    redisTimeout: v['redis-timeout'],
    onWarning: (message) => say(`softspot worker ${process.pid}: warning: ${message}\n`),
    onRefused: (id, label, refusals) => {
      refused.add(id);
      // Once per sample: an idle worker sees the same foreign job every few seconds.
      if (refusals === 1 && !v.quiet) say(`worker ${process.pid}: ${id} is of ${label}, not ${modelLabel(model!)} (--model): left on the queue for a worker of its model\n`);
    },
    onStage: (id, stage) => {
      inFlight.add(id);
      if (!v.quiet) say(`worker ${process.pid}: ${id} ${stage}\n`);
    },
    onOutcome: (o) => {
      inFlight.delete(o.id);
      if (o.status === 'done') { done.add(o.id); failed.delete(o.id); }
      if (o.status === 'failed') { failedAttempts++; if (!done.has(o.id)) failed.add(o.id); }
      if (!v.quiet) say(`worker ${process.pid}: ${o.id} ${o.status}${o.error ? `: ${o.error}` : ''}\n`);
    },
  }).catch((error: unknown) => { flush(); throw error; });
  stderr.write(`softspot worker ${process.pid}: ${workers} thread(s) on ${v.queue}${v['exit-when-empty'] ? ' (until the queue is empty)' : ''}\n`);
  const overbooked = oversubscription(workers);
  if (overbooked !== undefined) stderr.write(`softspot worker ${process.pid}: warning: ${overbooked}\n`);
  flush();
  // SIGINT / SIGTERM: stop taking jobs, then end with 130 / 143 within 2 s; the samples in
  // flight are retried by another worker once their lock expires.
  const release = endOnSignal((signal) => {
    // Said at once: the process may die of the signal before the samples in flight finish.
    const ids = [...inFlight];
    stderr.write(`softspot worker ${process.pid}: ${signal}: stopping (no new jobs); ` + (ids.length === 0
      ? 'no sample in flight\n'
      : `the ${ids.length} sample${ids.length === 1 ? '' : 's'} in flight (${ids.join(', ')}) finish within 2 s, or go back to the queue ` +
        `and are retried by a worker once their lock expires (--lock-seconds ${v['lock-seconds']})\n`));
    return w.close();
  });
  try {
    await w.closed; // rejects when Redis stayed away or the results directory refused a write
  } finally {
    release();
  }
  const attempts = failedAttempts > failed.size ? ` (${failedAttempts} failed attempts)` : '';
  // Put back, not "left": a worker of their model may have computed them since.
  const left = refused.size > 0 ? `; ${refused.size} of another model put back on the queue` : '';
  stderr.write(`softspot worker ${process.pid}: ${done.size} computed, ${failed.size} failed${attempts}${left}\n`);
  // As `softspot run`: a sample that failed (recorded in the results directory's failed/) fails the command.
  return failed.size > 0 ? 1 : 0;
});
