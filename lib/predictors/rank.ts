/**
 * Where an event's bin ranks under one indicator field of one glass (docs/predictors.md "Metrics"), on the binning of lib/stats (grid.ts, predictability.ts):
 * field values averaged per bin of size ≈ ξ over the undeformed cell (bond fields at the
 * interaction midpoints, particle fields at the particle positions), then the periodic 3×3
 * neighbour average V_b over the non-empty bins (an empty bin has no value: counted as 0 it
 * ranked "no data" above the real bins of a negative or signed field, a particle's energy
 * or a coordination deficit, at small ξ). For the event's bin e among the B bins:
 *
 *     higher_e = #{b : V_b > V_e},   ties_e = #{b ≠ e : V_b = V_e},   lower_e = #{b : V_b < V_e}
 *     λ_e      = higher_e / B                                  (lib/stats eventRanks; 0 ≤ λ < 1)
 *     AUC_e    = (lower_e + ½ ties_e) / (B − 1)
 *
 * AUC_e is the area under the ROC curve of the classifier "bin b hosts the event" scored
 * by V_b, for this one positive (e) against the B − 1 negatives: the fraction of
 * (event bin, other bin) pairs the field orders correctly, ties counting ½. AUC = 1:
 * the event's bin is strictly the highest; ½: no information; 0: strictly the lowest.
 * Unlike λ, which counts ties in the event's favour (a constant field gives λ = 0),
 * AUC gives a constant field ½; `ties` says when λ flatters a field.
 *
 * A 3D glass (3×3 cell, points and events with three coordinates) is binned on the cubic
 * grid of lib/stats/grid-nd.ts and V_b averages each bin with its 26 neighbours (3×3×3).
 *
 * The 3×3 (3×3×3) average needs at least 4 bins along each cell vector: with 3 every bin of a row
 * averages the whole row (all V_b equal up to rounding, so the ranks are rounding noise),
 * with 2 it weighs the other bin twice its own (the order reverses). rankField refuses
 * such a ξ (lib/stats rankEvents does not check).
 */
import { tieWidth } from '../stats/ties.js';
import { binIndices, binOf, neighbourAverage } from '../stats/grid.js';
import { binIndicesNd, binMeans, binOfNd, largestBinSize, neighbourAverageNd } from '../stats/grid-nd.js';
import { expectAllFinite, expectFloat64Array, expectLength } from '../validate.js';
import { ArgumentRangeError } from '../errors.js';

/** Per event (length E each). */
export interface FieldRanks {
  /** λ_e = higher_e / B. */
  lambda: Float64Array;
  /** AUC_e = (lower_e + ½ ties_e) / (B − 1). */
  auc: Float64Array;
  higher: Int32Array;
  lower: Int32Array;
  ties: Int32Array;
  /** Number of bins B. */
  bins: number;
}

/**
 * λ, AUC and the counts behind them for each event.
 * @param cell undeformed cell h, row-major, 2×2 or 3×3 (the dimension d)
 * @param points where the field's values sit, d coordinates interleaved: interaction
 *   midpoints (dM) for a bond field, particle positions (dN) for a particle field
 * @param field values, length points.length / d (larger predicts the event)
 * @param events event positions in the undeformed glass, d coordinates interleaved (dE)
 * @param xi bin size ξ (λ, default 5)
 * @throws RangeError for mismatched lengths, or fewer than 4 bins along a cell vector at this ξ
 */
export function rankField(cell: Float64Array, points: Float64Array, field: Float64Array, events: Float64Array, xi = 5): FieldRanks {
  const d = cell instanceof Float64Array && cell.length === 9 ? 3 : 2;
  expectFloat64Array('points', points);
  if (points.length % d !== 0) throw new ArgumentRangeError(`points: expected ${d} coordinates per point for a ${d}D cell, got length ${points.length}`);
  expectFloat64Array('field', field);
  expectLength('field', field, points.length / d);
  expectFloat64Array('events', events);
  if (events.length % d !== 0) throw new ArgumentRangeError(`events: expected ${d} coordinates per event for a ${d}D cell, got length ${events.length}`);
  expectAllFinite('events', events);
  const count = events.length / d;
  const eventBins = new Int32Array(count);
  let V: Float64Array;
  if (d === 2) {
    // The grid's inverse comes with the bins: the cell is reduced once.
    const { nx, ny, index, inv } = binIndices(cell, points, xi);
    if (nx < 4 || ny < 4) {
      throw tooFewBins(cell, xi, [nx, ny], '3×3');
    }
    const binned = binMeans(index, nx * ny, field);
    V = neighbourAverage(binned.mean, nx, ny, undefined, binned.count);
    for (let k = 0; k < count; k++) eventBins[k] = binOf(inv, nx, ny, events[2 * k], events[2 * k + 1]);
  } else {
    // The cubic grid of lib/stats/grid-nd.ts, 3×3×3 neighbour average.
    const { shape, index, inv } = binIndicesNd(cell, points, xi);
    if (shape.some((n) => n < 4)) {
      throw tooFewBins(cell, xi, shape, '3×3×3');
    }
    const binned = binMeans(index, shape.reduce((p, n) => p * n, 1), field);
    V = neighbourAverageNd(binned.mean, shape, undefined, binned.count);
    for (let k = 0; k < count; k++) eventBins[k] = binOfNd(inv, shape, events, 3 * k);
  }
  return ranksOfBins(V, eventBins);
}

/** The counts, λ (lib/stats eventRanks' higher / B) and AUC of the event bins on the smoothed grid V (B = V.length bins). */
function ranksOfBins(V: Float64Array, eventBins: Int32Array): FieldRanks {
  const bins = V.length, count = eventBins.length;
  const lambda = new Float64Array(count), auc = new Float64Array(count);
  const higher = new Int32Array(count), lower = new Int32Array(count), ties = new Int32Array(count);
  // Values within a tie's width are one value (round-off of the averages: lib/stats/ties.ts).
  const width = tieWidth(V);
  for (let k = 0; k < count; k++) {
    const v = V[eventBins[k]]!;
    let h = 0, l = 0;
    for (let b = 0; b < bins; b++) {
      if (V[b]! > v + width) h++;
      else if (V[b]! < v - width) l++;
    }
    higher[k] = h;
    lower[k] = l;
    ties[k] = bins - 1 - h - l;
    lambda[k] = h / bins;
    auc[k] = (l + ties[k] / 2) / (bins - 1);
  }
  return { lambda, auc, higher, lower, ties, bins };
}

/** The refusal of a ξ leaving fewer than 4 bins along a cell vector, naming the largest that fits (ξ ≤ L/3.5 to 0.1, as softspot figures advises). */
function tooFewBins(cell: Float64Array, xi: number, shape: readonly number[], block: string): ArgumentRangeError {
  return new ArgumentRangeError(`xi: expected a bin size giving at least 4 bins along each cell vector (the ${block} neighbour average is degenerate below), ` +
    `got ξ = ${xi}: ${shape.join(' × ')} bins; use ξ ≤ ${Math.floor(10 * largestBinSize(cell, 4)) / 10} (as softspot figures advises) or a larger glass`);
}
