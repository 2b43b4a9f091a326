/**
 * Figures (lib/plot): bond-map geometry and marks, SVG well-formedness, PNG size and
 * fonts, the Vega-Lite charts, writeFigure, ensembleFigures and the `map` command, on
 * synthetic cells and on the fixture glasses.
 */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import {
  BOND_COLOURS,
  bondMapSvg,
  bondSegments,
  chartSpec,
  ensembleFigures,
  errCdfSvg,
  fig2Data,
  fig2Svg,
  FIGURE_FONT,
  lhcMapSvg,
  predictabilitySvg,
  rescaleField,
  svgToPng,
  vegaLiteToSvg,
  writeFigure,
  xiDependenceSvg,
  type BondMapGlass,
  type CompileLog,
} from '../lib/plot/index.js';
import { fontConfig, pngSize } from '../lib/plot/render.js';
import { FONT_FAMILY } from '../lib/plot/svg.js';
import { textWidth } from '../lib/plot/text-metrics.js';
import { eventPositions, poolFields, predictabilityData, type EventMap, type GlassRecord } from '../lib/stats/index.js';
import { parseEvents } from '../lib/io/index.js';
import { lengthUnitOf } from '../lib/model/index.js';
import { map } from '../lib/cli/commands/map.js';
import { readAdvances } from './helpers/truetype.js';
import { FIXTURE_NAMES, fixturePath, readFixtureConfig, readFixtureLhc } from './helpers/read-fixture.js';

// ---------------------------------------------------------------------------------------
// helpers

/**
 * A small XML well-formedness check (no regex over the whole document): tags balance,
 * attributes are quoted and unique, entities are known, one root element. Returns the
 * element names in document order.
 */
function checkXml(xml: string): string[] {
  const names: string[] = [];
  const stack: string[] = [];
  let k = 0, roots = 0;
  const n = xml.length;
  const isNameChar = (c: string) => /[A-Za-z0-9_:.-]/.test(c);
  const checkText = (s: string) => {
    for (let p = s.indexOf('&'); p >= 0; p = s.indexOf('&', p + 1)) {
      const end = s.indexOf(';', p);
      const ent = s.slice(p + 1, end);
      if (end < 0 || !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+)$/.test(ent)) throw new Error(`bad entity at ${s.slice(p, p + 12)}`);
    }
    if (s.includes('<')) throw new Error('raw < in text');
  };
  if (xml.startsWith('<?xml')) k = xml.indexOf('?>') + 2;
  while (k < n) {
    const lt = xml.indexOf('<', k);
    const textPart = xml.slice(k, lt < 0 ? n : lt);
    checkText(textPart);
    if (stack.length === 0 && textPart.trim() !== '') throw new Error('text outside the root element');
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) { k = xml.indexOf('-->', lt) + 3; continue; }
    if (xml[lt + 1] === '/') {
      const gt = xml.indexOf('>', lt);
      const name = xml.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
      k = gt + 1;
      continue;
    }
    let p = lt + 1;
    while (p < n && isNameChar(xml[p])) p++;
    const name = xml.slice(lt + 1, p);
    if (name === '') throw new Error(`empty tag name at ${lt}`);
    const seen = new Set<string>();
    for (;;) {
      while (/\s/.test(xml[p])) p++;
      if (xml[p] === '>' || xml.startsWith('/>', p)) break;
      const a0 = p;
      while (p < n && isNameChar(xml[p])) p++;
      const attr = xml.slice(a0, p);
      if (attr === '' || xml[p] !== '=') throw new Error(`bad attribute in <${name}> at ${xml.slice(a0, a0 + 20)}`);
      if (seen.has(attr)) throw new Error(`duplicate attribute ${attr} in <${name}>`);
      seen.add(attr);
      const q = xml[p + 1];
      if (q !== '"' && q !== "'") throw new Error(`unquoted attribute ${attr}`);
      const end = xml.indexOf(q, p + 2);
      checkText(xml.slice(p + 2, end));
      p = end + 1;
    }
    names.push(name);
    if (stack.length === 0) roots++;
    if (xml.startsWith('/>', p)) k = p + 2;
    else { stack.push(name); k = p + 1; }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (roots !== 1) throw new Error(`expected one root element, got ${roots}`);
  return names;
}

