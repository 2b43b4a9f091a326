/**
 * Wall time an ensemble actually spent computing, from its computation log.
 *
 * Each process (host, pid) that computed samples is busy from its first `start` to its
 * last `done` or `failed`; the run's active wall time is the length of the union of those intervals.
 * A run resumed the next day, or one directory filled by several `softspot run` calls,
 * does not count the time in between; queue workers on several machines at once count once.
 */

export interface LogLine { at?: unknown; host?: unknown; pid?: unknown; event?: unknown }

/** Active wall time (s) and finished count of a computation log; wallSeconds null if < 2 timestamps. */
export function activeWall(log: readonly LogLine[]): { wallSeconds: number | null; done: number } {
  const spans = new Map<string, [number, number]>();
  let done = 0;
  for (const l of log) {
    if (l.event !== 'start' && l.event !== 'done' && l.event !== 'failed') continue;
    if (l.event === 'done') done++;
    const t = Date.parse(String(l.at));
    if (!Number.isFinite(t)) continue;
    const key = `${String(l.host)}:${String(l.pid)}`;
    const s = spans.get(key);
    if (s === undefined) spans.set(key, [t, t]);
    else { s[0] = Math.min(s[0], t); s[1] = Math.max(s[1], t); }
  }
  const sorted = [...spans.values()].sort((a, b) => a[0] - b[0]);
  if (sorted.length === 0 || (sorted.length === 1 && sorted[0][0] === sorted[0][1])) return { wallSeconds: null, done };
  let total = 0;
  let [lo, hi] = sorted[0];
  for (const [a, b] of sorted.slice(1)) {
    if (a > hi) { total += hi - lo; lo = a; hi = b; } else hi = Math.max(hi, b);
  }
  total += hi - lo;
  return { wallSeconds: total / 1000, done };
}
