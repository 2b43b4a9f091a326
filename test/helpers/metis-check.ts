/**
 * The Node-free METIS checks of test/native/ (metis_signals_check.cc, metis_random_check.cc):
 * compiled with g++ against native/core sources and the METIS the prebuild bundles
 * (Debian's libmetis5, the file the source build loads too), through ./native-check.ts.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { MetisConfinementReport } from '../../lib/native.js';
import { buildNativeCheck, ROOT } from './native-check.js';

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
  const metisDir = join(ROOT, 'prebuilds', `linux-${process.arch}`); // the METIS of this machine's architecture
  const check = buildNativeCheck(ctx, name, { sources, link: [join(metisDir, 'libmetis.so.5'), `-Wl,-rpath,${metisDir}`] });
  return {
    run<T>(...args: string[]): T {
      const result = check.spawn(...args);
      expect(result.status, result.stderr).to.equal(0);
      return JSON.parse(result.stdout) as T;
    },
    remove: check.remove,
  };
}

/** A confinement report (addon.metisSignals(), metisRandom()) that redirected the imports of a loaded METIS library. */
export function expectRedirected(report: MetisConfinementReport): void {
  expect(report.confined, report.note).to.equal(true);
  expect(report.objects.some((o) => /\/lib(metis|cholmod)[^/]*$/.test(o)), report.objects.join(', ')).to.equal(true);
  expect(report.entries).to.be.at.least(2);
}
