/**
 * A model of your own as a file (docs/design.md §10 "Custom parameters: --model params.json"):
 * the JSON form of a {@link ModelPreset}, which `softspot info` prints for the model of a
 * glass, so that a built-in preset's form can be copied, renamed and edited.
 *
 * ```json
 * {
 *   "name": "ka-soft",
 *   "law": "lj",
 *   "dimension": 3,
 *   "species": ["A", "B"],
 *   "fractions": [0.8, 0.2],
 *   "density": 1.2,
 *   "parameters": { "epsilon": [[1, 1.5], [1.5, 0.5]], "sigma": [[1, 0.8], [0.8, 0.88]], "q": 3, "xc": 2.5 },
 *   "tLiquid": 2,
 *   "tAnneal": 0.4
 * }
 * ```
 *
 * Keys (all required but the temperatures, the law's parameters too; no others):
 * - `name`: written as `model=<name>` on line 2 of the files made with it; letters, digits,
 *   `_ . + -`; not a built-in preset's name (ipl, ipl3d, ka, ka2d, poly).
 * - `law`: `ipl`, `lj` or `poly` (docs/design.md §10), and `parameters`, the law's own:
 *   `ipl` — n, q, xc, epsilon, lambda (symmetric table λ_ab); `lj` — epsilon, sigma
 *   (symmetric tables ε_ab, σ_ab), q, xc; `poly` — epsilon, sizes { min, max } (σ_i drawn
 *   from P(σ) ∝ σ⁻³ on [min, max] when softspot prepares).
 * - `dimension`: 2 or 3 (`poly`: the default one; its files may have either).
 * - `species`: labels in code order (one per species of the law; `poly`: one), as in the
 *   files; `fractions`: number fractions (sum 1; the first species gets round(f·N));
 *   `density`: N/V (λ^−d).
 * - `tLiquid`, `tAnneal`: the preparation temperatures (ε/k_B) `softspot prepare` uses.
 */
import { describe, expectNumber } from '../validate.js';
import { ljLaw, polyLaw } from './laws.js';
import { makeModel } from './model.js';
import { checkPairLaw, type PairLaw } from './pair-law.js';
import { MODEL_PRESET_NAMES, type ModelPreset } from './presets.js';
import { ArgumentRangeError, ArgumentTypeError, isArgumentError } from '../errors.js';

/** The JSON form of a model (module doc). */
export interface ModelFile {
  name: string;
  law: 'ipl' | 'lj' | 'poly';
  dimension: 2 | 3;
  species: string[];
  fractions: number[];
  density: number;
  parameters: Record<string, unknown>;
  tLiquid?: number;
  tAnneal?: number;
}

const TOP_KEYS = ['name', 'law', 'dimension', 'species', 'fractions', 'density', 'parameters', 'tLiquid', 'tAnneal'];
const LAW_KEYS: Record<ModelFile['law'], readonly string[]> = {
  ipl: ['n', 'q', 'xc', 'epsilon', 'lambda'],
  lj: ['epsilon', 'sigma', 'q', 'xc'],
  poly: ['epsilon', 'sizes'],
};
/** A model file's name: safe as a key=value token on an extended-XYZ comment line. */
const NAME_PATTERN = /^[A-Za-z0-9_.+-]{1,64}$/;

function expectKeys(where: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new ArgumentRangeError(`${where}: unknown key "${key}"; expected ${allowed.join(', ')}`);
  }
}

