/**
 * How often the intervals over glasses of `softspot tails` contain the true exponent, on
 * synthetic ensembles of known tails: the coverage study behind the note `tails` prints for
 * small ensembles (lib/ensemble/tails.ts FEW_GLASSES_FOR_INTERVALS).
 *
 * - Tail fit (stats.fitTailOverGlasses, x_min given): each glass holds 20 soft spots, each
 *   spot 6 bonds of one Pareto value (α, x_min = 1): values correlated within a glass, as
 *   the bonds of one soft spot are.
 * - Tail fit with x_min chosen by KS, as `softspot tails` does: each glass holds 200 bulk
 *   values U(0, 1) and 20 soft spots of 6 bonds L·u (L Pareto with α, x_min = 1; u = 1 for
 *   the spot's first bond, U(0.2, 1) for the others), an exact power law above 1 over a bulk.
 * - Fréchet fit (stats.fitFrechet): G per-glass maxima drawn from P(M ≤ x) = exp(−x^(−a)).
 *
 * Run: `node --import tsx scripts/interval-coverage.ts [repeats=400]` (the docs quote 400). Seeded: the same
 * numbers every run. Prints the coverage of the 95 % intervals per number of glasses.
 */
import { createRng } from '../lib/random.js';
import { fitFrechet, fitTailOverGlasses } from '../lib/stats/index.js';

const repeats = Number(process.argv[2] ?? 400);
const rng = createRng(20261206);
const uniform = (): number => 1 - rng.uniform(); // (0, 1]

function clusteredGlass(alpha: number, spots = 20, bonds = 6): Float64Array {
  const out = new Float64Array(spots * bonds);
  for (let s = 0; s < spots; s++) out.fill(uniform() ** (-1 / (alpha - 1)), s * bonds, (s + 1) * bonds);
  return out;
}

function coverage(count: number, contains: () => boolean): string {
  let hits = 0;
  for (let r = 0; r < count; r++) if (contains()) hits++;
  return `${hits}/${count} = ${((100 * hits) / count).toFixed(0)} %`;
}

const alpha = 1.625;
process.stdout.write(`tail fit over glasses, α = ${alpha}, x_min = 1, 20 spots × 6 bonds per glass, ${repeats} ensembles each\n`);
for (const glasses of [6, 10, 30, 50]) {
  const c = coverage(repeats, () => {
    const fit = fitTailOverGlasses(Array.from({ length: glasses }, () => clusteredGlass(alpha)), { xmin: 1, bootstrap: 500, seed: rng.uniformInt(1 << 30) });
    return fit.ci[0] <= alpha && alpha <= fit.ci[1];
  });
  process.stdout.write(`  ${String(glasses).padStart(3)} glasses: ${c}\n`);
}
const shape = 0.625; // α = 1 + a = 1.625
process.stdout.write(`Fréchet fit of the per-glass maxima, shape a = ${shape}, ${repeats} ensembles each\n`);
for (const glasses of [6, 20, 50, 100]) {
  const c = coverage(repeats, () => {
    const maxima = Float64Array.from({ length: glasses }, () => (-Math.log(uniform())) ** (-1 / shape));
    const fit = fitFrechet(maxima, { bootstrap: 500, seed: rng.uniformInt(1 << 30) });
    return fit.shapeCi[0] <= shape && shape <= fit.shapeCi[1];
  });
  process.stdout.write(`  ${String(glasses).padStart(3)} glasses: ${c}\n`);
}
// Its own stream, so that the two studies above give the numbers they gave before it was added.
const rngKs = createRng(20261207);
function glassWithBulk(alpha: number, spots = 20, bonds = 6, bulk = 200): Float64Array {
  const out = new Float64Array(bulk + spots * bonds);
  for (let k = 0; k < bulk; k++) out[k] = 1 - rngKs.uniform();
  for (let s = 0; s < spots; s++) {
    const L = (1 - rngKs.uniform()) ** (-1 / (alpha - 1));
    for (let b = 0; b < bonds; b++) out[bulk + s * bonds + b] = L * (b === 0 ? 1 : 0.2 + 0.8 * rngKs.uniform());
  }
  return out;
}
process.stdout.write(`tail fit over glasses, α = ${alpha}, x_min by KS (as softspot tails), 200 bulk values and 20 spots × 6 bonds per glass, ${repeats} ensembles each\n`);
for (const glasses of [6, 10, 30, 50]) {
  let shift = 0;
  const c = coverage(repeats, () => {
    const fit = fitTailOverGlasses(Array.from({ length: glasses }, () => glassWithBulk(alpha)), { bootstrap: 500, seed: rngKs.uniformInt(1 << 30) });
    shift += (fit.alpha - alpha) / repeats;
    return fit.ci[0] <= alpha && alpha <= fit.ci[1];
  });
  process.stdout.write(`  ${String(glasses).padStart(3)} glasses: ${c} (mean α̂ − α = ${shift >= 0 ? '+' : ''}${shift.toFixed(3)})\n`);
}
