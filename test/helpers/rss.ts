/** Resident memory growth over a loop that drops native objects (MiB). */

/**
 * Runs `cycle` `warmup` times, then `cycles` times, and returns the largest growth of the
 * resident set size over the second loop, in MiB.
 */
export function peakRssGrowth(cycle: () => void, warmup: number, cycles: number): number {
  for (let k = 0; k < warmup; k++) cycle();
  const before = process.memoryUsage().rss;
  let peak = before;
  for (let k = 0; k < cycles; k++) {
    cycle();
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  return (peak - before) / 2 ** 20;
}
