/** `softspot lhc config.xyz --out table.csv`: c_α and dc_α/dγ of every interaction. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { UsageError } from '../errors.js';
import { checkPinned, onGlass, readInputGlassWithIds } from '../input.js';
import { farPolishWarning } from '../polish.js';
import { checkOutputKindPath, checkOutputPaths } from '../output.js';
import { formatLhcCsv, formatParticleFieldsXyz, writeFileAtomic } from '../../io/index.js';
import { LHC_DEFAULTS, LHC_METHODS, localHeatCapacity, particleFields, type LhcPhase, type NamedDeformation } from '../../lhc/index.js';
import { directions, presetE, presetOf, quotedList, shearModes, type Dimension } from '../../space/index.js';
import { dimensionOf, infoWithout, type Configuration } from '../../config.js';
import { energyForcesNd } from '../../nd/energy.js';
import { lawOfConfiguration } from '../../nd/law.js';

/** The presets --deformation takes in dimension d: each mode (its + direction) and each − direction. */
function deformationNames(d: Dimension): string[] {
  return [...shearModes(d), ...directions(d).filter((name) => name.endsWith('-'))];
}

/** The largest |entry| of --E: dc/dγ is linear in E, and beyond this it overflows. */
const MAX_E_ENTRY = 1e6;

/**
 * The deformations named by --deformation or --E for a d-dimensional glass (default: every
 * preset mode of d, + direction: simple,pure in 2D; simple,pure,simple-xz,simple-yz in 3D).
 */
