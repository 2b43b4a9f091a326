/**
 * `softspot minimize in.xyz --out out.xyz` (or out.data): conjugate gradient, then Newton polishing; a 3D
 * glass (docs/design.md §10) and a 2D poly glass by conjugate gradient on the d-generic kernel
 * (lib/nd/minimize.ts), then Newton on lib/nd (newtonPolishNd).
 */
import { defineCommand } from '../options.js';
import { GLASS_INPUT_OPTIONS, GLASS_POSITIONAL, sharedOptions } from '../shared-options.js';
import { onGlass, readInputGlassWithIds } from '../input.js';
import { checkInPlaceKeeps, checkOutputGlassCell, checkOutputGlassMasses, checkOutputGlassPath, checkOutputPaths, writeOutputGlass } from '../output.js';
import { minimizeGlassNd } from '../../nd/minimize.js';
import { modelOfConfiguration } from '../../model/index.js';
import { isNdGlass, lawOfConfiguration } from '../../nd/law.js';
import { findPairsNd } from '../../nd/pairs.js';
import { MINIMIZE_DEFAULTS, minimizeGlass } from '../../md/minimize-glass.js';
import { newtonPolish } from '../../minimize/newton.js';
import { newtonPolishNd } from '../../nd/newton.js';
import { infoWithout } from '../../config.js';
import { UnstableConfigurationError } from '../../errors.js';
import { errorMessage } from '../errors.js';
import { findPairs } from '../../hessian/index.js';
import { isolatedParticles, isolatedParticlesMessage, type IsolatedParticles } from '../../hessian/isolated.js';

