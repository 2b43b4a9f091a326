#!/usr/bin/env node
// The softspot command line. The TypeScript sources are compiled to dist/ by
// `npm install` (prepare) or `npm run build`.

// One BLAS thread unless the user says otherwise. Ensemble commands run one sample per
// worker thread, so more would oversubscribe the cores; and the supernodes of a 2D glass
// Hessian are too small for threaded BLAS to pay even for one glass: `softspot aqs` on an
// N = 2000 glass took 87 s wall (6.5 s CPU) with OpenBLAS's default threads on a busy
// 2-core machine, 9.3 s with one. OpenBLAS reads these when the addon loads, before any
// command code runs, so they are set here; an explicit setting wins.
process.env.OPENBLAS_NUM_THREADS ??= '1';
process.env.OMP_NUM_THREADS ??= '1';

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
