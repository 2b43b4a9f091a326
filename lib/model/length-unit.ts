/**
 * The length unit of a model's positions, for axis and caption text (figures, reports):
 * `ipl`/`ipl3d` λ_SS (docs/design.md §1: λ_SS = 1), `ka`/`ka2d` σ_AA (σ_AA = 1), `poly` the size unit
 * (σ_i drawn on [0.73, 1.62]). A model of one's own (`--model params.json`) is named
 * generically: its parameters fix the unit, softspot does not know its name.
 */
export function lengthUnitOf(model: string | undefined): string {
  switch (model ?? 'ipl') {
    case 'ipl': case 'ipl3d': return 'λ_SS';
    case 'ka': case 'ka2d': return 'σ_AA';
    case 'poly': return 'σ, the size unit';
    default: return `the length unit of model '${model}'`;
  }
}
