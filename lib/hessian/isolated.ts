/**
 * Particles that take part in no interaction: their rows of the Hessian are zero, so it is
 * singular and no response is defined. A glass read in other units than its model's (a
 * LAMMPS file of units metal, lengths in Å, under a model in λ) has no interaction at all;
 * its factorization fails, and the message must say why rather than call it a saddle.
 */

/** Particles without any interaction (`first` of `count` among `n`; `interactions` in all). */
export interface IsolatedParticles {
  first: number;
  count: number;
  n: number;
  interactions: number;
}

/**
 * The particles that take part in none of the `count` pairs (i[a], j[a]), or undefined when
 * every particle has one. O(N + count). Such a particle's rows of the Hessian are zero.
 */
export function isolatedParticles(i: Int32Array, j: Int32Array, count: number, n: number): IsolatedParticles | undefined {
  const touched = new Uint8Array(n);
  for (let a = 0; a < count; a++) { touched[i[a]!] = 1; touched[j[a]!] = 1; }
  const first = touched.indexOf(0);
  if (first < 0) return undefined;
  let none = 0;
  for (let p = 0; p < n; p++) none += 1 - touched[p]!;
  return { first, count: none, n, interactions: count };
}

/** What a glass with isolated particles means, and what to do (the message of its UnstableConfigurationError). */
export function isolatedParticlesMessage(isolated: IsolatedParticles): string {
  return `the Hessian is singular: particle ${isolated.first} has no neighbour within the cutoff ` +
    `(${isolated.count} of the ${isolated.n} particles have none; ${isolated.interactions} interactions in all), so no response is defined there; ` +
    'if the coordinates are in other units than the model\'s (λ; a LAMMPS file of units metal or real), rescale them or give a model in those units ' +
    '(--model params.json); a glass with a particle that lost all its neighbours (a rattler) cannot be analysed';
}
