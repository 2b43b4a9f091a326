/** `softspot run`: an ensemble of glasses, analysed and stored, on a worker pool or a job queue. */
import { existsSync, statSync } from 'node:fs';
import type { CommandContext } from '../command.js';
import { InputError, UsageError } from '../errors.js';
import { readInputFile, resolveModelOption } from '../input.js';
import { oversubscription, particlesRule } from '../limits.js';
import { defineCommand, parseNumber, type Option, type Values } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { eventOptions } from './event-options.js';
import { particlesOption, prepareOptions, SEED_RULE } from './prepare-options.js';
import { progressPrinter, type ProgressTracker } from '../../ensemble/progress.js';
import { endOnSignal } from '../signals.js';
import { createProgress, type Progress } from '../progress.js';
import { runEnsemble, type RunOptions, type RunSummary } from '../../ensemble/run.js';
import { expandDirectories, filesOwnModel, GlassInputError } from '../../ensemble/glass-input.js';
import { defaultWorkers } from '../../ensemble/pool.js';
import { DEFAULT_QUEUE_NAME, QUEUE_DEFAULTS } from '../../ensemble/queue.js';
import { CONNECT_SECONDS } from '../../ensemble/redis.js';
import { parseShard, type Shard } from '../../ensemble/shard.js';
import { DEFAULT_SEED0, MIN_SAMPLE_PARTICLES, SAMPLES_RULE, checkedEnsemble, expectShearableModel, modelLabel, runModel, type RunModel } from '../../ensemble/identity.js';
import { RUN_MODELS } from '../../ensemble/types.js';
import { modelPreset } from '../../model/presets.js';
import { expectOneOf, expectRule } from '../../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../../errors.js';
import { MIN_BIN_SIZE } from '../../stats/grid-nd.js';

/**
 * The model of --model (a preset's name or a model file, read and registered) and --dim.
 * @throws UsageError for an unknown preset, a dimension it does not have or a law whose force
 *   jumps at the cutoff (every sample is sheared); InputError for a bad model file
 */
export async function resolveRunModel(value: string, dim?: number): Promise<RunModel> {
  const name = await resolveModelOption(value);
  let model: RunModel;
  try { model = runModel(name, dim); } catch (error) { throw new UsageError(`--${(error as Error).message}`); }
  try { expectShearableModel(model.model); } catch (error) { throw new UsageError(`--model: ${(error as Error).message}`); }
  return model;
}

/** A preparation temperature's default for each model (the preset's, lib/model/presets.ts). */
const perModel = (key: 'tLiquid' | 'tAnneal'): string => `per --model: ${RUN_MODELS.map((m) => `${m} ${modelPreset(m).defaults[key]}`).join(', ')}`;

/** --model and --dim of run and demo (the presets and dimensions of `softspot prepare`). */
export const modelOptions = {
  model: {
    kind: 'string', arg: 'PRESET|FILE.json', default: 'ipl',
    help: "model preset: ipl (the paper's 2D glass), ipl3d, ka (Kob–Andersen, 3D), ka2d, poly\n(polydisperse, 2D by default, --dim 3 for 3D),\nor a model of your own, params.json (`softspot info GLASS --model-file` prints the\nform; its definition is stored in DIR/ensemble.json and in every job and sample file, so\nworkers need no file); the results directory holds one model",
  },
  dim: { kind: 'number', arg: 'D', rule: { integer: true, min: 2, max: 3 }, help: 'dimension (poly: 2 or 3)', defaultText: "the model's: 3 for ipl3d and ka, 2 for the others; poly glass files: the files'" },
} as const;

