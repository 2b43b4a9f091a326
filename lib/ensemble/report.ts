/**
 * report.html: one self-contained page (no network: data, styles and script inline) with
 * the summary tables, the figures (SVG as data: URLs, each isolated) and an interactive bond-field viewer on a
 * canvas: choose the sample and the field (c, c·dc/dγ or dc/dγ for simple / pure shear),
 * pan by dragging, zoom with the wheel or the buttons; the first events are marked with
 * the paper's triangles (▶ simple+, ◀ simple−, ▲ pure+, ▼ pure−). Fields are drawn as in
 * the paper's Figs. 1 and 3: x̃ = x/⟨|x|⟩ clipped at 6.6, |x̃| < 1 dropped, line width ∝ |x̃|,
 * black positive, red negative; colours, triangles and the clip are those of the bond
 * maps (lib/plot style.ts, BOND_MAP_DEFAULTS), handed to the page as data. The viewer
 * exposes `window.softspotViewer.drawn` (bonds drawn in the last frame) and sets
 * `data-drawn` on the canvas. The viewer draws 2D glasses; a 3D ensemble's bond fields are
 * the slab maps among the figures (Figs. 1 and 3: the middle 2λ in z projected on xy,
 * lib/plot/slab-map.ts), and the page says so where the viewer would be.
 */
import { basename } from 'node:path';
import { BOND_COLOURS, BOND_MAP_DEFAULTS, DIRECTION_STYLE, FIGURE_NAMES } from '../plot/index.js';
import { MODES_2D } from '../space/index.js';
import { gridCell } from '../stats/grid-nd.js';
import { MIN_RANK_BINS } from '../stats/glass-ranks.js';
import { esc, fmt, svgFigure, table } from './html.js';
import { glassLabel } from './identity.js';
import { DIRECTIONS, type EnsembleSummary, type SampleResult } from './types.js';

