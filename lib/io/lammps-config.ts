/**
 * A {@link LammpsSnapshot} as softspot's {@link Configuration} (docs/design.md §10: types map
 * to species in order): LAMMPS type t → species code t − 1 of the model, i.e. the t-th
 * species of the preset named by `options.model` (`ka2d`: 1 → A, 2 → B; `ka`: 1 → A,
 * 2 → B), or by name when the types carry labels that are the model's species
 * (lammpsSpeciesCodes); without a model, the one a data file's line 1 names (`model=NAME`,
 * softspot's own), else the paper's 2D `ipl` (1 → S, 2 → L) and no `model` on the
 * configuration. A 3D snapshot needs a 3D preset (`ipl3d`, `ka`).
 *
 * cell = the snapshot's d×d h: 2D [[lx, xy], [0, ly]], 3D [[lx, xy, xz], [0, ly, yz],
 * [0, 0, lz]] (LAMMPS's restricted triclinic box; lib/io/lammps-snapshot.ts), with `dim: 3`
 * in 3D; positions = x − origin (the atoms keep their place in the cell: reduced
 * coordinates s = h⁻¹(x − origin) in [0,1)^d for a wrapped file); particle index = rank of
 * the LAMMPS id (atoms sorted by id); `poly` (a per-particle law): sigma = the atoms'
 * diameters. Image flags and masses are dropped (softspot's model has m = 1; docs/design.md §1;
 * lib/cli/input.ts hands the masses to `modes`).
 */
import type { Configuration } from '../config.js';
import { LammpsFormatError } from './errors.js';
import { findClosePair } from './overlap.js';
import { findClosePair3 } from './overlap3.js';
import { differingWithinGroup } from './within-group.js';
import { typeNaming } from './type-names.js';
import type { LammpsSnapshot } from './lammps-snapshot.js';
import { DEFAULT_MIN_SEPARATION } from './xyz.js';
import { isModelName, modelNames, modelPreset, unknownModelMessage, type ModelPreset } from '../model/presets.js';
import { ArgumentRangeError, ArgumentTypeError } from '../errors.js';
import { type AllKeysOf, expectKnownKeys } from '../validate.js';

/** Options of {@link lammpsToConfiguration}. */
export interface LammpsToConfigurationOptions {
  /** Two atoms closer than this (minimum image, λ) are an error; default 1e-3 as readXyz, 0 disables. */
  minSeparation?: number;
  /**
   * The model preset the file was made with (`--model`; docs/design.md §10): types map to its
   * species in order and the configuration gets `model` = this name. Default: the paper's
   * 2D `ipl`, with no `model` set (as a file without model=).
   */
  model?: string;
}

/**
 * Checks that a snapshot can be read under a model preset (docs/design.md §10 "types map to
 * species in order"), and returns the preset (`ipl` when `model` is undefined).
 *
 * A per-particle law (`poly`) takes its sizes σ_i from the snapshot's `diameters` (a dump's
 * `diameter` or `radius` column, an atom_style sphere data file).
 *
 * @throws RangeError for an unknown preset (listing the known ones), for a per-particle
 *   law and a file without diameters (an atomic data file, a dump without a diameter or
 *   radius column), or when the snapshot's dimension is not one the preset has (a 3D file
 *   under a 2D preset, or the reverse: naming the presets of the file's dimension);
 *   LammpsFormatError at the atom's line when an atom's type exceeds the preset's number
 *   of species, or its diameter is not > 0 under a per-particle law.
 */