export const minimize = defineCommand({
  name: 'minimize',
  summary: 'minimize a configuration (CG, then Newton to the force floor)',
  synopsis: 'minimize <in.xyz> --out <out.xyz> [options]',
  description: `Minimizes the energy: Polak–Ribière conjugate gradient to --tol, then Newton steps with
the sparse Hessian to the double-precision floor of the forces (~1e-12 for small N).
A 3D glass (ipl3d, ka, poly --dim 3) and a 2D poly glass are minimized on the d-generic
kernel, CG then Newton with CHOLMOD (--solver and --solver-tol do not apply to them: a note
says so). In 3D Newton costs a few factorizations of a Hessian that fills much (KA N = 2000:
5 s and 0.3 GB; N = 8000: 35 s and 1.4 GB, against 0.1 s of CG); --no-newton skips it, and
a polish that fails (out of memory) still writes the CG result. A glass at the force floor
is analysed by lhc, modes, validate and map as it is; one above 1e-9 (softspot prepare's
3D and poly glasses stop CG at 1e-8) is polished by each of them again. max |force| is the
largest force component, as everywhere in softspot. --out may be the input file itself
when it holds only what is written back (the glass, its ids and its masses); a LAMMPS
write_data file (Pair Coeffs, Velocities), extra XYZ columns, OVITO's Origin=, several
frames or a GSD file are refused in place, naming what would be lost: write another file.`,
  positional: GLASS_POSITIONAL,
  options: {
    ...GLASS_INPUT_OPTIONS,
    out: sharedOptions.out('output configuration, written atomically: extended XYZ, a LAMMPS data file (.data, .lmp, .lammps) or a GSD file (.gsd)'),
    tol: { kind: 'number', arg: 'X', rule: { min: 0, exclusiveMin: true }, default: MINIMIZE_DEFAULTS.cgTolerance, help: 'CG tolerance on max |force| before Newton; the exit status is 1 when the final max |force| is above it' },
    'max-iter': { kind: 'number', arg: 'N', rule: { integer: true, min: 1 }, default: MINIMIZE_DEFAULTS.maxIter, help: 'CG iteration cap' },
    'no-newton': { kind: 'flag', help: 'stop after CG' },
    solver: { ...sharedOptions.solver('linear solver of the Newton steps'), default: 'cholmod' },
    'solver-tol': sharedOptions.solverTol(),
    quiet: sharedOptions.quiet(),
  },
}, async ({ values, input, given }, { stderr }) => {
  const { tol, solver } = values;
  const maxIter = values['max-iter'];
  const solverTol = values['solver-tol'];
  checkOutputGlassPath(values.out, 'out');
  // minimize in.xyz --out in.xyz writes the same kind of file in place
  checkOutputPaths([input, values.model], { out: values.out }, { inPlace: true });
  const { config, ids, masses, frame, format } = await readInputGlassWithIds(input, values, 'minimize', [2, 3], values.quiet ? undefined : (line) => stderr.write(line));
  // In place: only a file of what is written back (before any work).
  await checkInPlaceKeeps(input, values.out, { format, frames: frame?.count ?? 1, config, ...(ids !== undefined ? { ids } : {}) });
  checkOutputGlassMasses(values.out, 'out', config, masses);
  checkOutputGlassCell(values.out, 'out', config);
  // Of a LAMMPS file the atom ids go along (the XYZ column id, OVITO's Particle Identifier), and into a data file its masses.
  const extra = { ...(ids !== undefined ? { ids } : {}), ...(masses !== undefined ? { masses } : {}) };
  const t0 = performance.now();
  const progress = values.quiet ? undefined : (p: { iteration: number; energy: number; maxForce: number }): void => {
    if (p.iteration % 200 === 0) stderr.write(`cg iteration ${p.iteration}: E/N = ${(p.energy / config.n).toFixed(12)}, max |F| = ${p.maxForce.toExponential(2)}\n`);
  };
  // The input's lambda_min (if it has one) is not the minimum's: dropped, not computed here;
  // the counts of the minimization that made the input (prepare's) are replaced by this one's.
  // ASE's calculator results (stress, free_energy, …) are of the input's state too (infoWithout drops them); gamma stays (the cell does).
  const info = infoWithout(config.info, ['lambda_min', 'e_cg', 'cg_iterations', 'newton_iterations', 'fire_iterations']);
  if (isNdGlass(config)) {
    const solverOptions = (['solver', 'solver-tol'] as const).filter((o) => given.has(o));
    if (solverOptions.length > 0) {
      stderr.write(`minimize: note: ${solverOptions.map((o) => `--${o}`).join(', ')} ${solverOptions.length > 1 ? 'apply' : 'applies'} to the 2D kernels' Newton steps; ` +
        `a ${config.dim === 3 ? '3D' : `2D ${config.model}`} glass takes its Newton steps with CHOLMOD: ignored\n`);
    }
    // What the library finds wrong with the glass itself (a cell too small for its cutoff) names the file, exit 2.
    const nd = await onGlass(input, () => minimizeGlassNd(config, { cgTolerance: tol, maxIter, onProgress: progress }));
    const law = lawOfConfiguration(nd.config);
    // A rattler (or other length units) leaves the Hessian singular at any minimum: said here,
    // as the 2D kernels' Newton says it, not first by lhc, modes or aqs refusing the file.
    const pairs = findPairsNd(nd.config, law);
    const isolated = isolatedParticles(pairs.i, pairs.j, pairs.count, nd.config.n);
    // A CG result within --tol stays a success when the polish fails otherwise (out of memory): Newton only polishes it.
    const attempt = values['no-newton'] || isolated !== undefined ? {} : tryPolish(() => newtonPolishNd(nd.config, law));
    const { polished } = attempt;
    const c = polished?.config ?? nd.config, energy = polished?.energy ?? nd.energy, maxForce = polished?.maxForce ?? nd.maxForce;
    const newtonIterations = polished?.iterations ?? 0;
    const converged = isolated === undefined && attempt.unstable === undefined && (nd.converged || maxForce <= tol);
    await writeOutputGlass(values.out, {
      ...c, info: { ...info, energy, fmax: maxForce, cg_iterations: nd.cgIterations, newton_iterations: newtonIterations },
    }, extra);
    if (!values.quiet) {
      stderr.write(`${outcomeWord(converged, maxForce, tol)} ${config.n} particles (${c.dim ?? 2}D, ${c.model}): E/N = ${(energy / config.n).toPrecision(15)}, max |force| = ${maxForce.toExponential(3)}, ` +
        `${nd.cgIterations} CG iterations, ${newtonIterations} Newton steps, ${((performance.now() - t0) / 1000).toFixed(2)} s → ${values.out}\n`);
    }
    stderr.write(closingLine({
      cgIterations: nd.cgIterations, maxForce, tol, cgConverged: nd.converged, converged, maxIter, newton: !values['no-newton'], isolated, ...attempt, out: values.out,
    }));
    return converged ? 0 : 1;
  }
  const model = modelOfConfiguration(config);
  const result = await onGlass(input, () => minimizeGlass(config, {
    model,
    cgTolerance: tol,
    maxIter,
    newton: false,
    onProgress: progress,
  }));
  const cgConverged = result.converged;
  // Newton polishing here rather than inside minimizeGlass, with the chosen solver.
  const attempt = values['no-newton'] ? {} : tryPolish(() => newtonPolish(result.config, { model, solver, solverTol }));
  const { polished } = attempt;
  if (polished !== undefined) {
    Object.assign(result, {
      config: polished.config, energy: polished.energy, maxForce: polished.maxForce, newtonIterations: polished.iterations,
      converged: result.converged || polished.maxForce <= tol,
    });
  }
  // A rattler, or other units than the model's: no minimization will make the Hessian regular.
  // Looked for whatever the polish said: a glass of non-interacting particles has zero force,
  // so Newton takes no step and meets no Hessian (it exited 0, and lhc then refused the file).
  const pairs = findPairs(result.config, model);
  const isolated = isolatedParticles(pairs.i, pairs.j, pairs.count, result.config.n);
  if (attempt.unstable !== undefined || isolated !== undefined) result.converged = false;
  const out = result.config;
  out.info = { ...info, energy: result.energy, fmax: result.maxForce, cg_iterations: result.cgIterations, newton_iterations: result.newtonIterations };
  if (config.model !== undefined) out.model = config.model;
  await writeOutputGlass(values.out, out, extra);
  if (!values.quiet) {
    stderr.write(`${outcomeWord(result.converged, result.maxForce, tol)} ${config.n} particles: E/N = ${(result.energy / config.n).toPrecision(15)}, max |force| = ${result.maxForce.toExponential(3)}, ` +
      `${result.cgIterations} CG iterations, ${result.newtonIterations} Newton steps, ${((performance.now() - t0) / 1000).toFixed(2)} s → ${values.out}\n`);
  }
  stderr.write(closingLine({
    cgIterations: result.cgIterations, maxForce: result.maxForce, tol, cgConverged, converged: result.converged, maxIter, newton: !values['no-newton'], isolated, ...attempt, out: values.out,
  }));
  return result.converged ? 0 : 1;
});

