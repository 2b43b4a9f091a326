/** `softspot validate config.xyz`: the paper's Fig. S1 check of dc/dγ by finite differences. */
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { numberOption, onePositional } from '../options.js';
import { formatNumber, readXyzFile, writeFileAtomic } from '../../io/index.js';
import { validateResponse } from '../../lhc/index.js';
import type { ShearMode } from '../../space/index.js';
import { UsageError } from '../command.js';

const usage = `Usage: softspot validate <config.xyz> [options]

The paper's numerical validation (Supplemental Fig. S1): deform affinely by Δγ,
re-minimize (Newton), recompute c_α, and compare Δc/Δγ with the analytic dc/dγ through
Err = 100·|dc/dγ − Δc/Δγ| / min(|dc/dγ|, |Δc/Δγ|) (percent). Prints the median, 90th and
99th percentiles and the fraction of interactions below 1e-2 % for each shear mode.

Options:
  --dgamma X        strain step Δγ (default 1e-5, the paper's)
  --mode LIST       simple, pure or simple,pure (default)
  --central         central differences instead of the paper's forward difference
  --out FILE        also write mode,i,j,dcdg,fd,err per interaction (CSV)
  --json            print the summary as JSON
`;

export const validate: Command = {
  name: 'validate',
  summary: "check dc/dγ against finite differences (the paper's Fig. S1)",
  usage,
  async run(args, { stdout }) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        dgamma: { type: 'string' },
        mode: { type: 'string' },
        central: { type: 'boolean' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const path = onePositional(positionals, 'configuration file (.xyz)');
    const dgamma = numberOption('dgamma', values.dgamma, 1e-5, (x) => x > 0 && x < 0.1, 'a number in (0, 0.1)');
    const modes = (values.mode ?? 'simple,pure').split(',').map((m) => m.trim()) as ShearMode[];
    for (const m of modes) if (m !== 'simple' && m !== 'pure') throw new UsageError(`--mode: expected simple and/or pure, got "${m}"`);
    const config = await readXyzFile(path);
    const result = validateResponse(config, { dgamma, modes, central: values.central });
    const summary = Object.fromEntries(Object.entries(result.modes).map(([mode, v]) => [mode, {
      interactions: v!.count, dropped: v!.dropped, median: v!.median, p90: v!.p90, p99: v!.p99, fractionBelow1em2: v!.fractionBelow1em2,
    }]));
    if (values.out) {
      const lines = ['mode,i,j,dcdg,fd,err_percent'];
      for (const [mode, v] of Object.entries(result.modes)) {
        for (let a = 0; a < v!.count; a++) {
          lines.push(`${mode},${v!.i[a]},${v!.j[a]},${formatNumber(v!.analytic[a])},${formatNumber(v!.finiteDifference[a])},${formatNumber(v!.err[a])}`);
        }
      }
      await writeFileAtomic(values.out, lines.join('\n') + '\n');
    }
    if (values.json) {
      stdout.write(JSON.stringify({ file: path, dgamma, central: result.central, modes: summary }, null, 2) + '\n');
      return 0;
    }
    stdout.write(`Err = 100·|dc/dγ − Δc/Δγ| / min(|·|, |·|) in percent, Δγ = ${dgamma} (${result.central ? 'central' : 'forward'} differences)\n`);
    stdout.write('mode     interactions  median      90th        99th        fraction < 1e-2 %\n');
    for (const [mode, s] of Object.entries(summary)) {
      stdout.write(`${mode.padEnd(8)} ${String(s.interactions).padStart(12)}  ${s.median.toExponential(2).padEnd(10)}  ${s.p90.toExponential(2).padEnd(10)}  ${s.p99.toExponential(2).padEnd(10)}  ${(100 * s.fractionBelow1em2).toFixed(2)} %\n`);
    }
    return 0;
  },
};