export function checkLammpsModel(snapshot: LammpsSnapshot, model: string | undefined): ModelPreset {
  // Before the model's dimension is compared: a file of no atoms has none ("a 2D configuration" it was called).
  if (snapshot.ids.length < 1) throw new LammpsFormatError(snapshot.source, 1, 'the file holds no atoms', 'give the file of a glass (N ≥ 2)');
  const name = lammpsModelName(snapshot, model);
  if (!isModelName(name)) throw new ArgumentRangeError(unknownModelMessage('model', name));
  const preset = modelPreset(name);
  const { source } = snapshot;
  if (preset.law.perParticle && snapshot.diameters === undefined) {
    throw new ArgumentRangeError(`${source}: model ${name} needs a size σ_i per particle, and this file has none (no diameter or radius column, ` +
      'not atom_style sphere); dump the atoms with their diameters (dump custom … id type diameter x y z), write a data file of atom_style sphere, ' +
      `or write the glass as extended XYZ with model=${name} and a sigma:R:1 column`);
  }
  if (!preset.dimensions.includes(snapshot.dim)) {
    const fits = modelNames().filter((m) => (!modelPreset(m).law.perParticle || snapshot.diameters !== undefined) && modelPreset(m).dimensions.includes(snapshot.dim));
    throw new ArgumentRangeError(`${source}: a ${snapshot.dim}D configuration${snapshot.dim === 3 ? ' (its atoms do not all have the same z, or the box has xz or yz tilt)' : ' (LAMMPS dimension 2: every z equal, no xz or yz tilt)'}, ` +
      `but model ${name} is ${preset.dimension}D; name a ${snapshot.dim}D model (${fits.join(', ')})${model === undefined ? ' with --model' : ''}`);
  }
  const code = lammpsSpeciesCodes(snapshot, preset);
  const { types, ids, lines } = snapshot;
  for (let p = 0; p < types.length; p++) {
    const t = types[p]!;
    if (code[t]! < 0) {
      throw new LammpsFormatError(source, lines[p]!, `atom id ${ids[p]} has type ${t}, but model ${name} has ${preset.species.length} species (${preset.species.join(', ')})`,
        `types map to species in order (${preset.species.map((s, k) => `type ${k + 1} → ${s}`).join(', ')}): use types 1…${preset.species.length}, or name the model the file was made with`);
    }
  }
  if (preset.law.perParticle) checkDiameters(snapshot, name);
  else if (model === undefined && snapshot.titleModel === undefined) refusePolydisperse(snapshot);
  checkPairCoeffs(snapshot, preset, code);
  return preset;
}

/**
 * The species code of each LAMMPS type t under `preset` (index t; −1: none): by name when
 * every type the atoms use has a label (`typeLabels`: an Atom Type Labels section, a
 * `types labels` dump) that is one of the model's species (labels `1 B`, `2 A` under ka: type
 * 1 is B), else in order (t → t − 1, docs/design.md §10). Refused, naming the labels, when some used
 * types' labels are species and would land elsewhere in order, or when a dump's types are
 * labels that are not species (its numbering is the order of appearance, meaningless).
 */
export function lammpsSpeciesCodes(snapshot: LammpsSnapshot, preset: ModelPreset): Int32Array {
  const used = [...new Set(snapshot.types)].sort((a, b) => a - b);
  const code = new Int32Array(Math.max(snapshot.ntypes, used[used.length - 1] ?? 0) + 1).fill(-1);
  const { typeLabels: labels, source } = snapshot;
  const species = preset.species;
  if (labels !== undefined) {
    // The species a label names, ignoring case (LAMMPS's labels are case sensitive, but `a`
    // for A says what it means; read in order, `1 b` `2 a` would swap the species back).
    const naming = typeNaming(used, (t) => labels[t - 1], species, (t) => t - 1);
    const where = `${source}:${snapshot.typeLabelsLine ?? 1}`;
    if (naming.kind === 'twin') {
      // Two labels of one species ('a' and 'A'): they would merge two types into one species.
      const { first, second } = naming;
      throw new ArgumentRangeError(`${where}: types ${first} '${labels[first - 1]}' and ${second} '${labels[second - 1]}' both name species ${species[naming.species]} ` +
        `of model ${preset.name} (labels match ignoring case); label each type in use by its own species (${species.join(', ')})`);
    }
    if (naming.kind === 'by-name') {
      for (const t of used) code[t] = naming.speciesOf(t);
      return code;
    }
    const list = used.map((t) => `${t} ${labels[t - 1] ?? '(no label)'}`).join(', ');
    const fix = `label every type by a species of model ${preset.name} (${species.join(', ')})`;
    if (snapshot.typesAreLabels === true) {
      const others = used.filter((t) => naming.speciesOf(t) < 0).map((t) => `'${labels[t - 1]}'`);
      // The labels may be another model's species (a ka2d dump read without --model).
      const all = used.map((t) => (labels[t - 1] ?? '').toUpperCase());
      const fits = modelNames().filter((m) => modelPreset(m).dimensions.includes(snapshot.dim) && all.every((l) => modelPreset(m).species.map((x) => x.toUpperCase()).includes(l)));
      throw new ArgumentRangeError(`${where}: the dump's types are labels (${used.map((t) => labels[t - 1]).join(', ')}), but ${others.join(', ')} ` +
        `${others.length === 1 ? 'is not a species' : 'are not species'} of model ${preset.name} (${species.join(', ')}); ` +
        (fits.length > 0 ? `they are species of ${fits.join(', ')}: give --model ${fits[0]}, or ${fix}` : `${fix}, or dump the types as numbers, which map to species in order`));
    }
    if (naming.kind === 'moved') {
      const moved = naming.type;
      throw new ArgumentRangeError(`${where}: the Atom Type Labels name type ${moved} '${labels[moved - 1]}', species ${naming.species + 1} of model ${preset.name}, ` +
        `but not every type's label is a species (${list}), so types map in order and type ${moved} would be ${species[moved - 1] ?? 'no species'}; ${fix}, or remove the section to map types in order`);
    }
  }
  for (const t of used) if (t <= species.length) code[t] = t - 1;
  return code;
}

