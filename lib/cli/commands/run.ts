/** `softspot run`: an ensemble of glasses, analysed and stored, on a worker pool or a job queue. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Command, CommandContext } from '../command.js';
import { UsageError } from '../command.js';
import { integerOption, numberOption } from '../options.js';
import { progressPrinter } from '../../ensemble/progress.js';
import { runEnsemble, type RunOptions, type RunSummary } from '../../ensemble/run.js';
import { defaultWorkers } from '../../ensemble/pool.js';
import { parseShard } from '../../ensemble/shard.js';
import { DEFAULT_EVENTS, DEFAULT_PREPARE } from '../../ensemble/identity.js';

const usage = `Usage: softspot run --samples K --n N --seed0 S --out DIR [options]
       softspot run --config run.json [options]

Prepares K glasses of N particles (seeds S, S+1, …), computes for each c_α and dc_α/dγ
(simple and pure shear) and the first plastic event in the four directions, and stores
one HDF5 file per sample in DIR/samples/. Then aggregates: DIR/events.csv,
DIR/summary.json, DIR/figures/, DIR/report.html.

Resumable: rerun the same command after an interruption; finished samples are skipped,
partial files discarded, nothing is overwritten. A failed sample is recorded in
DIR/failed/ with its error and retried on the next run; it does not stop the run.

Options:
  --samples K          number of glasses (required)
  --n N                particles per glass (required)
  --seed0 S            first seed (default 1)
  --out DIR            results directory (required)
  --workers W          worker threads on this machine (default: available cores, ${defaultWorkers()} here)
  --queue URL          redis://host:port: enqueue on a BullMQ queue and follow; samples are
                       computed by \`softspot worker --queue URL\` processes (any machines)
  --queue-name NAME    queue name (default softspot)
  --shard i/n          only samples k with k mod n = i (SLURM job arrays); implies --no-aggregate
  --sample-timeout S   give up on a sample after S seconds (recorded as failed; default: no limit)
  --validate           also check dc/dγ by finite differences (paper Fig. S1)
  --t-equilibrate T    liquid time (τ0, default ${DEFAULT_PREPARE.tEquilibrate})
  --anneal T           annealing time (τ0, default ${DEFAULT_PREPARE.anneal})
  --t-anneal T         annealing temperature (default ${DEFAULT_PREPARE.tAnneal})
  --t-liquid T         liquid temperature (default ${DEFAULT_PREPARE.tLiquid})
  --dt X               MD time step (τ0, default ${DEFAULT_PREPARE.dt})
  --protocol NAME      first-event protocol, fast or reference (default ${DEFAULT_EVENTS.protocol})
  --step X             largest AQS strain step (default ${DEFAULT_EVENTS.step})
  --precision X        strain precision of γ_c (default ${DEFAULT_EVENTS.precision})
  --max-strain X       no event beyond this strain (default ${DEFAULT_EVENTS.maxStrain})
  --no-aggregate       skip the aggregation (run \`softspot figures DIR\` later)
  --config FILE        JSON with any of the options above (camelCase keys, e.g.
                       {"samples": 100, "n": 1000, "seed0": 1, "out": "runs/a",
                        "prepare": {"anneal": 100}, "events": {"step": 0.002}});
                       command-line options override it
  --quiet              no progress bar

Set OPENBLAS_NUM_THREADS=1 when running several workers on one machine.
`;

const OPTIONS = {
  samples: { type: 'string' }, n: { type: 'string' }, seed0: { type: 'string' }, out: { type: 'string' },
  workers: { type: 'string' }, queue: { type: 'string' }, 'queue-name': { type: 'string' }, shard: { type: 'string' },
  validate: { type: 'boolean' }, 'sample-timeout': { type: 'string' }, 't-equilibrate': { type: 'string' }, anneal: { type: 'string' }, 't-anneal': { type: 'string' },
  't-liquid': { type: 'string' }, dt: { type: 'string' }, protocol: { type: 'string' }, step: { type: 'string' },
  precision: { type: 'string' }, 'max-strain': { type: 'string' }, 'no-aggregate': { type: 'boolean' }, config: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

/** The run options from the command line (and --config). Exported for `demo`. */
export async function parseRunOptions(args: string[]): Promise<RunOptions & { quiet: boolean }> {
  const { values: v } = parseArgs({ args, options: OPTIONS, allowPositionals: false });
  let cfg: Partial<RunOptions> & Record<string, unknown> = {};
  if (v.config) {
    try {
      cfg = JSON.parse(await readFile(v.config, 'utf8')) as typeof cfg;
    } catch (error) {
      throw new UsageError(`--config: cannot read ${v.config}: ${(error as Error).message}`);
    }
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) throw new UsageError(`--config: expected a JSON object in ${v.config}`);
  }
  const int = (name: string, value: string | undefined, fallback: unknown, min: number): number | undefined =>
    value !== undefined ? integerOption(name, value, 0, min) : (fallback as number | undefined);
  const num = (name: string, value: string | undefined): number | undefined =>
    value !== undefined ? numberOption(name, value, 0, (x) => x >= 0, 'a number >= 0') : undefined;
  const samples = int('samples', v.samples, cfg.samples, 1);
  const n = int('n', v.n, cfg.n, 8);
  const out = v.out ?? (cfg.out as string | undefined);
  if (samples === undefined) throw new UsageError('--samples is required');
  if (n === undefined) throw new UsageError('--n is required');
  if (!out) throw new UsageError('--out is required');
  const prepare = { ...(cfg.prepare ?? {}) } as Record<string, number>;
  const events = { ...(cfg.events ?? {}) } as Record<string, number | string>;
  const setIf = (o: Record<string, number | string>, k: string, x: number | string | undefined): void => { if (x !== undefined) o[k] = x; };
  setIf(prepare, 'tEquilibrate', num('t-equilibrate', v['t-equilibrate']));
  setIf(prepare, 'anneal', num('anneal', v.anneal));
  setIf(prepare, 'tAnneal', num('t-anneal', v['t-anneal']));
  setIf(prepare, 'tLiquid', num('t-liquid', v['t-liquid']));
  setIf(prepare, 'dt', num('dt', v.dt));
  if (v.protocol !== undefined && v.protocol !== 'fast' && v.protocol !== 'reference') throw new UsageError(`--protocol: expected fast or reference, got "${v.protocol}"`);
  setIf(events, 'protocol', v.protocol);
  setIf(events, 'step', num('step', v.step));
  setIf(events, 'precision', num('precision', v.precision));
  setIf(events, 'maxStrain', num('max-strain', v['max-strain']));
  const shardText = v.shard ?? (cfg.shard as string | undefined);
  let shard;
  try { shard = shardText !== undefined ? parseShard(String(shardText)) : undefined; } catch (error) { throw new UsageError(`--${(error as Error).message}`); }
  const queue = v.queue ?? (cfg.queue as string | undefined);
  const workers = int('workers', v.workers, cfg.workers, 1);
  if (queue && v.workers !== undefined) throw new UsageError('give either --workers (this machine) or --queue (the workers of the queue), not both');
  return {
    samples, n, out, seed0: int('seed0', v.seed0, cfg.seed0, 0) ?? 1,
    workers, queue, queueName: v['queue-name'] ?? (cfg.queueName as string | undefined), shard,
    sampleTimeout: v['sample-timeout'] !== undefined ? numberOption('sample-timeout', v['sample-timeout'], 0, (x) => x >= 0, 'a number >= 0') : (cfg.sampleTimeout as number | undefined),
    validate: v.validate ?? (cfg.validate as boolean | undefined) ?? false,
    prepare, events: events as RunOptions['events'],
    aggregate: !(v['no-aggregate'] ?? false) && shard === undefined && (cfg.aggregate ?? true) !== false,
    quiet: v.quiet ?? false,
  };
}

