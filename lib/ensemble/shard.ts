/**
 * Deterministic slices of an ensemble for batch systems (SLURM job arrays): shard i of n
 * takes the samples whose index k (seed order) satisfies k mod n = i. Shards are disjoint,
 * cover the ensemble, and do not depend on what is already done, so they combine freely
 * with resuming.
 */
import { ArgumentRangeError } from '../errors.js';

export interface Shard { index: number; count: number }

/** Parses "i/n" (0 ≤ i < n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ArgumentRangeError(`shard: expected "i/n" with integers 0 <= i < n, got "${text}"`);
  const index = Number(m[1]), count = Number(m[2]);
  if (!(count >= 1) || index >= count) throw new ArgumentRangeError(`shard: expected "i/n" with integers 0 <= i < n, got "${text}"`);
  return { index, count };
}

/** The elements of `items` that belong to `shard`. */
export function selectShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard) return items.slice();
  return items.filter((_, k) => k % shard.count === shard.index);
}
