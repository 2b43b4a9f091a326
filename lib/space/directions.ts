/**
 * The deformation presets and the shear directions built on them (docs/design.md §2, §10): the one
 * module that knows their names and their E = dH/dγ. H(γ) = I + γE, a d×d matrix stored
 * row-major; e_a e_bᵀ is the matrix with a single 1 in row a, column b (a moves with b).
 *
 *     mode        E                    dimensions
 *     simple      e_x e_yᵀ             2, 3       (2D: [[0, 1], [0, 0]])
 *     pure        diag(½, −½[, 0])     2, 3       (2D: [[½, 0], [0, −½]])
 *     simple-xz   e_x e_zᵀ             3
 *     simple-yz   e_y e_zᵀ             3
 *
 * A direction is a mode and a sign: `simple+` shears along H(γ), `simple-` along H(−γ)
 * (E → −E), for γ ≥ 0. Where a deformation is named by its mode alone (`simple`), the +
 * direction is meant. The 3D presets are defined here so that the names are reserved;
 * asking for one in 2D is an error.
 */
import { describe } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Dimension of a glass. */
export type Dimension = 2 | 3;
/** +1: H(γ); −1: H(−γ). */
export type Sign = 1 | -1;

interface Preset {
  /** The nonzero entries of E for sign +1: [row, column, value]. */
  readonly entries: ReadonlyArray<readonly [number, number, number]>;
  /** The dimensions in which the preset exists. */
  readonly dimensions: readonly Dimension[];
  /** E in words, for messages and documentation. */
  readonly formula: string;
}

const PRESETS = Object.freeze({
  simple: { entries: [[0, 1, 1]], dimensions: [2, 3], formula: 'E = e_x e_yᵀ' },
  pure: { entries: [[0, 0, 0.5], [1, 1, -0.5]], dimensions: [2, 3], formula: 'E = diag(½, −½[, 0])' },
  'simple-xz': { entries: [[0, 2, 1]], dimensions: [3], formula: 'E = e_x e_zᵀ' },
  'simple-yz': { entries: [[1, 2, 1]], dimensions: [3], formula: 'E = e_y e_zᵀ' },
} as const satisfies Record<string, Preset>);

/** A preset deformation: the name of its E. */
export type ShearMode = keyof typeof PRESETS;
/** A preset and a sign, e.g. 'simple+', 'pure-'. */
export type DirectionName = `${ShearMode}${'+' | '-'}`;

/** The presets of a 2D glass (the paper's two shears), in the paper's order. */
export const MODES_2D = Object.freeze(['simple', 'pure'] as const);
export type Mode2D = (typeof MODES_2D)[number];
/** The four directions of a 2D glass, in the order of the paper's triangles ▶ ◀ ▲ ▼. */
export const DIRECTIONS_2D = Object.freeze(['simple+', 'simple-', 'pure+', 'pure-'] as const);
export type Direction2D = (typeof DIRECTIONS_2D)[number];

/** Every preset name, in the order of the table above. */
export const SHEAR_MODES = Object.freeze(Object.keys(PRESETS) as ShearMode[]);

/** The presets of a d-dimensional glass. */
export function shearModes(d: Dimension): ShearMode[] {
  return SHEAR_MODES.filter((mode) => (PRESETS[mode].dimensions as readonly Dimension[]).includes(d));
}

/** The directions of a d-dimensional glass: each preset's + then − direction. */
export function directions(d: Dimension): DirectionName[] {
  return shearModes(d).flatMap((mode) => [directionName(mode, 1), directionName(mode, -1)]);
}

/** True for a preset name. */
export function isShearMode(name: unknown): name is ShearMode {
  return typeof name === 'string' && Object.hasOwn(PRESETS, name);
}

/** The name of a direction: ('simple', −1) → 'simple-'. */
export function directionName(mode: ShearMode, sign: Sign = 1): DirectionName {
  return `${mode}${sign > 0 ? '+' : '-'}`;
}

/** The mode and sign of a direction name ('pure-' → pure, −1); undefined for anything else. */
export function directionOf(name: unknown): { mode: ShearMode; sign: Sign } | undefined {
  if (typeof name !== 'string' || !/[+-]$/.test(name)) return undefined;
  const mode = name.slice(0, -1);
  return isShearMode(mode) ? { mode, sign: name.endsWith('+') ? 1 : -1 } : undefined;
}

/** A direction given by its name or by its mode alone ('simple' = 'simple+'); undefined for anything else. */
export function presetOf(name: unknown): { mode: ShearMode; sign: Sign } | undefined {
  return isShearMode(name) ? { mode: name, sign: 1 } : directionOf(name);
}

/** `"a", "b" or "c"`, for messages. */
export function quotedList(names: readonly string[]): string {
  const q = names.map((s) => JSON.stringify(s));
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/**
 * Checks a mode for a d-dimensional glass.
 * @throws RangeError naming `name`: an unknown mode, or a 3D preset in 2D
 */
export function expectShearMode(name: string, mode: unknown, d: Dimension = 2): ShearMode {
  if (!isShearMode(mode)) throw new ArgumentRangeError(`${name}: expected ${quotedList(shearModes(d))}, got ${describe(mode)}`);
  if (!(PRESETS[mode].dimensions as readonly Dimension[]).includes(d)) {
    throw new ArgumentRangeError(`${name}: "${mode}" (${PRESETS[mode].formula}) needs a 3D glass; in ${d}D use ${quotedList(shearModes(d))}`);
  }
  return mode;
}

/**
 * E = dH/dγ of a preset direction, row-major d×d (entries that are zero stay +0 for
 * either sign).
 * @throws RangeError for an unknown mode, a 3D preset in 2D, or a sign other than ±1
 */
export function presetE(mode: ShearMode, sign: Sign = 1, d: Dimension = 2): Float64Array {
  expectShearMode('mode', mode, d);
  if (sign !== 1 && sign !== -1) throw new ArgumentRangeError(`sign: expected 1 or -1, got ${describe(sign)}`);
  const E = new Float64Array(d * d);
  for (const [row, col, value] of PRESETS[mode].entries) E[row * d + col] = sign * value;
  return E;
}