const options = {
  ...modelOptions,
  samples: { kind: 'number', arg: 'K', rule: SAMPLES_RULE, help: 'number of glasses (required, here or in --config)' },
  n: particlesOption(MIN_SAMPLE_PARTICLES, 'particles per glass (required, here or in --config)'),
  seed0: { kind: 'number', arg: 'S', rule: SEED_RULE, default: DEFAULT_SEED0, help: 'first seed' },
  out: sharedOptions.outOptional('results directory (required, here or in --config)', 'DIR'),
  workers: { kind: 'number', arg: 'W', rule: { integer: true, min: 1 }, help: 'worker threads on this machine', defaultText: `available cores, ${defaultWorkers()} here` },
  queue: {
    kind: 'string', arg: 'URL',
    help: 'redis://host:port: enqueue on a BullMQ queue and follow; samples are\ncomputed by `softspot worker --queue URL` processes (any machines)',
  },
  'queue-name': { kind: 'string', arg: 'NAME', default: DEFAULT_QUEUE_NAME, help: 'queue name' },
  'ship-glasses': {
    kind: 'flag',
    help: 'with --queue and glass files: every job carries its glass (gzip-compressed, in\nRedis), so the workers need no access to the files; without it they read\nthe files at the paths planned here (a file system every worker sees)',
  },
  minimize: {
    kind: 'flag',
    help: 'with glass files: minimize each glass before analysing it (CG, as softspot\nminimize), for files of configurations that are not minima (MD snapshots,\na liquid\'s trajectory); part of each sample\'s identity',
  },
  'redis-timeout': {
    kind: 'number', arg: 'S', rule: { min: 0, exclusiveMin: true }, default: QUEUE_DEFAULTS.redisTimeout,
    help: `with --queue: give up after Redis has been unreachable for S seconds mid-run\n(retried with backoff meanwhile; at start Redis must answer within ${CONNECT_SECONDS} s)`,
  },
  shard: { kind: 'string', arg: 'i/n', help: 'only samples k with k mod n = i (SLURM job arrays); implies --no-aggregate' },
  'sample-timeout': { kind: 'number', arg: 'S', rule: { min: 0 }, help: 'give up on a sample after S seconds (recorded as failed)', defaultText: 'no limit' },
  validate: { kind: 'flag', help: 'also check dc/dγ by finite differences (paper Fig. S1)' },
  't-equilibrate': prepareOptions.tEquilibrate,
  anneal: prepareOptions.anneal,
  't-anneal': { ...prepareOptions.tAnneal, defaultText: perModel('tAnneal') },
  't-liquid': { ...prepareOptions.tLiquid, defaultText: perModel('tLiquid') },
  dt: prepareOptions.dt,
  ...eventOptions,
  protocol: { ...eventOptions.protocol, defaultText: `${eventOptions.protocol.default} (2D); 3D: lib/aqs firstEvent's own` },
  step: { ...eventOptions.step, defaultText: `${eventOptions.step.default} (2D); 3D: firstEvent's for its protocol` },
  'no-aggregate': { kind: 'flag', help: 'skip the aggregation (run `softspot figures DIR` later)' },
  xi: {
    kind: 'number', arg: 'X', rule: { min: MIN_BIN_SIZE },
    help: `bin size ξ of the aggregation's ranks λ, ≥ ${MIN_BIN_SIZE} λ (4 bins along each cell vector: ξ ≤ L/3.5;\na 3D KA glass of N = 2000 takes ξ ≤ 3.3), as softspot figures --xi`,
    defaultText: '5, or the ξ of the directory\'s summary.json',
  },
  config: {
    kind: 'string', arg: 'FILE',
    help: 'JSON with any of the options above (camelCase keys; the MD options under "prepare",\nthe AQS ones under "events"), e.g.\n{"samples": 100, "n": 1000, "seed0": 1, "out": "runs/a",\n "prepare": {"anneal": 100}, "events": {"step": 0.002}};\ncommand-line options override it',
  },
  quiet: sharedOptions.quiet('no progress bar'),
} as const;

/** Where each option lives in --config (the keys of RunOptions). */
const CONFIG_KEYS: Partial<Record<keyof typeof options, string>> = {
  samples: 'samples', n: 'n', seed0: 'seed0', model: 'model', dim: 'dim', out: 'out', workers: 'workers', queue: 'queue', 'queue-name': 'queueName', 'ship-glasses': 'shipGlasses', minimize: 'minimize', 'redis-timeout': 'redisTimeout',
  shard: 'shard', 'sample-timeout': 'sampleTimeout', validate: 'validate', xi: 'xi',
  't-equilibrate': 'prepare.tEquilibrate', anneal: 'prepare.anneal', 't-anneal': 'prepare.tAnneal', 't-liquid': 'prepare.tLiquid', dt: 'prepare.dt',
  protocol: 'events.protocol', step: 'events.step', precision: 'events.precision', 'max-strain': 'events.maxStrain',
};

