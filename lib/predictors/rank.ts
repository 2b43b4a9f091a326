/**
 * Where an event's bin ranks under one indicator field of one glass (issue 20;
 * docs/predictors.md "Metrics"), on the binning of lib/stats (grid.ts, predictability.ts):
 * field values averaged per bin of size ≈ ξ over the undeformed cell (bond fields at the
 * interaction midpoints, particle fields at the particle positions), then the periodic 3×3
 * neighbour average V_b. For the event's bin e among the B bins:
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
import { binField, binOf, checkedGridInverse, neighbourAverage } from '../stats/grid.js';
import { eventRanks } from '../stats/predictability.js';
import { binFieldNd, binOfNd, gridCell, neighbourAverageNd } from '../stats/grid-nd.js';
import { inverse } from '../nd/cell.js';
import { expectAllFinite, expectEvenLength, expectFloat64Array, expectLength } from '../validate.js';

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
  if (cell instanceof Float64Array && cell.length === 9) return rankField3d(cell, points, field, events, xi);
  expectFloat64Array('points', points);
  expectEvenLength('points', points);
  expectFloat64Array('field', field);
  expectLength('field', field, points.length / 2);
  const binned = binField(cell, points, field, xi);
  const { nx, ny } = binned;
  const bins = nx * ny;
  if (nx < 4 || ny < 4) {
    throw new RangeError(`xi: expected a bin size giving at least 4 bins along each cell vector (the 3×3 neighbour average is degenerate below), got ξ = ${xi}: ${nx} × ${ny} bins; use a smaller ξ or a larger glass`);
  }
  const V = neighbourAverage(binned.mean, nx, ny);
  const lambda = eventRanks(cell, V, nx, ny, events);
  const count = lambda.length;
  const auc = new Float64Array(count);
  const higher = new Int32Array(count), lower = new Int32Array(count), ties = new Int32Array(count);
  const inv = checkedGridInverse(cell); // once, not per event (it reduces the cell)
  for (let k = 0; k < count; k++) {
    const e = binOf(inv, nx, ny, events[2 * k], events[2 * k + 1]);
    const v = V[e];
    let h = 0, l = 0;
    for (let b = 0; b < bins; b++) {
      if (V[b] > v) h++;
      else if (V[b] < v) l++;
    }
    higher[k] = h;
    lower[k] = l;
    ties[k] = bins - 1 - h - l;
    auc[k] = (l + ties[k] / 2) / (bins - 1);
  }
  return { lambda, auc, higher, lower, ties, bins };
}

/** rankField of a 3D glass: the cubic grid of lib/stats/grid-nd.ts, 3×3×3 neighbour average. */
function rankField3d(cell: Float64Array, points: Float64Array, field: Float64Array, events: Float64Array, xi: number): FieldRanks {
  expectFloat64Array('points', points);
  if (points.length % 3 !== 0) throw new RangeError(`points: expected 3 coordinates per point for a 3D cell, got length ${points.length}`);
  expectFloat64Array('field', field);
  expectLength('field', field, points.length / 3);
  expectFloat64Array('events', events);
  if (events.length % 3 !== 0) throw new RangeError(`events: expected 3 coordinates per event for a 3D cell, got length ${events.length}`);
  expectAllFinite('events', events);
  const binned = binFieldNd(cell, points, field, xi);
  const shape = binned.shape;
  if (shape.some((n) => n < 4)) {
    throw new RangeError(`xi: expected a bin size giving at least 4 bins along each cell vector (the 3×3×3 neighbour average is degenerate below), got ξ = ${xi}: ${shape.join(' × ')} bins; use a smaller ξ or a larger glass`);
  }
  const V = neighbourAverageNd(binned.mean, shape);
  const bins = V.length;
  const inv = inverse(gridCell(cell));
  const count = events.length / 3;
  const lambda = new Float64Array(count), auc = new Float64Array(count);
  const higher = new Int32Array(count), lower = new Int32Array(count), ties = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const v = V[binOfNd(inv, shape, events, 3 * k)];
    let h = 0, l = 0;
    for (let b = 0; b < bins; b++) {
      if (V[b] > v) h++;
      else if (V[b] < v) l++;
    }
    higher[k] = h;
    lower[k] = l;
    ties[k] = bins - 1 - h - l;
    lambda[k] = h / bins;
    auc[k] = (l + ties[k] / 2) / (bins - 1);
  }
  return { lambda, auc, higher, lower, ties, bins };
}
