/**
 * The configuration record shared by every layer of softspot.
 *
 * Shapes (N particles, 2D):
 * - `cell`: the 2×2 cell matrix h stored row-major `[h00, h01, h10, h11]`. Its
 *   *columns* are the cell vectors: a1 = (h00, h10), a2 = (h01, h11). An extended
 *   XYZ `Lattice="Lx 0 0 Txy Ly 0 0 0 1"` is h = [[Lx, Txy], [0, Ly]] (DESIGN §2, §9).
 * - `positions`: Cartesian x, y interleaved, length 2N, in units of λ (the S–S length).
 *   Positions need not be wrapped into the cell; all distances use the minimum image.
 * - `species`: 0 = small (S), 1 = large (L), length N. Particle index = XYZ line order.
 * - `info`: optional key=value metadata carried by the XYZ comment line
 *   (energy=, seed=, gamma=, ...). Values are kept as numbers when they parse as one.
 * - `model`: the model preset the glass was made with (`model=` on the XYZ comment line;
 *   DESIGN §10); absent means the paper's 2D `ipl`. Species codes index the preset's
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
}

/** Species codes, in XYZ order of appearance: index 0 is "S", 1 is "L". */
export const SPECIES_NAMES = ['S', 'L'] as const;