function lawOf(where: string, law: ModelFile['law'], parameters: Record<string, unknown>): { law: PairLaw; sizes?: { min: number; max: number } } {
  try {
    if (law === 'ipl') return { law: makeModel(parameters).law };
    if (law === 'lj') {
      if (parameters.epsilon === undefined || parameters.sigma === undefined) throw new ArgumentRangeError('params: expected the tables epsilon and sigma');
      return { law: ljLaw(parameters as never) };
    }
    const sizes = parameters.sizes as { min?: unknown; max?: unknown } | undefined;
    if (typeof sizes !== 'object' || sizes === null || Array.isArray(sizes)) throw new ArgumentTypeError(`params.sizes: expected { "min": σ_min, "max": σ_max }, got ${describe(sizes)}`);
    const min = expectNumber('params.sizes.min', sizes.min, { min: 0, exclusiveMin: true });
    const max = expectNumber('params.sizes.max', sizes.max, { min, exclusiveMin: true });
    return { law: polyLaw({ epsilon: parameters.epsilon as number | undefined }), sizes: { min, max } };
  } catch (error) {
    if (isArgumentError(error)) {
      const Kind = error instanceof ArgumentTypeError ? ArgumentTypeError : ArgumentRangeError;
      throw new Kind(`${where}: ${error.message.replace(/^params(\.|: )/, (_m, sep: string) => (sep === '.' ? 'parameters.' : 'parameters: '))}`);
    }
    throw error;
  }
}

/**
 * The ModelPreset of a model file's parsed JSON, checked key by key.
 * @param where  what to call it in messages, e.g. the file's path
 * @param builtIn  names a model file may not take (default the built-in presets, MODEL_PRESET_NAMES)
 * @throws TypeError / RangeError naming the key, what it should be and what it is
 */
export function modelFromFile(value: unknown, where: string, builtIn: readonly string[] = MODEL_PRESET_NAMES): ModelPreset {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ArgumentTypeError(`${where}: expected a JSON object (a model file), got ${describe(value)}`);
  const v = value as Record<string, unknown>;
  expectKeys(where, v, TOP_KEYS);
  for (const key of TOP_KEYS.slice(0, 7)) if (v[key] === undefined) throw new ArgumentRangeError(`${where}: missing "${key}" (a model file has ${TOP_KEYS.slice(0, 7).join(', ')})`);
  const name = v.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new ArgumentRangeError(`${where}: "name" must be 1–64 letters, digits or _ . + - (it is written as model=<name> in files), got ${describe(name)}`);
  }
  const clash = builtIn.find((b) => b.toLowerCase() === name.toLowerCase());
  if (clash !== undefined) {
    throw new ArgumentRangeError(`${where}: "name": '${name}' is ${clash === name ? '' : `too close to '${clash}', `}a built-in preset; give your model a name of its own`);
  }
  const law = v.law;
  if (law !== 'ipl' && law !== 'lj' && law !== 'poly') throw new ArgumentRangeError(`${where}: "law": expected "ipl", "lj" or "poly", got ${describe(law)}`);
  const dimension = v.dimension;
  if (dimension !== 2 && dimension !== 3) throw new ArgumentRangeError(`${where}: "dimension": expected 2 or 3, got ${describe(dimension)}`);
  const parameters = v.parameters;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new ArgumentTypeError(`${where}: "parameters": expected an object of the ${law} law's parameters (${LAW_KEYS[law].join(', ')}), got ${describe(parameters)}`);
  }
  expectKeys(`${where}: "parameters"`, parameters as Record<string, unknown>, LAW_KEYS[law]);
  // Every parameter is required: the law functions default the ones left out (ipl: the
  // paper's λ table; lj: q = 3, xc = 2.5), which would analyse another law under this name.
  for (const key of LAW_KEYS[law]) {
    const given = (parameters as Record<string, unknown>)[key];
    if (given === undefined || given === null) {
      throw new ArgumentRangeError(`${where}: "parameters": missing "${key}" (the ${law} law's parameters ${LAW_KEYS[law].join(', ')} are all required)`);
    }
  }
  const built = lawOf(where, law, parameters as Record<string, unknown>);
  try {
    checkPairLaw(built.law, built.sizes !== undefined ? { sizes: [built.sizes.min, built.sizes.max] } : {});
  } catch (error) {
    // The law's derivatives are checked against finite differences: a high smoothing order q
    // loses them to cancellation in double arithmetic (lj at xc 2.2 from q = 7).
    if (!(error instanceof ArgumentRangeError)) throw error;
    const p = parameters as { q?: unknown; xc?: unknown };
    throw new ArgumentRangeError(`${where}: "parameters": the law's derivatives are not accurate in double arithmetic` +
      `${p.q !== undefined ? ` with q = ${String(p.q)}${p.xc !== undefined ? ` and xc = ${String(p.xc)}` : ''}: the smoothing polynomial of a high order loses them to cancellation; use a smaller q (q ≤ 6)` : ''} ` +
      `(softspot's check: ${error.message})`);
  }
  const species = v.species;
  if (!Array.isArray(species) || species.length !== built.law.nSpecies ||
    !species.every((s) => typeof s === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(s)) || new Set(species).size !== species.length) {
    // Which label is wrong, not only that one is (describe() showed "Array(2)").
    const list: unknown[] = Array.isArray(species) ? species : [];
    const shown = Array.isArray(species) ? JSON.stringify(species).slice(0, 80) : describe(species);
    const bad = list.findIndex((s) => !(typeof s === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(s)));
    const twice = list.findIndex((s, k) => list.indexOf(s) !== k);
    const which = bad >= 0 ? `; ${JSON.stringify(list[bad])} (entry ${bad}) is not such a label` : twice >= 0 ? `; ${JSON.stringify(list[twice])} is given twice` : '';
    throw new ArgumentRangeError(`${where}: "species": expected ${built.law.nSpecies} distinct labels (a letter, then letters, digits or _) ` +
      `for the ${built.law.nSpecies} species of the law, got ${shown}${which}`);
  }
  const fractions = v.fractions;
  if (!Array.isArray(fractions) || fractions.length !== species.length) {
    throw new ArgumentRangeError(`${where}: "fractions": expected ${species.length} number fractions, one per species, got ${describe(fractions)}`);
  }
  fractions.forEach((f, k) => expectNumber(`${where}: "fractions"[${k}]`, f, { min: 0, exclusiveMin: true, max: 1 }));
  const sum = (fractions as number[]).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) throw new ArgumentRangeError(`${where}: "fractions": expected a sum of 1, got ${sum}`);
  const density = expectNumber(`${where}: "density"`, v.density, { min: 0, exclusiveMin: true });
  const temperature = (key: 'tLiquid' | 'tAnneal'): number =>
    v[key] === undefined ? NaN : expectNumber(`${where}: "${key}"`, v[key], { min: 0, exclusiveMin: true });
  return Object.freeze({
    name, law: built.law, species: [...species] as string[], fractions: [...fractions] as number[], density,
    dimension, dimensions: law === 'poly' ? [2, 3] : [dimension],
    defaults: { tLiquid: temperature('tLiquid'), tAnneal: temperature('tAnneal'), reason: `from the model file ${where}` },
    ...(built.sizes !== undefined ? { sizes: built.sizes } : {}),
  }) as ModelPreset;
}

