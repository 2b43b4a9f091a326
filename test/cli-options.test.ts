/**
 * The command line's option tables, limits, messages and exit codes (issues 15, 16):
 * --help comes from each command's table, every numeric limit is enforced up front with
 * exit code 2 and its reason, and bad input of any kind (argument, file content, missing
 * file, directory, unstable glass) exits 2 while a failed computation exits 1.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadCommands } from '../lib/cli/registry.js';
import { usageText, type CommandSpec, type OptionTable } from '../lib/cli/options.js';
import { exitCode, InputError, UsageError } from '../lib/cli/errors.js';
import { factorNonzeros, glassBytes, maxParticles, oversubscription, particlesRule } from '../lib/cli/limits.js';
import { AQS_DEFAULTS, firstEvent } from '../lib/aqs/index.js';
import { forgetModel } from '../lib/model/presets.js';
import { lawOfConfiguration } from '../lib/nd/law.js';
import { PREPARE_DEFAULTS, prepareGlass } from '../lib/md/index.js';
import { prepareGlassNd } from '../lib/nd/prepare.js';
import { LhcCsvError, XyzFormatError } from '../lib/io/index.js';
import { localHeatCapacity } from '../lib/lhc/index.js';
import { ArgumentRangeError, ArgumentTypeError } from '../lib/errors.js';
import { fixturePath, readFixtureConfig } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';

type Spec = CommandSpec<OptionTable>;
const COMMANDS = await loadCommands();
const specOf = (name: string): Spec => (COMMANDS.find((c) => c.name === name) as unknown as { spec: Spec }).spec;

describe('CLI options, limits and exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softspot-cli-options-'));
  const glass = fixturePath('n64_s1.xyz');
  /** Arguments that satisfy each command's required options; the option under test is added after them. */
  const BASE: Record<string, string[]> = {
    demo: ['--out', join(dir, 'demo')],
    run: ['--samples', '1', '--n', '64', '--out', join(dir, 'run')],
    worker: ['--queue', 'redis://127.0.0.1:1'],
    figures: [join(dir, 'results')],
    tails: [join(dir, 'results')],
    predictors: [join(dir, 'results'), '--out', join(dir, 'predictors')],
    prepare: ['--n', '64', '--seed', '1', '--out', join(dir, 'p.xyz')],
    'lammps-table': ['--model', 'ka', '--out', join(dir, 'ka.table')],
    info: [glass],
    minimize: [glass, '--out', join(dir, 'm.xyz')],
    lhc: [glass, '--out', join(dir, 'l.csv')],
    modes: [glass],
    validate: [glass],
    aqs: [glass, '--mode', 'simple', '--sign', '+'],
    map: [glass, '--out', join(dir, 'm.svg')],
    solvers: [glass],
    selfcheck: [],
  };

  // A shaken glass: not a stable minimum (Newton polishing meets a non-positive-definite Hessian).
  const shaken = join(dir, 'shaken.xyz');
  const lines = readFileSync(glass, 'utf8').split('\n');
  for (let p = 0; p < 64; p++) {
    const [s, x, y, z] = lines[2 + p].trim().split(/\s+/);
    lines[2 + p] = `${s} ${Number(x) + 0.25 * Math.sin(7 * p)} ${Number(y) + 0.25 * Math.cos(5 * p)} ${z}`;
  }
  writeFileSync(shaken, lines.join('\n'));

  describe('usage text from the tables', () => {
    it('every command has a table, and `softspot <cmd> --help` prints every option with its default', async () => {
      for (const command of COMMANDS) {
        const spec = specOf(command.name);
        expect(spec, `${command.name} has no option table`).to.not.equal(undefined);
        const help = await runCli(command.name, '--help');
        expect(help.code).to.equal(0);
        expect(help.stdout).to.equal(usageText(spec));
        expect(help.stdout).to.match(new RegExp(`^Usage: softspot ${command.name}\\b`));
        for (const [name, option] of Object.entries(spec.options)) {
          expect(help.stdout, `${command.name} --${name}`).to.match(new RegExp(`^  --${name}\\b`, 'm'));
          if (option.required) expect(help.stdout.replace(/\s+/g, ' '), `${command.name} --${name}`).to.contain('(required)');
        }
      }
    });

    it('defaults in the help and in the parsed values are the library constants', async () => {
      const help = (await runCli('aqs', '--help')).stdout.replace(/\s+/g, ' ');
      expect(help).to.contain(`--precision X width of the final strain bracket, >= 1e-13 (default ${AQS_DEFAULTS.precision})`);
      expect(help).to.contain(`(default: ${AQS_DEFAULTS.step.fast} fast, ${AQS_DEFAULTS.step.reference} reference)`);
      const prepareHelp = (await runCli('prepare', '--help')).stdout.replace(/\s+/g, ' ');
      expect(prepareHelp).to.contain(`--anneal-time t duration of the anneal (τ0) (default ${PREPARE_DEFAULTS.anneal})`);
      const runHelp = (await runCli('run', '--help')).stdout.replace(/\s+/g, ' ');
      expect(runHelp).to.contain(`--anneal t duration of the anneal (τ0) (default ${PREPARE_DEFAULTS.anneal})`);
      expect(runHelp).to.contain(`--precision X width of the final strain bracket, >= 1e-13 (default ${AQS_DEFAULTS.precision})`);
    });

    it('softspot --help documents the exit codes', async () => {
      const r = await runCli('--help');
      expect(r.stdout).to.contain('Exit codes:\n  0  success\n  1  the computation or the environment failed');
      expect(r.stdout).to.contain('  2  bad input: an argument, a missing or malformed input file, a directory where a file');
    });
  });

  describe('numeric limits: rejected up front, exit code 2, with the reason', () => {
    /** Values that break a rule: below its minimum, above its maximum, a fraction for an integer. */
    const breaking = (rule: { integer?: boolean; min?: number; exclusiveMin?: boolean; max?: number }): string[] => {
      const out: string[] = ['abc'];
      if (rule.min !== undefined) out.push(String(rule.exclusiveMin ? rule.min : rule.min - 1));
      if (rule.max !== undefined) out.push(String(rule.max * 10 + 1));
      if (rule.integer) out.push(String((rule.min ?? 0) + 1.5));
      return out;
    };

    it('every number option of every command', async () => {
      let checked = 0;
      for (const command of COMMANDS) {
        for (const [name, option] of Object.entries(specOf(command.name).options)) {
          if (option.kind !== 'number') continue;
          for (const value of breaking(option.rule)) {
            // The option's value in place of the base's own, if it has one (an option is given once).
            const base = BASE[command.name]!.filter((_, k, a) => a[k] !== `--${name}` && a[k - 1] !== `--${name}`);
            const r = await runCli(command.name, ...base, `--${name}`, value);
            const what = `${command.name} --${name} ${value}`;
            expect(r.code, `${what}: ${r.stderr}`).to.equal(2);
            expect(r.stderr, what).to.match(new RegExp(`^softspot ${command.name}: --${name}: expected (an integer|a number) .*, got "${value.replace('.', '\\.')}"\\n`));
            expect(r.stderr, what).to.contain(`Run \`softspot ${command.name} --help\` for usage.`);
            const rule = option.rule as { max?: number; why?: string; maxWhy?: string };
            const why = rule.max !== undefined && Number(value) > rule.max ? rule.maxWhy ?? rule.why : rule.why;
            if (why !== undefined && value !== 'abc') expect(r.stderr, what).to.contain(`(${why})`);
            checked++;
          }
        }
      }
      expect(checked).to.be.above(60);
    });

    it('--n -5 gets our message, not parseArgs\' "ambiguous" one (prepare, run)', async () => {
      for (const args of [['prepare', '--n', '-5', '--seed', '1', '--out', 'x.xyz'], ['prepare', '--n=-5', '--seed', '1', '--out', 'x.xyz']]) {
        const r = await runCli(...args);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.equal('softspot prepare: --n: expected an integer >= 2, got "-5"\nRun `softspot prepare --help` for usage.\n');
      }
      const run = await runCli('run', '--samples', '1', '--n', '-5', '--out', join(dir, 'r'));
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^softspot run: --n: expected an integer >= 8, got "-5"\n/);
      const e = await runCli('lhc', glass, '--out', join(dir, 'e.csv'), '--E', '-1,0,0,1');
      expect(e.code, e.stderr).to.equal(0);
    });

    it('an option with a value given twice is refused, nothing written (the last one won silently); a flag twice passes', async () => {
      const a = join(dir, 'twice-a.csv'), b = join(dir, 'twice-b.csv');
      const r = await runCli('lhc', glass, '--out', a, '--out', b);
      expect(r.code).to.equal(2);
      expect(r.stderr.split('\n')[0]).to.equal(`softspot lhc: --out is given twice (${JSON.stringify(a)} and ${JSON.stringify(b)}); give it once`);
      expect(existsSync(a) || existsSync(b)).to.equal(false);
      const k = await runCli('modes', glass, '--k', '2', '--k=3');
      expect(k.code).to.equal(2);
      expect(k.stderr.split('\n')[0]).to.equal('softspot modes: --k is given twice ("2" and "3"); give it once');
      const flags = await runCli('minimize', glass, '--out', join(dir, 'twice.xyz'), '--quiet', '--quiet');
      expect(flags.code, flags.stderr).to.equal(0);
      // an item twice in a list (validate ran the mode once, silently)
      const modes = await runCli('validate', glass, '--mode', 'simple,pure,simple');
      expect(modes.code).to.equal(2);
      expect(modes.stderr.split('\n')[0]).to.equal('softspot validate: --mode: "simple" is given twice in "simple,pure,simple"; give each once');
    });

    it('run --samples 1e20 is refused at once with why (it used to exhaust the heap, exit 134)', async () => {
      const t0 = performance.now();
      const r = await runCli('run', '--samples', '1e20', '--n', '64', '--out', join(dir, 'r'));
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/^softspot run: --samples: expected an integer <= 1000000 \(a run plans every sample in memory and lists it in ensemble\.json, .*\), got "1e20"\n/);
      expect(performance.now() - t0).to.be.below(2000);
    });

    it('--n beyond the memory of this machine is refused, saying how much a glass needs', async () => {
      for (const command of ['prepare', 'run']) {
        const r = await runCli(command, ...BASE[command].filter((_, k, a) => a[k] !== '--n' && a[k - 1] !== '--n'), '--n', '1e9');
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(new RegExp(`^softspot ${command}: --n: expected an integer <= \\d+ \\(memory: a glass of N particles needs about 10 kB·N plus 24 bytes per nonzero of its Cholesky factor \\(≈ 12·N·log₂N\\), so \\d+ particles fill the [\\d.]+ GiB of this machine.*\\), got "1e9"`));
      }
    });

    it('run --queue --sample-timeout is refused (the workers limit their samples), before any connection', async () => {
      const r = await runCli('run', '--samples', '1', '--n', '64', '--out', join(dir, 'r'), '--queue', 'redis://127.0.0.1:1', '--sample-timeout', '5');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('--sample-timeout: the workers of a queue run limit their samples; give it to them (softspot worker --sample-timeout S)');
    });

    it('run --precision 1e-300 is rejected up front with the same message as aqs, also from --config', async () => {
      const aqs = await runCli('aqs', glass, '--mode', 'simple', '--sign', '+', '--precision', '1e-300');
      const run = await runCli('run', '--samples', '1', '--n', '64', '--out', join(dir, 'r'), '--precision', '1e-300');
      expect(aqs.code).to.equal(2);
      expect(run.code).to.equal(2);
      const message = 'expected a number >= 1e-13 (a narrower strain bracket is below what the round-off of the minimized states resolves), got "1e-300"';
      expect(aqs.stderr.split('\n')[0]).to.equal(`softspot aqs: --precision: ${message}`);
      expect(run.stderr.split('\n')[0]).to.equal(`softspot run: --precision: ${message}`);
      const config = join(dir, 'run.json');
      writeFileSync(config, JSON.stringify({ samples: 1, n: 64, out: join(dir, 'r'), events: { precision: 1e-300 } }));
      const fromFile = await runCli('run', '--config', config);
      expect(fromFile.code).to.equal(2);
      expect(fromFile.stderr).to.equal(`softspot run: ${config}: "events.precision": ${message.replace('"1e-300"', '1e-300')}\n`);
    });

    it('run --config: every key obeys its option\'s rule; an unknown key or bad JSON is bad input', async () => {
      const config = join(dir, 'bad.json');
      const cases: Array<[unknown, RegExp]> = [
        [{ samples: 1e20, n: 64, out: 'x' }, /"samples": expected an integer <= 1000000 \(a run plans/],
        [{ samples: 1, n: 4, out: 'x' }, /"n": expected an integer >= 8, got 4/],
        [{ samples: 1, n: 64, out: 'x', prepare: { dt: 1 } }, /"prepare\.dt": expected a number <= 0\.01 \(longer steps bias the liquid/],
        [{ samples: 1, n: 64, out: 'x', events: { protocol: 'slow' } }, /"events\.protocol": expected one of 'fast', 'reference', got "slow"/],
        [{ samples: 1, n: 64, out: 'x', sampels: 2 }, /unknown key "sampels"; expected some of samples, n, /],
      ];
      for (const [json, pattern] of cases) {
        writeFileSync(config, JSON.stringify(json));
        const r = await runCli('run', '--config', config);
        expect(r.code, r.stderr).to.equal(2);
        expect(r.stderr).to.match(pattern);
      }
      writeFileSync(config, '{"samples": 1,');
      const broken = await runCli('run', '--config', config);
      expect(broken.code).to.equal(2);
      expect(broken.stderr).to.contain(`${config}: not valid JSON`);
    });
  });

  describe('bad input files exit 2 with a message in the user\'s terms', () => {
    it('a directory where a configuration file is expected', async () => {
      for (const command of ['info', 'lhc', 'aqs', 'minimize']) {
        const r = await runCli(command, ...BASE[command].map((a) => (a === glass ? dir : a)));
        expect(r.code, `${command}: ${r.stderr}`).to.equal(2);
        expect(r.stderr).to.equal(`softspot ${command}: ${dir}: is a directory; expected a configuration file (.xyz)\n`);
      }
    });

    it('a 1-particle file says so', async () => {
      const one = join(dir, 'one.xyz');
      writeFileSync(one, '1\nLattice="9 0 0 0 9 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"\nS 1 1 0\n');
      for (const command of ['info', 'lhc', 'aqs']) {
        const r = await runCli(command, ...BASE[command].map((a) => (a === glass ? one : a)));
        expect(r.code).to.equal(2);
        expect(r.stderr).to.equal(`softspot ${command}: ${one}:1: 1 particle; softspot needs at least 2 (one is held fixed to remove the translations); give a glass of two or more particles\n`);
      }
    });

    it('a strain step of the order of the precision, or one that would take over 10⁶ steps, is refused (it found round-off "events" or ran for days)', async () => {
      const fake = await runCli('aqs', glass, '--mode', 'simple', '--sign', '-', '--protocol', 'reference', '--step', '1e-9');
      expect(fake.code).to.equal(2);
      expect(fake.stderr).to.match(/^softspot aqs: --step: expected a strain step ≥ 16 × --precision = 1\.60e-7 \(the event test compares the final bracket with one 16 times wider\), got 1e-9\n/);
      const slow = await runCli('aqs', glass, '--mode', 'simple', '--sign', '-', '--step', '2e-7');
      expect(slow.code).to.equal(2);
      expect(slow.stderr).to.contain('--step: expected a strain step ≥ --max-strain/10⁶ = 5.00e-7 (at most 10⁶ steps; this one would take 2.5e+6 minimizations), got 2e-7');
      const out = join(dir, 'rstep');
      const run = await runCli('run', '--samples', '1', '--n', '100', '--out', out, '--step', '1e-9');
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('events.step: expected a strain step ≥ 16 × events.precision = 1.60e-7');
      expect(existsSync(out), 'nothing made').to.equal(false);
      const config = readFixtureConfig('n64_s1');
      expect(() => firstEvent(config, { direction: 'simple-', protocol: 'reference', step: 1e-8 })).to.throw(RangeError, /^options\.step: expected a strain step ≥ 16 × options\.precision = 1\.60e-7/);
      // No step given: the conflict is the precision's (or the largest strain's) with the default step, and the message says so.
      const coarse = await runCli('aqs', glass, '--mode', 'simple', '--sign', '+', '--precision', '1');
      expect(coarse.code).to.equal(2);
      expect(coarse.stderr).to.match(/^softspot aqs: --precision: expected at most --step\/16 = 0\.000125 with the default --step 0\.002 \(the event test compares the final bracket with one 16 times wider\), got 1; or give a --step ≥ 16\.0\n/);
      const far = await runCli('aqs', glass, '--mode', 'simple', '--sign', '+', '--max-strain', '3000');
      expect(far.code).to.equal(2);
      expect(far.stderr).to.contain('--max-strain: expected at most 10⁶ × --step = 2.00e+3 with the default --step 0.002 (at most 10⁶ steps), got 3000; or give a larger --step');
      expect(() => firstEvent(config, { direction: 'simple-', precision: 1e-3 })).to.throw(RangeError, /^options\.precision: expected at most options\.step\/16 = 0\.000125 with the default options\.step 0\.002/);
      // run too (its 2D defaults hold a step, which is still not the user's)
      const runCoarse = await runCli('run', '--samples', '1', '--n', '100', '--out', join(dir, 'rcoarse'), '--precision', '1');
      expect(runCoarse.code).to.equal(2);
      expect(runCoarse.stderr).to.contain('events.precision: expected at most events.step/16 = 0.000125 with the default events.step 0.002');
      expect(existsSync(join(dir, 'rcoarse')), 'nothing made').to.equal(false);
    });

    it('a law whose force jumps at the cutoff (q = 0): prepare that reaches no minimum exits 1, lhc refuses the non-minimum (it analysed it, Σc off)', async () => {
      const model = join(dir, 'ipl-q0.json');
      writeFileSync(model, JSON.stringify({ name: 'iplq0', law: 'ipl', dimension: 2, species: ['S', 'L'], fractions: [0.5, 0.5], density: 0.86,
        parameters: { n: 10, q: 0, xc: 1.6, epsilon: 1, lambda: [[1, 1.18], [1.18, 1.4]] }, tLiquid: 1, tAnneal: 0.45 }));
      const out = join(dir, 'q0.xyz');
      const prep = await runCli('prepare', '--n', '64', '--seed', '1', '--out', out, '--model', model, '--liquid-time', '0.1', '--anneal-time', '0.1', '--quiet');
      forgetModel('iplq0');
      expect(prep.code, prep.stderr).to.equal(1);
      const stopped = /^softspot prepare: not a minimum: the minimization stopped at max \|force\| (\S+) > 1e-8; the configuration reached is written to /m.exec(prep.stderr);
      expect(stopped, prep.stderr).to.not.equal(null);
      expect(Number(stopped![1])).to.be.above(1e-8);
      const lhc = await runCli('lhc', out, '--model', model, '--out', join(dir, 'q0.csv'));
      forgetModel('iplq0');
      expect(lhc.code, lhc.stderr).to.equal(2);
      expect(lhc.stderr).to.match(/not at an energy minimum even after Newton's polish \(max \|force\| \S+ → \S+ > 1e-9\)/);
      expect(existsSync(join(dir, 'q0.csv'))).to.equal(false);
    });

    it('an MD run that blows up stops there, saying so (it ran every phase on NaN and failed in CG): API and command line, 2D and KA', async () => {
      expect(() => prepareGlass({ n: 300, seed: 1, dt: 0.04, tEquilibrate: 2, anneal: 0 })).to.throw(RangeError, /^options\.dt: the MD diverged in the liquid at t = \S+ τ0, target temperature 1: lower the time step \(0\.04 τ0; the default is 0\.005\) or the temperature$/);
      expect(() => prepareGlassNd({ model: 'ka', n: 300, seed: 1, dt: 0.012, tEquilibrate: 2, anneal: 0 })).to.throw(RangeError, /^options\.dt: the MD diverged in the liquid/);
      const hot = await runCli('prepare', '--n', '300', '--seed', '1', '--out', join(dir, 'hot.xyz'), '--t-liquid', '1e6', '--quiet');
      expect(hot.code).to.equal(2);
      expect(hot.stderr).to.match(/^softspot prepare: --dt 0\.005: the MD diverged in the liquid at t = \S+ τ0, target temperature 1000000: lower the time step/);
      expect(existsSync(join(dir, 'hot.xyz'))).to.equal(false);
    });

    it('an infinite number is refused for not being finite (it read \"expected a number >= 1e-13, got Infinity\")', async () => {
      const r = await runCli('aqs', glass, '--mode', 'simple', '--sign', '+', '--precision', 'Infinity');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/^softspot aqs: --precision: expected a finite number >= 1e-13 /);
      const hex = await runCli('modes', glass, '--k', '0x3');
      expect(hex.code).to.equal(2);
      expect(hex.stderr).to.match(/^softspot modes: --k: expected an integer >= 1 .*, got "0x3"/);
    });

    it('--solver-tol above 1e-3 is refused (lhc --solver cg --solver-tol 10 wrote c_α off by their size, Σc exact)', async () => {
      const r = await runCli('lhc', glass, '--out', join(dir, 'loose.csv'), '--solver', 'cg', '--solver-tol', '10');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/^softspot lhc: --solver-tol: expected a number <= 0\.001 \(a looser solve leaves c_α and dc\/dγ off by as much as their size, which no sum rule shows\), got "10"\n/);
    });

    it('minimize that cannot reach --tol exits 1 saying why, also under --quiet (it said nothing)', async () => {
      const r = await runCli('minimize', glass, '--out', join(dir, 'tight.xyz'), '--tol', '1e-15', '--max-iter', '50', '--quiet');
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(new RegExp(`^softspot minimize: not converged: max \\|force\\| \\S+ > --tol 1e-15 after \\d+ CG iterations( \\(the cap, --max-iter 50\\))? ` +
        `and Newton's polish, which stops at the round-off floor of the forces \\(a --tol below it cannot be met\\); the configuration reached is written to ${join(dir, 'tight.xyz')}\\n$`));
    });

    it('minimize of a cell too small for its neighbour list exits 2 naming the file, as the other commands (2D and 3D routes)', async () => {
      // N/V ≈ 0.87: a 2D ipl cell needs N ≥ 18 (2 r_c = 4.48 λ; the minimizer's list thins its skin to fit, so N = 18–22 minimize)
      const side = 4.3, n = 16;
      const small = join(dir, 'small2d.xyz');
      writeFileSync(small, `${n}\nLattice="${side} 0 0 0 ${side} 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"\n` +
        Array.from({ length: n }, (_, k) => `${'SL'[k % 2]} ${(k % 5) * side / 5 + 0.1} ${Math.floor(k / 5) * side / 4 + 0.1} 0`).join('\n') + '\n');
      const r2 = await runCli('minimize', small, '--out', join(dir, 'm2.xyz'));
      expect(r2.code, r2.stderr).to.equal(2);
      expect(r2.stderr).to.match(new RegExp(`^softspot minimize: ${small}: cell: .*give a glass of N ≥ 18\n`));
      const small3d = join(dir, 'small3d.xyz'), m = 4, side3 = 4.2; // KA at N/V ≈ 0.86: a cell of 4.2 λ is below 2 r_c = 5
      writeFileSync(small3d, `${m ** 3}\nLattice="${side3} 0 0 0 ${side3} 0 0 0 ${side3}" Properties=species:S:1:pos:R:3 pbc="T T T" model=ka\n` +
        Array.from({ length: m ** 3 }, (_, k) => `${k % 5 === 0 ? 'B' : 'A'} ${(k % m) * side3 / m} ${(Math.floor(k / m) % m) * side3 / m} ${Math.floor(k / m / m) * side3 / m}`).join('\n') + '\n');
      const r3 = await runCli('minimize', small3d, '--out', join(dir, 'm3.xyz'));
      expect(r3.code, r3.stderr).to.equal(2);
      expect(r3.stderr).to.match(new RegExp(`\nsoftspot minimize: ${small3d}: cell: `)); // after a note on the density
    });

    it('an unstable glass (not a stable minimum) exits 2 in lhc, aqs and modes, naming the file', async () => {
      const lhc = await runCli('lhc', shaken, '--out', join(dir, 'u.csv'));
      expect(lhc.code).to.equal(2);
      expect(lhc.stderr).to.match(new RegExp(`^softspot lhc: ${shaken}: the configuration is not near a stable minimum: Newton polishing met a Hessian that is not positive definite \\(first failing pivot at particle \\d+\\); minimize it first`));
      const aqs = await runCli('aqs', shaken, '--mode', 'simple', '--sign', '+', '--quiet');
      expect(aqs.code).to.equal(2);
      expect(aqs.stderr).to.match(new RegExp(`^softspot aqs: ${shaken}: expected a stable minimum at the starting strain, but its Hessian is not positive definite there \\(first failing pivot at particle \\d+\\); minimize it first`));
      // modes polishes first, as lhc does, and says what lhc says; with --no-polish its own eigensolver finds the Hessian indefinite.
      const modes = await runCli('modes', shaken, '--k', '3');
      expect(modes.code).to.equal(2);
      expect(modes.stderr).to.match(new RegExp(`^softspot modes: ${shaken}: the configuration is not near a stable minimum: Newton polishing met a Hessian that is not positive definite \\(first failing pivot at particle \\d+\\); minimize it first`));
      const raw = await runCli('modes', shaken, '--k', '3', '--no-polish');
      expect(raw.code).to.equal(2);
      expect(raw.stderr).to.match(new RegExp(`^softspot modes: ${shaken}: the configuration is not at a stable minimum: its Hessian is not positive definite \\(first failing pivot at particle \\d+, max \\|force\\| .* ε/λ\\); minimize it first`));
    });

    it('minimize whose CG stops where Newton meets an unstable Hessian exits 1, writes the CG result and says what to do', async () => {
      const out = join(dir, 'loose.xyz');
      const r = await runCli('minimize', shaken, '--out', out, '--tol', '100', '--quiet');
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.match(new RegExp(`^softspot minimize: not a minimum: after \\d+ CG iterations to max \\|force\\| \\S+ ≤ --tol 100, Newton's polish met a Hessian that is not positive definite ` +
        `\\(first failing pivot at particle \\d+\\): the CG result is not near a stable minimum \\(--tol too loose, or a saddle\\); it is written to ${out}; minimize it again with a smaller --tol, or keep it with --no-newton\n$`));
      expect(readFileSync(out, 'utf8').split('\n')[0]).to.equal('64');
      // Without --quiet the summary line says what it is: a force within --tol, not a stable minimum (it said 'stopped short of --tol')
      const told = await runCli('minimize', shaken, '--out', join(dir, 'loose2.xyz'), '--tol', '100');
      expect(told.code).to.equal(1);
      expect(told.stderr).to.match(/^not a stable minimum: 64 particles: E\/N = /m);
      expect(told.stderr).not.to.contain('stopped short of --tol');
      // Particles without neighbours have zero force: Newton meets no Hessian, and minimize exited 0 with a glass lhc refuses.
      const dilute = join(dir, 'dilute.xyz');
      writeFileSync(dilute, '3\nLattice="20 0 0 0 20 0 0 0 1" Properties=species:S:1:pos:R:3 pbc="T T F"\nS 1 1 0\nS 8 8 0\nS 15 15 0\n');
      const apart = await runCli('minimize', dilute, '--out', join(dir, 'dilute-min.xyz'), '--quiet');
      expect(apart.code, apart.stderr).to.equal(1);
      expect(apart.stderr).to.contain('softspot minimize: not a stable minimum after 0 CG iterations: the Hessian is singular: particle 0 has no neighbour within the cutoff (3 of the 3 particles have none');
      const tight = await runCli('minimize', out, '--out', join(dir, 'tight2.xyz'), '--quiet');
      expect(tight.code, tight.stderr).to.equal(0);
    });

    it('an output on the input, two outputs on one file, or one in a missing directory: exit 2 before computing, nothing lost', async () => {
      const own = join(dir, 'own.xyz');
      writeFileSync(own, readFileSync(glass));
      const self = await runCli('lhc', own, '--out', own);
      expect(self.code, self.stderr).to.equal(2);
      expect(self.stderr).to.match(new RegExp(`^softspot lhc: --out: ${own} is an input of the command; writing there would destroy it: name another file\n`));
      expect(readFileSync(own, 'utf8')).to.equal(readFileSync(glass, 'utf8'));
      const modes = await runCli('modes', own, '--k', '2', '--out', own);
      expect(modes.code).to.equal(2);
      expect(readFileSync(own, 'utf8')).to.equal(readFileSync(glass, 'utf8'));
      const twice = await runCli('lhc', own, '--out', join(dir, 'same.csv'), '--particles', join(dir, '.', 'same.csv'));
      expect(twice.code).to.equal(2);
      expect(twice.stderr).to.contain(`--out and --particles name the same file ${join(dir, '.', 'same.csv')}; one output would be lost`);
      const states = await runCli('aqs', own, '--mode', 'simple', '--sign', '+', '--out-after', join(dir, 's.xyz'), '--out-before', join(dir, 's.xyz'), '--quiet');
      expect(states.code).to.equal(2);
      expect(states.stderr).to.contain('--out-after and --out-before name the same file');
      const t0 = Date.now();
      const missing = await runCli('prepare', '--n', '300', '--seed', '1', '--out', join(dir, 'nodir', 'p.xyz'));
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.match(new RegExp(`^softspot prepare: --out: the directory ${join(dir, 'nodir')} of ${join(dir, 'nodir', 'p.xyz')} does not exist; make it first \\(nothing was computed\\)\n`));
      expect(Date.now() - t0, 'refused before the MD').to.be.below(20_000);
      const isDir = await runCli('modes', own, '--k', '2', '--out', dir);
      expect(isDir.stderr).to.match(new RegExp(`^softspot modes: --out: ${dir} is a directory; name a file in it\n`));
      // minimize writes the same kind of file: in place is allowed
      const inPlace = await runCli('minimize', own, '--out', own, '--quiet');
      expect(inPlace.code, inPlace.stderr).to.equal(0);
    });

    it('minimize in place is refused when the file holds what softspot does not write back (a data file\'s Pair Coeffs, Velocities, atom_style full columns; XYZ columns), naming it; the file untouched', async () => {
      const cases: Array<[string, string, string, string[]]> = [
        ['lammps/ortho2d.data', 'ortho.data', 'ka2d', ['its Pair Coeffs section', 'its Velocities section']],
        ['lammps/styles/full.data', 'full.data', 'ka', ['the atom_style full columns of its Atoms (written as atomic)']],
      ];
      for (const [fixture, name, model, lost] of cases) {
        const path = join(dir, name);
        writeFileSync(path, readFileSync(fixturePath(fixture)));
        const r = await runCli('minimize', path, '--out', path, '--quiet', '--model', model);
        expect(r.code, `${name}: ${r.stderr}`).to.equal(2);
        expect(r.stderr).to.contain(`--out: ${path} is the input, and writing the minimized glass over it would lose `);
        for (const what of lost) expect(r.stderr, name).to.contain(what);
        expect(readFileSync(path, 'utf8'), 'untouched').to.equal(readFileSync(fixturePath(fixture), 'utf8'));
      }
      // An extended XYZ with a column of one's own (OVITO's velocities).
      const lines = readFileSync(glass, 'utf8').trimEnd().split('\n');
      lines[1] = lines[1]!.replace('Properties=species:S:1:pos:R:3', 'Properties=species:S:1:pos:R:3:velo:R:3');
      for (let k = 2; k < lines.length; k++) lines[k] += ' 0 0 0';
      const velo = join(dir, 'velo.xyz');
      writeFileSync(velo, lines.join('\n') + '\n');
      const x = await runCli('minimize', velo, '--out', velo, '--quiet');
      expect(x.code, x.stderr).to.equal(2);
      expect(x.stderr).to.contain('would lose its velo column');
      // The same with Properties= quoted and in lower case (as ASE and OVITO read them); a quoted plain one is minimized in place.
      const lower = join(dir, 'lower.xyz');
      writeFileSync(lower, lines.map((l, k) => (k === 1 ? l.replace('Properties=species:S:1:pos:R:3:velo:R:3', 'properties="species:S:1:pos:R:3:velo:R:3"') : l)).join('\n') + '\n');
      expect((await runCli('minimize', lower, '--out', lower, '--quiet')).stderr).to.contain('would lose its velo column');
      const quoted = join(dir, 'quoted.xyz');
      writeFileSync(quoted, readFileSync(glass, 'utf8').replace('Properties=species:S:1:pos:R:3', 'Properties="species:S:1:pos:R:3"'));
      const q = await runCli('minimize', quoted, '--out', quoted, '--quiet');
      expect(q.stderr).to.not.contain('would lose');
      expect(q.code, q.stderr).to.equal(0);
      // Masses of an XYZ file (ASE's column, OVITO's) are written back as ASE's masses column; unit masses are left out (nothing lost).
      for (const [column, mass, kept] of [['masses', '2', true], ['mass', '0.5', true], ['masses', '1', false]] as const) {
        const massLines = readFileSync(glass, 'utf8').trimEnd().split('\n');
        massLines[1] = massLines[1]!.replace('Properties=species:S:1:pos:R:3', `Properties=species:S:1:pos:R:3:${column}:R:1`);
        for (let k = 2; k < massLines.length; k++) massLines[k] += ` ${mass}`;
        const massive = join(dir, `${column}-${mass}.xyz`);
        writeFileSync(massive, massLines.join('\n') + '\n');
        const r = await runCli('minimize', massive, '--out', massive, '--quiet');
        expect(r.code, r.stderr).to.equal(0);
        const back = readFileSync(massive, 'utf8').trimEnd().split('\n');
        if (!kept) {
          expect(back[1]).to.not.contain('masses');
          continue;
        }
        expect(back[1]).to.contain('Properties=species:S:1:pos:R:3:masses:R:1');
        expect(back.slice(2).every((l) => l.trim().split(/\s+/).at(-1) === mass)).to.equal(true);
      }
      // OVITO's Origin: the glass is written from the cell's corner, so in place the file would move.
      const origin = join(dir, 'origin.xyz');
      writeFileSync(origin, readFileSync(glass, 'utf8').replace('Properties=species:S:1:pos:R:3', 'Origin="0.5 0 -0.5" Properties=species:S:1:pos:R:3'));
      expect((await runCli('minimize', origin, '--out', origin, '--quiet')).stderr).to.contain('would lose its Origin="0.5 0 -0.5" (the glass is written from the cell\'s corner');
      // Two frames: one would be written.
      const two = join(dir, 'two.xyz');
      writeFileSync(two, readFileSync(glass, 'utf8') + readFileSync(glass, 'utf8'));
      expect((await runCli('minimize', two, '--out', two, '--quiet')).stderr).to.contain('would lose 1 of its 2 frames (one is written)');
      // A data file under LAMMPS's name (read by its bytes) would be written as extended XYZ; a GSD file; sphere columns under a species model.
      const named = join(dir, 'data.ortho');
      writeFileSync(named, readFileSync(fixturePath('lammps/ortho2d.data')));
      expect((await runCli('minimize', named, '--out', named, '--quiet', '--model', 'ka2d')).stderr).to.contain(`--out: ${named} is named as LAMMPS names data files, but softspot chooses an output's format by its extension ` +
        'and would write extended XYZ there: name it ortho.data for a LAMMPS data file, or ortho.xyz for extended XYZ');
      const dataXyz = join(dir, 'data.xyz');
      const plainName = await runCli('minimize', fixturePath('n64_s1.xyz'), '--out', dataXyz, '--quiet');
      expect(plainName.code, plainName.stderr).to.equal(0);
      const gsd = join(dir, 'traj.gsd');
      writeFileSync(gsd, readFileSync(fixturePath('gsd/traj.gsd')));
      expect((await runCli('minimize', gsd, '--out', gsd, '--quiet', '--model', 'ka2d')).stderr).to.match(/would lose \d+ of its \d+ frames \(one is written\)/);
      // Gzip-compressed under a plain name: written back as plain text.
      const zipped = join(dir, 'zipped.xyz');
      writeFileSync(zipped, gzipSync(readFileSync(glass)));
      expect((await runCli('minimize', zipped, '--out', zipped, '--quiet')).stderr).to.contain('would lose its gzip compression (written as plain text)');
      // Properties = … with spaces around '=' (the reader takes it): its velo column is seen.
      const spaced = join(dir, 'spaced.xyz');
      writeFileSync(spaced, lines.map((l, k) => (k === 1 ? l.replace('Properties=', 'Properties = ') : l)).join('\n') + '\n');
      expect((await runCli('minimize', spaced, '--out', spaced, '--quiet')).stderr).to.contain('would lose its velo column');
      const sphere = join(dir, 'sphere.data');
      writeFileSync(sphere, readFileSync(fixturePath('lammps/styles/sphere.data')));
      expect((await runCli('minimize', sphere, '--out', sphere, '--quiet', '--model', 'ka')).stderr).to.contain('the atom_style sphere columns of its Atoms (written as atomic)');
      for (const path of [named, gsd, sphere, zipped]) expect(statSync(path).size, path).to.be.above(0);
      expect(readFileSync(named, 'utf8')).to.equal(readFileSync(fixturePath('lammps/ortho2d.data'), 'utf8'));
      // What softspot writes, it reads and writes again in place.
      const plain = join(dir, 'plain.data');
      expect((await runCli('minimize', fixturePath('lammps/ortho2d.data'), '--model', 'ka2d', '--out', plain, '--quiet')).code).to.be.oneOf([0, 1]);
      const again = await runCli('minimize', plain, '--model', 'ka2d', '--out', plain, '--quiet');
      expect(again.stderr).to.not.contain('would lose');
    });

    it('bad input that exited 1: a deformation named twice, solvers on a non-minimum, a results directory that is a file', async () => {
      const twice = await runCli('lhc', glass, '--out', join(dir, 'tw.csv'), '--deformation', 'simple,simple');
      expect(twice.code).to.equal(2);
      expect(twice.stderr).to.match(/^softspot lhc: --deformation: simple is given twice; name each deformation once\n/);
      const same = await runCli('lhc', glass, '--out', join(dir, 'tw.csv'), '--deformation', 'simple+,simple');
      expect(same.code).to.equal(2);
      expect(same.stderr).to.match(/^softspot lhc: --deformation: simple is simple\+ again \(a mode alone means its \+ direction\); name each deformation once\n/);
      const huge = await runCli('lhc', glass, '--out', join(dir, 'tw.csv'), '--E', '1e307,0,0,0');
      expect(huge.code).to.equal(2);
      expect(huge.stderr).to.match(/^softspot lhc: --E: the entry 1e\+307 is beyond ±1000000; dc\/dγ is linear in E/);
      expect(existsSync(join(dir, 'tw.csv'))).to.equal(false);
      const solvers = await runCli('solvers', shaken, '--quiet');
      expect(solvers.code).to.equal(2);
      expect(solvers.stderr).to.match(/^solvers: warning: max \|force\| \S+ ε\/λ > 1e-6: not at a minimum/);
      expect(solvers.stderr).to.match(new RegExp(`\nsoftspot solvers: ${shaken}: the configuration is not at a stable minimum: its Hessian is not positive definite \\(first failing pivot at particle \\d+\\); minimize it first`));
      const file = join(dir, 'a-file');
      writeFileSync(file, 'x');
      const run = await runCli('run', '--samples', '1', '--n', '100', '--out', file);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(new RegExp(`^softspot run: --out: ${file} is a file; give the results directory \\(made if missing\\)\n`));
    });

    it('minimize of a glass with a particle far from every other says so (it named newtonPolish and told to minimize first)', async () => {
      const lines = readFileSync(glass, 'utf8').trimEnd().split('\n');
      lines[0] = '65';
      lines[1] = lines[1]!.replace(/Lattice="[^"]*"/, 'Lattice="30 0 0 0 30 0 0 0 1"');
      lines.push('S 20 20 0');
      const lone = join(dir, 'lone.xyz');
      writeFileSync(lone, lines.join('\n') + '\n');
      const r = await runCli('minimize', lone, '--out', join(dir, 'lone-min.xyz'), '--quiet');
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/softspot minimize: not a stable minimum after \d+ CG iterations: the Hessian is singular: particle \d+ has no neighbour within the cutoff/);
      expect(r.stderr).not.to.contain('newtonPolish');
    });

    it('minimize of a 2D poly glass (lib/nd: no Newton) with a rattler says so too, exit 1 (it said "minimized", exit 0, and lhc sent the user back)', async () => {
      const lines = readFileSync(fixturePath('poly_n128_s2.xyz'), 'utf8').trimEnd().split('\n');
      // Particle 34 shrunk to σ = 0.05: no neighbour within the poly cutoff (1.25 σ_ij, σ_ij ≤ 0.5 (σ_i + σ_j)).
      const cols = lines[2 + 34]!.trim().split(/\s+/);
      cols[4] = '0.05';
      lines[2 + 34] = cols.join(' ');
      const rattler = join(dir, 'poly-rattler.xyz');
      writeFileSync(rattler, lines.join('\n') + '\n');
      const out = join(dir, 'poly-rattler-min.xyz');
      const r = await runCli('minimize', rattler, '--out', out, '--quiet');
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.contain('softspot minimize: not a stable minimum after');
      expect(r.stderr).to.contain('the Hessian is singular: particle 34 has no neighbour within the cutoff (1 of the 128 particles have none;');
      expect(existsSync(out), 'the CG result is written').to.equal(true);
      // lhc of the written glass names the rattler too, polished or not.
      const lhc = await runCli('lhc', out, '--out', join(dir, 'poly-rattler.csv'));
      expect(lhc.code).to.equal(2);
      expect(lhc.stderr).to.contain('particle 34 has no neighbour within the cutoff');
      const lhcInput = await runCli('lhc', rattler, '--out', join(dir, 'poly-rattler-in.csv'));
      expect(lhcInput.code).to.equal(2);
      expect(lhcInput.stderr, 'the input, short of its minimum: polished first').to.contain('particle 34 has no neighbour within the cutoff');
    });

    it('solvers of a glass sheared affinely (positive definite, max |F| 7.8) warns that the sum rule does not hold there, and compares (exit 0)', async () => {
      const lines = readFileSync(glass, 'utf8').trimEnd().split('\n');
      const lattice = /Lattice="([^"]*)"/.exec(lines[1]!)![1]!.split(' ');
      lattice[3] = String(0.05 * Number(lattice[4]));
      lines[1] = lines[1]!.replace(/Lattice="[^"]*"/, `Lattice="${lattice.join(' ')}"`);
      for (let k = 2; k < lines.length; k++) {
        const c = lines[k]!.trim().split(/\s+/);
        c[1] = String(Number(c[1]) + 0.05 * Number(c[2]));
        lines[k] = c.join(' ');
      }
      const sheared = join(dir, 'sheared.xyz');
      writeFileSync(sheared, lines.join('\n') + '\n');
      const r = await runCli('solvers', sheared, '--rhs', 'all', '--solver', 'cholmod', '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/^solvers: warning: max \|force\| 7\.\d\de\+0 ε\/λ > 1e-6: not at a minimum, so Σc = d\(N − 1\) of --rhs all does not hold/);
      expect(r.stdout).to.match(/^Times in ms of the wall clock; one run per c_α path\.\n/);
      const own = await runCli('solvers', glass, '--rhs', '1', '--solver', 'cholmod', '--quiet');
      expect(own.stderr, 'a minimum: no warning').to.equal('');
    });

    it('a configuration output named as another format (.h5, .pdb, .json) is refused before computing (it was written as XYZ under that name)', async () => {
      for (const name of ['g.h5', 'g.pdb', 'g.json']) {
        const r = await runCli('minimize', glass, '--out', join(dir, name), '--quiet');
        expect(r.code).to.equal(2);
        expect(r.stderr).to.match(new RegExp(`^softspot minimize: --out: \\S+${name.replace('.', '\\.')} names a \\.${name.split('.')[1]} file, which is not a format softspot writes a configuration in`));
        expect(existsSync(join(dir, name))).to.equal(false);
      }
    });

    it('a bad CSV exits 2 like a bad XYZ, in the same form: file:line: what; what to do', async () => {
      const csv = join(dir, 'bad.csv');
      writeFileSync(csv, 'i,j,c,dcdg_simple,dcdg_pure\n0,1,x,0,0\n');
      const r = await runCli('map', glass, '--out', join(dir, 'b.svg'), '--lhc', csv);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal(`softspot map: ${csv}:2: c: expected a finite number, got "x"; expected a table as written by \`softspot lhc\` (header i,j,c,dcdg_<deformation>..., one row per interaction)\n`);
      const xyz = join(dir, 'bad.xyz');
      writeFileSync(xyz, '3\nLattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3\nS 0 0 0\n');
      const x = await runCli('lhc', xyz, '--out', join(dir, 'b.csv'));
      expect(x.code).to.equal(2);
      expect(x.stderr).to.match(new RegExp(`^softspot lhc: ${xyz}:\\d+: .*; .*\\n$`));
    });

    it('map --lhc of another glass\'s table is refused, counting the rows that are no interaction of the glass (it drew long bonds across the cell, exit 0)', async () => {
      const other = fixturePath('n256_s1.xyz');
      const table = readFileSync(fixturePath('n64_s1.lhc.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
      // Independently: minimum-image distances in the square cell of n256_s1 against each pair's cutoff.
      const config = readFixtureConfig('n256_s1');
      const law = lawOfConfiguration(config), L = config.cell[0]!;
      expect(config.cell[1]).to.equal(0);
      expect(config.cell[3]).to.equal(L);
      const beyond = table.filter(([i, j]) => {
        const r = Math.hypot(...[0, 1].map((k) => {
          const dx = config.positions[2 * j! + k]! - config.positions[2 * i! + k]!;
          return dx - L * Math.round(dx / L);
        }));
        return r > law.law.cutoff(law.keys[i!]!, law.keys[j!]!); // a glass at its minimum: no margin
      }).length;
      expect(beyond).to.be.above(100);
      const r = await runCli('map', other, '--out', join(dir, 'foreign.svg'), '--lhc', fixturePath('n64_s1.lhc.csv'));
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(`${beyond} of its ${table.length} interactions are not interactions of ${other} (the first at line `);
      expect(r.stderr).to.contain('the table is of another glass or state; give the table computed from this glass');
      expect(existsSync(join(dir, 'foreign.svg'))).to.equal(false);
      const own = await runCli('map', glass, '--out', join(dir, 'own.svg'), '--lhc', fixturePath('n64_s1.lhc.csv'));
      expect(own.code, own.stderr).to.equal(0);
      expect(own.stderr).to.not.contain('warning');
      // The table lhc writes of a glass short of its minimum is of its polish: drawn on the input (moves of ~1e-2 λ).
      const lines = readFileSync(other, 'utf8').trimEnd().split('\n');
      let seed = 7;
      const jitter = () => { seed = (seed * 16807) % 2147483647; return 0.008 * (seed / 2147483647 - 0.5); };
      for (let k = 2; k < lines.length; k++) {
        const c = lines[k]!.trim().split(/\s+/);
        c[1] = String(Number(c[1]) + jitter());
        c[2] = String(Number(c[2]) + jitter());
        lines[k] = c.join(' ');
      }
      const shaken = join(dir, 'shaken256.xyz'), shakenTable = join(dir, 'shaken256.csv');
      writeFileSync(shaken, lines.join('\n') + '\n');
      const lhc = await runCli('lhc', shaken, '--out', shakenTable);
      expect(lhc.code, lhc.stderr).to.equal(0);
      expect(lhc.stderr).to.contain('polished with Newton');
      const drawn = await runCli('map', shaken, '--out', join(dir, 'shaken.svg'), '--lhc', shakenTable);
      expect(drawn.code, drawn.stderr).to.equal(0);
      expect(drawn.stderr, 'no "cut table" advice for the polish\'s near-cutoff pairs').to.not.contain('warning');
      // The glass after a plastic event: its table is of another state, refused on the state before (at its minimum: no margin).
      const before = join(dir, 'before.xyz'), after = join(dir, 'after.xyz'), afterTable = join(dir, 'after.csv');
      const aqs = await runCli('aqs', glass, '--mode', 'simple', '--sign', '+', '--out-before', before, '--out-after', after, '--quiet');
      expect(aqs.code, aqs.stderr).to.equal(0);
      expect((await runCli('lhc', after, '--out', afterTable, '--quiet')).code).to.equal(0);
      const mixed = await runCli('map', before, '--out', join(dir, 'mixed.svg'), '--lhc', afterTable);
      expect(mixed.code, mixed.stderr).to.equal(2);
      expect(mixed.stderr).to.contain('the table is of another glass or state');
    });

    it('a missing --lhc or --events file, and events that are not JSON', async () => {
      const missing = await runCli('map', glass, '--out', join(dir, 'c.svg'), '--lhc', join(dir, 'none.csv'));
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.equal(`softspot map: ${join(dir, 'none.csv')}: no such file or directory; expected a table of \`softspot lhc\` (.csv)\n`);
      const events = join(dir, 'events.json');
      writeFileSync(events, '{"simple+":');
      const r = await runCli('map', glass, '--out', join(dir, 'c.svg'), '--lhc', fixturePath('n64_s1.lhc.csv'), '--events', events);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain(`softspot map: ${events}:1: not valid JSON`);
    });

    it('figures: a results directory that is missing, a file, or has no samples/', async () => {
      const what = 'expected the results directory of `softspot run` (with samples/)';
      const none = join(dir, 'no-results');
      const missing = await runCli('figures', none);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.equal(`softspot figures: ${none}: no such file or directory; ${what}\n`);
      const file = await runCli('figures', glass);
      expect(file.code).to.equal(2);
      expect(file.stderr).to.equal(`softspot figures: ${glass}: is not a directory; ${what}\n`);
      const empty = await runCli('figures', dir);
      expect(empty.code).to.equal(2);
      expect(empty.stderr).to.equal(`softspot figures: ${dir}: has no samples/; ${what}\n`);
      // --xi takes any bin size ≥ 0.5 (small 3D boxes need ξ ≤ L/3.5 for 4 bins a side, L/3.5 < 2 below N ≈ 600 of ka)
      const fractional = await runCli('figures', dir, '--xi', '1.5');
      expect(fractional.stderr).to.equal(`softspot figures: ${dir}: has no samples/; ${what}\n`);
      const zero = await runCli('figures', dir, '--xi', '0');
      expect([zero.code, zero.stderr]).to.deep.equal([2, 'softspot figures: --xi: expected a number >= 0.5, got "0"\nRun `softspot figures --help` for usage.\n']);
      // a bin far smaller than the particles' spacing: (L/ξ)^d bins, minutes without a word
      expect((await runCli('figures', dir, '--xi', '0.001')).stderr).to.contain('--xi: expected a number >= 0.5, got "0.001"');
      // samples/ a file, or holding no sample: the aggregates of an earlier aggregation stay as they were (they were rewritten empty)
      const results = join(dir, 'results-kept');
      mkdirSync(results);
      writeFileSync(join(results, 'summary.json'), '{"kept": true}\n');
      writeFileSync(join(results, 'samples'), 'not a directory\n');
      const samplesFile = await runCli('figures', results);
      expect(samplesFile.code).to.equal(2);
      expect(samplesFile.stderr).to.equal(`softspot figures: ${join(results, 'samples')}: is not a directory; ${what}; nothing was written\n`);
      rmSync(join(results, 'samples'));
      mkdirSync(join(results, 'samples'));
      const noSamples = await runCli('figures', results);
      expect(noSamples.code).to.equal(2);
      expect(noSamples.stderr).to.equal(`softspot figures: ${results}: samples/ holds no sample file (*.h5); nothing was written\n`);
      expect(readFileSync(join(results, 'summary.json'), 'utf8')).to.equal('{"kept": true}\n');
    });

    it('an output path in a directory that does not exist names the file the user gave, before computing', async () => {
      const out = join(dir, 'no', 'such', 'dir', 't.csv');
      const r = await runCli('lhc', glass, '--out', out);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(new RegExp(`^softspot lhc: --out: the directory ${join(dir, 'no', 'such', 'dir')} of ${out} does not exist; make it first \\(nothing was computed\\)\n`));
    });
  });

  describe('a failed computation exits 1', () => {
    it('no plastic event up to --max-strain (a NoEventError)', async () => {
      const r = await runCli('aqs', glass, '--mode', 'pure', '--sign', '+', '--max-strain', '0.001', '--quiet');
      expect(r.code).to.equal(1);
      expect(r.stderr).to.equal('softspot aqs: no plastic event up to strain 0.001\n');
    });

    it('exit codes by class: usage, input, file formats, unstable glass, argument checks → 2; environment and bugs → 1', () => {
      const sys = (code: string) => Object.assign(new Error(`${code}: x`), { code, path: '/x' });
      expect(exitCode(new UsageError('--x: expected'))).to.equal(2);
      expect(exitCode(new InputError('f', 'f: bad'))).to.equal(2);
      expect(exitCode(new XyzFormatError('f', 1, 'p', 'h'))).to.equal(2);
      expect(exitCode(new LhcCsvError('f', 1, 'p'))).to.equal(2);
      // The library's refusals by class and code, whatever their wording: a real check's error,
      // one worded without "expected", and the same code carried by a plain RangeError.
      const config = readFixtureConfig('n64_s1');
      const refused = (() => { try { localHeatCapacity(config, { pinned: 64 }); } catch (error) { return error; } return undefined; })();
      expect(refused).to.be.instanceOf(RangeError).and.to.have.property('code', 'ERR_SOFTSPOT_ARGUMENT');
      expect(exitCode(refused)).to.equal(2);
      expect(exitCode(new ArgumentRangeError("config.model: 'ka' is a 3D model, and this configuration is 2D"))).to.equal(2);
      expect(exitCode(new ArgumentTypeError('law: radial(0, 0, 1) must return a Float64Array'))).to.equal(2);
      expect(exitCode(Object.assign(new RangeError('x'), { code: 'ERR_SOFTSPOT_ARGUMENT' }))).to.equal(2);
      // A RangeError not of the library is a failure, even worded as a check.
      expect(exitCode(new RangeError('options.pinned: expected an integer in [0, 63], got 64'))).to.equal(1);
      expect(exitCode(sys('ENOENT'))).to.equal(2);
      expect(exitCode(sys('EISDIR'))).to.equal(2);
      expect(exitCode(sys('ENOSPC'))).to.equal(1);
      expect(exitCode(sys('ECONNREFUSED'))).to.equal(1);
      expect(exitCode(new RangeError('Invalid array length'))).to.equal(1);
      expect(exitCode(new TypeError("Cannot read properties of undefined (reading 'x')"))).to.equal(1);
      expect(exitCode(new Error('no plastic event up to strain 0.5'))).to.equal(1);
    });

    it('the library throws no plain RangeError or TypeError (its refusals carry the code the exit code reads)', () => {
      const offenders: string[] = [];
      const lib = join(import.meta.dirname, '..', 'lib');
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (path.endsWith('.ts') && path !== join(lib, 'errors.ts')) {
            readFileSync(path, 'utf8').split('\n').forEach((line, k) => {
              if (/new (RangeError|TypeError)\(/.test(line)) offenders.push(`${path}:${k + 1}: ${line.trim()}`);
            });
          }
        }
      };
      walk(lib);
      expect(offenders, 'throw ArgumentRangeError / ArgumentTypeError (lib/errors.ts)').to.deep.equal([]);
    });
  });

  describe('the memory estimate behind the limit on N', () => {
    it('nnz(L) ≈ 12·N·log₂N matches the METIS factor of a real glass within 30 %', () => {
      const config = readFixtureConfig('ghost_n2000_s8');
      const nnzL = localHeatCapacity(config).diagnostics.nnzL;
      expect(nnzL / factorNonzeros(config.n)).to.be.within(0.7, 1.3);
    });

    it('the limit is the largest N (to 3 digits) whose glasses, one per worker, fit in memory', () => {
      const memory = 8 * 2 ** 30;
      for (const processes of [1, 2, 4]) {
        const max = maxParticles(processes, memory);
        expect(processes * glassBytes(max)).to.be.at.most(memory);
        expect(processes * glassBytes(max * 1.01)).to.be.above(memory);
        const rule = particlesRule(8, processes, memory);
        expect(rule.max).to.equal(max);
        expect(rule.maxWhy).to.contain(`${max} particles fill the 8.0 GiB of this machine`);
      }
    });
  });

  describe('more worker threads than cores', () => {
    it('are warned about, naming the cores and the default; as many as the cores are not', () => {
      expect(oversubscription(2, 2)).to.equal(undefined);
      expect(oversubscription(undefined, 2)).to.equal(undefined);
      expect(oversubscription(64, 2)).to.equal('64 worker threads on 2 cores: a sample computes on one core, so more threads than cores ' +
        'only share them (no faster) and each holds a glass and its factor in memory; --workers 2 (the default here) uses every core');
      expect(oversubscription(2, 1)).to.match(/^2 worker threads on 1 core: /);
    });

    it('softspot run prints the warning before it starts', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'softspot-workers-'));
      const cores = availableParallelism();
      try {
        const r = await runCli('run', '--samples', '1', '--n', '64', '--t-equilibrate', '0.5', '--anneal', '0.5', '--workers', String(cores + 1), '--out', join(dir, 'r'), '--no-aggregate', '--quiet');
        expect(r.stderr).to.contain(`softspot run: warning: ${cores + 1} worker threads on ${cores} core`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
