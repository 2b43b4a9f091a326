/**
 * The glass c_α and dc_α/dγ are computed on, for the 2D (./local-heat-capacity.ts) and the
 * d-generic (lib/nd/local-heat-capacity.ts) paths alike: the theory (docs/design.md §4) holds at a
 * mechanical equilibrium, F = 0, with a positive definite Hessian.
 */
import type { Configuration } from '../config.js';
import { ArgumentRangeError, unstableConfiguration } from '../errors.js';
import { isolatedParticlesMessage, type IsolatedParticles } from '../hessian/isolated.js';
import { maxImageDisplacement } from '../space/cell-nd.js';
import { expectConfigurationOfDimension } from '../validate.js';

/** How one path measures and polishes a configuration. */
export interface MinimumRoute {
  /** max_k |F_k| (ε/λ) of a configuration. */
  maxForce(config: Configuration): number;
  /** Newton polishing to the force floor (throws a CholmodError CHOLMOD_NOT_POSDEF on an indefinite Hessian). */
  newton(config: Configuration): Configuration;
  /** The particle of a pinned-Hessian column (the failing pivot of CHOLMOD_NOT_POSDEF). */
  particleOfColumn(column: number): number;
  /** The particles of a configuration without an interaction (a rattler, other length units): Newton's Hessian is singular there. */
  isolated(config: Configuration): IsolatedParticles | undefined;
}

/**
 * `input` when max|F| ≤ tolerance; else its polished form: `polish` true (the default)
 * polishes by Newton (route.newton), a function polishes by itself, false refuses.
 * Returns the configuration, whether it was polished, its max|F| and the input's (ε/λ),
 * and how far the polish moved the farthest particle (λ; 0 unpolished): a file's rounding
 * moves particles by about its own size (≤ 1e-4 λ), a glass of another law by ~1e-2 (POLISH_SHIFT_WARNING).
 * @throws RangeError when max|F| > tolerance and `polish` is false (what to do: minimize
 *   first, or allow polishing)
 * @throws UnstableConfigurationError when Newton polishing meets a Hessian that is not
 *   positive definite (the configuration is not near a stable minimum)
 */
export function minimumToAnalyse(
  input: Configuration, tolerance: number, polish: boolean | ((config: Configuration) => Configuration) | undefined,
  route: MinimumRoute, onPolish?: (maxForceInput: number) => void,
): { config: Configuration; polished: boolean; maxForce: number; maxForceInput: number; polishShift: number } {
  const maxForceInput = route.maxForce(input);
  if (maxForceInput <= tolerance) return { config: input, polished: false, maxForce: maxForceInput, maxForceInput, polishShift: 0 };
  const how = polish ?? true;
  if (how === false) {
    throw new ArgumentRangeError(
      `config: not at an energy minimum (max |force| = ${maxForceInput.toExponential(3)} > ${tolerance}); ` +
      'minimize it first (softspot minimize) or allow Newton polishing (on the command line: leave out --no-polish; API: polish: true)');
  }
  let config: Configuration;
  onPolish?.(maxForceInput);
  try {
    config = how === true ? route.newton(input) : how(input);
  } catch (error) {
    // A particle without a neighbour makes every Hessian on the way singular: no minimization
    // helps, so say that rather than "minimize it first" (a minimizer may well stop there).
    throw unstableConfiguration(error, (column) => route.particleOfColumn(column), {
      polishing: true,
      isolated: () => {
        const isolated = route.isolated(input);
        return isolated === undefined ? undefined : isolatedParticlesMessage(isolated);
      },
    });
  }
  const maxForce = how === true ? route.maxForce(config) : checkedPolish(input, config, tolerance, route);
  if (!(maxForce <= tolerance)) {
    // c_α and dc_α/dγ of a state that is not a minimum break the sum rules without a sign.
    throw new ArgumentRangeError(`config: not at an energy minimum even after Newton's polish (max |force| ${maxForceInput.toExponential(3)} → ` +
      `${maxForce.toExponential(3)} > ${tolerance}): minimize it first (softspot minimize); under a pair law whose force jumps at the ` +
      "cutoff (lj or ipl with q = 0) there may be none near it (docs/api.md, \"Glasses from LAMMPS's lj/cut\")");
  }
  return { config, polished: true, maxForce, maxForceInput, polishShift: maxImageDisplacement(input.cell, input.positions, config.positions) };
}

/**
 * What a polish function of the caller's returned: the input's glass (N, dimension, cell,
 * species, sizes) with its particles moved to max |F| ≤ tolerance; its max |F|.
 * @throws TypeError / RangeError `options.polish: …` otherwise (c_α of another glass, or of
 *   one not at a minimum, would be wrong without a sign).
 */
function checkedPolish(input: Configuration, output: Configuration, tolerance: number, route: Pick<MinimumRoute, 'maxForce'>): number {
  const what = 'options.polish: the configuration your function returned';
  expectConfigurationOfDimension(what, output);
  const same = (a: ArrayLike<number> | undefined, b: ArrayLike<number> | undefined): boolean =>
    a === b || (a !== undefined && b !== undefined && a.length === b.length && Array.prototype.every.call(a, (x: number, k: number) => Object.is(x, b[k])));
  const differs = output.n !== input.n ? `N = ${output.n}, not the input's ${input.n}`
    : (output.dim ?? 2) !== (input.dim ?? 2) ? `is ${output.dim ?? 2}D, not ${input.dim ?? 2}D`
      : !same(output.cell, input.cell) ? 'has another cell'
        : !same(output.species, input.species) ? 'has other species'
          : !same(output.sigma, input.sigma) ? 'has other sizes (sigma)' : undefined;
  if (differs !== undefined) throw new ArgumentRangeError(`${what} ${differs}; a polish moves the particles of the input only`);
  const maxForce = route.maxForce(output);
  if (!(maxForce <= tolerance)) {
    throw new ArgumentRangeError(`${what} has max |force| ${maxForce.toExponential(3)} > forceTolerance ${tolerance}: it is not at a minimum, and c_α there ` +
      'would be wrong; minimize further in your function (or leave polish to Newton: polish: true)');
  }
  return maxForce;
}

/**
 * How far (λ) Newton's polish may move a particle before the glass analysed is no longer
 * the input's. Rounding in files moves particles by far less (measured on the fixture
 * glasses: 6 significant digits ≤ 9e-5 λ, float32 ≤ 4e-6, 8 decimals ≤ 2e-8); a 3D KA glass
 * made with LAMMPS's lj/cut and read under the smoothed `ka` moved by 3e-2 λ. A dump of 6
 * significant digits of coordinates beyond 1000 λ (2D glasses of N ≳ 10⁶) rounds by 5e-3 λ
 * and is warned about: its glass is then a nearby one.
 */
export const POLISH_SHIFT_WARNING = 1e-3;

/**
 * What a polish that moved particles by `shift` (λ; above POLISH_SHIFT_WARNING) from max
 * |F| `maxForceInput` means, and what to do, for a glass read under `model`.
 */
export function farPolishMessage(shift: number, maxForceInput: number, model: string): string {
  return `Newton's polish moved particles by up to ${shift.toExponential(1)} λ (max |force| ${maxForceInput.toExponential(2)} ε/λ before), ` +
    `so the glass analysed is a minimum of model ${model} near the input, not the input itself: if the glass was made with another pair law ` +
    `or other parameters (LAMMPS's lj/cut, other units), name its model with --model (docs/api.md, "Glasses from LAMMPS's lj/cut"); ` +
    'if it is an MD snapshot, minimize it first (softspot minimize)';
}
