/**
 * The structural indicators of the predictor benchmark (docs/predictors.md):
 * the one place that names them and says on what each lives (bonds or particles),
 * whether it depends on the sign of the shear direction, and its unit.
 *
 * Every indicator is oriented so that a LARGER value predicts the first plastic event
 * (the rank λ of lib/stats/predictability.ts counts the bins of strictly higher value).
 * Formulas: docs/predictors.md "Indicators" and the files that compute them.
 */

/** Where an indicator field lives: one value per interaction α or per particle i. */
export type IndicatorSupport = 'bond' | 'particle';

/** What the benchmark knows about one indicator. */
export interface IndicatorInfo {
  /** Bond field (length M, binned at the interaction midpoints) or particle field (length N, binned at the positions). */
  support: IndicatorSupport;
  /**
   * 'signed': differs between a direction and its reverse (oriented, like P⁺);
   * 'mode': the same for both signs of one shear mode; 'none': the same for every direction.
   */
  dependsOn: 'signed' | 'mode' | 'none';
  /** Unit (ε, λ, τ0 = λ√(m/ε); "per unit strain" for derivatives along γ). */
  unit: string;
  /** Whether the k lowest vibrational modes are needed. */
  needsModes: boolean;
  /** One line: the formula. */
  formula: string;
}

/** The indicators, in the order of docs/predictors.md. */
export const INDICATORS = Object.freeze({
  absC: { support: 'bond', dependsOn: 'none', unit: 'dimensionless', needsModes: false, formula: '|c_α|' },
  pPlus: { support: 'bond', dependsOn: 'signed', unit: 'per unit strain', needsModes: false, formula: 'max(c_α · s dc_α/dγ, 0)' },
  absDcdg: { support: 'bond', dependsOn: 'mode', unit: 'per unit strain', needsModes: false, formula: '|dc_α/dγ|' },
  dcdgPlus: { support: 'bond', dependsOn: 'signed', unit: 'per unit strain', needsModes: false, formula: 'max(s dc_α/dγ, 0)' },
  energy: { support: 'particle', dependsOn: 'none', unit: 'ε', needsModes: false, formula: 'e_i = ½ Σ_{α ∋ i} φ_α' },
  coordinationDeficit: { support: 'particle', dependsOn: 'none', unit: 'dimensionless', needsModes: false, formula: 'z̄ − Z_i, Z_i = #{α ∋ i}' },
  nonAffine: { support: 'particle', dependsOn: 'mode', unit: 'λ per unit strain', needsModes: false, formula: '|w_i|, w = −M⁺Ξ(E)' },
  nonAffineAlong: { support: 'particle', dependsOn: 'signed', unit: 'λ per unit strain', needsModes: false, formula: '|w_i · ê(E)|, ê = extension axis of (E + Eᵀ)/2' },
  qlmParticipation: { support: 'particle', dependsOn: 'none', unit: 'dimensionless', needsModes: true, formula: 'Σ_{m ∈ QLM} |ψ_m,i|²' },
  vibrality: { support: 'particle', dependsOn: 'none', unit: 'τ0²', needsModes: true, formula: 'Σ_{m ∈ QLM} |ψ_m,i|² / ω_m²' },
  qlmSoftening: { support: 'particle', dependsOn: 'signed', unit: 'per unit strain', needsModes: true, formula: 'Σ_{m ∈ QLM} |ψ_m,i|² max(−d ln λ_m/dγ, 0)' },
} as const satisfies Record<string, IndicatorInfo>);

/** The name of an indicator. */
export type IndicatorName = keyof typeof INDICATORS;

/** Every indicator name, in the order above. */
export const INDICATOR_NAMES = Object.freeze(Object.keys(INDICATORS) as IndicatorName[]);

/** The reference indicator the paired comparisons are made against (the paper's). */
export const REFERENCE_INDICATOR: IndicatorName = 'pPlus';

/** The paper's bin sizes ξ (Fig. S2), in λ. */
export const BENCHMARK_XI = Object.freeze([4, 5, 6] as const);

/** True for an indicator name. */
export function isIndicatorName(name: unknown): name is IndicatorName {
  return typeof name === 'string' && Object.hasOwn(INDICATORS, name);
}