const b64 = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function viewerData(samples: readonly SampleResult[]): string {
  const data = samples.map((s) => {
    const m = s.c.length;
    const prod = (d: Float64Array): Float32Array => Float32Array.from({ length: m }, (_, a) => s.c[a] * d[a]);
    return {
      // A glass read from a file is shown by its file's name. The viewer wraps particles and
      // rounds bond images in `cell`: a reduced basis of the lattice when the cell is written
      // with whole-cell-length tilts (stats gridCell), the cell itself otherwise.
      id: s.glassPath !== undefined ? glassLabel(basename(s.glassPath), s.glassFrame) : s.id, n: s.config.n, cell: Array.from(gridCell(s.config.cell)),
      positions: b64(Float32Array.from(s.config.positions)), i: b64(s.i), j: b64(s.j),
      fields: Object.fromEntries([
        ['c', b64(Float32Array.from(s.c))],
        ...MODES_2D.map((mode) => [`c·dc/dγ ${mode}`, b64(prod(s.dcdg[mode]))]),
        ...MODES_2D.map((mode) => [`dc/dγ ${mode}`, b64(Float32Array.from(s.dcdg[mode]))]),
      ]),
      events: s.events.filter((e) => e.particle >= 0).map((e) => ({ direction: e.direction, x: e.x, y: e.y, gammaC: e.gammaC })),
    };
  });
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** How the viewer draws: the bond maps' colours, clip and threshold, and the event triangles. */
function viewerStyle(): string {
  const directions = Object.fromEntries(DIRECTIONS.map((d) => [d, { colour: DIRECTION_STYLE[d].colour, angle: DIRECTION_STYLE[d].angle }]));
  return JSON.stringify({ bonds: BOND_COLOURS, clip: BOND_MAP_DEFAULTS.clip, threshold: BOND_MAP_DEFAULTS.threshold, directions });
}

const VIEWER_JS = String.raw`
(function () {
  const data = JSON.parse(document.getElementById('viewer-data').textContent);
  const style = JSON.parse(document.getElementById('viewer-style').textContent);
  const canvas = document.getElementById('viewer');
  const ctx = canvas.getContext('2d');
  const selSample = document.getElementById('viewer-sample');
  const selField = document.getElementById('viewer-field');
  const info = document.getElementById('viewer-info');
  const dec = (s, T) => { const b = atob(s); const u = new Uint8Array(b.length); for (let k = 0; k < b.length; k++) u[k] = b.charCodeAt(k); return new T(u.buffer); };
  const view = { scale: 1, ox: 0, oy: 0 };
  let cur = null;
  data.forEach((s, k) => selSample.add(new Option(s.id + ' (N = ' + s.n + ')', String(k))));
  if (data.length) Object.keys(data[0].fields).forEach((f) => selField.add(new Option(f, f)));
  function load() {
    const s = data[Number(selSample.value)];
    if (!s) return;
    const h = s.cell, det = h[0] * h[3] - h[1] * h[2];
    cur = { s, h, inv: [h[3] / det, -h[1] / det, -h[2] / det, h[0] / det], x: dec(s.positions, Float32Array), i: dec(s.i, Int32Array), j: dec(s.j, Int32Array) };
    fit();
  }
  function fit() {
    const h = cur.h, xs = [0, h[0], h[1], h[0] + h[1]], ys = [0, h[2], h[3], h[2] + h[3]];
    const w = Math.max(...xs) - Math.min(...xs), hh = Math.max(...ys) - Math.min(...ys);
    view.scale = 0.92 * Math.min(canvas.width / w, canvas.height / hh);
    view.ox = (canvas.width - view.scale * (Math.max(...xs) + Math.min(...xs))) / 2;
    view.oy = (canvas.height + view.scale * (Math.max(...ys) + Math.min(...ys))) / 2;
    draw();
  }
  const X = (x) => view.ox + view.scale * x, Y = (y) => view.oy - view.scale * y;
  function wrap(x, y) {
    const inv = cur.inv, h = cur.h;
    let s0 = inv[0] * x + inv[1] * y, s1 = inv[2] * x + inv[3] * y;
    s0 -= Math.floor(s0); s1 -= Math.floor(s1);
    return [h[0] * s0 + h[1] * s1, h[2] * s0 + h[3] * s1];
  }
  function draw() {
    if (!cur) return;
    const { s, h, inv, x, i, j } = cur;
    const field = dec(s.fields[selField.value], Float32Array);
    let sum = 0; for (let a = 0; a < field.length; a++) sum += Math.abs(field[a]);
    const meanAbs = sum / field.length;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff'; ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.beginPath(); ctx.moveTo(X(0), Y(0)); ctx.lineTo(X(h[0]), Y(h[2])); ctx.lineTo(X(h[0] + h[1]), Y(h[2] + h[3])); ctx.lineTo(X(h[1]), Y(h[3])); ctx.closePath();
    ctx.fillStyle = '#fbfbf8'; ctx.fill(); ctx.strokeStyle = '#888'; ctx.lineWidth = 1; ctx.stroke();
    ctx.lineCap = 'round';
    let drawn = 0;
    const widthPerUnit = Math.max(0.3, 0.045 * view.scale);
    for (let a = 0; a < field.length; a++) {
      if (!(meanAbs > 0)) break;
      const v = Math.max(-style.clip, Math.min(style.clip, field[a] / meanAbs));
      if (Math.abs(v) < style.threshold) continue;
      const p = i[a], q = j[a];
      let dx = x[2 * q] - x[2 * p], dy = x[2 * q + 1] - x[2 * p + 1];
      let s0 = inv[0] * dx + inv[1] * dy, s1 = inv[2] * dx + inv[3] * dy;
      s0 -= Math.round(s0); s1 -= Math.round(s1);
      dx = h[0] * s0 + h[1] * s1; dy = h[2] * s0 + h[3] * s1;
      const [px, py] = wrap(x[2 * p], x[2 * p + 1]);
      ctx.strokeStyle = v > 0 ? style.bonds.positive : style.bonds.negative;
      ctx.lineWidth = Math.abs(v) * widthPerUnit;
      ctx.beginPath(); ctx.moveTo(X(px), Y(py)); ctx.lineTo(X(px + dx), Y(py + dy)); ctx.stroke();
      drawn++;
    }
    const tri = Math.max(6, 0.6 * view.scale);
    for (const e of s.events) {
      const [ex, ey] = wrap(e.x, e.y), mark = style.directions[e.direction];
      const cx = X(ex), cy = Y(ey);
      ctx.beginPath();
      for (let k = 0; k < 3; k++) {
        const t = ((mark.angle + 120 * k) * Math.PI) / 180;
        ctx.lineTo(cx + tri * Math.cos(t), cy + tri * Math.sin(t));
      }
      ctx.closePath(); ctx.fillStyle = mark.colour; ctx.globalAlpha = 0.85; ctx.fill(); ctx.globalAlpha = 1;
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 1; ctx.stroke();
    }
    canvas.dataset.drawn = String(drawn);
    window.softspotViewer.drawn = drawn;
    info.textContent = drawn + ' of ' + field.length + ' interactions with |x̃| ≥ ' + style.threshold + ' (⟨|x|⟩ = ' + meanAbs.toPrecision(3) + '); ' + s.events.length + ' events marked';
  }
  function zoom(f, cx, cy) {
    view.ox = cx - f * (cx - view.ox); view.oy = cy - f * (cy - view.oy); view.scale *= f; draw();
  }
  let drag = null;
  canvas.addEventListener('mousedown', (e) => { drag = { x: e.offsetX, y: e.offsetY }; });
  window.addEventListener('mouseup', () => { drag = null; });
  canvas.addEventListener('mousemove', (e) => { if (!drag) return; view.ox += e.offsetX - drag.x; view.oy += e.offsetY - drag.y; drag = { x: e.offsetX, y: e.offsetY }; draw(); });
  canvas.addEventListener('wheel', (e) => { e.preventDefault(); zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.offsetX, e.offsetY); }, { passive: false });
  document.getElementById('viewer-in').onclick = () => zoom(1.5, canvas.width / 2, canvas.height / 2);
  document.getElementById('viewer-out').onclick = () => zoom(1 / 1.5, canvas.width / 2, canvas.height / 2);
  document.getElementById('viewer-reset').onclick = () => fit();
  selSample.onchange = load;
  selField.onchange = draw;
  window.softspotViewer = { drawn: 0, draw, load, view };
  if (data.length) { selField.value = 'c·dc/dγ simple'; load(); }
})();
`;

/** The ξ-grid's shape, and a warning when it is too coarse for C(λ) to mean much. */
function binsNote(bins: number[] | null): string {
  if (bins === null) return '';
  const coarse = Math.min(...bins) < MIN_RANK_BINS;
  const B = bins.reduce((p, n) => p * n, 1);
  // λ = (bins strictly above the event's) / B: an uninformative field averages (B − 1)/(2B), not ½, on a small grid.
  const baseline = coarse ? '' : `; a field without information gives ⟨λ⟩ = (B − 1)/(2B) = ${((B - 1) / (2 * B)).toFixed(3)} for these B = ${B} bins`;
  return `<p>Grid: ${bins.join(' × ')} bins, each averaged with its ${3 ** bins.length - 1} neighbours${baseline}.` +
    (coarse ? ` <strong>Fewer than ${MIN_RANK_BINS} bins along a cell vector: each bin's neighbourhood spans the cell there, so λ is not defined and these glasses are left out of C(λ) (their λ in events.csv are NaN). Use larger glasses or a smaller ξ (softspot figures --xi, ξ ≤ L/3.5).</strong>` : '') + '</p>';
}

/**
 * The page. `predictorsHtml`, when given, is the section of `softspot predictors`
 * (lib/ensemble/report-predictors.ts), placed after the predictive power of |c| and P±.
 */
export function renderReport(summary: EnsembleSummary, samples: readonly SampleResult[], figures: Array<{ name: string; svg: string; caption?: string }>, predictorsHtml?: string): string {
  const t = summary.throughput;
  const viewerSamples = samples.filter((s) => s.config.dim !== 3);
  const has3d = viewerSamples.length < samples.length;
  // An ensemble of 3D glasses only: no viewer at all (empty selectors and a blank canvas said nothing).
  const hasViewer = viewerSamples.length > 0;
  const sr = summary.sumRule;
  const sumRuleText = sr.samples > 0
    ? `<p>Sum rule Σc<sub>α</sub> = d(N − 1) (docs/design.md §4: the d(N − 1) non-zero modes): relative error ${esc(fmt(sr.maxRelativeError))} at most, ${esc(fmt(sr.meanRelativeError))} on average over the ${sr.samples} samples (per sample: events.csv, columns sum_c and sum_rule_error).</p>`
    : '';
  const tails = [
    ...MODES_2D.map((m) => ['|dc/dγ|', m, summary.tails.dcdg[m]] as const),
    ...MODES_2D.map((m) => ['|c·dc/dγ|', m, summary.tails.cdcdg[m]] as const),
    ['c', '–', summary.tails.c] as const,
  ].map(([q, m, f]) => [q, m, f ? fmt(f.alpha, 4) : '–', f ? `[${fmt(f.ci[0], 3)}, ${fmt(f.ci[1], 3)}]` : '–', f ? `${f.glassesInTail} of ${f.glasses}` : '–',
    f ? `[${fmt(f.ciValues[0], 3)}, ${fmt(f.ciValues[1], 3)}]` : '–', f ? fmt(f.xmin) : '–', f ? f.ntail : '–', f ? fmt(f.theory, 4) : '–']);
  const pred = Object.entries(summary.predictability.directions).flatMap(([d, r]) =>
    (['absC', 'pPlus', 'pMinus'] as const).map((k) => [d, { absC: '|c|', pPlus: 'P⁺', pMinus: 'P⁻' }[k], r[k]?.n ?? 0, fmt(r[k]?.meanLambda), fmt(r[k]?.c01)]));
  const events = Object.entries(summary.events).map(([d, e]) => [d, e.found, e.missing, fmt(e.gammaC?.mean), fmt(e.gammaC?.median), fmt(e.meanEnergyDrop)]);
  const validation = summary.validation
    ? table(['mode', 'interactions', 'median Err %', '90th %', '99th %', 'share < 1e-2 %'], Object.entries(summary.validation).map(([m, v]) => [m, v.count, fmt(v.median), fmt(v.p90), fmt(v.p99), fmt(v.fractionBelow1em2)]))
    : '<p>Not validated (run with <code>--validate</code>).</p>';
  const failures = summary.samples.failures.length
    ? table(['sample', 'stage', 'error'], summary.samples.failures.map((f) => [f.id, f.stage, f.message]))
    : '<p>None.</p>';
  const invalid = summary.samples.invalid.length
    ? `<p>Left out: ${summary.samples.invalid.length} file(s) under samples/ that are not complete sample files (rerun <code>softspot run</code> with the same options to recompute them).</p>\n` +
      table(['file', 'what is wrong'], summary.samples.invalid.map((f) => [f.path, f.reason]))
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>softspot ensemble report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f0; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0; } figure img { max-width: 100%; height: auto; }
#viewer { border: 1px solid #aaa; cursor: grab; background: #fff; touch-action: none; }
.controls { margin: 0.5em 0; display: flex; gap: 0.6em; flex-wrap: wrap; align-items: center; }
.warnings { border-left: 4px solid #c60; background: #fff6ec; padding: 0.4em 1em; }
</style></head><body>
<h1>softspot ensemble report</h1>
<p>Generated ${esc(summary.generatedAt)} by softspot ${esc(summary.softwareVersion)}: ${summary.samples.finished} samples finished, ${summary.samples.failed} failed.</p>
${(summary.warnings ?? []).length ? `<div class="warnings"><strong>Read with care:</strong><ul>${summary.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></div>` : ''}
<h2>Parameters</h2>
${table(['model', 'd', 'N', 'samples', 'preparation', 'first events', 'validated'], summary.parameters.map((p) => [p.model, p.dim, p.n, p.samples, typeof p.prepare === 'string' ? p.prepare : JSON.stringify(p.prepare), JSON.stringify(p.events), p.validate ? 'yes' : 'no']))}
${sumRuleText}
<h2>Bond-field viewer</h2>
${has3d ? `<p>The viewer draws 2D glasses. The bond fields of the 3D glasses are the slab maps under Figures (${esc(FIGURE_NAMES.fig1)}, ${esc(FIGURE_NAMES.fig3)}: the interactions whose midpoint lies in the middle 2λ of the cell in z, projected on xy; softspot map --slab z0,width draws others).</p>` : ''}
${hasViewer ? `<div class="controls"><label>Sample <select id="viewer-sample"></select></label><label>Field <select id="viewer-field"></select></label>
<button id="viewer-in" type="button">zoom in</button><button id="viewer-out" type="button">zoom out</button><button id="viewer-reset" type="button">reset</button></div>
<canvas id="viewer" width="720" height="720"></canvas>
<p id="viewer-info"></p>
<p>Drag to pan, wheel to zoom. Black: positive, red: negative; width ∝ |x̃|. Triangles: first events ${DIRECTIONS.map((d) => `${DIRECTION_STYLE[d].glyph} ${d.replace(/-$/, '−')}`).join(', ')}.</p>` : ''}
<h2>First events</h2>
${table(['direction', 'found', 'none up to max strain', 'mean γ_c', 'median γ_c', 'mean energy drop (ε)'], events)}
<h2>Tail exponents</h2>
${table(['quantity', 'shear', 'α (MLE)', '95 % CI over glasses', 'glasses in the tail', 'over values (too narrow: a soft spot\'s bonds are not independent)', 'x_min', 'tail size', 'theory'], tails)}
<h2>Predictive power (ξ = ${summary.predictability.xi})</h2>
${binsNote(summary.predictability.bins)}
${table(['direction', 'field', 'events', '⟨λ⟩ (≈ 0.5: none)', 'C(0.1)'], pred)}
${predictorsHtml ?? ''}
<h2>Validation of dc/dγ (Fig. S1)</h2>
${validation}
<h2>Throughput</h2>
${table(['samples', 'mean s / sample', ...Object.keys(t.meanStageSeconds).map((k) => `${k} (s)`), 'wall (s)', 'samples / hour'], [[t.samplesTimed, fmt(t.meanSampleSeconds), ...Object.values(t.meanStageSeconds).map((v) => fmt(v)), fmt(t.wallSeconds), fmt(t.samplesPerHour)]])}
<h2>Failures</h2>
${failures}
${invalid}
<h2>Figures</h2>
${figures.map((f) => svgFigure(f.name, f.svg, f.caption)).join('\n')}
${hasViewer ? `<script type="application/json" id="viewer-data">${viewerData(viewerSamples)}</script>
<script type="application/json" id="viewer-style">${viewerStyle()}</script>
<script>${VIEWER_JS}</script>` : ''}
</body></html>
`;
}
