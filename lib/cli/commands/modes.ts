/** `softspot modes config.xyz --k 20`: the lowest vibrational modes, their localization and shear coupling. */
import { defineCommand } from '../options.js';
import { checkOutputKindPath, checkOutputPaths } from '../output.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { UsageError } from '../errors.js';
import { checkPinned, frameNotice, onGlass, readInputGlassWithMasses } from '../input.js';
// The modules themselves, not ../../modes/index.js, which also loads the HDF5 writer (below).
import { lowestModes, MODES_DEFAULTS, MODES_METHODS, QLM_THRESHOLD } from '../../modes/lowest-modes.js';
import { BLOCK_LANCZOS_SIZE } from '../../modes/block-lanczos.js';
import { NONLINEAR_DEFAULTS, nonlinearModesOf, type NonlinearFromMode } from '../../modes/nonlinear.js';
import { farPolishWarning, glassAtMinimum, NEAR_MINIMUM_FORCE } from '../polish.js';

export const modes = defineCommand({
  name: 'modes',
  summary: 'the k lowest vibrational modes: ω, participation, core, QLM flag, shear coupling',
  synopsis: 'modes <config.xyz> [--k 20] [--json] [--out modes.h5] [options]',
  description: `Computes the k lowest non-zero vibrational modes of a 2D or 3D glass at an energy
minimum (ω² are the eigenvalues of the Hessian with the d translations removed, for unit
masses; a LAMMPS data file whose Masses are not all 1: of M^-1/2 H M^-1/2 with its masses) by shift-invert Lanczos (or its block variant, or block inverse iteration)
through one CHOLMOD factorization (a glass short of its minimum, max |F| > 1e-9 — a file of
another program's precision —, is first polished with Newton as lhc does; --no-polish takes
it as it is). For each mode: ω, λ = ω², the participation ratio e,
the core particle (largest amplitude; of a LAMMPS file also its atom id, column id and
JSON core.id) and its position, whether it is quasilocalized
(e < --qlm-threshold) and its coupling ψ·Ξ to each shear preset of the dimension (2D
simple, pure; 3D simple, simple-xz, simple-yz, pure; Ξ = ∂²U/∂x∂γ). Prints a table (or JSON with --json); --out
writes the modes with their eigenvectors to HDF5 (layout in docs/modes.md).
--nonlinear also finds, from each mode, the cubic nonlinear mode π it leads to (Gartner &
Lerner 2016: a local minimum of κ³/τ² with κ = H:ππ, τ = U''':πππ, |π| = 1), which does not
hybridize with phonons: its κ, τ, the cubic barrier 2κ³/(3τ²), e, core, the overlap with
the mode, and which starts reach the same one (docs/modes.md, "Nonlinear modes"); with
--out also their vectors (/nonlinear).`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    k: { kind: 'number', arg: 'K', rule: { integer: true, min: 1, why: 'at least one mode' }, default: 20, help: 'number of modes (at most dN − d − 1: 2N − 3 in 2D, 3N − 4 in 3D)' },
    json: sharedOptions.json(),
    out: sharedOptions.outOptional('also write the modes and eigenvectors to this HDF5 file', 'FILE.h5'),
    tol: { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true, max: 1e-2, why: 'a residual above 1 % of λ leaves the upper modes off by more than that (--tol 1: the 20th ω² 22.5 for 19.6)' }, default: MODES_DEFAULTS.tol, help: 'relative eigen-residual |Mψ − λψ|/λ of every mode (at most 1e-2)' },
    'qlm-threshold': { kind: 'number', arg: 'E', rule: { min: 0, max: 1 }, default: QLM_THRESHOLD, help: 'participation ratio below which a mode is called quasilocalized' },
    method: { kind: 'choice', arg: 'lanczos|block-lanczos|block', choices: MODES_METHODS, default: MODES_DEFAULTS.method, help: 'shift-invert Lanczos (one right-hand side per solve), block shift-invert Lanczos (--block-size right-hand sides per solve), or block inverse iteration' },
    'block-size': { kind: 'number', arg: 'P', rule: { integer: true, min: 1, max: 256, why: 'right-hand sides per solve' }, help: `right-hand sides per solve of --method block-lanczos (default ${BLOCK_LANCZOS_SIZE})` },
    ordering: { ...sharedOptions.ordering(), default: MODES_DEFAULTS.ordering },
    pinned: sharedOptions.pinned(),
    nonlinear: { kind: 'flag', help: 'also the cubic nonlinear mode reached from each mode (κ, τ, barrier, e, core)' },
    'no-polish': { kind: 'flag', help: 'use the input as it is, not at a minimum (default: polished with Newton when max |F| > 1e-9, as lhc does)' },
  },
}, async ({ values: v, input }, { stdout, stderr }) => {
  if (v['block-size'] !== undefined && v.method !== 'block-lanczos') {
    throw new UsageError(`--block-size: applies to --method block-lanczos only, and the method is ${v.method}; leave it out or add --method block-lanczos`);
  }
  checkOutputPaths([input, v.model], { out: v.out });
  if (v.out !== undefined) checkOutputKindPath(v.out, 'out', 'hdf5');
  // The HDF5 writer (WebAssembly, 0.15–0.27 s to load) only for --out, and before the work: a
  // library that cannot load fails the command before the modes are computed, not after.
  const hdf5 = v.out === undefined ? undefined : await import('../../modes/hdf5.js');
  // The masses of a LAMMPS data file (its Masses section) when they are not all 1.
  const read = await readInputGlassWithMasses(input, v, 'modes', [2, 3]);
  const { masses, ids, frame } = read;
  // A LAMMPS file's atom id of a core particle, beside its index (JSON core.id, a text column).
  const idOf = (p: number): Record<string, number> => (ids === undefined ? {} : { id: ids[p]! });
  if (frame !== undefined) stderr.write(frameNotice('modes', input, frame));
  for (const note of read.notes) stderr.write(note);
  checkPinned(v.pinned, read.config);
  // The modes of the minimum: a glass short of it (a file of another program's precision) is polished with Newton first, as lhc does.
  const atMinimum = v['no-polish'] ? undefined : await onGlass(input, async () => glassAtMinimum(read.config, v.pinned));
  const config = atMinimum?.config ?? read.config;
  const d = config.dim === 3 ? 3 : 2, kMax = d * config.n - d - 1;
  if (v.k > kMax) {
    throw new UsageError(`--k: expected at most ${d}N − ${d + 1} = ${kMax} for the N = ${config.n} particles of ${input} (${d}D), got ${v.k}`);
  }
  // The law of the file's model= preset (lowestModes and nonlinearModesOf take the glass's own).
  const result = await onGlass(input, () => lowestModes(config, v.k, {
    tol: v.tol, qlmThreshold: v['qlm-threshold'], ordering: v.ordering, pinned: v.pinned, method: v.method,
    ...(masses !== undefined ? { masses } : {}),
    ...(v['block-size'] !== undefined ? { blockSize: v['block-size'] } : {}),
  }));
  const { vectors: _vectors, masses: _masses, ...summary } = result;
  const t0 = performance.now();
  const nonlinear = v.nonlinear
    ? await onGlass(input, () => nonlinearModesOf(config, result.vectors, result.k, masses !== undefined ? { masses } : {}))
    : undefined;
  const nonlinearSeconds = (performance.now() - t0) / 1000;
  const polish = atMinimum?.polished === true ? { maxForceInput: atMinimum.maxForceInput, polishShift: atMinimum.polishShift } : undefined;
  if (v.out !== undefined) await hdf5!.writeModesHdf5(v.out, config, result, input, nonlinear, ids, polish);
  const position = (p: number): number[] => Array.from(config.positions.subarray(d * p, d * p + d));
  const nonlinearJson = (m: NonlinearFromMode): Record<string, unknown> => ({
    kappa: m.kappa, tau: m.tau, barrier: m.barrier, participation: m.participation,
    core: { particle: m.core.particle, ...idOf(m.core.particle), ...Object.fromEntries(position(m.core.particle).map((x, a) => [['x', 'y', 'z'][a], x])), amplitude: m.core.amplitude },
    overlap: m.overlap, residual: m.residual, iterations: m.iterations, converged: m.converged, ...(m.sameAs !== undefined ? { sameAs: m.sameAs } : {}),
  });
  if (v.json) {
    // The masses as the distinct values of the file (a per-particle array would swamp the record).
    const massValues = masses === undefined ? {} : { masses: [...new Set(masses)].sort((a, b) => a - b) };
    const modesOut = summary.modes.map((m, k) => ({
      ...m, core: { ...m.core, ...idOf(m.core.particle) }, ...(nonlinear === undefined ? {} : { nonlinear: nonlinearJson(nonlinear[k]!) }),
    }));
    stdout.write(`${JSON.stringify({ file: input, ...summary, polished: polish !== undefined, ...polish, modes: modesOut, ...massValues, ...(v.out !== undefined ? { out: v.out } : {}) })}\n`);
  } else {
    const shears = Object.keys(result.modes[0].coupling);
    const axes = d === 3 ? ['x', 'y', 'z'] as const : ['x', 'y'] as const;
    const idHead = ids === undefined ? [] : ['id'.padStart(8)];
    const idCell = (p: number): string[] => (ids === undefined ? [] : [String(ids[p]).padStart(8)]);
    const head = [`${'#'.padStart(4)} ${'omega'.padStart(10)} ${'lambda'.padStart(11)} ${'e'.padStart(6)} QLM ${'core'.padStart(6)}`, ...idHead,
      ...axes.map((a) => a.padStart(8)), ...shears.map((s) => `xi_${s.replace(/-/g, '_')}`.padStart(13))].join(' ');
    const rows = result.modes.map((m) => [
      String(m.index).padStart(4), m.omega.toFixed(6).padStart(10), m.eigenvalue.toExponential(4).padStart(11),
      m.participation.toFixed(3).padStart(6), (m.quasilocalized ? 'yes' : 'no').padStart(3), String(m.core.particle).padStart(6), ...idCell(m.core.particle),
      ...axes.map((a) => m.core[a]!.toFixed(3).padStart(8)),
      ...shears.map((s) => m.coupling[s].toExponential(3).padStart(13)),
    ].join(' '));
    stdout.write(`${head}\n${rows.join('\n')}\n`);
    if (nonlinear !== undefined) {
      const nlHead = [`${'from'.padStart(4)} ${'kappa'.padStart(11)} ${'tau'.padStart(11)} ${'barrier'.padStart(11)} ${'e'.padStart(6)} ${'core'.padStart(6)}`, ...idHead,
        ...axes.map((a) => a.padStart(8)), `${'overlap'.padStart(7)} same-as`].join(' ');
      const nlRows = nonlinear.map((m) => [
        String(m.from).padStart(4), m.kappa.toExponential(4).padStart(11), m.tau.toExponential(4).padStart(11), m.barrier.toExponential(4).padStart(11),
        m.participation.toFixed(3).padStart(6), String(m.core.particle).padStart(6), ...idCell(m.core.particle), ...position(m.core.particle).map((x) => x.toFixed(3).padStart(8)),
        m.overlap.toFixed(3).padStart(7), m.sameAs === undefined ? '      –' : String(m.sameAs).padStart(7),
      ].join(' '));
      stdout.write(`\nnonlinear modes (cubic; from each mode above):\n${nlHead}\n${nlRows.join('\n')}\n`);
    }
  }
  const qlm = result.modes.filter((m) => m.quasilocalized).length;
  const massNote = masses === undefined ? '' : ` (masses of the file: ${massSummary(masses)})`;
  stderr.write(`modes: ${result.k} modes of N = ${result.n}${massNote}, ${qlm} quasilocalized (e < ${result.qlmThreshold}), ` +
    `${result.iterations} solves of ${result.blockSize} column${result.blockSize > 1 ? 's' : ''}, largest residual/λ ${Math.max(...result.modes.map((m) => m.residual / m.eigenvalue)).toExponential(1)}, ` +
    `max |force| ${result.maxForce.toExponential(2)} ε/λ, factorization ${(result.timings.factorize / 1000).toFixed(3)} s, total ${(result.timings.total / 1000).toFixed(3)} s` +
    `${v.out !== undefined ? ` → ${v.out}` : ''}\n`);
  if (result.restarts > 0) {
    stderr.write(`modes: note: exactly degenerate eigenvalues (a symmetric configuration): their copies completed by ${result.restarts} deflated Lanczos restart${result.restarts > 1 ? 's' : ''} (docs/modes.md)\n`);
  }
  if (nonlinear !== undefined) {
    const distinct = nonlinear.filter((m) => m.sameAs === undefined).length;
    stderr.write(`modes: ${distinct} distinct nonlinear modes from ${nonlinear.length} starts, largest residual ${Math.max(...nonlinear.map((m) => m.residual)).toExponential(1)}, ${nonlinearSeconds.toFixed(3)} s\n`);
  }
  const stuck = nonlinear?.filter((m) => !m.converged) ?? [];
  if (stuck.length > 0) {
    // As for the harmonic modes: a result short of its tolerance is reported, with exit code 1.
    stderr.write(`modes: warning: the nonlinear modes from ${stuck.map((m) => m.from).join(', ')} stopped above the residual ${NONLINEAR_DEFAULTS.tolerance} (their residuals say how far)\n`);
  }
  if (!result.converged) {
    stderr.write(`modes: warning: not converged to --tol ${v.tol} in ${result.iterations} solves; the residuals above say how far\n`);
    return 1;
  }
  if (atMinimum?.polished === true) {
    stderr.write(`modes: input polished with Newton (largest force component ${atMinimum.maxForceInput.toExponential(2)} → ${atMinimum.maxForce.toExponential(2)} ε/λ)\n`);
    stderr.write(farPolishWarning('modes', atMinimum.polishShift, atMinimum.maxForceInput, read.config));
  }
  if (result.maxForce > NEAR_MINIMUM_FORCE) stderr.write(`modes: warning: max |force| ${result.maxForce.toExponential(2)} ε/λ: not at a minimum; minimize first (softspot minimize) for the modes of the minimum\n`);
  return stuck.length > 0 ? 1 : 0;
});

/** The distinct masses, or their range when there are many (per-atom masses: an atom_style sphere file, a dump's mass column). */
function massSummary(masses: Float64Array): string {
  const distinct = [...new Set(masses)].sort((a, b) => a - b);
  return distinct.length <= 4 ? distinct.join(', ') : `${distinct.length} distinct, ${distinct[0]} … ${distinct.at(-1)}`;
}
