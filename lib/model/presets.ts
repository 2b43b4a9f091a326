/**
 * Model presets (docs/design.md §10): a pair law with its species, composition, density,
 * dimension and protocol defaults, looked up by name. The one home of the preset names
 * `ipl`, `ipl3d`, `ka`, `ka2d`, `poly` and of their species labels.
 *
 * | preset | law  | d | species (fractions) | N/V  | parameters                                       |
 * |--------|------|---|---------------------|------|--------------------------------------------------|
 * | ipl    | ipl  | 2 | S, L (½, ½)         | 0.86 | n = 10, q = 4, x_c = 1.6, λ = [[1,1.18],[1.18,1.4]] |
 * | ipl3d  | ipl  | 3 | S, L (½, ½)         | 0.82 | n = 10, q = 3, x_c = 1.48, same λ                 |
 * | ka     | lj   | 3 | A, B (0.8, 0.2)     | 1.2  | ε_AA = 1, σ_AA = 1, ε_AB = 1.5, σ_AB = 0.8, ε_BB = 0.5, σ_BB = 0.88; q = 3, x_c = 2.5 |
 * | ka2d   | lj   | 2 | A, B (0.65, 0.35)   | 1.2  | as ka                                            |
 * | poly   | poly | 2 | P (1)               | 1    | σ_i from P(σ) ∝ σ⁻³ on [0.73, 1.62]               |
 *
 * Composition: the first species gets round(f·N) particles, the last the rest
 * (KA, N = 256: 205 A, 51 B).
 */
import { DEFAULT_MODEL, makeModel, type Model } from './model.js';
import { makeLawModel } from './law-model.js';
import { ljLaw, polyLaw } from './laws.js';
import { checkPairLaw, type PairLaw } from './pair-law.js';
import { describe } from '../validate.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';

/** The preset names, in docs/design.md §10 order. */
export const MODEL_PRESET_NAMES = ['ipl', 'ipl3d', 'ka', 'ka2d', 'poly'] as const;
/** A preset name. */
export type ModelPresetName = (typeof MODEL_PRESET_NAMES)[number];

/** Preparation protocol defaults of a preset (temperatures ε/k_B, times τ0). */
export interface PresetDefaults {
  /** Temperature of the liquid the glass is quenched from. */
  tLiquid: number;
  /** Annealing temperature. */
  tAnneal: number;
  /** Why these numbers. */
  reason: string;
}

/** A model preset (see the module table). */
export interface ModelPreset {
  /** A built-in preset's name, or the name of a model from a file (./model-file.ts, {@link registerModel}). */
  readonly name: string;
  /** The pair law (`poly`: per particle). */
  readonly law: PairLaw;
  /** Species labels in code order (code 0 first), as in extended XYZ files. */
  readonly species: readonly string[];
  /** Number fractions per species (sum 1). */
  readonly fractions: readonly number[];
  /** Number density N/V (λ^{−d}). */
  readonly density: number;
  /** Dimension d (the default one for `poly`). */
  readonly dimension: 2 | 3;
  /** Dimensions a file of this preset may have (`poly`: 2 and 3; the others: `dimension`). */
  readonly dimensions: readonly (2 | 3)[];
  /** Protocol defaults (`prepare`: lib/md for `ipl`, lib/nd prepareGlassNd for the other species presets). */
  readonly defaults: Readonly<PresetDefaults>;
  /** Polydisperse sizes: P(σ) ∝ σ⁻³ on [min, max] (`poly` only). */
  readonly sizes?: Readonly<{ min: number; max: number }>;
}

/** `ipl3d` (docs/design.md §10): the `ipl` law with q = 3, x_c = 1.48, N/V = 0.82. */
const IPL3D_PARAMS = { q: 3, xc: 1.48, density: 0.82 };
const KA = { epsilon: [[1, 1.5], [1.5, 0.5]], sigma: [[1, 0.8], [0.8, 0.88]], q: 3, xc: 2.5 };
/** The paper's protocol temperatures (Supplemental Material); lib/md PREPARE_DEFAULTS takes them from here. */
export const IPL_DEFAULTS = Object.freeze({
  tLiquid: 1.0, tAnneal: 0.45, reason: 'the paper\'s protocol (Supplemental Material)',
});