/** Newton's polish after CG: its result, or why it failed (a Hessian that is not positive definite: `unstable`; anything else, out of memory: `failure`). */
function tryPolish<T>(polish: () => T): { polished?: T; unstable?: UnstableConfigurationError; failure?: unknown } {
  try {
    return { polished: polish() };
  } catch (error) {
    return error instanceof UnstableConfigurationError ? { unstable: error } : { failure: error };
  }
}

/**
 * The line minimize ends with after writing its result, said also under --quiet: a rattler,
 * a polish that met an unstable Hessian or failed otherwise, or not converged; '' when none.
 */
function closingLine(o: {
  cgIterations: number; maxForce: number; tol: number; cgConverged: boolean; converged: boolean; maxIter: number; newton: boolean;
  isolated?: IsolatedParticles; unstable?: UnstableConfigurationError; failure?: unknown; out: string;
}): string {
  if (o.isolated !== undefined) return rattlerLine(o.cgIterations, o.isolated, o.out);
  if (o.unstable !== undefined) return unstableLine(o.cgIterations, o.maxForce, o.tol, o.cgConverged, o.maxIter, o.unstable.particle, o.out);
  if (o.failure !== undefined) return newtonFailedLine(o.cgIterations, o.maxForce, o.tol, o.failure, o.out);
  return o.converged ? '' : notConverged(o.maxForce, o.tol, o.cgIterations, o.maxIter, o.newton, o.out);
}

