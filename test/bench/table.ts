/** Prints benchmark tables as aligned Markdown (pasteable into the README). */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, k) => Math.max(...cells.map((r) => (r[k] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, k) => c.padEnd(widths[k])).join(' | ') + ' |';
  process.stdout.write(`\n### ${title}\n\n`);
  process.stdout.write(line(header) + '\n');
  process.stdout.write('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |\n');
  for (const r of cells.slice(1)) process.stdout.write(line(r) + '\n');
}

/** Median wall time (ms) of `repeat` runs of fn. */
export function timeMs(fn: () => void, repeat = 3): number {
  const times: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
export const ratio = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)}×`;