function build(): ReadonlyMap<string, ModelPreset> {
  const ipl3dModel = makeModel(IPL3D_PARAMS);
  const kaLaw = ljLaw(KA);
  const list: ModelPreset[] = [
    { name: 'ipl', law: DEFAULT_MODEL.law, species: ['S', 'L'], fractions: [0.5, 0.5], density: 0.86, dimension: 2, dimensions: [2], defaults: IPL_DEFAULTS },
    {
      name: 'ipl3d', law: ipl3dModel.law, species: ['S', 'L'], fractions: [0.5, 0.5], density: 0.82, dimension: 3, dimensions: [3],
      defaults: {
        tLiquid: IPL_DEFAULTS.tLiquid, tAnneal: IPL_DEFAULTS.tAnneal,
        reason: 'provisional: the 2D ipl temperatures (the same law, ε and λ at a packing of the same order); ' +
          'the 3D glass transition temperature of this law has not been measured here',
      },
    },
    {
      name: 'ka', law: kaLaw, species: ['A', 'B'], fractions: [0.8, 0.2], density: 1.2, dimension: 3, dimensions: [3],
      defaults: {
        tLiquid: 2, tAnneal: 0.4,
        reason: 'KA 80:20 at N/V = 1.2 has T_MCT ≈ 0.435 (Kob & Andersen, PRE 51, 4626 (1995)); as the paper anneals its IPL glass at ' +
          '0.45 ≈ 0.9 T_g, KA is annealed at 0.4 ≈ 0.9 T_MCT, quenched from a liquid at 2 (well above the onset T ≈ 1, relaxed within a few τ0). ' +
          'Measured (N = 500, seeds 1, 2): inherent states at U/N = −5.41, −5.43 of the smoothed law, −7.60, −7.63 of the ' +
          'truncated-and-shifted KA law (the literature\'s −7.6 … −7.7 for annealed KA; the smoothing adds ≈ +2.2 ε per particle); ' +
          'annealing at 0.5 instead gave −7.62, −7.63: the same within the scatter',
      },
    },
    {
      name: 'ka2d', law: kaLaw, species: ['A', 'B'], fractions: [0.65, 0.35], density: 1.2, dimension: 2, dimensions: [2],
      defaults: { tLiquid: 2, tAnneal: 0.45, reason: 'provisional: the 2D 65:35 mixture is slower than 3D KA near T = 0.4; anneal above that' },
    },
    {
      name: 'poly', law: polyLaw(), species: ['P'], fractions: [1], density: 1, dimension: 2, dimensions: [2, 3], sizes: { min: 0.73, max: 1.62 },
      defaults: { tLiquid: 0.5, tAnneal: 0.15, reason: 'provisional: swap glasses of this law have T_MCT ≈ 0.1; anneal above it' },
    },
  ];
  return new Map(list.map((p) => [p.name, Object.freeze(p)]));
}

let presets: ReadonlyMap<string, ModelPreset> | undefined;
const models = new Map<string, Model>();
/** Models from files (`--model params.json`), by name, for this process. */
const registered = new Map<string, ModelPreset>();

/** True for a built-in preset's name or a registered model's. */
export function isModelName(name: unknown): name is string {
  return typeof name === 'string' && ((MODEL_PRESET_NAMES as readonly string[]).includes(name) || registered.has(name));
}

/** The names a model may have now: the built-in presets, then the registered models. */
export function modelNames(): string[] {
  return [...MODEL_PRESET_NAMES, ...registered.keys()];
}

/** What to say of an unknown model name. */
export function unknownModelMessage(where: string, name: string): string {
  return `${where}: unknown model preset '${name}'; expected one of ${modelNames().join(', ')}` +
    ' (a model of your own: pass its file, --model params.json, or registerModel())';
}

/** Everything that defines a model, as one string (two models are the same when these are equal). */
function modelKey(p: ModelPreset): string {
  const { law, species, fractions, density, dimension, dimensions, defaults, sizes } = p;
  return JSON.stringify({ law: law.name, params: (law as { params?: unknown }).params, species, fractions, density, dimension, dimensions,
    tLiquid: defaults.tLiquid, tAnneal: defaults.tAnneal, sizes });
}

