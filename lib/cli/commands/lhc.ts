/** `softspot lhc config.xyz --out table.csv`: c_α and dc_α/dγ of every interaction. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { UsageError } from '../errors.js';
import { checkPinned, onGlass, readInputGlass } from '../input.js';
import { formatLhcCsv, formatParticleFieldsXyz, writeFileAtomic } from '../../io/index.js';
import { LHC_DEFAULTS, LHC_METHODS, localHeatCapacity, particleFields, type NamedDeformation } from '../../lhc/index.js';
import { DIRECTIONS_2D, MODES_2D, presetE, presetOf, quotedList, type Mode2D } from '../../space/index.js';

/** The presets --deformation takes: a 2D mode (its + direction) or a direction. */
const DEFORMATION_NAMES: readonly string[] = [...MODES_2D, ...DIRECTIONS_2D.filter((d) => d.endsWith('-'))];

/** The deformations named by --deformation or --E. */
export function parseDeformations(list: string | undefined, e: string | undefined): NamedDeformation[] {
  if (list !== undefined && e !== undefined) throw new UsageError('give either --deformation or --E, not both');
  if (e !== undefined) {
    const parts = e.split(',').map(Number);
    if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
      throw new UsageError(`--E: expected four numbers exx,exy,eyx,eyy, got "${e}"`);
    }
    return [{ name: 'E', E: Float64Array.from(parts) }];
  }
  const names = (list ?? MODES_2D.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((name) => {
    const preset = presetOf(name);
    if (preset === undefined || !MODES_2D.includes(preset.mode as Mode2D)) {
      throw new UsageError(`--deformation: unknown deformation "${name}"; expected ${quotedList(DEFORMATION_NAMES)}`);
    }
    return { name, E: presetE(preset.mode, preset.sign) };
  });
}

export const lhc = defineCommand({
  name: 'lhc',
  summary: 'local heat capacity c and dc/dγ of every interaction, as CSV',
  synopsis: 'lhc <config.xyz> --out <table.csv> [options]',
  description: `Computes, for every interacting pair α (i < j, r < x_c λ_ij), the local heat capacity
c_α and its linear response dc_α/dγ to imposed deformations, from one sparse Cholesky
factorization of the Hessian (selected inversion). Writes a CSV with header
i,j,c,dcdg_simple,dcdg_pure (one dcdg_<name> column per deformation) and prints a
one-line summary with the exact sum rules (Σc = 2N−2, Σdc/dγ = 0) on stderr.
--particles writes per-particle fields for OVITO: extended XYZ of the glass (the polished
one) with columns c, dcdg_<name>, c_dcdg_<name> = half the sum of c_α, dc_α/dγ and
c_α·dc_α/dγ over the particle's bonds (Σ over particles = Σ over bonds; names with
- or + become _, _minus, _plus: dcdg_pure_minus).`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    out: sharedOptions.out('output CSV, written atomically'),
    particles: { kind: 'string', arg: 'FILE', help: 'also write per-particle c, dc/dγ, c·dc/dγ as extended XYZ for OVITO (atomically)' },
    method: {
      kind: 'choice', arg: 'takahashi|solves', choices: LHC_METHODS, default: LHC_DEFAULTS.method,
      help: "selected inversion by Takahashi recurrences, or the blocked-solves reference\n('selinv', the former name of takahashi, is still accepted)",
    },
    deformation: { kind: 'string', arg: 'LIST', help: `comma-separated: ${DEFORMATION_NAMES.join(', ')}`, defaultText: MODES_2D.join(',') },
    E: { kind: 'string', arg: 'exx,exy,eyx,eyy', help: 'any deformation dH/dγ instead (column dcdg_E)' },
    ordering: sharedOptions.ordering(),
    solver: sharedOptions.solver('solver of the solves (u, w, ẇ; and of Newton polishing)', 'the factorization of the selected inversion'),
    'solver-tol': sharedOptions.solverTol(),
    pinned: sharedOptions.pinned(),
    'no-polish': { kind: 'flag', help: 'reject input that is not at a minimum instead of polishing it with Newton' },
  },
}, async ({ values: v, input }, { stderr }) => {
  const deformations = parseDeformations(v.deformation, v.E);
  const config = await readInputGlass(input, v, 'lhc');
  checkPinned(v.pinned, config);
  const result = await onGlass(input, () => localHeatCapacity(config, {
    method: v.method, ordering: v.ordering, deformations, pinned: v.pinned, polish: !v['no-polish'], solver: v.solver, solverTol: v['solver-tol'],
  }));
  await writeFileAtomic(v.out, formatLhcCsv(result));
  if (v.particles !== undefined) await writeFileAtomic(v.particles, formatParticleFieldsXyz(result.config, particleFields(result)));
  const d = result.diagnostics;
  const sums = Object.entries(d.sumDcdg).map(([name, s]) => `Σdc/dγ(${name}) = ${s.toExponential(2)}`).join(', ');
  stderr.write(
    `lhc: ${result.count} interactions, N = ${result.n}, Σc = ${d.sumC.toFixed(10)} (2N−2 = ${d.expectedSumC}), ${sums}, ` +
    `max |force| ${d.maxForce.toExponential(2)}${d.polished ? ` (polished with Newton from ${d.maxForceInput.toExponential(2)})` : ''}, ` +
    `${d.method}${v.solver ? `, solves by ${d.solver} (${d.solverIterations} CG steps)` : ''}, nnz(L) ${d.nnzL}, ${(d.timings.total / 1000).toFixed(3)} s → ${v.out}${v.particles !== undefined ? ` and ${v.particles}` : ''}\n`);
  return 0;
});
