/** `softspot minimize in.xyz --out out.xyz`: conjugate gradient, then Newton polishing. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UsageError } from '../command.js';
import { numberOption, integerOption, onePositional } from '../options.js';
import { readXyzFile, writeXyzFile } from '../../io/index.js';
import { DEFAULT_MODEL } from '../../model/index.js';
import { minimizeGlass } from '../../minimize/glass.js';
import { newtonPolish } from '../../minimize/newton.js';
import { SOLVER_NAMES } from '../../solvers/index.js';
import { expectOneOf } from '../../validate.js';

const usage = `Usage: softspot minimize <in.xyz> --out <out.xyz> [options]

Minimizes the energy: Polak–Ribière conjugate gradient to --tol, then Newton steps with
the sparse Hessian to the double-precision floor of the forces (~1e-12 for small N).

Options:
  --out FILE        output configuration (extended XYZ), written atomically (required)
  --tol X           CG tolerance on max |force| before Newton (default 1e-8)
  --max-iter N      CG iteration cap (default 100000)
  --no-newton       stop after CG
  --solver NAME     linear solver of the Newton steps: cholmod (default), cholmod-{llt,ldlt}-
                    {amd,metis,nesdis}, cg, pcg-jacobi, pcg-ichol
  --solver-tol X    relative tolerance of an iterative --solver (default 1e-10)
  --quiet           no progress on stderr
`;

export const minimize: Command = {
  name: 'minimize',
  summary: 'minimize a configuration (CG, then Newton to the force floor)',
  usage,
  async run(args, { stderr }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        tol: { type: 'string' },
        'max-iter': { type: 'string' },
        'no-newton': { type: 'boolean' },
        solver: { type: 'string' },
        'solver-tol': { type: 'string' },
        quiet: { type: 'boolean' },
      },
    });
    const input = onePositional(positionals, 'configuration file (.xyz)');
    if (!values.out) throw new UsageError('--out is required');
    const tol = numberOption('tol', values.tol, 1e-8, (x) => x > 0, 'a positive number');
    const maxIter = integerOption('max-iter', values['max-iter'], 100000, 1);
    const solver = expectOneOf('--solver', values.solver ?? 'cholmod', SOLVER_NAMES);
    const solverTol = numberOption('solver-tol', values['solver-tol'], 1e-10, (x) => x > 0, 'a positive number');
    const config = await readXyzFile(input);
    const t0 = performance.now();
    const result = minimizeGlass(config, {
      model: DEFAULT_MODEL,
      cgTolerance: tol,
      maxIter,
      newton: false,
      onProgress: values.quiet ? undefined : (p) => {
        if (p.iteration % 200 === 0) stderr.write(`cg iteration ${p.iteration}: E/N = ${(p.energy / config.n).toFixed(12)}, max |F| = ${p.maxForce.toExponential(2)}\n`);
      },
    });
    if (!values['no-newton']) {
      // Newton polishing here rather than inside minimizeGlass, with the chosen solver.
      const polished = newtonPolish(result.config, { model: DEFAULT_MODEL, solver, solverTol });
      Object.assign(result, {
        config: polished.config, energy: polished.energy, maxForce: polished.maxForce, newtonIterations: polished.iterations,
        converged: result.converged || polished.maxForce <= tol,
      });
    }
    const out = result.config;
    out.info = { ...(config.info ?? {}), energy: result.energy, fmax: result.maxForce };
    await writeXyzFile(values.out, out);
    if (!values.quiet) {
      stderr.write(`minimized ${config.n} particles: E/N = ${(result.energy / config.n).toPrecision(15)}, max |force| = ${result.maxForce.toExponential(3)}, ` +
        `${result.cgIterations} CG iterations, ${result.newtonIterations} Newton steps, ${((performance.now() - t0) / 1000).toFixed(2)} s → ${values.out}\n`);
    }
    return result.converged ? 0 : 1;
  },
};