/**
 * Makes a model from a file (./model-file.ts `modelFromFile`) known by its name for this
 * process: files with model=<name> are then read, analysed and prepared with it. The
 * same model registered again is a no-op. Its law is checked by finite differences first
 * (./pair-law.ts checkPairLaw; a per-particle law on the pairs of its smallest and largest
 * sizes): a registered law is then trusted as the presets' are.
 * @throws RangeError for a built-in preset's name, a name registered with other parameters,
 *   or a law whose derivatives disagree with finite differences (the message says which)
 */
export function registerModel(preset: ModelPreset): void {
  if ((MODEL_PRESET_NAMES as readonly string[]).includes(preset.name)) {
    throw new ArgumentRangeError(`registerModel: '${preset.name}' is a built-in preset; give your model a name of its own`);
  }
  const known = registered.get(preset.name);
  if (known !== undefined) {
    // A law defined in code has no parameters to compare (params undefined): it is the same law only as the same object.
    const codeLaw = (preset.law as { params?: unknown }).params === undefined;
    if (modelKey(known) !== modelKey(preset) || (codeLaw && known.law !== preset.law)) {
      throw new ArgumentRangeError(`registerModel: a model named '${preset.name}' with other parameters${codeLaw ? ' or another law object' : ''} is already in use; ` +
        'give this one another name (or forgetModel(name) first)');
    }
    return;
  }
  try {
    checkPairLaw(preset.law, preset.sizes !== undefined ? { sizes: [preset.sizes.min, preset.sizes.max] } : {});
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new ArgumentRangeError(`registerModel: model '${preset.name}': ${error.message}`);
    }
    throw error;
  }
  registered.set(preset.name, preset);
}

/** Forgets a registered model (e.g. between tests); false when it was not registered. */
export function forgetModel(name: string): boolean {
  models.delete(name);
  return registered.delete(name);
}

/**
 * The preset of a name: a built-in one, or a registered model.
 * @throws RangeError for an unknown name, listing the known ones.
 */
export function modelPreset(name: string, where = 'model'): ModelPreset {
  if (typeof name !== 'string') throw new ArgumentTypeError(`${where}: expected a model preset name, got ${describe(name)}`);
  const own = registered.get(name);
  if (own !== undefined) return own;
  if (!(MODEL_PRESET_NAMES as readonly string[]).includes(name)) throw new ArgumentRangeError(unknownModelMessage(where, name));
  presets ??= build();
  return presets.get(name)!;
}

/**
 * The kernel Model of a preset (cached; `ipl` is DEFAULT_MODEL itself).
 * @throws RangeError for an unknown name, or a preset whose law the kernels cannot
 *   evaluate yet (`poly`, per particle).
 */
export function presetModel(name: string, where = 'model'): Model {
  const preset = modelPreset(name, where);
  let model = models.get(preset.name);
  if (model === undefined) {
    model = preset.name === 'ipl' ? DEFAULT_MODEL
      : preset.name === 'ipl3d' ? makeModel(IPL3D_PARAMS)
        : makeLawModel(preset.law, { density: preset.density }); // a file's ipl law: makeLawModel → makeModel of its params
    models.set(preset.name, model);
  }
  return model;
}

/**
 * Species code of a label in a preset (code = index in `preset.species`).
 * @throws RangeError naming the label, the preset and its species.
 */
export function speciesCode(preset: ModelPreset, label: string): number {
  const code = preset.species.indexOf(label);
  if (code < 0) {
    throw new ArgumentRangeError(`species '${label}' is not a species of model '${preset.name}' (${preset.species.join(', ')}); ` +
      `use ${preset.species.join(' or ')}, or name the model the file was made with (model=<preset> on line 2)`);
  }
  return code;
}

/**
 * Particle numbers per species for N particles: round(f·N) for every species but the
 * last, which gets the rest (docs/design.md §10; KA, N = 256: [205, 51]).
 */
export function composition(preset: ModelPreset, n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 1) throw new ArgumentRangeError(`n: expected a positive integer, got ${describe(n)}`);
  const counts = preset.fractions.map((f) => Math.round(f * n));
  counts[counts.length - 1] = n - counts.slice(0, -1).reduce((a, b) => a + b, 0);
  return counts;
}
