/**
 * One `softspot tails <dir> --json` of ./tails.bench.ts in its own process (so that its
 * peak memory is its own), through the CLI of one source tree (this one or an older
 * commit's):
 *
 *   node --import tsx test/bench/tails-child.ts <tree> <results-dir>
 *
 * Prints the command's JSON line, then one JSON line: exit code, seconds, peak resident
 * memory (MB).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tree, dir] = process.argv.slice(2);
const { main } = await import(pathToFileURL(resolve(tree, 'lib/cli/main.ts')).href) as typeof import('../../lib/cli/main.js');
const t0 = performance.now();
// The progress lines (this tree) go to stderr; the bench reads stdout.
const code = await main(['tails', dir, '--json']);
process.stdout.write(JSON.stringify({ code, seconds: (performance.now() - t0) / 1000, peakMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