/** The value of a --config key, checked by the rule of its option. */
function configValue(file: string, key: string, value: unknown, option: Option): unknown {
  const name = `${file}: "${key}"`;
  try {
    if (option.kind === 'number') return expectRule(name, value, option.rule);
    if (option.kind === 'choice') return expectOneOf(name, value, option.choices);
    if (option.kind === 'flag' && typeof value !== 'boolean') throw new ArgumentTypeError(`${name}: expected true or false, got ${JSON.stringify(value)}`);
    if (option.kind === 'string' && typeof value !== 'string') throw new ArgumentTypeError(`${name}: expected a string, got ${JSON.stringify(value)}`);
    return value;
  } catch (error) {
    throw new InputError(file, (error as Error).message);
  }
}

/** The options of a --config file, by option name, each checked like its command-line twin. */
async function readRunConfig(file: string): Promise<Map<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(await readInputFile(file, 'JSON file of run options'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, `${file}: not valid JSON (${(error as Error).message}); expected an object such as {"samples": 100, "n": 1000}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(file, `${file}: expected a JSON object of run options`);
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(json)) {
    if ((key === 'prepare' || key === 'events') && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, x] of Object.entries(value)) flat.set(`${key}.${k}`, x);
    } else {
      flat.set(key, value);
    }
  }
  const byOption = new Map<string, unknown>();
  const known = new Map(Object.entries(CONFIG_KEYS).map(([name, key]) => [key!, name as keyof typeof options]));
  for (const [key, value] of flat) {
    if (key === 'aggregate') {
      byOption.set('no-aggregate', !configValue(file, key, value, options['no-aggregate']));
      continue;
    }
    const name = known.get(key);
    if (name === undefined) {
      throw new InputError(file, `${file}: unknown key "${key}"; expected some of ${[...known.keys(), 'aggregate'].join(', ')}`);
    }
    byOption.set(name, configValue(file, key, value, options[name]));
  }
  return byOption;
}

/** The run options from the command line (and --config). Exported for tests. */
export async function parseRunOptions(values: Values<typeof options>, given: ReadonlySet<string>, glasses: readonly string[] = []): Promise<RunOptions & { quiet: boolean }> {
  const cfg = values.config !== undefined ? await readRunConfig(values.config) : new Map<string, unknown>();
  // The command line overrides the file, which overrides the defaults.
  const pick = <K extends keyof typeof options>(name: K): Values<typeof options>[K] =>
    (given.has(name) || !cfg.has(name) ? values[name] : cfg.get(name)) as Values<typeof options>[K];
  const picked = (name: keyof typeof options): boolean => given.has(name) || cfg.has(name);
  const samples = pick('samples'), n = pick('n'), out = pick('out');
  const fromFiles = glasses.length > 0;
  if (fromFiles) {
    // The files are the samples: nothing to prepare.
    for (const name of ['samples', 'n', 'seed0', 't-equilibrate', 'anneal', 't-anneal', 't-liquid', 'dt'] as const) {
      if (picked(name)) throw new UsageError(`--${name}: a run of glass files prepares nothing (its samples are the ${glasses.length} file(s), their N the files'); leave --${name} out`);
    }
  } else {
    if (samples === undefined) throw new UsageError('--samples is required (or give glass files to analyse instead of preparing glasses)');
    if (n === undefined) throw new UsageError('--n is required');
  }
  if (!out) throw new UsageError('--out is required');
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out: ${out} is a file; give the results directory (made if missing)`);
  const queue = pick('queue');
  if (queue && given.has('workers')) throw new UsageError('give either --workers (this machine) or --queue (the workers of the queue), not both');
  if (queue && picked('sample-timeout')) {
    throw new UsageError('--sample-timeout: the workers of a queue run limit their samples; give it to them (softspot worker --sample-timeout S), not to run --queue');
  }
  const shipGlasses = pick('ship-glasses');
  if (shipGlasses && !(queue && fromFiles)) {
    throw new UsageError('--ship-glasses: only for a queue run of glass files (give --queue URL and the files); a run on this machine reads the files itself');
  }
  const minimize = pick('minimize');
  if (minimize && !fromFiles) throw new UsageError('--minimize: only for a run of glass files (give the files); a prepared glass is minimized by its preparation');
  const workers = pick('workers');
  if (!queue && !fromFiles) parseNumber('n', String(n), particlesRule(MIN_SAMPLE_PARTICLES, workers ?? defaultWorkers()));
  const shardText = pick('shard');
  let shard: Shard | undefined;
  try { shard = shardText !== undefined ? parseShard(shardText) : undefined; } catch (error) { throw new UsageError(`--${(error as Error).message}`); }
  const dimValue = pick('dim');
  // Glass files without --model (or --dim) are of the model the first one names, as every single-glass command reads them; else ipl.
  const ownModel = fromFiles && !picked('model') && dimValue === undefined ? await filesOwnModel(glasses) : undefined;
  const resolved = (await resolveRunModel(ownModel ?? pick('model'), dimValue)).model;
  // Files that name no model, without --model: the run's default (ipl), left unnamed so that planning refuses a polydisperse file as info does.
  const modelName = fromFiles && ownModel === undefined && !picked('model') && dimValue === undefined ? undefined : resolved;
  const prepare: Record<string, number> = {};
  const events: Record<string, number | string> = {};
  for (const [name, key] of Object.entries(CONFIG_KEYS)) {
    const [group, field] = key!.split('.');
    if (field === undefined || !picked(name as keyof typeof options)) continue;
    (group === 'prepare' ? prepare : events)[field] = pick(name as keyof typeof options) as number | string;
  }
  if (!fromFiles) {
    // What planning would refuse for every sample alike (a glass too small to prepare, a
    // last seed beyond 2^53), said before the run starts, as bad input.
    expectRunnable({ samples: samples!, n: n!, seed0: pick('seed0'), model: modelName, ...(dimValue !== undefined ? { dim: dimValue as 2 | 3 } : {}), prepare, events: events as RunOptions['events'] });
  }
  return {
    ...(fromFiles ? { glasses, ...(minimize ? { minimize } : {}) } : { samples, n, seed0: pick('seed0'), prepare }),
    out, model: modelName, ...(dimValue !== undefined ? { dim: dimValue as 2 | 3 } : {}),
    workers, queue, queueName: picked('queue-name') ? pick('queue-name') : undefined, ...(shipGlasses ? { shipGlasses } : {}), shard,
    redisTimeout: pick('redis-timeout'),
    sampleTimeout: pick('sample-timeout'),
    validate: pick('validate'),
    events: events as RunOptions['events'],
    aggregate: !pick('no-aggregate') && shard === undefined,
    ...(xiOption(picked('xi') ? pick('xi') : undefined, pick('no-aggregate') || shard !== undefined)),
    quiet: values.quiet,
  };
}

/** `--xi`, which only the aggregation uses: refused with --no-aggregate or --shard (nothing would be binned). */
function xiOption(xi: number | undefined, noAggregation: boolean): { xi?: number } {
  if (xi === undefined) return {};
  if (noAggregation) throw new UsageError('--xi: the bin size of the aggregation, but this run does not aggregate (--no-aggregate or --shard): give it to `softspot figures DIR --xi X` afterwards');
  return { xi };
}

/** "poly (2D)", or "poly" for glass files whose dimension the files give (a model of several, no --dim). */
function filesModelLabel(model: string | undefined, dim: 2 | 3 | undefined): string {
  const m = runModel(model, dim);
  return dim === undefined && modelPreset(m.model).dimensions.length > 1 ? `${m.model} (the files' dimension)` : modelLabel(m);
}

/** Runs with a progress bar on stderr and a closing summary; exit code 1 if any sample failed. */
export async function runWithProgress(options: RunOptions & { quiet: boolean }, { stderr }: CommandContext): Promise<{ code: number; summary: RunSummary }> {
  const engine = options.queue ? `queue ${options.queue}${options.shipGlasses ? ', the glasses in the jobs' : ''}` : `${options.workers ?? defaultWorkers()} worker thread(s)`;
  // A directory counts as the glass files it holds (planning expands it again and checks every file).
  const files = options.glasses === undefined ? 0 : (await expandDirectories(options.glasses).catch(() => options.glasses!)).length;
  const what = options.glasses !== undefined
    ? `${files} glass file${files === 1 ? '' : 's'} of ${filesModelLabel(options.model, options.dim)}${options.minimize ? ', each glass minimized first' : ''}`
    : `${options.samples} ${modelLabel(runModel(options.model, options.dim))} glasses of N = ${options.n}`;
  stderr.write(`softspot run: ${what}${options.shard ? `, shard ${options.shard.index}/${options.shard.count}` : ''} → ${options.out} (${engine}; OPENBLAS_NUM_THREADS=${process.env.OPENBLAS_NUM_THREADS ?? 'unset'})\n`);
  const overbooked = options.queue ? undefined : oversubscription(options.workers);
  if (overbooked !== undefined) stderr.write(`softspot run: warning: ${overbooked}\n`);
  let printer: ReturnType<typeof progressPrinter> | undefined;
  let aggregating: Progress | undefined; // reading the samples back for events.csv, summary, figures
  let planning: Progress | undefined; // checking the glass files (every frame of a dump) before anything is computed
  const started = performance.now();
  let planningShown = false;
  const tty = (stderr as { isTTY?: boolean }).isTTY === true;
  let summary: RunSummary;
  let tracker: ProgressTracker | undefined;
  // Ctrl-C or a scheduler's SIGTERM: say what is kept and how to go on, then die of the
  // signal as without a handler (lib/cli/signals.ts; the work runs in worker threads, so
  // this thread answers at once).
  let aggregationStarted = false;
  const release = endOnSignal(async (signal) => {
    if (aggregationStarted) {
      // Every sample is stored; the tables, figures and report are rewritten one file at a
      // time, so some may be of this run and some of the last.
      stderr.write(`${tty ? '\r\x1b[K' : ''}softspot run: stopped by ${signal} while aggregating: every sample is stored in ${options.out}, ` +
        'but events.csv, summary.json, the figures and report.html may be partly of this run and partly of the last; ' +
        `run the same command again (finished samples are skipped) or softspot figures ${options.out} to write them anew\n`);
      return;
    }
    const s = tracker?.snapshot();
    const stored = s === undefined ? '' : `${s.done} sample(s) computed this run are stored in ${options.out}` +
      (s.running > 0 && !options.queue ? `, the ${s.running} in progress are dropped` : '') + '; ';
    stderr.write(`${tty ? '\r\x1b[K' : ''}softspot run: stopped by ${signal}; ${stored}` + (options.queue
      ? 'the jobs stay on the queue and its workers go on; run the same command again to follow them\n'
      : 'run the same command again to resume (finished samples are skipped)\n'));
  });
  try {
    summary = await runEnsemble({
      ...options,
      onWarning: (message) => stderr.write(`${tty ? '\r\x1b[K' : ''}softspot run: warning: ${message}\n`),
      onProgress: (t, changed) => {
        tracker = t;
        if (options.quiet) return;
        printer ??= progressPrinter(stderr, t);
        printer.update(changed === 'sample');
      },
      // Shown once checking has taken 2 s: a few files check at once, a dump of thousands of frames does not.
      onPlanGlass: options.quiet ? undefined : (checked, total) => {
        planning ??= createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'glasses' }); // its clock starts at the first glass
        if (!planningShown && performance.now() - started < 2000) return;
        planningShown = true;
        planning.update('check', checked, total);
        if (checked === total) planning.finish();
      },
      onAggregateSample: (done, total) => {
        aggregationStarted = true;
        if (options.quiet) return;
        if (aggregating === undefined) {
          printer?.end();
          printer = undefined;
          aggregating = createProgress({ stream: stderr as NodeJS.WriteStream, unit: 'samples' });
        }
        aggregating.update('aggregate', done, total);
      },
    });
  } catch (error) {
    printer?.end();
    // A glass file that cannot be a sample: bad input, named with its path.
    if (error instanceof GlassInputError) throw new InputError(error.path, error.message);
    throw error;
  } finally {
    release();
  }
  printer?.end();
  aggregating?.finish();
  stderr.write(`softspot run: ${summary.done} computed, ${summary.alreadyDone} already done, ${summary.failed} failed` +
    `${summary.skipped ? `, ${summary.skipped} computed meanwhile by another process` : ''}` +
    `${summary.setAside ? `, ${summary.setAside} invalid file(s) set aside in ${options.out}/invalid` : ''}` +
    `${summary.removedPartial ? `, ${summary.removedPartial} partial file(s) discarded` : ''} in ${(summary.wallMs / 1000).toFixed(1)} s\n`);
  for (const o of summary.outcomes) if (o.status === 'failed') stderr.write(`  failed ${o.id} (${o.glass !== undefined ? `${o.glass}, ` : ''}${o.stage ?? '?'}): ${o.error}\n`);
  if (summary.aggregate) {
    for (const w of summary.aggregate.summary.warnings) stderr.write(`softspot run: warning: ${w}\n`);
    stderr.write(`results: ${summary.aggregate.eventsCsv}, ${summary.aggregate.summaryJson}\nreport:  ${summary.aggregate.report}\n`);
  }
  return { code: summary.failed > 0 ? 1 : 0, summary };
}

