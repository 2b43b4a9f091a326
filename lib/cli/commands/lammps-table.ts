/** `softspot lammps-table --model M --out M.table`: a model's pair law as a LAMMPS `pair_style table`. */
import { defineCommand } from '../options.js';
import { checkOutputKindPath, checkOutputPaths } from '../output.js';
import { sharedOptions } from '../shared-options.js';
import { resolveModelOption } from '../input.js';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { lammpsPairTable } from '../../io/lammps-table.js';
import { modelPreset } from '../../model/presets.js';
import { ArgumentRangeError } from '../../errors.js';

export const lammpsTable = defineCommand({
  name: 'lammps-table',
  summary: "a model's pair law as a LAMMPS pair_style table, to prepare glasses in LAMMPS",
  synopsis: 'lammps-table --model PRESET|FILE.json --out FILE.table [--points N] [--inner F]',
  description: `Writes the pair law of a model (a preset, or a model file) as a LAMMPS pair_style table
file: one section per species pair (named A-B by the model's species), φ (ε) and −φ' (ε/λ)
at --points distances uniform in r from --inner·r_c to the pair's cutoff r_c, and prints
the LAMMPS commands that use it (pair_style table spline N, one pair_coeff per pair with
its cutoff; LAMMPS type t = the model's t-th species). Prepare glasses in LAMMPS with
them, then analyse the files here under the same --model (softspot run GLASS... --model M):
LAMMPS minimizes the interpolated table, and softspot's Newton polish takes each glass to
the exact law's force floor. A per-particle law (poly) has no table per atom type.`,
  options: {
    model: { kind: 'string', arg: 'PRESET|FILE.json', required: true, help: 'model preset (ipl, ipl3d, ka, ka2d) or a model file' },
    out: sharedOptions.out('the table file to write (the pair_coeff lines name it as given)', 'FILE.table'),
    points: { kind: 'number', arg: 'N', rule: { integer: true, min: 2, max: 1e7 }, default: 20000, help: 'distances per species pair' },
    inner: { kind: 'number', arg: 'F', rule: { min: 0, exclusiveMin: true, max: 0.99 }, default: 0.2, help: 'first distance, as a fraction of each pair\'s cutoff (LAMMPS stops when a pair comes closer)' },
  },
}, async ({ values: v }, { stdout, stderr }) => {
  checkOutputPaths([v.model], { out: v.out });
  checkOutputKindPath(v.out, 'out', 'lammps-table');
  const name = await resolveModelOption(v.model);
  let table;
  try {
    table = lammpsPairTable(modelPreset(name), { points: v.points, inner: v.inner, fileName: v.out });
  } catch (error) {
    if (error instanceof ArgumentRangeError) throw new UsageError(`--model: ${error.message}`);
    throw error;
  }
  await writeFileAtomic(v.out, table.table);
  stdout.write(table.commands.join('\n') + '\n');
  stderr.write(`lammps-table: model '${name}', ${table.commands.length - 1} species pair(s) × ${v.points} points → ${v.out}\n`);
  return 0;
});
