/**
 * Ordinary least squares line through points (x_k, y_k):
 *
 *     b̂ = Σ_k (x_k − x̄)(y_k − ȳ) / Σ_k (x_k − x̄)²,   â = ȳ − b̂ x̄.
 *
 * Centred sums (not Σxy − n x̄ȳ), so that the slope keeps its digits when the x_k are
 * large and close together (ln N, ln ω). NaN when every x_k is equal.
 */

/** [slope, intercept] of the OLS line of y on x (same length ≥ 1). Unchecked: callers validate. */
export function olsLine(x: ArrayLike<number>, y: ArrayLike<number>): [number, number] {
  const n = x.length;
  let mx = 0, my = 0;
  for (let k = 0; k < n; k++) {
    mx += x[k];
    my += y[k];
  }
  mx /= n;
  my /= n;
  let sxy = 0, sxx = 0;
  for (let k = 0; k < n; k++) {
    sxy += (x[k] - mx) * (y[k] - my);
    sxx += (x[k] - mx) ** 2;
  }
  const b = sxy / sxx;
  return [b, my - b * mx];
}
