#!/usr/bin/env node
// The softspot command line. The TypeScript sources are compiled to dist/ by
// `npm install` (prepare) or `npm run build`.

// Ensemble commands run one sample per worker thread: one BLAS thread each, or OpenBLAS
// oversubscribes the cores. OpenBLAS reads these when the addon loads, before any
// command code runs, so they are set here; an explicit setting wins.
if (['run', 'worker', 'demo'].includes(process.argv[2])) {
  process.env.OPENBLAS_NUM_THREADS ??= '1';
  process.env.OMP_NUM_THREADS ??= '1';
}

import('../dist/cli/main.js').then(
  (cli) => cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
      process.stderr.write('softspot: dist/ is missing; run `npm run build` in the package directory.\n');
      process.exitCode = 1;
      return;
    }
    throw error;
  },
);
