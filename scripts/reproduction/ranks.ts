import { predictability } from '../../lib/stats/index.js';
import { sd } from './tails.js';

/** Mean event rank λ (with its standard error) and C(0.1) (with its binomial standard error) of a set of events. */
export interface Rank { meanLambda: number; meanLambdaSe: number; c01: number; c01Se: number; n: number }

export function rank(lambdas: Float64Array): Rank {
  const p = predictability(lambdas, { grid: Float64Array.of(0.1) });
  return {
    meanLambda: p.meanLambda, meanLambdaSe: sd(lambdas) / Math.sqrt(lambdas.length),
    c01: p.c01, c01Se: Math.sqrt((p.c01 * (1 - p.c01)) / lambdas.length), n: lambdas.length,
  };
}

/** Per event: does predictor a rank it better (smaller λ) than predictor b? */
export function paired(a: Float64Array, b: Float64Array): { better: number; worse: number; tied: number } {
  let better = 0, worse = 0, tied = 0;
  for (let k = 0; k < a.length; k++) { if (a[k] < b[k]) better++; else if (a[k] > b[k]) worse++; else tied++; }
  return { better, worse, tied };
}

/**
 * Two-sided exact sign test: the probability, for a fair coin over better + worse events
 * (ties dropped), of a split at least as uneven as the one seen.
 */
export function signTest(better: number, worse: number): number {
  const n = better + worse, k = Math.max(better, worse);
  if (n === 0) return 1;
  const logChoose = (m: number, j: number) => lgamma(m + 1) - lgamma(j + 1) - lgamma(m - j + 1);
  let tail = 0;
  for (let j = k; j <= n; j++) tail += Math.exp(logChoose(n, j) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error ≈ 1e-15). */
function lgamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
