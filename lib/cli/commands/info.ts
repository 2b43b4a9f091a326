/** `softspot info config.xyz`: what a configuration is and whether it is a stable minimum. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { onGlass, readInputGlassWithMasses, whichFrame } from '../input.js';
import { modelPreset } from '../../model/index.js';
import { pressure, shearStress } from '../../hessian/index.js';
import { compositionText, cutoffInfo, glassModelFile, mechanics2d, sizesInfo, speciesCounts, type Mechanics2d } from './info-mechanics.js';
import { NEAR_MINIMUM_FORCE } from '../polish.js';
import { formatRows, geometryRows, hessianRow, sizesRow, type InfoRow } from './info-rows.js';
import { dimensionOf, type Configuration } from '../../config.js';
import { cellGeometry, describe3d, formatInfo3d, mechanicsRows } from './info-3d.js';

export const info = defineCommand({
  name: 'info',
  summary: 'describe a configuration: energy, forces, stresses, stability',
  synopsis: 'info <config.xyz> [--json]',
  description: `Prints N, the model (model= of the file; the paper's ipl when absent) and its parameters
in the form of a model file (copy, rename and edit it for --model params.json), which
derivatives of the pair law vanish at its cutoff (a force that does not, as with LAMMPS's
lj/cut, is refused by aqs and run: see aqs --allow-force-jumps), the cell with its tilts,
area and density, its widths against twice the cutoff,
energy per particle, max |force|, pressure, shear stresses, the number of interactions and
whether the Hessian (one particle pinned) is positive definite: with max |force| ≤ 1e-6
the configuration is a stable minimum (a sheared glass can have a positive definite
Hessian far from one; not positive definite, it names the particle of the first failing
pivot, unstableNearParticle in --json, which depends on the ordering, not the unstable
mode's core). Of a file of several frames (a LAMMPS dump, an
extended-XYZ trajectory) it describes one, the last unless --frame K, and says which.
A 3D glass (extended XYZ, or LAMMPS with a 3D --model): N, the model, the composition,
the density, the 3×3 cell with its tilts xy, xz, yz, its widths and whether they exceed
twice the cutoff; when it fits, the energy per particle, max |force|, pressure, the shear
stresses of the four 3D presets, the interactions and the stability of the Hessian.
2D and 3D print the same rows in the same order, and of a cell narrower than twice the
cutoff both print the geometry and the smallest N that fits, without the mechanics (exit 0).
--json of a 2D glass also holds tilt, widths, cutoff and cellFitsCutoff, as the 3D record does.
Stresses are σ = (1/V) ∂U/∂γ of each shear (ε/λ² in 2D, ε/λ³ in 3D): LAMMPS's pressure
tensor has the other sign (σ simple = −pxy; pure = −(pxx − pyy)/2). --json: shearStress
{ simple, pure } in 2D ({ simple, simple-xz, simple-yz, pure } in 3D); the 2D keys
shearStressSimple and shearStressPure are kept for older scripts.`,
  positional: GLASS_POSITIONAL,
  options: {
    json: sharedOptions.json('print the same as one JSON object'),
    'model-file': { kind: 'flag', help: 'print only the model in the form of a model file (JSON), to copy, rename and edit for --model params.json' },
    ...GLASS_INPUT_OPTIONS,
  },
}, async ({ values, input: path }, { stdout, stderr }) => {
  const { config, frame, notes } = await readInputGlassWithMasses(path, values, 'info', [2, 3]);
  for (const note of notes) stderr.write(note);
  // Which frame of a dump or trajectory was read (absent for a file of one frame).
  const frameFields = frame === undefined ? {} : { frame: frame.index, frames: frame.count };
  const frameRow: InfoRow[] = frame === undefined ? [] : [['frame', whichFrame(frame)]];
  if (values['model-file']) {
    stdout.write(JSON.stringify(glassModelFile(config), null, 2) + '\n');
    return 0;
  }
  if (dimensionOf(config) === 3) {
    const summary3 = await onGlass(path, () => describe3d(path, config));
    const { file, ...rest } = summary3;
    if (values.json) stdout.write(JSON.stringify({ file, ...frameFields, ...rest }, null, 2) + '\n');
    else stdout.write(formatInfo3d(summary3, frameRow));
    return 0;
  }
  // A cell too small for the range (docs/design.md §10 "Small boxes"): its geometry and the smallest
  // N that fits, without the mechanics, as in 3D.
  const geometry = await onGlass(path, async () => cellGeometry(config));
  const mechanics = geometry.cellFitsCutoff ? await onGlass(path, () => mechanics2d(config)) : undefined;
  const fields = mechanics === undefined ? undefined : mechanicsFields(config, mechanics);
  const sizes = sizesInfo(config);
  const summary = {
    file: path,
    ...frameFields,
    dimension: 2,
    n: config.n,
    model: config.model ?? 'ipl',
    ...(sizes !== undefined ? { sizes } : {}),
    modelParams: (modelPreset(config.model ?? 'ipl').law as { params?: unknown }).params,
    modelFile: glassModelFile(config),
    ...geometry,
    cutoffSmoothness: cutoffInfo(config),
    ...fields,
  };
  if (values.json) {
    stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  stdout.write(formatRows([
    ['file', path],
    ...frameRow,
    ['dimension', '2'],
    ['particles', `${config.n} (${compositionText(speciesCounts(config.species, summary.modelFile.species))})`],
    ['model', `${summary.model}${config.model === undefined ? ' (the paper\'s 2D inverse power law)' : ''}`],
    ['model file', JSON.stringify(summary.modelFile)],
    ...(sizes !== undefined ? [sizesRow(sizes)] : []),
    ...geometryRows(geometry),
    ['at the cutoff', summary.cutoffSmoothness.summary],
    ...(mechanics === undefined || fields === undefined ? [] : mechanicsRows(2, {
      ...fields, hessian: hessianRow(mechanics.positiveDefinite, mechanics.unstableParticle, mechanics.isolated, fields.maxForce, NEAR_MINIMUM_FORCE),
    })),
  ]));
  return 0;
});

/** The JSON fields of a 2D glass's mechanics (stresses in ε/λ²). */
function mechanicsFields(config: Configuration, m: Mechanics2d) {
  let maxForce = 0;
  for (const f of m.forces) maxForce = Math.max(maxForce, Math.abs(f));
  return {
    energyPerParticle: m.energy / config.n,
    maxForce,
    pressure: pressure(m.sigma),
    shearStress: { simple: shearStress(m.sigma, 'simple'), pure: shearStress(m.sigma, 'pure') },
    // The names before the 2D and 3D outputs shared shearStress, kept for older scripts.
    shearStressSimple: shearStress(m.sigma, 'simple'),
    shearStressPure: shearStress(m.sigma, 'pure'),
    interactions: m.interactions,
    hessianPositiveDefinite: m.positiveDefinite,
    ...(m.unstableParticle !== undefined ? { unstableNearParticle: m.unstableParticle } : {}),
    ...(m.isolated !== undefined ? { isolatedParticles: m.isolated } : {}),
  };
}