export function parseDeformations(list: string | undefined, e: string | undefined, d: Dimension = 2): NamedDeformation[] {
  if (list !== undefined && e !== undefined) throw new UsageError('give either --deformation or --E, not both');
  if (e !== undefined) {
    const parts = e.split(',').map(Number);
    if (parts.length !== d * d || parts.some((x) => !Number.isFinite(x))) {
      const names = d === 2 ? 'exx,exy,eyx,eyy' : 'exx,exy,exz,eyx,eyy,eyz,ezx,ezy,ezz';
      throw new UsageError(`--E: expected ${d * d} numbers ${names} (a ${d}×${d} matrix, row-major) for a ${d}D glass, got "${e}"`);
    }
    // dc/dγ is linear in E: entries far beyond O(1) only overflow the response (1e307 gave NaN deep in a solve).
    const huge = parts.find((x) => Math.abs(x) > MAX_E_ENTRY);
    if (huge !== undefined) {
      throw new UsageError(`--E: the entry ${huge} is beyond ±${MAX_E_ENTRY}; dc/dγ is linear in E (dH/dγ, entries of order 1 for a shear): scale E down and the column up`);
    }
    return [{ name: 'E', E: Float64Array.from(parts) }];
  }
  const names = (list ?? shearModes(d).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const twice = names.find((name, k) => names.indexOf(name) !== k);
  if (twice !== undefined) throw new UsageError(`--deformation: ${twice} is given twice; name each deformation once`);
  const seen = new Map<string, string>();
  return names.map((name) => {
    const preset = presetOf(name);
    if (preset === undefined || !shearModes(d).includes(preset.mode)) {
      throw new UsageError(`--deformation: unknown deformation "${name}" for a ${d}D glass; expected ${quotedList(deformationNames(d))}`);
    }
    // simple and simple+ are one deformation: two identical columns otherwise.
    const key = `${preset.mode}${preset.sign}`;
    const first = seen.get(key);
    if (first !== undefined) throw new UsageError(`--deformation: ${name} is ${first} again (a mode alone means its + direction); name each deformation once`);
    seen.set(key, name);
    return { name, E: presetE(preset.mode, preset.sign, d) };
  });
}

export const lhc = defineCommand({
  name: 'lhc',
  summary: 'local heat capacity c and dc/dγ of every interaction, as CSV',
  synopsis: 'lhc <config.xyz> --out <table.csv> [options]',
  description: `Computes, for every interacting pair α (i < j, r < r_c of the pair), the local heat
capacity c_α and its linear response dc_α/dγ to imposed deformations, from one sparse
Cholesky factorization of the Hessian (selected inversion). 2D and 3D glasses (a 3D
extended-XYZ file: model=ka, ipl3d or poly, pbc="T T T"). Writes a CSV with header
i,j,c,dcdg_simple,dcdg_pure in 2D and i,j,c,dcdg_simple,dcdg_pure,dcdg_simple-xz,dcdg_simple-yz
in 3D (one dcdg_<name> column per deformation) and prints a one-line summary with the
exact sum rules (Σc = d(N−1), Σdc/dγ = 0) on stderr.
--particles writes per-particle fields for OVITO: extended XYZ of the glass (the polished
one) with columns c, dcdg_<name>, c_dcdg_<name> = half the sum of c_α, dc_α/dγ and
c_α·dc_α/dγ over the particle's bonds (Σ over particles = Σ over bonds; names with
- or + become _, _minus, _plus: dcdg_pure_minus). Of a LAMMPS file it also writes the atom
ids (column id, OVITO's Particle Identifier); i and j of the CSV number the atoms in id
order, 0 for the smallest id.`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    out: sharedOptions.out('output CSV, written atomically'),
    particles: { kind: 'string', arg: 'FILE', help: 'also write per-particle c, dc/dγ, c·dc/dγ as extended XYZ for OVITO (atomically)' },
    method: {
      kind: 'choice', arg: 'takahashi|solves', choices: LHC_METHODS, default: LHC_DEFAULTS.method,
      help: "selected inversion by Takahashi recurrences, or the blocked-solves reference\n('selinv', the former name of takahashi, is still accepted)",
    },
    deformation: {
      kind: 'string', arg: 'LIST', help: `comma-separated: ${deformationNames(2).join(', ')}; in 3D also simple-xz, simple-yz (and their − directions)`,
      defaultText: `${shearModes(2).join(',')} (3D: ${shearModes(3).join(',')})`,
    },
    E: { kind: 'string', arg: 'exx,exy,eyx,eyy', help: 'any deformation dH/dγ of the cell as it is (a sheared file\'s cell is the reference; docs/api.md) instead (column dcdg_E); 3D: the nine entries of the 3×3 matrix, row-major; entries within ±1e6 (dc/dγ is linear in E)' },
    ordering: sharedOptions.ordering(),
    solver: sharedOptions.solver('solver of the solves (u, w, ẇ; and, in 2D, of Newton polishing)', 'the factorization of the selected inversion'),
    'solver-tol': sharedOptions.solverTol(),
    pinned: sharedOptions.pinned(),
    'tangents-per-sweep': {
      kind: 'number', arg: 'K', rule: { integer: true, min: 1 },
      help: 'deformations per selected-inverse tangent sweep; fewer bound the memory\n(3D KA N = 2000: all 1.20 GB peak, 1 0.80 GB, 15 % more CPU)', defaultText: 'all',
    },
    'no-polish': { kind: 'flag', help: 'reject input that is not at a minimum instead of polishing it with Newton' },
    quiet: sharedOptions.quiet('no summary line on stderr (notes on the input and warnings still)'),
  },
}, async ({ values: v, input }, { stderr }) => {
  if (v.deformation !== undefined && v.E !== undefined) throw new UsageError('give either --deformation or --E, not both');
  checkOutputPaths([input, v.model], { out: v.out, particles: v.particles });
  checkOutputKindPath(v.out, 'out', 'csv');
  if (v.particles !== undefined) checkOutputKindPath(v.particles, 'particles', 'particle-fields');
  const { config, ids, masses } = await readInputGlassWithIds(input, v, 'lhc', [2, 3], (line) => stderr.write(line));
  const d = dimensionOf(config);
  const deformations = parseDeformations(v.deformation, v.E, d);
  checkPinned(v.pinned, config);
  const t0 = performance.now();
  // A large glass takes minutes and gigabytes: say what runs and what it holds, as it starts.
  const onPhase = v.quiet || config.n < PHASE_LINES_FROM[d] ? undefined : (phase: LhcPhase): void => {
    stderr.write(`lhc [${((performance.now() - t0) / 1000).toFixed(1)} s]: ${phaseLine(phase, v.method !== 'solves')}\n`);
  };
  const result = await onGlass(input, () => localHeatCapacity(config, {
    method: v.method, ordering: v.ordering, deformations, pinned: v.pinned, polish: !v['no-polish'], solver: v.solver, solverTol: v['solver-tol'],
    ...(v['tangents-per-sweep'] === undefined ? {} : { tangentsPerSweep: v['tangents-per-sweep'] }),
    ...(onPhase !== undefined ? { onPhase } : {}),
  }));
  await writeFileAtomic(v.out, formatLhcCsv(result));
  if (v.particles !== undefined) {
    // The glass with its ids and masses (not all 1), as minimize writes it: modes of this file are those of the input.
    await writeFileAtomic(v.particles, formatParticleFieldsXyz(analysedGlass(result.config, result.diagnostics), particleFields(result), {
      ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined && masses.some((m) => m !== 1) ? { masses } : {}),
    }));
  }
  const diag = result.diagnostics;
  // Σdc/dγ = 0 up to rounding of the sum of m terms: said relative to Σ|dc/dγ| too (2D N = 10⁵: 2e-7, which is 1e-15 of it).
  const sums = Object.entries(diag.sumDcdg).map(([name, s]) => {
    const scale = result.dcdg[name]!.reduce((t, x) => t + Math.abs(x), 0);
    return `Σdc/dγ(${name}) = ${s.toExponential(2)} (${(scale > 0 ? Math.abs(s) / scale : 0).toExponential(1)} of Σ|dc/dγ|)`;
  }).join(', ');
  if (!v.quiet) stderr.write(
    `lhc: ${result.count} interactions, N = ${result.n}${d === 3 ? ', 3D' : ''}, Σc = ${diag.sumC.toFixed(10)} (${d === 2 ? '2N−2' : '3(N−1)'} = ${diag.expectedSumC}), ${sums}, ` +
    `max |force| ${diag.maxForce.toExponential(2)}${diag.polished ? ` (polished with Newton from ${diag.maxForceInput.toExponential(2)})` : ''}, ` +
    `${diag.method}${v.solver ? `, solves by ${diag.solver} (${diag.solverIterations} CG steps)` : ''}, nnz(L) ${diag.nnzL}, ${(diag.timings.total / 1000).toFixed(3)} s → ${v.out}${v.particles !== undefined ? ` and ${v.particles}` : ''}\n`);
  stderr.write(farPolishWarning('lhc', diag.polishShift, diag.maxForceInput, config));
  return 0;
});

