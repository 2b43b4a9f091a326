/**
 * Is the native addon installed and working here? Names the binary this process loaded
 * (lib/native.ts `addonPath`: a prebuild from prebuilds/ or a source build in build/),
 * then factorizes and solves a small SPD system with every ordering (AMD, METIS, NESDIS)
 * in both factor kinds (simplicial; supernodal, which runs BLAS/LAPACK), compares the
 * selected inverse with solves, runs the iterative solvers (Eigen PCG), and reports
 * whether METIS's signal handlers are kept on the ordering thread
 * (native/core/metis_signals.h). `softspot selfcheck` prints the report.
 */
import { basename, relative } from 'node:path';
import { SparseCholesky, type CscMatrix, type FactorMode, type Ordering } from './sparse-cholesky.js';
import { createLinearSolver, relativeResiduals } from './solvers/index.js';
import { addon, addonPath, PACKAGE_ROOT } from './native.js';

/** The shifted 5-point Laplacian of a k×k grid: SPD, CSC lower triangle, diagonal first. */
function laplacian(k: number): CscMatrix {
  const n = k * k;
  const colPtr = new Int32Array(n + 1);
  const rows: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    colPtr[j] = rows.length;
    rows.push(j);
    values.push(4.01);
    if (j % k !== k - 1) { rows.push(j + 1); values.push(-1); }
    if (j + k < n) { rows.push(j + k); values.push(-1); }
  }
  colPtr[n] = rows.length;
  return { n, colPtr, rowIdx: Int32Array.from(rows), values: Float64Array.from(values) };
}

/** One check: what was checked, whether it passed, and what was measured or went wrong. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

function check(name: string, body: () => string): Check {
  try {
    return { name, ok: true, detail: body() };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

function expectBelow(what: string, value: number, bound: number): string {
  if (!(value <= bound)) throw new Error(`${what} ${value.toExponential(2)} > ${bound.toExponential(0)}`);
  return `${what} ${value.toExponential(2)}`;
}

/** What `selfcheck` found. */
export interface SelfcheckReport {
  /** Every check passed. */
  ok: boolean;
  /** The addon file loaded. */
  addon: string;
  /** Whether it is a prebuild (from prebuilds/) rather than a source build. */
  prebuilt: boolean;
  platform: string;
  node: string;
  napi: string | undefined;
  glibc: string | null;
  checks: Check[];
}

/** Runs every check (about a second); never throws for a failed check. */
export function selfcheck(): SelfcheckReport {
  const path = addonPath();
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;

  const A = laplacian(24);
  const b = new Float64Array(A.n).map((_, i) => Math.sin(i + 1));
  const checks: Check[] = [];
  for (const mode of ['simplicial', 'supernodal'] as FactorMode[]) {
    for (const ordering of ['amd', 'metis', 'nesdis'] as Ordering[]) {
      checks.push(check(`cholmod ${mode} ${ordering}`, () => {
        const factor = SparseCholesky.analyze({ n: A.n, colPtr: A.colPtr, rowIdx: A.rowIdx }, { ordering, mode });
        try {
          factor.factorize(A.values);
          if (factor.mode !== mode) throw new Error(`factor kind ${factor.mode}, asked for ${mode}`);
          if (factor.ordering !== ordering) throw new Error(`ordering ${factor.ordering}, asked for ${ordering}`);
          const x = factor.solve(b);
          const residual = relativeResiduals(A, x, b)[0];
          const inverse = factor.selectedInverse();
          const e0 = new Float64Array(A.n);
          e0[0] = 1;
          const column0 = factor.solve(e0);
          const inverseError = Math.abs(inverse[0] - column0[0]) / Math.abs(column0[0]);
          return `${expectBelow('residual', residual, 1e-12)}, ${expectBelow('selected inverse vs solve', inverseError, 1e-10)}, nnz(L) ${factor.nnzL}`;
        } finally {
          factor.dispose();
        }
      }));
    }
  }
  for (const solver of ['pcg-jacobi', 'pcg-ichol'] as const) {
    checks.push(check(`iterative ${solver}`, () => {
      const s = createLinearSolver(A, { solver, tol: 1e-10 });
      try {
        s.update(A.values);
        const x = s.solve(b);
        return `${expectBelow('residual', relativeResiduals(A, x, b)[0], 1e-9)}, ${s.lastSolve?.iterations[0]} iterations`;
      } finally {
        s.dispose();
      }
    }));
  }
  // Where the addon can redirect METIS's imports (native/core/metis_imports.h).
  const elf = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');
  const redirected = (r: { objects: string[]; entries: number }): string => `${r.objects.map((o) => basename(o)).join(', ')}: ${r.entries} imports`;
  checks.push(check('metis signals', () => {
    const r = addon.metisSignals();
    if (r.confined) return `kept on the ordering thread (${redirected(r)})`;
    if (elf) {
      throw new Error(`not confined (${r.note}): a SIGTERM while METIS orders can crash the process`);
    }
    return `process-wide on this platform (${r.note})`;
  }));
  checks.push(check('blas threads', () => {
    // Informational: more than one is the user's choice (OPENBLAS_NUM_THREADS), not a fault.
    const r = addon.blasThreads();
    return r.openblas ? `OpenBLAS, ${r.threads} thread${r.threads === 1 ? '' : 's'}: ${r.action}` : r.action;
  }));
  checks.push(check('cholmod openmp', () => {
    // Informational: a team inside CHOLMOD is slower, not wrong (the loops only move numbers).
    const r = addon.cholmodOpenMp();
    if (r.serial) return r.objects.length > 0 ? `one thread (${redirected(r)})` : `one thread (${r.note})`;
    return `as built: ${r.note}`;
  }));
  checks.push(check('metis random', () => {
    // Not confined is slower, not wrong: the orderings are then serialized.
    const r = addon.metisRandom();
    if (r.confined) return `one generator per thread (${redirected(r)})`;
    if (elf && header?.glibcVersionRuntime && process.env.SOFTSPOT_METIS_RANDOM !== 'process') {
      throw new Error(`not confined (${r.note}): worker threads wait for each other's orderings`);
    }
    return `process-wide (${r.note})`;
  }));

  return {
    ok: checks.every((c) => c.ok),
    addon: path,
    prebuilt: relative(PACKAGE_ROOT, path).startsWith('prebuilds'),
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    napi: process.versions.napi,
    glibc: header?.glibcVersionRuntime ?? null,
    checks,
  };
}
