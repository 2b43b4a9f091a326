/**
 * The checks of the per-particle arrays a writer takes with a configuration (LAMMPS data
 * files, GSD files): atom ids and masses, with one message style for both writers.
 */
import { ArgumentRangeError } from '../errors.js';

/**
 * Checks atom ids in particle order: N distinct integers in 1 … 2³¹ − 1 (LAMMPS atom ids).
 * @throws RangeError naming `where` (e.g. 'formatGsd: options.ids'), the particle and the id.
 */
export function checkAtomIds(ids: ArrayLike<number>, n: number, where: string): void {
  if (ids.length !== n) throw new ArgumentRangeError(`${where}: expected N = ${n} ids, got ${ids.length}`);
  const seen = new Set<number>();
  for (let p = 0; p < n; p++) {
    const id = ids[p]!;
    if (!(Number.isSafeInteger(id) && id >= 1 && id <= 2147483647) || seen.has(id)) {
      throw new ArgumentRangeError(`${where} has ${id} at particle ${p}; expected distinct integers in 1 … 2³¹ − 1 (LAMMPS atom ids)`);
    }
    seen.add(id);
  }
}

/**
 * Checks particle masses: a Float64Array of N finite masses > 0.
 * @throws RangeError naming `where` (e.g. 'formatGsd: options.masses').
 */
export function checkMasses(masses: unknown, n: number, where: string): asserts masses is Float64Array {
  if (!(masses instanceof Float64Array) || masses.length !== n || masses.some((m) => !(m > 0 && Number.isFinite(m)))) {
    throw new ArgumentRangeError(`${where}: expected a Float64Array of N = ${n} finite masses > 0`);
  }
}