/** N from which lhc prints its phases, by dimension: where it takes seconds (2D N = 2.5·10⁴; 3D N = 10³, and 4000 takes minutes, 10⁴ gigabytes). */
const PHASE_LINES_FROM = { 2: 25_000, 3: 1000 } as const;

/** Gigabytes of `bytes`, for the phase lines. */
const gigabytes = (bytes: number): string => `${(bytes / 2 ** 30).toPrecision(2)} GB`;

/**
 * The line of a phase of localHeatCapacity as it starts. With the Takahashi recurrences
 * (`inverses`) the selected inverse and each tangent of a sweep hold about what the factor
 * does (its supernodal storage, factor.memoryBytes); 'solves' holds no such arrays.
 */
function phaseLine(p: LhcPhase, inverses: boolean): string {
  switch (p.phase) {
    case 'polish': return `polishing the glass with Newton (max |force| ${p.maxForce.toExponential(2)} > 1e-9; softspot minimize keeps a polished file) …`;
    case 'factorize': return `factorizing the Hessian: ${p.unknowns} unknowns, nnz(L) ${p.nnzL} …`;
    case 'selectedInverse': return `selected inverse (the factor holds ${gigabytes(p.factorBytes)}${inverses ? '; about as much more' : ''}) …`;
    case 'tangents': {
      const what = `tangent${inverses ? ' sweep' : 's'} of ${p.deformations} deformation${p.deformations === 1 ? '' : 's'}`;
      if (!inverses) return `${what} …`;
      return `${what} (about ${gigabytes(p.deformations * p.factorBytes)} more${p.deformations > 1 ? '; --tangents-per-sweep K holds K at a time' : ''}) …`;
    }
  }
}

/**
 * The glass the numbers are of, for the --particles file: after Newton's polish its header
 * says the polished state's energy and max |F| (the input's `energy`, `fmax` and
 * `lambda_min` described the state before it); an input analysed as it was keeps its own.
 */
function analysedGlass(config: Configuration, diagnostics: { polished: boolean; maxForce: number }): Configuration {
  if (!diagnostics.polished) return config;
  const info = infoWithout(config.info, ['energy', 'fmax', 'lambda_min']);
  return { ...config, info: { ...info, energy: energyForcesNd(config, lawOfConfiguration(config)).energy, fmax: diagnostics.maxForce } };
}
