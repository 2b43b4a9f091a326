/**
 * `npm run bench`: every benchmark of test/bench/, each printing its own tables with
 * ratios measured side by side in this run. `npm run bench -- native lhc` runs a subset
 * (`npm run bench -- perf events` one section of a suite that has them).
 */
const SUITES: Record<string, string> = {
  native: './native.bench.js',
  'metis-threads': './metis-threads.bench.js',
  'cholmod-openmp': './cholmod-openmp.bench.js',
  physics: './physics.bench.js',
  lhc: './lhc.bench.js',
  'lhc-3d': './lhc-3d.bench.js',
  md: './md.bench.js',
  minimize: './minimize.bench.js',
  'nd-md': './nd-md.bench.js',
  'nd-prepare': './nd-prepare.bench.js',
  aqs: './aqs.bench.js',
  'aqs-3d': './aqs-3d.bench.js',
  modes: './modes.bench.js',
  perf: './perf.bench.js',
  solvers: './solvers.bench.js',
  ensemble: './ensemble.bench.js',
  aggregate: './aggregate.bench.js',
  tails: './tails.bench.js',
  nonlinear: './nonlinear.bench.js',
  frames: './frames.bench.js',
};

const wanted = process.argv.slice(2);
for (const [name, path] of Object.entries(SUITES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stdout.write(`\n## ${name}\n`);
  let suite: { run: () => Promise<void> };
  try {
    suite = await import(path);
  } catch (error) {
    process.stdout.write(`(not available: ${(error as Error).message.split('\n')[0]})\n`);
    continue;
  }
  await suite.run();
}
