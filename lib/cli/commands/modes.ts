/** `softspot modes config.xyz --k 20`: the lowest vibrational modes, their localization and shear coupling. */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { UsageError } from '../errors.js';
import { checkPinned, onGlass, readInputGlass } from '../input.js';
import { lowestModes, MODES_DEFAULTS, MODES_METHODS, QLM_THRESHOLD } from '../../modes/index.js';
import { writeModesHdf5 } from '../../modes/hdf5.js';
import { modelOfConfiguration } from '../../model/index.js';

export const modes = defineCommand({
  name: 'modes',
  summary: 'the k lowest vibrational modes: ω, participation, core, QLM flag, shear coupling',
  synopsis: 'modes <config.xyz> [--k 20] [--json] [--out modes.h5] [options]',
  description: `Computes the k lowest non-zero vibrational modes of a glass at an energy minimum
(unit masses: ω² are the eigenvalues of the Hessian with the two translations removed) by
shift-invert Lanczos (or block inverse iteration) through one CHOLMOD factorization. For
each mode: ω, λ = ω², the participation ratio e, the core particle (largest amplitude)
and its position, whether it is quasilocalized (e < --qlm-threshold) and its coupling
ψ·Ξ to simple and pure shear (Ξ = ∂²U/∂x∂γ). Prints a table (or JSON with --json); --out
writes the modes with their eigenvectors to HDF5 (layout in docs/modes.md).`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    k: { kind: 'number', arg: 'K', rule: { integer: true, min: 1, why: 'at least one mode' }, default: 20, help: 'number of modes (at most 2N − 3)' },
    json: sharedOptions.json(),
    out: sharedOptions.outOptional('also write the modes and eigenvectors to this HDF5 file', 'FILE.h5'),
    tol: { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true, max: 1 }, default: MODES_DEFAULTS.tol, help: 'relative eigen-residual |Mψ − λψ|/λ of every mode' },
    'qlm-threshold': { kind: 'number', arg: 'E', rule: { min: 0, max: 1 }, default: QLM_THRESHOLD, help: 'participation ratio below which a mode is called quasilocalized' },
    method: { kind: 'choice', arg: 'lanczos|block', choices: MODES_METHODS, default: MODES_DEFAULTS.method, help: 'shift-invert Lanczos (one right-hand side per solve), or block inverse iteration' },
    ordering: { ...sharedOptions.ordering(), default: MODES_DEFAULTS.ordering },
    pinned: sharedOptions.pinned(),
  },
}, async ({ values: v, input }, { stdout, stderr }) => {
  const config = await readInputGlass(input, v, 'modes');
  checkPinned(v.pinned, config);
  if (v.k > 2 * config.n - 3) {
    throw new UsageError(`--k: expected at most 2N − 3 = ${2 * config.n - 3} for the N = ${config.n} particles of ${input}, got ${v.k}`);
  }
  const result = await onGlass(input, () => lowestModes(config, v.k, {
    model: modelOfConfiguration(config), tol: v.tol, qlmThreshold: v['qlm-threshold'], ordering: v.ordering, pinned: v.pinned, method: v.method,
  }));
  if (v.out !== undefined) await writeModesHdf5(v.out, config, result, input);
  const { vectors: _vectors, ...summary } = result;
  if (v.json) {
    stdout.write(`${JSON.stringify({ file: input, ...summary, ...(v.out !== undefined ? { out: v.out } : {}) })}\n`);
  } else {
    const head = `${'#'.padStart(4)} ${'omega'.padStart(10)} ${'lambda'.padStart(11)} ${'e'.padStart(6)} QLM ${'core'.padStart(6)} ${'x'.padStart(8)} ${'y'.padStart(8)} ${'xi_simple'.padStart(11)} ${'xi_pure'.padStart(11)}`;
    const rows = result.modes.map((m) => [
      String(m.index).padStart(4), m.omega.toFixed(6).padStart(10), m.eigenvalue.toExponential(4).padStart(11),
      m.participation.toFixed(3).padStart(6), (m.quasilocalized ? 'yes' : 'no').padStart(3), String(m.core.particle).padStart(6),
      m.core.x.toFixed(3).padStart(8), m.core.y.toFixed(3).padStart(8),
      m.coupling.simple.toExponential(3).padStart(11), m.coupling.pure.toExponential(3).padStart(11),
    ].join(' '));
    stdout.write(`${head}\n${rows.join('\n')}\n`);
  }
  const qlm = result.modes.filter((m) => m.quasilocalized).length;
  stderr.write(`modes: ${result.k} modes of N = ${result.n}, ${qlm} quasilocalized (e < ${result.qlmThreshold}), ` +
    `${result.iterations} solves of ${result.blockSize} column${result.blockSize > 1 ? 's' : ''}, largest residual/λ ${Math.max(...result.modes.map((m) => m.residual / m.eigenvalue)).toExponential(1)}, ` +
    `max |force| ${result.maxForce.toExponential(2)}, factorization ${(result.timings.factorize / 1000).toFixed(3)} s, total ${(result.timings.total / 1000).toFixed(3)} s` +
    `${v.out !== undefined ? ` → ${v.out}` : ''}\n`);
  if (!result.converged) {
    stderr.write(`modes: warning: not converged to --tol ${v.tol} in ${result.iterations} solves; the residuals above say how far\n`);
    return 1;
  }
  if (result.maxForce > 1e-6) stderr.write(`modes: warning: max |force| ${result.maxForce.toExponential(2)} ε/λ: not at a minimum; minimize first (softspot minimize) for the modes of the minimum\n`);
  return 0;
});