/** Runs with a progress bar on stderr and a closing summary; exit code 1 if any sample failed. */
export async function runWithProgress(options: RunOptions & { quiet: boolean }, { stderr }: CommandContext): Promise<{ code: number; summary: RunSummary }> {
  const engine = options.queue ? `queue ${options.queue}` : `${options.workers ?? defaultWorkers()} worker thread(s)`;
  stderr.write(`softspot run: ${options.samples} glasses of N = ${options.n}${options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : ''} → ${options.out} (${engine}; OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? 'unset'})\n`);
  let printer: ReturnType<typeof progressPrinter> | undefined;
  const summary = await runEnsemble({
    ...options,
    onProgress: options.quiet ? undefined : (tracker, changed) => {
      printer ??= progressPrinter(stderr, tracker);
      printer.update(changed === 'sample');
    },
  });
  printer?.end();
  stderr.write(`softspot run: ${summary.done} computed, ${summary.alreadyDone} already done, ${summary.failed} failed` +
    `${summary.removedPartial ? `, ${summary.removedPartial} partial file(s) discarded` : ''} in ${(summary.wallMs / 1000).toFixed(1)} s\n`);
  for (const o of summary.outcomes) if (o.status === 'failed') stderr.write(`  failed ${o.id} (${o.stage ?? '?'}): ${o.error}\n`);
  if (summary.aggregate) {
    stderr.write(`results: ${summary.aggregate.eventsCsv}, ${summary.aggregate.summaryJson}\nreport:  ${summary.aggregate.report}\n`);
  }
  return { code: summary.failed > 0 ? 1 : 0, summary };
}

export const run: Command = {
  name: 'run',
  summary: 'prepare and analyse an ensemble of glasses (worker pool or Redis queue), resumable',
  usage,
  async run(args, context) {
    const options = await parseRunOptions(args);
    return (await runWithProgress(options, context)).code;
  },
};
