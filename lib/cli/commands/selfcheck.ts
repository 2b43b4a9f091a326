/** `softspot selfcheck`: is the native addon installed and working here? (lib/selfcheck.ts) */
import { defineCommand } from '../options.js';
import { sharedOptions } from '../shared-options.js';
import { selfcheck as runChecks } from '../../selfcheck.js';

export const selfcheck = defineCommand({
  name: 'selfcheck',
  summary: 'check the native addon: which binary loaded, CHOLMOD, BLAS, METIS, solvers',
  synopsis: 'selfcheck [--json]',
  description: `Checks the native addon: which binary was loaded, CHOLMOD factorizations and solves with
AMD, METIS and NESDIS orderings (simplicial and supernodal), the selected inverse, and the
iterative solvers, on a 2D Laplacian, that METIS's signal handlers stay on the ordering
thread, and that each thread orders with its own METIS random generator (else the orderings
take turns: the same numbers, less parallel); and it says how many threads OpenBLAS uses
(one unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS says otherwise). Exits 1 when any check
fails.`,
  options: { json: sharedOptions.json('print the report as one JSON object') },
}, async ({ values }, { stdout }) => {
  const report = runChecks();
  const { ok, checks } = report;
  if (values.json) {
    stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    stdout.write([
      `addon      ${report.addon} (${report.prebuilt ? 'prebuilt' : 'built from source'})`,
      `platform   ${report.platform}, Node ${report.node} (N-API ${report.napi})${report.glibc ? `, glibc ${report.glibc}` : ''}`,
      ...checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}       ${c.name}: ${c.detail}`),
      ok ? 'selfcheck: all checks passed' : 'selfcheck: FAILED',
    ].join('\n') + '\n');
  }
  return ok ? 0 : 1;
});