/**
 * The model a snapshot is read under: `model` when given, else the one its data file's
 * line 1 names (`model=NAME`, softspot's own data files), else the paper's `ipl`.
 * @throws RangeError when line 1 names a model that is not known here (a model of one's
 *   own: its file must be given) or another model than `model`.
 */
export function lammpsModelName(snapshot: LammpsSnapshot, model: string | undefined): string {
  const named = snapshot.titleModel;
  if (named === undefined) return model ?? 'ipl';
  if (model !== undefined && model !== named) {
    throw new ArgumentRangeError(`${snapshot.source}:1: the file names model=${named}, but it is read under model ${model} (--model; a run's default is ipl); ` +
      `give --model ${named}, or correct line 1 if the glass is of model ${model}`);
  }
  if (model === undefined && !isModelName(named)) {
    throw new ArgumentRangeError(`${snapshot.source}:1: the file names model=${named}, which is not a preset (${modelNames().join(', ')}); ` +
      `a model of your own: give its file (--model ${named}.json, the form softspot info --model-file prints)`);
  }
  return named;
}

/**
 * A file read under the default model (no --model) whose atoms of one type have different
 * diameters is a polydisperse glass, which the paper's ipl (sizes by type) is not: computed
 * as ipl, every number would be of another system. Refused, naming --model poly; a file
 * whose diameters follow the types (a bidisperse glass drawn with atom_style sphere) reads.
 */
export function refusePolydisperse(snapshot: LammpsSnapshot): void {
  const { diameters, types, ids, lines, source } = snapshot;
  if (diameters === undefined) return;
  const pair = differingWithinGroup(types, diameters);
  if (pair === undefined) return;
  const [q, p] = pair;
  throw new LammpsFormatError(source, lines[p]!,
    `atoms of type ${types[p]} have different diameters (id ${ids[q]}: ${diameters[q]}, line ${lines[q]}; id ${ids[p]}: ${diameters[p]}): a polydisperse glass, ` +
    "but no --model was named and the default, the paper's ipl, takes its sizes from the types",
    'name the model the glass was made with: --model poly (the sizes σ_i are the diameters), or --model ipl to read it as the paper\'s glass with the diameters ignored');
}

/** Every atom's diameter, the size σ_i of a per-particle law, is a number > 0 (a point particle has none). */
function checkDiameters(snapshot: LammpsSnapshot, name: string): void {
  const { diameters, ids, lines, source } = snapshot;
  for (let p = 0; p < ids.length; p++) {
    if (diameters![p]! > 0) continue;
    throw new LammpsFormatError(source, lines[p]!, `atom id ${ids[p]} has diameter ${diameters![p]}, but model ${name} needs a size σ_i > 0 for every particle`,
      'give every atom its diameter σ_i > 0 (poly: σ_ij = ½(σ_i + σ_j)(1 − 0.2|σ_i − σ_j|))');
  }
}

/**
 * A data file's Lennard-Jones pair coefficients (`Pair Coeffs # lj/cut`: ε σ per type;
 * `PairIJ Coeffs`: per pair) against the ε and σ of a model of law `lj` (`ka`, `ka2d`, a
 * model file of that law), to a relative 1e-5 (write_data prints them with %g, six
 * significant digits: 2^(1/6) becomes 1.12246, 1.8e-6 off). A glass read under another
 * model, or with its types in another order than the model's species, is not a glass of
 * the model's law: every number computed of it would be of another system, so it is
 * refused at the line that says so. Compared: the lj/* styles whose first two coefficients
 * are ε and σ (LJ_EPSILON_SIGMA_STYLES); other styles (soft, table, lj/spica, …), lines
 * whose first two coefficients are not numbers, and other laws are not.
 * @throws LammpsFormatError at the first line whose ε or σ differ.
 */