export const run = defineCommand({
  name: 'run',
  summary: 'prepare and analyse an ensemble of glasses (worker pool or Redis queue), resumable',
  synopsis: ['run --samples K --n N --seed0 S --out DIR [options]', 'run GLASS... --out DIR [--model M] [options]', 'run --config run.json [options]'],
  positional: 'glass files (.xyz, .data, .dump) or directories of them',
  variadic: 'optional',
  description: `Prepares K glasses of N particles (seeds S, S+1, …) of a model preset (--model: the
paper's 2D ipl by default; ipl3d, ka, ka2d, poly (2D, or 3D with --dim 3)), computes for each c_α and
dc_α/dγ (simple and pure shear; 3D also simple-xz, simple-yz) and the first plastic event
in the four directions ±simple, ±pure, and stores one HDF5 file per sample in
DIR/samples/. Then aggregates: DIR/events.csv, DIR/summary.json, DIR/figures/,
DIR/report.html. DIR/ensemble.json records the model: a run of another model into the
same DIR is refused. 3D glasses use lib/aqs's 3D event protocol unless --protocol/--step
are given.

Glasses made elsewhere (LAMMPS, another program, an earlier run): give their files
instead of --samples/--n/--seed0 (run g1.data g2.data … --model M --out DIR): each file is
a sample, read in place of prepare (extended XYZ with its model=, or LAMMPS data under
--model; each frame of a LAMMPS dump is a sample; all of one model and dimension; a
directory stands for its glass files, sorted by name; without --model and --dim the
model the first file names: an XYZ's model=, softspot's data-file line 1, a GSD file
softspot wrote; else ipl), with the same stages, HDF5 files and
aggregates. A sample is identified by the file's content (SHA-256), not its path; every
file is read once before anything is computed, and a file that cannot be a sample stops
the run there (exit 2). Queue workers read the files at their absolute paths: use a file
system every worker sees.

Resumable: rerun the same command after an interruption; finished samples are skipped,
partial files discarded, nothing is overwritten. A failed sample is recorded in
DIR/failed/ with its error and retried on the next run; it does not stop the run.
A sample file that is not complete (e.g. cut short by a full disk) is moved to
DIR/invalid/ with a warning and computed again. A full disk stops the run (exit 1)
with a message naming the file; the finished samples are kept.`,
  options,
  namedElsewhere: { 'anneal-time': ['anneal', 'prepare'], 'liquid-time': ['t-equilibrate', 'prepare'] },
  notes: 'Each worker runs OpenBLAS with one thread unless OPENBLAS_NUM_THREADS is set (README, "BLAS threads").',
}, async ({ values, given, inputs }, context) => (await runWithProgress(await parseRunOptions(values, given, inputs), context)).code);

/**
 * What planning would refuse for every sample of a prepared ensemble alike (a glass too
 * small to prepare, a last seed beyond 2^53), as a UsageError before anything starts.
 */
export function expectRunnable(spec: Parameters<typeof checkedEnsemble>[0]): void {
  try {
    checkedEnsemble(spec);
  } catch (error) {
    if (!(error instanceof ArgumentRangeError)) throw error;
    throw new UsageError(/^(n|seed0|samples):/.test(error.message) ? `--${error.message}` : error.message);
  }
}
