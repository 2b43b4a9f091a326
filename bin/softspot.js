#!/usr/bin/env node
// The softspot command line. The TypeScript sources are compiled to dist/ by
// `npm install` (prepare) or `npm run build`.
import('../dist/cli/main.js').then(
  (cli) => cli.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('softspot: dist/ is missing; run `npm run build` in the package directory.\n');
      process.exitCode = 1;
      return;
    }
    throw error;
  },
);