/** LAMMPS pair styles whose coefficients begin ε σ (with their /opt, /omp, /gpu … variants). */
const LJ_EPSILON_SIGMA_STYLES = /^lj\/(cut|smooth|smooth\/linear|expand|gromacs|class2|long|charmm|cubic|mdf|relres)(\/|$)/;

function checkPairCoeffs(snapshot: LammpsSnapshot, preset: ModelPreset, code: Int32Array): void {
  const table = snapshot.pairCoeffs;
  if (table?.style === undefined || !LJ_EPSILON_SIGMA_STYLES.test(table.style)) return;
  const params = (preset.law as { params?: { epsilon?: number[][]; sigma?: number[][] } }).params;
  if (preset.law.name !== 'lj' || params?.epsilon === undefined || params.sigma === undefined) return;
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-5 * Math.abs(b);
  for (const e of table.entries) {
    const a = code[e.i] ?? -1, b = code[e.j] ?? -1;
    if (a < 0 || b < 0) continue; // no atom has such a type (checked above)
    if (!e.coeffs.slice(0, 2).every((c) => Number.isFinite(Number(c)))) continue; // not ε σ: not ours to read
    const want = { epsilon: params.epsilon[a]![b]!, sigma: params.sigma[a]![b]! };
    if (close(Number(e.coeffs[0]), want.epsilon) && close(Number(e.coeffs[1]), want.sigma)) continue;
    const pair = `${preset.species[a]}–${preset.species[b]}`;
    const byLabel = snapshot.typeLabels !== undefined && Array.from(code).some((c, t) => c >= 0 && c !== t - 1);
    throw new LammpsFormatError(snapshot.source, e.line,
      `the ${table.style} coefficients of types ${e.i}–${e.j} are ε = ${e.coeffs[0] ?? '(none)'}, σ = ${e.coeffs[1] ?? '(none)'}, but model ${preset.name} has ε = ${want.epsilon}, σ = ${want.sigma} for ${pair}`,
      byLabel
        ? `the Atom Type Labels make ${Array.from(code).flatMap((c, t) => (c >= 0 ? [`type ${t} ${preset.species[c]}`] : [])).join(', ')}: correct the coefficients or the labels, or name the model the glass was made with (one of your own: --model params.json)`
        : `types map to species in order (${preset.species.map((s, k) => `type ${k + 1} → ${s}`).join(', ')}): renumber the file's types, or name the model the glass was made with (one of your own: --model params.json)`);
  }
}

/**
 * What a data file's `lj/cut` cutoffs (the third coefficient of `PairIJ Coeffs # lj/cut`, as
 * `write_data … pair ij` writes them) say against the model's: one line naming the first pair
 * whose cutoff differs (relative 1e-5) and how many do, or undefined when they agree or the
 * file gives none. Not refused (docs/lammps.md): KA glasses are often made with one cutoff
 * for every pair, and such a glass is the model's glass nearby after Newton's polish; but a
 * glass that is not, refused later as "not near a stable minimum", needs the reason.
 */
export function pairCutoffNote(snapshot: LammpsSnapshot, preset: ModelPreset): string | undefined {
  const table = snapshot.pairCoeffs;
  // Of a model of another law (ipl under lj/cut) the whole law differs, not the cutoffs: nothing to say of them.
  if (table?.style === undefined || !/^lj\/cut(\/|$)/.test(table.style) || preset.law.name !== 'lj') return undefined;
  const code = lammpsSpeciesCodes(snapshot, preset);
  const differ = table.entries.filter((e) => {
    const a = code[e.i] ?? -1, b = code[e.j] ?? -1;
    if (a < 0 || b < 0 || e.coeffs.length < 3) return false;
    const rc = Number(e.coeffs[2]), want = preset.law.cutoff(a, b);
    return Number.isFinite(rc) && Math.abs(rc - want) > 1e-5 * want;
  });
  if (differ.length === 0) return undefined;
  const e = differ[0]!;
  const a = code[e.i]!, b = code[e.j]!;
  const want = preset.law.cutoff(a, b);
  return `its ${table.style} cutoffs are not model ${preset.name}'s: types ${e.i}–${e.j} cut at ${e.coeffs[2]} (line ${e.line}), ` +
    `${preset.species[a]}–${preset.species[b]} at ${Number(want.toPrecision(6))}${differ.length > 1 ? ` (and ${differ.length - 1} more pair${differ.length > 2 ? 's' : ''})` : ''}: ` +
    'the glass was made under another potential, and is analysed at the model\'s minimum nearby (Newton\'s polish)';
}