/**
 * What minimize says when Newton's polish failed otherwise (the factorization ran out of
 * memory, …): the CG result is written; a warning when it is within --tol (exit 0), else
 * the reason of exit 1.
 */
function newtonFailedLine(cgIterations: number, maxForce: number, tol: number, error: unknown, out: string): string {
  const within = maxForce <= tol;
  return `softspot minimize: ${within ? 'warning: ' : ''}Newton's polish after ${cgIterations} CG iterations failed: ${errorMessage(error)}; ` +
    `the CG result (max |force| ${maxForce.toExponential(3)} ${within ? '≤' : '>'} --tol ${tol}) is written to ${out}; --no-newton keeps the CG result without trying the polish\n`;
}

/** Why minimize exits 1 when Newton's polish met a Hessian that is not positive definite (first failing pivot at `particle`), said also under --quiet. */
function unstableLine(cgIterations: number, maxForce: number, tol: number, cgConverged: boolean, maxIter: number, particle: number, out: string): string {
  if (!cgConverged) {
    // CG stopped short of --tol (at its cap, or without descent), and Newton could not start from there.
    const capped = cgIterations >= maxIter;
    return `softspot minimize: not converged: CG stopped at max |force| ${maxForce.toExponential(3)} > --tol ${tol} after ${cgIterations} iterations ` +
      `(${capped ? `the cap, --max-iter ${maxIter}` : 'no further descent'}), and Newton's polish from there met a Hessian that is not positive definite (first failing pivot at particle ${particle}); ` +
      `the configuration reached is written to ${out}; ${capped ? 'minimize it again with a larger --max-iter' : 'minimize it again (from the written configuration)'}\n`;
  }
  return `softspot minimize: not a minimum: after ${cgIterations} CG iterations to max |force| ${maxForce.toExponential(3)} ≤ --tol ${tol}, ` +
    `Newton's polish met a Hessian that is not positive definite (first failing pivot at particle ${particle}): the CG result is not near ` +
    `a stable minimum (--tol too loose, or a saddle); it is written to ${out}; minimize it again with a smaller --tol, or keep it with --no-newton\n`;
}

/**
 * Why minimize exits 1, said also under --quiet: max |force| stayed above --tol. After
 * Newton's polish that is the round-off floor of the forces (≈ 1e-12 for small N), which a
 * --tol below it cannot meet.
 */
function notConverged(maxForce: number, tol: number, cgIterations: number, maxIter: number, newton: boolean, out: string): string {
  return `softspot minimize: not converged: max |force| ${maxForce.toExponential(3)} > --tol ${tol} after ${cgIterations} CG iterations` +
    `${cgIterations >= maxIter ? ` (the cap, --max-iter ${maxIter})` : ''}${newton ? ' and Newton\'s polish, which stops at the round-off floor of the forces (a --tol below it cannot be met)' : ''}; ` +
    `the configuration reached is written to ${out}\n`;
}

/** Why minimize exits 1 with a glass whose particles lack neighbours (a rattler, other units): no minimizer makes its Hessian regular. */
function rattlerLine(cgIterations: number, isolated: IsolatedParticles, out: string): string {
  return `softspot minimize: not a stable minimum after ${cgIterations} CG iterations: ${isolatedParticlesMessage(isolated)}; the CG result is written to ${out}\n`;
}

/** The first words of the summary line: a force within --tol that is still not a success is a Hessian that is not positive definite (the closing line says why), not a stop short of --tol. */
function outcomeWord(converged: boolean, maxForce: number, tol: number): string {
  return converged ? 'minimized' : maxForce <= tol ? 'not a stable minimum:' : 'stopped short of --tol:';
}