/** The JSON form (module doc) of a preset, built-in or from a file: what `softspot info` prints. */
export function modelFileOf(preset: ModelPreset): ModelFile {
  const given = (preset.law as PairLaw & { params?: Record<string, unknown> }).params;
  if (given === undefined) {
    // A law defined in code (a PairLaw object of one's own) has no JSON form: a file without
    // its law could not be read back (an ensemble stores this form in every sample's spec).
    throw new ArgumentRangeError(`modelFileOf: model '${preset.name}' has a law defined in code ('${preset.law.name}'), which has no model-file form; ` +
      'give the model as a model file (law ipl, lj or poly with its parameters) to store or ship it');
  }
  const params = given;
  const { law, density: _density, ...parameters } = params as Record<string, unknown>;
  if (preset.sizes !== undefined) parameters.sizes = { ...preset.sizes };
  const file: ModelFile = {
    name: preset.name, law: law as ModelFile['law'], dimension: preset.dimension, species: [...preset.species],
    fractions: [...preset.fractions], density: preset.density, parameters,
  };
  if (Number.isFinite(preset.defaults.tLiquid)) file.tLiquid = preset.defaults.tLiquid;
  if (Number.isFinite(preset.defaults.tAnneal)) file.tAnneal = preset.defaults.tAnneal;
  return file;
}
