/**
 * A model's pair law for LAMMPS (`pair_style table`), so that glasses can be prepared in
 * LAMMPS with softspot's exact law and then analysed here (`softspot run GLASS...`).
 *
 * One table section per species pair a ≤ b (named `A-B` by the model's species labels):
 * φ(r) (ε) and the force −φ'(r) (ε/λ) on `points` distances uniform in r from
 * inner·r_c to r_c (the `R` keyword, so LAMMPS uses exactly these r), with the pair's
 * cutoff r_c in its `pair_coeff` line. LAMMPS interpolates the table (`spline`), so its
 * minima are minima of the interpolant: softspot's Newton polish takes them to the exact
 * law's force floor (docs/api.md "Glasses from LAMMPS").
 *
 * Species laws only: a per-particle law (`poly`, sizes σ_i) has no per-type table.
 */
import type { ModelPreset } from '../model/presets.js';
import { cutoffSmoothness } from '../model/cutoff-smoothness.js';
import { expectRule } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Options of {@link lammpsPairTable}. */
export interface LammpsTableOptions {
  /** Distances per section (default 20000; LAMMPS needs ≥ 2). */
  points?: number;
  /** The first distance, as a fraction of each pair's r_c (default 0.2; LAMMPS stops when a pair comes closer). */
  inner?: number;
  /** The table file's name as the pair_coeff lines should name it (default `<model>.table`). */
  fileName?: string;
}

/** What {@link lammpsPairTable} makes: the table file's text and the input lines that use it. */
export interface LammpsTable {
  /** The `pair_style table` file. */
  table: string;
  /** `pair_style table spline N` and one `pair_coeff` per species pair (types = species codes + 1). */
  commands: string[];
}

/**
 * The `pair_style table` file of a species model and the LAMMPS commands that use it
 * (see the module doc).
 * @throws RangeError for a per-particle law, or points / inner out of range.
 */
export function lammpsPairTable(preset: ModelPreset, options: LammpsTableOptions = {}): LammpsTable {
  const law = preset.law;
  if (law.perParticle) {
    throw new ArgumentRangeError(`model '${preset.name}': a per-particle law (sizes σ_i) has no table per atom type; ` +
      'LAMMPS glasses need a species law (ipl, ipl3d, ka, ka2d, or a model file of law ipl or lj)');
  }
  const points = expectRule('options.points', options.points ?? 20000, { integer: true, min: 2, max: 1e7 });
  const inner = expectRule('options.inner', options.inner ?? 0.2, { min: 0, exclusiveMin: true, max: 0.99 });
  const fileName = options.fileName ?? `${preset.name}.table`;
  const smooth = cutoffSmoothness(law);
  const lines = [
    `# softspot model '${preset.name}' (law ${law.name}; ${preset.species.join(', ')} = LAMMPS types 1..${preset.species.length}): ` +
      `φ (ε) and −φ' (ε/λ), ${points} points from ${inner} r_c to r_c per species pair`,
    `# at r_c: ${smooth.order} of φ, φ', … vanish${smooth.order < 2 ? ' (the force jumps there: softspot aqs refuses this law)' : ''}`,
    '',
  ];
  const commands = [`pair_style table spline ${points}`];
  const v = new Float64Array(5);
  const n = law.nSpecies;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const name = `${preset.species[a]}-${preset.species[b]}`;
      const rc = law.cutoff(a, b), lo = inner * rc;
      lines.push(name, `N ${points} R ${lo.toPrecision(17)} ${rc.toPrecision(17)}`, '');
      for (let k = 0; k < points; k++) {
        // The last point is r_c itself (not lo + (rc − lo)·1, which may round past it).
        const r = k === points - 1 ? rc : lo + ((rc - lo) * k) / (points - 1);
        law.radial(a, b, r, v);
        lines.push(`${k + 1} ${r.toPrecision(17)} ${v[0]!.toPrecision(17)} ${(-v[1]!).toPrecision(17)}`);
      }
      lines.push('');
      commands.push(`pair_coeff ${a + 1} ${b + 1} ${lammpsWord(fileName)} ${name} ${rc}`);
    }
  }
  return { table: lines.join('\n'), commands };
}

/**
 * A file name as one word of a LAMMPS input line: as it is when it is plain, else quoted
 * (LAMMPS splits at whitespace, cuts at #, substitutes $ outside quotes): "…", or '…' when it
 * holds a double quote, or """…""" when it holds both.
 */
export function lammpsWord(word: string): string {
  if (!/[\s"'#$]/.test(word)) return word;
  if (!word.includes('"')) return `"${word}"`;
  if (!word.includes("'")) return `'${word}'`;
  return `"""${word}"""`;
}
