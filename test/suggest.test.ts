/**
 * "Did you mean" (lib/suggest.ts): the optimal-string-alignment distance against an
 * independent brute force (the shortest sequence of single-letter edits and adjacent
 * transpositions, found by breadth-first search over strings, for short words where the
 * two agree), and the
 * choice of the nearest candidate.
 */
import { expect } from 'chai';
import { editDistance, nearest } from '../lib/suggest.js';

/**
 * Breadth-first search from a to b over insertions (of b's letters), deletions,
 * substitutions (by b's letters) and adjacent transpositions. For the words below (edits
 * that never touch a letter twice) this equals the optimal-string-alignment distance.
 */
function bruteDistance(a: string, b: string): number {
  const letters = [...new Set(b)];
  let frontier = new Set([a]);
  const seen = new Set([a]);
  for (let d = 0; d <= a.length + b.length; d++) {
    if (frontier.has(b)) return d;
    const next = new Set<string>();
    for (const w of frontier) {
      const moves: string[] = [];
      for (let i = 0; i <= w.length; i++) for (const c of letters) moves.push(w.slice(0, i) + c + w.slice(i));
      for (let i = 0; i < w.length; i++) {
        moves.push(w.slice(0, i) + w.slice(i + 1));
        for (const c of letters) moves.push(w.slice(0, i) + c + w.slice(i + 1));
        if (i + 1 < w.length) moves.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
      }
      for (const m of moves) if (m.length <= b.length + 1 && !seen.has(m)) { seen.add(m); next.add(m); }
    }
    frontier = next;
  }
  throw new Error('unreachable');
}

describe('cli: did you mean (lib/suggest.ts)', () => {
  it('the distance equals a brute-force search over edits', () => {
    const pairs = [['out', 'outt'], ['lhc', 'lch'], ['seed', 'seed0'], ['mode', 'mod'], ['kitten', 'sitting'], ['ab', 'ba'], ['', 'run'], ['samples', 'sample'], ['aqs', 'tails']];
    for (const [a, b] of pairs) expect(editDistance(a!, b!), `${a} → ${b}`).to.equal(bruteDistance(a!, b!));
    expect(editDistance('ab', 'ba')).to.equal(1); // a transposition, not two substitutions
    // Where the two differ: OSA does not edit a transposed pair again (abc → ca: 3, not 2).
    expect(editDistance('abc', 'ca')).to.equal(3);
    expect(bruteDistance('abc', 'ca')).to.equal(2);
  });

  it('the nearest candidate within a third of the word, else a prefix either way, else none', () => {
    const options = ['out', 'particles', 'ordering', 'samples', 'seed0', 'n', 'help'];
    expect(nearest('outt', options)).to.equal('out');
    expect(nearest('partcles', options)).to.equal('particles');
    expect(nearest('sample', options)).to.equal('samples');
    expect(nearest('seed', options)).to.equal('seed0');
    expect(nearest('outfile', options)).to.equal('out'); // a prefix of it
    expect(nearest('N', options)).to.equal('n');
    expect(nearest('bogus', options)).to.equal(undefined);
    expect(nearest('xyz', ['lhc', 'aqs', 'run', 'info'])).to.equal(undefined);
  });
});
