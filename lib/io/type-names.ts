/**
 * The species of types that carry names — LAMMPS type labels, GSD type names — by the rule
 * both readers follow (docs/formats.md, docs/lammps.md): a name is a species when it matches
 * exactly one of the model's species ignoring case (`a` is A). When every type in use has
 * such a name, the names decide, unless two types name one species (they would merge);
 * otherwise types map in order, unless a type's name is a species that order would put
 * elsewhere (types B, X under ka: B would be A). The callers word the refusals.
 */

/** What the names of the types in use say; `speciesOf`: the species a type's name is (−1: none). */
export type TypeNaming = { speciesOf: (type: number) => number } & (
  | { kind: 'by-name' }
  | { kind: 'twin'; first: number; second: number; species: number }
  | { kind: 'moved'; type: number; species: number }
  | { kind: 'in-order' });

/**
 * @param used the types in use, ascending
 * @param nameOf a type's name (undefined: none)
 * @param species the model's species labels
 * @param inOrder the species a type has in order (LAMMPS type t: t − 1; GSD typeid k: k)
 */
export function typeNaming(used: readonly number[], nameOf: (type: number) => string | undefined, species: readonly string[], inOrder: (type: number) => number): TypeNaming {
  const upper = species.map((x) => x.toUpperCase());
  const speciesOf = (t: number): number => {
    const name = (nameOf(t) ?? '').toUpperCase();
    return upper.filter((x) => x === name).length === 1 ? upper.indexOf(name) : -1;
  };
  if (used.every((t) => speciesOf(t) >= 0)) {
    const second = used.find((t) => used.some((q) => q < t && speciesOf(q) === speciesOf(t)));
    if (second === undefined) return { kind: 'by-name', speciesOf };
    return { kind: 'twin', speciesOf, first: used.find((q) => speciesOf(q) === speciesOf(second))!, second, species: speciesOf(second) };
  }
  const moved = used.find((t) => speciesOf(t) >= 0 && speciesOf(t) !== inOrder(t));
  return moved !== undefined ? { kind: 'moved', speciesOf, type: moved, species: speciesOf(moved) } : { kind: 'in-order', speciesOf };
}
