/**
 * Whether a per-particle value is one value per group (a LAMMPS type, a species): the first
 * pair of particles of one group whose values differ, or undefined. What a per-type field
 * (atom_style atomic's Masses) can hold, and what tells a polydisperse file from one whose
 * sizes follow its types.
 * @returns [q, p]: q the group's first particle, p the first that differs from it.
 */
export function differingWithinGroup(groups: ArrayLike<number>, values: ArrayLike<number>): [number, number] | undefined {
  const first = new Map<number, number>(); // group → its first particle
  for (let p = 0; p < groups.length; p++) {
    const q = first.get(groups[p]!);
    if (q === undefined) first.set(groups[p]!, p);
    else if (values[p] !== values[q]) return [q, p];
  }
  return undefined;
}
