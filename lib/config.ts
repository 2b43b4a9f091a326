/**
 * The configuration record shared by every layer of softspot.
 *
 * Shapes (N particles, dimension d = `dim`, 2 when absent; the shapes below are the 2D
 * ones, a 3D configuration has the 3×3 cell row-major (9 entries) and x, y, z
 * interleaved (3N); docs/design.md §10):
 * - `cell`: the 2×2 cell matrix h stored row-major `[h00, h01, h10, h11]`. Its
 *   *columns* are the cell vectors: a1 = (h00, h10), a2 = (h01, h11). An extended
 *   XYZ `Lattice="Lx 0 0 Txy Ly 0 0 0 1"` is h = [[Lx, Txy], [0, Ly]] (docs/design.md §2, §9).
 * - `positions`: Cartesian x, y interleaved, length 2N, in units of λ (the S–S length).
 *   Positions need not be wrapped into the cell; all distances use the minimum image.
 * - `species`: 0 = small (S), 1 = large (L), length N. Particle index = XYZ line order.
 * - `info`: optional key=value metadata carried by the XYZ comment line
 *   (energy=, seed=, gamma=, ...). Values are kept as numbers when they parse as one.
 * - `model`: the model preset the glass was made with (`model=` on the XYZ comment line;
 *   docs/design.md §10); absent means the paper's 2D `ipl`. Species codes index the preset's
 *   species labels (`ipl`: S, L; `ka2d`: A, B; `poly`: P).
 * - `sigma`: per-particle sizes σ_i (λ), length N, for the `poly` law (`sigma:R:1` column).
 */
export interface Configuration {
  n: number;
  cell: Float64Array;
  positions: Float64Array;
  species: Uint8Array;
  info?: Record<string, string | number | boolean>;
  model?: string;
  sigma?: Float64Array;
  /**
   * Dimension d: absent (or 2) for the paper's 2D glasses, 3 for a 3D glass. Only the
   * d-generic functions (docs/api.md, "3D") take a 3D configuration; every other function
   * refuses it with a RangeError saying it is 2D only.
   */
  dim?: 2 | 3;
}

/** The dimension d of a configuration (2 when `dim` is absent). */
export function dimensionOf(config: Pick<Configuration, 'dim'>): 2 | 3 {
  return config.dim === 3 ? 3 : 2;
}

/**
 * Keys of `info` that ASE's calculators store for the configuration they computed (its
 * extended-XYZ writer puts them on line 2, its reader makes them the calculator's results
 * again): false of any other state, so a command that writes a new state (minimize, aqs, a
 * polished lhc --particles file) drops them rather than carry them over as it carries
 * the other metadata.
 */
export const ASE_RESULT_KEYS = ['free_energy', 'stress', 'virial', 'dipole', 'magmom', 'polarization', 'dielectric_tensor'] as const;

/** `info` without `keys` (and without ASE_RESULT_KEYS): the metadata a new state of the configuration may carry on. */
export function infoWithout(info: Configuration['info'], keys: readonly string[]): NonNullable<Configuration['info']> {
  const out = { ...(info ?? {}) };
  for (const key of [...keys, ...ASE_RESULT_KEYS]) delete out[key];
  return out;
}

/** Species codes, in XYZ order of appearance: index 0 is "S", 1 is "L". */
export const SPECIES_NAMES = ['S', 'L'] as const;
