/**
 * One aggregation of ./aggregate.bench.ts in its own process (so that its peak memory is
 * its own), against one source tree (this one or an older commit's):
 *
 *   node --import tsx test/bench/aggregate-child.ts <tree> <results-dir> <out-dir>
 *
 * Prints one JSON line: seconds, peak resident memory (MB) and the summary's tail fits.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tree, dir, outDir] = process.argv.slice(2);
const { aggregate } = await import(pathToFileURL(resolve(tree, 'lib/ensemble/aggregate.ts')).href) as typeof import('../../lib/ensemble/aggregate.js');
const t0 = performance.now();
const r = await aggregate(dir, { outDir, figures: true });
process.stdout.write(JSON.stringify({
  seconds: (performance.now() - t0) / 1000,
  peakMB: process.resourceUsage().maxRSS / 1024,
  samples: r.samples,
  tails: r.summary.tails,
}) + '\n');
