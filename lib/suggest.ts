/**
 * "Did you mean": the known word nearest to a mistyped one, for unknown options and
 * commands. Nearness is the optimal-string-alignment distance (insertions, deletions,
 * substitutions and transpositions of adjacent letters, each 1), accepted up to a third of
 * the word's length (at least 1), or a known word that starts with it or that it starts
 * with (`--sample` → `--samples`, `--outfile` → `--out`). Ties go to the first candidate.
 */

/** Optimal-string-alignment distance between a and b (Damerau–Levenshtein without moves across edits). */
export function editDistance(a: string, b: string): number {
  const m = a.length, n = b.length;
  // d[i][j]: distance between a[0, i) and b[0, j); three rows suffice for transpositions.
  let before = new Array<number>(n + 1).fill(0), previous = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const current = new Array<number>(n + 1);
    current[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
    }
    before = previous;
    previous = current;
  }
  return previous[n]!;
}

/** The candidate nearest to `word` (see the module doc), or undefined when none is near. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined, bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined) return best;
  // A prefix either way, for words of 3 letters or more (`--n` is a prefix of too much).
  if (word.length < 3) return undefined;
  return candidates.find((c) => c.length >= 3 && (c.startsWith(word) || word.startsWith(c)));
}