/** Attributes of every start tag with `class` beginning with `cls`, in document order. */
function marks(svg: string, tag: string, cls: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  let k = 0;
  const open = `<${tag} `;
  while ((k = svg.indexOf(open, k)) >= 0) {
    const end = svg.indexOf('>', k);
    const body = svg.slice(k + open.length, end);
    const attrs: Record<string, string> = {};
    for (const m of body.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[m[1]] = m[2];
    if ((attrs.class ?? '').startsWith(cls)) out.push(attrs);
    k = end;
  }
  return out;
}

function fixtureRecord(name: string): GlassRecord {
  const config = readFixtureConfig(name);
  const t = readFixtureLhc(name);
  const aqs = JSON.parse(readFileSync(fixturePath(`${name}.aqs.json`), 'utf8'));
  return {
    cell: config.cell, positions: config.positions, i: t.i, j: t.j, c: t.c,
    dcdg: { simple: t.dcdgSimple, pure: t.dcdgPure },
    events: parseEvents(aqs),
  };
}

const reduced = (h: Float64Array, x: number, y: number): [number, number] => {
  const det = h[0] * h[3] - h[1] * h[2];
  return [(h[3] * x - h[1] * y) / det, (-h[2] * x + h[0] * y) / det];
};

// ---------------------------------------------------------------------------------------

describe('plot', function () {
  this.timeout(60000);
  const records = FIXTURE_NAMES.map(fixtureRecord);
  const big = records[records.length - 1]; // n256
  let tmp: string;
  before(() => { tmp = mkdtempSync(join(tmpdir(), 'softspot-plot-')); });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('rescaleField', () => {
    it('divides by the mean |x| and clips at ±x̃_0', () => {
      const { scaled, meanAbs } = rescaleField(Float64Array.of(1, -3, 20, 0), 6.6);
      expect(meanAbs).to.equal(6);
      expect(Array.from(scaled)).to.deep.equal([1 / 6, -0.5, 20 / 6, 0]);
      const big = rescaleField(Float64Array.of(-1000, 1, 1, 1, 1, 1, 1, 1, 1, 1), 6.6).scaled;
      expect(big[0]).to.equal(-6.6);
      expect(big[1]).to.be.closeTo(1 / 100.9, 1e-15);
    });
    it('rejects bad input with the house message style', () => {
      expect(() => rescaleField([1, 2] as unknown as Float64Array)).to.throw(TypeError, 'field: expected a Float64Array, got Array(2)');
      expect(() => rescaleField(Float64Array.of(1, NaN))).to.throw(RangeError, 'field: expected finite values, got NaN at index 1');
    });
  });

  describe('bondSegments (periodic images, tilted cells)', () => {
    const square = Float64Array.of(10, 0, 0, 10);
    const glass = (cell: Float64Array, pos: number[], pairs: Array<[number, number]>): BondMapGlass => ({
      cell, positions: Float64Array.from(pos), i: Int32Array.from(pairs.map((p) => p[0])), j: Int32Array.from(pairs.map((p) => p[1])),
    });
    const lengths = (s: ReturnType<typeof bondSegments>) => Array.from(s.x1, (_, k) => Math.hypot(s.x2[k] - s.x1[k], s.y2[k] - s.y1[k]));

    it('draws a bond inside the cell once, one crossing an edge twice, one crossing near a corner three times', () => {
      const g = glass(square, [5, 5, 6, 5, 9.5, 2, 0.5, 2, 9.6, 9.4, 0.4, 0.2], [[0, 1], [2, 3], [4, 5]]);
      const s = bondSegments(g, Float64Array.of(1, 1, 1), { threshold: 0 });
      expect(s.kept).to.equal(3);
      const per = [0, 1, 2].map((a) => Array.from(s.bond).filter((b) => b === a).length);
      expect(per).to.deep.equal([1, 2, 3]);
      const len = lengths(s);
      const total = (a: number) => len.filter((_, k) => s.bond[k] === a).reduce((p, q) => p + q, 0);
      expect(total(0)).to.be.closeTo(1, 1e-12);
      expect(total(1)).to.be.closeTo(1, 1e-12);
      expect(total(2)).to.be.closeTo(Math.hypot(0.8, 0.8), 1e-12);
      for (let k = 0; k < s.x1.length; k++) {
        for (const [x, y] of [[s.x1[k], s.y1[k]], [s.x2[k], s.y2[k]]]) {
          expect(x).to.be.within(-1e-12, 10 + 1e-12);
          expect(y).to.be.within(-1e-12, 10 + 1e-12);
        }
      }
    });

    it('keeps every piece inside a tilted cell and conserves each bond length', () => {
      const h = Float64Array.of(10, 4, 0, 9); // a1 = (10, 0), a2 = (4, 9)
      const pts: number[] = [];
      const pairs: Array<[number, number]> = [];
      // pairs straddling every edge and corner, given by reduced coordinates
      const at = (s0: number, s1: number) => [h[0] * s0 + h[1] * s1, h[2] * s0 + h[3] * s1];
      const spots: Array<[number, number, number, number]> = [
        [0.97, 0.5, 0.05, 0.52], [0.5, 0.98, 0.48, 0.03], [0.97, 0.97, 0.02, 0.04], [0.03, 0.96, 0.96, 0.03], [0.4, 0.4, 0.45, 0.42],
      ];
      for (const [a, b, c, d] of spots) {
        pairs.push([pts.length / 2, pts.length / 2 + 1]);
        pts.push(...at(a, b), ...at(c, d));
      }
      const g = glass(h, pts, pairs);
      const s = bondSegments(g, new Float64Array(pairs.length).fill(2), { threshold: 1 });
      expect(s.kept).to.equal(pairs.length);
      expect(s.x1.length).to.be.greaterThan(pairs.length);
      const len = lengths(s);
      pairs.forEach(([p, q], a) => {
        // minimum image length by brute force over neighbouring images
        let best = Infinity;
        for (let k0 = -1; k0 <= 1; k0++) for (let k1 = -1; k1 <= 1; k1++) {
          const dx = pts[2 * q] - pts[2 * p] + h[0] * k0 + h[1] * k1;
          const dy = pts[2 * q + 1] - pts[2 * p + 1] + h[2] * k0 + h[3] * k1;
          best = Math.min(best, Math.hypot(dx, dy));
        }
        const total = len.filter((_, k) => s.bond[k] === a).reduce((u, v) => u + v, 0);
        expect(total, `bond ${a}`).to.be.closeTo(best, 1e-9);
      });
      for (let k = 0; k < s.x1.length; k++) {
        for (const [x, y] of [[s.x1[k], s.y1[k]], [s.x2[k], s.y2[k]]]) {
          const [u, v] = reduced(h, x, y);
          expect(u).to.be.within(-1e-9, 1 + 1e-9);
          expect(v).to.be.within(-1e-9, 1 + 1e-9);
        }
      }
    });

    it('drops |x̃| < 1 and orders pieces by increasing |x̃|', () => {
      const field = Float64Array.from(big.c);
      const s = bondSegments(big, field);
      const { scaled } = rescaleField(field);
      let expected = 0;
      for (const v of scaled) if (Math.abs(v) >= 1) expected++;
      expect(s.kept).to.equal(expected);
      expect(new Set(s.bond).size).to.equal(expected);
      for (let k = 1; k < s.value.length; k++) expect(Math.abs(s.value[k])).to.be.at.least(Math.abs(s.value[k - 1]));
    });
  });

  describe('bond-map SVG (Figs. 1, 3)', () => {
    it('is well-formed, has one line per piece, colours by sign and 4 event triangles', () => {
      const { svg, summary } = lhcMapSvg(big, 'c', big.events);
      const names = checkXml(svg);
      expect(names[0]).to.equal('svg');
      const seg = bondSegments(big, big.c);
      const lines = marks(svg, 'line', 'bond');
      expect(lines.length).to.equal(seg.x1.length);
      expect(summary.panels[0]).to.include({ kept: seg.kept, pieces: seg.x1.length });
      expect(lines.length).to.be.greaterThan(seg.kept); // some bonds cross the boundary
      lines.forEach((l, k) => {
        const positive = big.c[seg.bond[k]] > 0;
        expect(l.stroke).to.equal(positive ? BOND_COLOURS.positive : BOND_COLOURS.negative);
        expect(l.class).to.equal(positive ? 'bond pos' : 'bond neg');
        expect(Number(l['stroke-width'])).to.be.greaterThan(0);
      });
      expect(lines.some((l) => l.stroke === BOND_COLOURS.negative)).to.equal(true); // c < 0 exists
      const events = marks(svg, 'path', 'event');
      expect(events.map((e) => e['data-direction'])).to.deep.equal(['simple+', 'simple-', 'pure+', 'pure-']);
    });

    it('line width is proportional to |x̃| (clipped at 6.6)', () => {
      const { svg } = lhcMapSvg(big, 'c', {}, { widthPerUnit: 0.05, panelWidth: 400 });
      const seg = bondSegments(big, big.c);
      const scale = 400 / big.cell[0];
      marks(svg, 'line', 'bond').forEach((l, k) => {
        expect(Number(l['stroke-width'])).to.be.closeTo(Math.abs(seg.value[k]) * 0.05 * scale, 0.006);
      });
      expect(Math.max(...Array.from(seg.value, Math.abs))).to.be.at.most(6.6);
    });

    it('Fig. 3 has three panels; events split by shear mode', () => {
      const { svg, summary } = lhcMapSvg(big, 'all', big.events);
      checkXml(svg);
      expect(summary.panels).to.have.length(3);
      expect(summary.panels.map((p) => p.events)).to.deep.equal([
        ['simple+', 'simple-', 'pure+', 'pure-'], ['simple+', 'simple-'], ['pure+', 'pure-'],
      ]);
      expect(marks(svg, 'path', 'event')).to.have.length(8);
      expect(marks(svg, 'line', 'bond')).to.have.length(summary.panels.reduce((s, p) => s + p.pieces, 0));
    });

    it('handles a tilted cell: pieces inside the parallelogram, events wrapped', () => {
      const src = records[0];
      const L = src.cell[0], t = 0.35 * L;
      const cell = Float64Array.of(L, t, 0, src.cell[3]);
      const positions = Float64Array.from(src.positions);
      for (let p = 0; p < positions.length; p += 2) positions[p] += (t / src.cell[3]) * positions[p + 1];
      const g = { ...src, cell, positions };
      const { svg } = lhcMapSvg(g, 'c', g.events);
      checkXml(svg);
      const seg = bondSegments(g, g.c);
      for (let k = 0; k < seg.x1.length; k++) {
        const [u, v] = reduced(cell, seg.x1[k], seg.y1[k]);
        expect(u).to.be.within(-1e-9, 1 + 1e-9);
        expect(v).to.be.within(-1e-9, 1 + 1e-9);
      }
      const ev = eventPositions(g, g.events);
      for (const p of Object.values(ev)) {
        const [u, v] = reduced(cell, p[0], p[1]);
        expect(u).to.be.within(0, 1);
        expect(v).to.be.within(0, 1);
      }
      expect(marks(svg, 'path', 'event')).to.have.length(4);
    });

    it('validates its inputs', () => {
      expect(() => bondMapSvg(big, [])).to.throw(RangeError, 'panels: expected at least one panel, got 0');
      const bad = { ...big, i: Int32Array.from(big.i).fill(9999, 0, 1) };
      expect(() => bondSegments(bad, big.c)).to.throw(RangeError, 'i, j: expected particle indices in [0, 255], got (9999,');
      expect(() => eventPositions(big, { 'pure+': {} } as EventMap)).to.throw(RangeError, "events['pure+']: expected a particle or a position, got neither");
      expect(() => lhcMapSvg({ ...big, dcdg: {} }, 'simple')).to.throw(RangeError, "dcdg.simple: expected a Float64Array for field 'simple', got undefined");
    });
  });

  describe('PNG rendering', () => {
    it('renders at the requested width (IHDR) with the aspect ratio kept', () => {
      const { svg } = lhcMapSvg(records[0], 'c', records[0].events);
      const w = Number(/width="([\d.]+)"/.exec(svg)![1]);
      const h = Number(/height="([\d.]+)"/.exec(svg)![1]);
      const png = svgToPng(svg, { width: 640 });
      const size = pngSize(png);
      expect(size.width).to.equal(640);
      expect(size.height).to.be.closeTo((640 * h) / w, 1);
      expect(() => svgToPng(svg, { width: 0 })).to.throw(RangeError, 'options.width: expected an integer in [1, 20000], got 0');
    });

    const darkPixels = (svg: string, font: ReturnType<typeof fontConfig>): number => {
      const pixels = new Resvg(svg, { font }).render().pixels; // a getter that copies: read it once
      let dark = 0;
      for (let p = 0; p < pixels.length; p += 4) if (pixels[p] < 128) dark++;
      return dark;
    };
    const textSvg = (family: string) => '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/>' +
      `<text x="10" y="28" font-family="${family}" font-size="20">c·dc/dγ ξ λ ▶</text></svg>`;

    it('has a font without any system font: the shipped DejaVu Sans is loaded by file', () => {
      // The default configuration must not scan the system: a fresh machine has no fonts.
      const font = fontConfig();
      expect(font.loadSystemFonts).to.equal(false);
      expect(font.fontDirs).to.deep.equal([]);
      expect(font.fontFiles).to.deep.equal([...FIGURE_FONT.files]);
      for (const file of FIGURE_FONT.files) expect(existsSync(file), file).to.equal(true);
      for (const family of [FONT_FAMILY, 'sans-serif', 'No Such Family']) {
        expect(darkPixels(textSvg(family), font), `no glyphs rendered for font-family="${family}"`).to.be.greaterThan(200);
      }
    });

    it('text widths are the advances of the shipped font files (regular and bold)', () => {
      let chars = '';
      for (let c = 32; c < 127; c++) chars += String.fromCharCode(c);
      chars += 'αβγδελμξπσφχψωΔΞ·−±×∝≥≤⟨⟩⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹’…▶◀▲▼';
      for (const [file, bold] of [[FIGURE_FONT.files[0], false], [FIGURE_FONT.files[1], true]] as const) {
        const font = readAdvances(file);
        for (const ch of chars) {
          const advance = font.advance(ch);
          expect(advance, `${file} has no glyph for ${ch}`).to.not.equal(undefined);
          expect(textWidth(ch, 1000, bold), `${bold ? 'bold ' : ''}${JSON.stringify(ch)}`).to.be.closeTo((1000 * advance!) / font.unitsPerEm, 0.5);
        }
      }
    });
  });

  describe('charts (Vega-Lite → SVG)', () => {
    it('a chart compiles without warnings and renders a legend entry per labelled curve', async () => {
      const log: CompileLog = { warnings: [] };
      const svg = await vegaLiteToSvg(chartSpec([{
        title: 't', curves: [
          { label: 'alpha curve', colour: '#123456', x: [1, 10, 100], y: [1, 0.1, 0.01], marker: 'square' },
          { label: 'hidden fit', colour: '#999999', x: [1, 100], y: [1, 0.01], legend: false },
          { label: 'zero dropped', colour: '#000000', x: [0, 1, 10], y: [1, 0, 1] },
        ],
      }], { xTitle: 'x (λ)', yTitle: 'p(x)', xLog: true, yLog: true }), log);
      checkXml(svg);
      expect(log.warnings).to.deep.equal([]);
      expect(svg).to.include('alpha curve').and.include('zero dropped').and.not.include('>hidden fit<');
      expect(svg).to.include('x (λ)');
    });

    it('Fig. 2 shows both modes, the theory slopes and the fitted exponents with CIs', async () => {
      const data = fig2Data(poolFields(records), { fit: { bootstrap: 50 } });
      expect(data.panels.map((p) => p.theory)).to.deep.equal([13 / 8, 17 / 12]);
      for (const p of data.panels) for (const s of p.series) expect(s.fit).to.not.equal(null);
      const svg = await fig2Svg(data);
      checkXml(svg);
      expect(svg).to.include('theory: slope −13/8').and.include('theory: slope −17/12');
      expect(svg).to.match(/simple shear: fit α = \d\.\d\d, 95% CI \[\d\.\d\d, \d\.\d\d\]/);
      expect(svg).to.include('pure shear (×0.1)');
      expect(svg).to.include('|dc/dγ|').and.include('|c·dc/dγ|');
    });

    it('Figs. 4, S3, S2 rank every event; S3 adds the cross-direction curves', async () => {
      // ξ = 2: the three fixture glasses (sides 8.6, 12.2, 17.3) have 4, 6 and 9 bins a side.
      const d = predictabilityData(records, 2);
      expect(d.coarseGlasses).to.equal(0);
      for (const dir of ['simple+', 'simple-', 'pure+', 'pure-'] as const) {
        expect(d.directions[dir].absC).to.have.length(3);
        for (const r of d.directions[dir].pPlus) expect(r).to.be.within(0, 1);
      }
      expect(d.directions['pure+'].cross['simple+']).to.have.length(3);
      const fig4 = await predictabilitySvg(d, 'simple');
      checkXml(fig4);
      // The λ axis's end labels sit centred under their ticks (Vega-Lite would flush "0.0" to the right of λ = 0).
      const xLabels = [...fig4.matchAll(/<text text-anchor="(\w+)" transform="translate\([-\d.]+,16\)"[^>]*>([\d.]+)<\/text>/g)];
      expect(xLabels.map((m) => m[2])).to.include.members(['0.0', '1.0']);
      for (const m of xLabels) expect(m[1], `x label ${m[2]}`).to.equal('middle');
      expect(fig4).to.include('C(λ) = λ (no predictability)').and.include('P⁺ = max(c·dc/dγ, 0)').and.include('(b) simple shear, −γ');
      const s3 = await predictabilitySvg(d, 'pure');
      expect(s3).to.include('P⁺ at +simple-shear events').and.include('P⁺ at −simple-shear events');
      const s2 = await xiDependenceSvg([1, 2].map((x) => predictabilityData(records, x)));
      checkXml(s2);
      expect(s2).to.include('ξ = 1').and.include('ξ = 2').and.not.include('left out');
      // The unit of ξ follows the model (KA lengths are in σ_AA, not the IPL's λ_SS).
      expect(fig4).to.include('units of λ_SS');
      expect(await predictabilitySvg(d, 'simple', 'σ_AA')).to.include('units of σ_AA').and.not.include('λ_SS');
      expect(await xiDependenceSvg([1, 2].map((x) => predictabilityData(records, x)), 'σ_AA')).to.include('ξ in units of σ_AA');
      expect(lengthUnitOf('ka')).to.equal('σ_AA');
      expect(lengthUnitOf(undefined)).to.equal('λ_SS');
    });

    it('Fig. S1 draws C(Err) on a log axis and reports the share below 10⁻² %', async () => {
      const err = Float64Array.from({ length: 200 }, (_, k) => Math.pow(10, -5 + (4 * k) / 199));
      const svg = await errCdfSvg({ simple: err, pure: err.map((x) => 2 * x) });
      checkXml(svg);
      expect(svg).to.include('simple shear').and.include('pure shear').and.include('% below 10⁻² %');
      let error: unknown;
      try { await errCdfSvg({ simple: new Float64Array(3) }); } catch (e) { error = e; }
      expect((error as Error).message).to.equal('err: expected at least one positive finite Err value, got none');
    });
  });

  describe('writeFigure and ensembleFigures', () => {
    it('writeFigure writes .svg and .png (twice the SVG width) and leaves no temporary files', async () => {
      const { svg } = lhcMapSvg(records[0], 'c');
      const dir = join(tmp, 'wf');
      const [s, p] = await writeFigure(join(dir, 'map.svg'), svg);
      expect(readFileSync(s, 'utf8')).to.equal(svg);
      expect(pngSize(readFileSync(p)).width).to.equal(2 * Number(/width="([\d.]+)"/.exec(svg)![1]));
      expect(readdirSync(dir).sort()).to.deep.equal(['map.png', 'map.svg']);
      await writeFigure(join(dir, 'small.svg'), svg, { pngWidth: 300 });
      expect(pngSize(readFileSync(join(dir, 'small.png'))).width).to.equal(300);
      let error: unknown;
      try { await writeFigure(join(dir, 'x.png'), svg); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(RangeError);
    });

    it('ensembleFigures writes every figure for the fixture ensemble; Fig. S2 at ξ − 1, ξ, ξ + 1', async () => {
      const err = Float64Array.from({ length: 500 }, (_, k) => Math.pow(10, -6 + (5 * k) / 499));
      const files = await ensembleFigures(records, join(tmp, 'ens'), { fit: { bootstrap: 50 }, err: { simple: err, pure: err } });
      expect(files).to.have.length(14);
      for (const f of files) {
        expect(existsSync(f), f).to.equal(true);
        if (f.endsWith('.svg')) checkXml(readFileSync(f, 'utf8'));
        else expect(pngSize(readFileSync(f)).width).to.be.greaterThan(500);
      }
      expect(files.map((f) => f.split('/').pop())).to.include.members(['fig1-lhc-map.svg', 'fig2-pdfs.png', 'fig4-predictability-simple.svg', 'figS2-xi-dependence.svg', 'figS3-predictability-pure.svg', 'figS1-err-cdf.png', 'fig3-bond-maps.png']);
      // At the default ξ = 5 (and 4, 6) every fixture glass has fewer than 4 bins a side: no ranks, and the figures say so.
      const s2 = readFileSync(join(tmp, 'ens', 'figS2-xi-dependence.svg'), 'utf8');
      expect(s2).to.include('left out, fewer than 4 bins: ξ = 4 (2 of 3), ξ = 5 (3 of 3), ξ = 6 (3 of 3)');
      expect(readFileSync(join(tmp, 'ens', 'fig4-predictability-simple.svg'), 'utf8')).to.include('0 events, bin size ξ = 5 (units of λ_SS)').and.include('3 of 3 glasses left out: fewer than 4 bins along a cell vector');
      await ensembleFigures(records, join(tmp, 'ens2'), { xi: 2, fit: { bootstrap: 0 }, lengthUnit: 'σ_AA' });
      const s2small = readFileSync(join(tmp, 'ens2', 'figS2-xi-dependence.svg'), 'utf8');
      expect(s2small).to.include('ξ = 1').and.include('ξ = 3').and.include('units of σ_AA').and.not.include('ξ = 4');
      expect(s2small).to.include('left out, fewer than 4 bins: ξ = 3 (1 of 3)'); // the N = 64 glass: 3 bins at ξ = 3
      // The maps name the unit too (scale bar and note); the paper's λ by default.
      expect(readFileSync(join(tmp, 'ens2', 'fig1-lhc-map.svg'), 'utf8')).to.include('in units of σ_AA.').and.include(' σ_AA</text>');
      expect(readFileSync(join(tmp, 'ens', 'fig1-lhc-map.svg'), 'utf8')).to.include('in units of λ.').and.not.include('σ_AA');
      let error: unknown;
      try { await ensembleFigures([], tmp); } catch (e) { error = e; }
      expect(error).to.be.instanceOf(RangeError);
    });
  });

  describe('softspot map', () => {
    const ctx = () => {
      let err = '';
      return { out: { stdout: process.stdout, stderr: { write: (s: string) => { err += s; return true; } } as unknown as NodeJS.WritableStream }, err: () => err };
    };

    it('a table with fewer rows than the glass has interactions is drawn with a warning (a cut table passed unremarked)', async () => {
      const c = ctx();
      const cut = join(tmp, 'cut.csv');
      writeFileSync(cut, readFileSync(fixturePath('n64_s1.lhc.csv'), 'utf8').split('\n').slice(0, 6).join('\n') + '\n');
      const code = await map.run([fixturePath('n64_s1.xyz'), '--out', join(tmp, 'cut.svg'), '--lhc', cut], c.out);
      expect(code).to.equal(0);
      expect(c.err()).to.contain(`map: warning: ${cut} lacks 248 of the 253 interactions of ${fixturePath('n64_s1.xyz')} (the first: particles `);
      expect(c.err()).to.contain("): the map draws the table's only; if the table was cut, compute it again (softspot lhc)");
      const full = ctx();
      await map.run([fixturePath('n64_s1.xyz'), '--out', join(tmp, 'full.svg'), '--lhc', fixturePath('n64_s1.lhc.csv')], full.out);
      expect(full.err()).not.to.contain('warning');
    });

    it('draws a map from an lhc table and an events file', async () => {
      const c = ctx();
      const out = join(tmp, 'cli', 'map.svg');
      const code = await map.run([fixturePath('n64_s1.xyz'), '--out', out, '--field', 'simple', '--lhc', fixturePath('n64_s1.lhc.csv'), '--events', fixturePath('n64_s1.aqs.json')], c.out);
      expect(code).to.equal(0);
      const svg = readFileSync(out, 'utf8');
      checkXml(svg);
      expect(marks(svg, 'path', 'event').map((e) => e['data-direction'])).to.deep.equal(['simple+', 'simple-']);
      expect(existsSync(join(tmp, 'cli', 'map.png'))).to.equal(true);
      expect(c.err()).to.match(/^map: simple, interactions drawn \d+\/253/);
    });

    it('reads both event formats', () => {
      expect(parseEvents({ 'simple+': { particle: 3, gammaC: 0.01 }, 'pure-': { position: [1, 2] } })).to.deep.equal({ 'simple+': { particle: 3 }, 'pure-': { position: [1, 2] } });
      expect(parseEvents({ events: { 'simple-': { event_particle: 7 } } })).to.deep.equal({ 'simple-': { particle: 7 } });
      expect(() => parseEvents({ 'pure+': { particle: -1 } }, 'e.json')).to.throw(RangeError, 'e.json: expected "pure+".particle to be a particle index, got -1');
    });

    it('rejects bad options', async () => {
      const c = ctx();
      let error: unknown;
      try { await map.run([fixturePath('n64_s1.xyz')], c.out); } catch (e) { error = e; }
      expect((error as Error).message).to.equal('--out is required');
      try { await map.run([fixturePath('n64_s1.xyz'), '--out', 'x.svg', '--field', 'bad'], c.out); } catch (e) { error = e; }
      expect((error as Error).message).to.equal("--field: expected one of 'c', 'simple', 'pure', 'all', got \"bad\"");
    });
  });
});