/** The options of lammpsToConfiguration (a complete list: AllKeysOf checks it against LammpsToConfigurationOptions). */
const LAMMPS_TO_CONFIGURATION_OPTION_NAMES: AllKeysOf<LammpsToConfigurationOptions, readonly ['minSeparation', 'model']> = ['minSeparation', 'model'];

/**
 * Converts a snapshot to a Configuration (`info.timestep` when the snapshot has one):
 * 2D as before, a 3D snapshot to a `dim: 3` configuration (3×3 cell, x, y, z interleaved).
 *
 * @throws RangeError when the snapshot has fewer than one atom, or as
 *   {@link checkLammpsModel} for `options.model` — in particular a 3D snapshot without a
 *   3D model (the default `ipl` is 2D); LammpsFormatError when an axis is not periodic, a
 *   type has no species of the model, or two atoms overlap (naming their lines).
 */
export function lammpsToConfiguration(snapshot: LammpsSnapshot, options: LammpsToConfigurationOptions = {}): Configuration {
  expectKnownKeys('options', options, LAMMPS_TO_CONFIGURATION_OPTION_NAMES, 'lammpsToConfiguration');
  if (typeof snapshot !== 'object' || snapshot === null) throw new ArgumentTypeError('lammpsToConfiguration: expected snapshot to be a LammpsSnapshot');
  const preset = checkLammpsModel(snapshot, options.model);
  const minSeparation = options.minSeparation ?? DEFAULT_MIN_SEPARATION;
  if (!(minSeparation >= 0 && Number.isFinite(minSeparation))) {
    throw new ArgumentRangeError(`lammpsToConfiguration: expected options.minSeparation to be a finite number ≥ 0, got ${minSeparation}`);
  }
  const { source, ids, types, lines } = snapshot;
  const d = snapshot.dim;
  const n = ids.length;
  const axis = snapshot.periodic.findIndex((p) => !p);
  if (axis >= 0) {
    throw new LammpsFormatError(source, snapshot.boxLine, `the box is not periodic along ${'xyz'[axis]}`,
      `softspot glasses are periodic in ${d === 2 ? 'x and y' : 'x, y and z'}: write the file from a run with boundary p p p`);
  }
  const code = lammpsSpeciesCodes(snapshot, preset);
  const species = new Uint8Array(n);
  for (let p = 0; p < n; p++) species[p] = code[types[p]!]!; // checkLammpsModel: every type has a species
  const positions = new Float64Array(d * n);
  for (let p = 0; p < n; p++) {
    for (let a = 0; a < d; a++) positions[d * p + a] = snapshot.positions[d * p + a]! - snapshot.origin[a]!;
  }
  const cell = Float64Array.from(snapshot.cell);
  if (minSeparation > 0) {
    const clash = d === 2 ? findClosePair(cell, positions, minSeparation) : findClosePair3(cell, positions, minSeparation);
    if (clash !== undefined) {
      throw new LammpsFormatError(source, lines[clash.j]!,
        `atoms id ${ids[clash.i]} (line ${lines[clash.i]}) and id ${ids[clash.j]} are ${clash.distance} apart (minimum image), ` +
        `closer than ${minSeparation}: duplicate or overlapping atoms`, 'remove the duplicate atom or move the atoms apart');
    }
  }
  const config: Configuration = { n, cell, positions, species, info: snapshot.timestep !== undefined ? { timestep: snapshot.timestep } : {} };
  if (d === 3) config.dim = 3;
  if (preset.law.perParticle) config.sigma = Float64Array.from(snapshot.diameters!); // checkLammpsModel: present, all > 0
  // A title naming the default (softspot's data file of the paper's glass) reads as a file naming none, as its XYZ has no model=.
  if (options.model !== undefined || (snapshot.titleModel !== undefined && preset.name !== 'ipl')) config.model = preset.name;
  return config;
}
