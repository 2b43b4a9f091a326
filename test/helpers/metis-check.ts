/**
 * The Node-free METIS checks of test/native/ (metis_signals_check.cc, metis_random_check.cc):
 * compiled with g++ against native/core sources and the METIS the prebuild bundles
 * (Debian's libmetis5, the file the source build loads too), and run without a sanitizer
 * runtime preloaded (scripts/sanitize.sh builds instrumented checks of its own).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MetisConfinementReport } from '../../lib/native.js';
import { requireProgram } from './system-program.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** This process's environment without LD_PRELOAD (the sanitizer script preloads ASan into Node). */
function plainEnv(): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, ...env } = process.env;
  return env;
}

export interface MetisCheck {
  /** Runs the check with `args` and returns its one JSON line, parsed. */
  run<T>(...args: string[]): T;
  /** Removes the compiled program. */
  remove(): void;
}

/**
 * Compiles test/native/<name>.cc with the native/core `sources` (file names) in a mocha
 * `before` hook: skipped with a printed reason where g++ is missing (a failure under CI).
 */
export function buildMetisCheck(ctx: Mocha.Context, name: string, sources: string[]): MetisCheck {
  const gxx = requireProgram(ctx, 'g++', 'g++');
  const dir = mkdtempSync(join(tmpdir(), `softspot-${name}-`));
  const program = join(dir, name);
  const metisDir = join(ROOT, 'prebuilds', `linux-${process.arch}`); // the METIS of this machine's architecture
  const build = spawnSync(gxx, ['-std=c++17', '-O2', '-pthread', `-I${join(ROOT, 'native', 'core')}`,
    join(ROOT, 'test', 'native', `${name}.cc`), ...sources.map((s) => join(ROOT, 'native', 'core', s)),
    join(metisDir, 'libmetis.so.5'), `-Wl,-rpath,${metisDir}`, '-o', program], { encoding: 'utf8', env: plainEnv() });
  expect(build.status, build.stderr).to.equal(0);
  return {
    run<T>(...args: string[]): T {
      const result = spawnSync(program, args, { encoding: 'utf8', timeout: 60_000, env: plainEnv() });
      expect(result.status, result.stderr).to.equal(0);
      return JSON.parse(result.stdout) as T;
    },
    remove() { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** A confinement report (addon.metisSignals(), metisRandom()) that redirected the imports of a loaded METIS library. */
export function expectRedirected(report: MetisConfinementReport): void {
  expect(report.confined, report.note).to.equal(true);
  expect(report.objects.some((o) => /\/lib(metis|cholmod)[^/]*$/.test(o)), report.objects.join(', ')).to.equal(true);
  expect(report.entries).to.be.at.least(2);
}
