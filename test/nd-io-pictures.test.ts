/**
 * Pictures of 3D glasses (issue 17 item 4) on a synthetic bond table (positions + i, j +
 * values; test/helpers/bond-table3d.ts), so they plug into the 3D analysis when it lands:
 * - per-particle fields in 3D: brute-force per-particle sums, Σ_i = Σ_α, and the 3D
 *   extended-XYZ file with OVITO-safe columns read back bit for bit;
 * - the slab map: which bonds are in the slab and where they project, against an
 *   enumeration of the periodic images of each midpoint; drawn pieces inside the 2D cell
 *   with the projected length of each bond; the global ⟨|x|⟩; events in and out of the slab.
 */
import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configurationOfFrame, formatLhcCsv, formatParticleFieldsXyz, readXyzFrame } from '../lib/io/index.js';
import { particleFields } from '../lib/lhc/particle-fields.js';
import { lengthUnitOf } from '../lib/model/index.js';
import { bondSegments, defaultSlab, projectSlab, slabEvents, slabMapSvg, SLAB_WIDTH_PER_UNIT, type Slab } from '../lib/plot/index.js';
import { bondTable3d } from './helpers/bond-table3d.js';
import { triclinic3d, xyzText } from './helpers/triclinic3d.js';
import { runCli } from './helpers/run-cli.js';

const g = triclinic3d(5, { lx: 9.1, ly: 8.7, lz: 9.6, xy: 1.7, xz: -1.2, yz: 0.9 }, 3);
const table = bondTable3d(g, 2.2);
// For `softspot map --lhc`: pairs within 2.0, the smallest of KA's cutoffs (A–B), so that every row is an interaction of the glass under ka (map refuses rows beyond their cutoff).
const cliTable = bondTable3d(g, 2.0);

describe('pictures of 3D glasses (synthetic bond table)', () => {
  it('the table: bonds of every particle, values of both signs', () => {
    expect(table.count).to.be.above(3 * g.n);
    expect(Array.from(table.dcdg.simple!).some((v) => v < 0) && Array.from(table.dcdg.simple!).some((v) => v > 0)).to.equal(true);
  });

  describe('per-particle fields in 3D', () => {
    const fields = particleFields(table);

    it('each particle: half the sum over the bonds that contain it (brute force); Σ_i = Σ_α', () => {
      for (let p = 0; p < g.n; p++) {
        let c = 0, d = 0, cd = 0;
        for (let a = 0; a < table.count; a++) {
          if (table.i[a] !== p && table.j[a] !== p) continue;
          c += table.c[a]! / 2;
          d += table.dcdg['simple-xz']![a]! / 2;
          cd += (table.c[a]! * table.dcdg['simple-xz']![a]!) / 2;
        }
        expect(fields.c[p]).to.be.closeTo(c, 1e-12);
        expect(fields.dcdg['simple-xz']![p]).to.be.closeTo(d, 1e-12);
        expect(fields.cDcdg['simple-xz']![p]).to.be.closeTo(cd, 1e-12);
      }
      const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);
      expect(sum(fields.c)).to.be.closeTo(sum(table.c), 1e-10);
      for (const name of Object.keys(table.dcdg)) expect(sum(fields.dcdg[name]!)).to.be.closeTo(sum(table.dcdg[name]!), 1e-10);
    });

    it('written as 3D extended XYZ: full Lattice, pbc="T T T", x y z, OVITO-safe columns, read back bit for bit', () => {
      const config = configurationOfFrame(readXyzFrame(xyzText(g)));
      config.positions = table.positions; // unwrapped positions, as an analysis result may have them
      const text = formatParticleFieldsXyz(config, fields);
      const lines = text.trimEnd().split('\n');
      expect(lines[1]).to.contain(`Lattice="${g.lx} 0 0 ${g.xy} ${g.ly} 0 ${g.xz} ${g.yz} ${g.lz}"`);
      expect(lines[1]).to.contain('pbc="T T T"');
      expect(lines[1]).to.contain('model=ka');
      const props = /Properties=(\S+)/.exec(lines[1]!)![1]!;
      expect(props).to.equal('species:S:1:pos:R:3:c:R:1:dcdg_simple:R:1:dcdg_simple_xz:R:1:dcdg_simple_yz:R:1:dcdg_pure:R:1:' +
        'c_dcdg_simple:R:1:c_dcdg_simple_xz:R:1:c_dcdg_simple_yz:R:1:c_dcdg_pure:R:1');
      const frame = readXyzFrame(text, 'fields.xyz');
      expect(frame.dim).to.equal(3);
      expect(Array.from(frame.positions)).to.deep.equal(Array.from(table.positions));
      expect(Array.from(frame.species)).to.deep.equal(Array.from(config.species));
      const names = props.split(':').filter((_, k) => k % 3 === 0);
      const columns = [fields.c, ...Object.values(fields.dcdg), ...Object.values(fields.cDcdg)];
      for (let p = 0; p < g.n; p++) {
        const tokens = lines[p + 2]!.split(' ');
        expect(tokens.length).to.equal(4 + columns.length);
        columns.forEach((col, k) => expect(Number(tokens[4 + k]), `${names[2 + k]} of particle ${p}`).to.equal(col[p]));
      }
    });
  });

  describe('the slab map', () => {
    const lz = g.lz;
    const a3 = [g.xz, g.yz, g.lz];

    /** Brute force: the image m + k a3 (k = −4…4) of each bond's midpoint with z in [lo, hi), and its xy. */
    function bruteSlab(slab: Slab): Map<number, [number, number]> {
      const lo = slab.z0 - slab.width / 2, hi = slab.z0 + slab.width / 2;
      const out = new Map<number, [number, number]>();
      for (let a = 0; a < table.count; a++) {
        const p = table.i[a]!;
        const mid = [0, 1, 2].map((r) => table.positions[3 * p + r]! + table.r[3 * a + r]! / 2);
        for (let k = -4; k <= 4; k++) {
          const z = mid[2]! + k * a3[2]!;
          if (z >= lo && z < hi) out.set(a, [mid[0]! + k * a3[0]!, mid[1]! + k * a3[1]!]);
        }
      }
      return out;
    }

    /** Whether v is an integer combination of the 2D cell vectors (h00, 0) and (h01, h11). */
    function isLattice2(v: [number, number]): boolean {
      const s1 = v[1] / g.ly;
      const s0 = (v[0] - g.xy * s1) / g.lx;
      return Math.abs(s0 - Math.round(s0)) < 1e-9 && Math.abs(s1 - Math.round(s1)) < 1e-9;
    }

    for (const slab of [defaultSlab(table.cell), { z0: 0.3, width: 2.5 }, { z0: lz - 0.2, width: 1 }, { z0: 17.5, width: lz }]) {
      it(`slab z0 = ${slab.z0.toFixed(3)}, width ${slab.width.toFixed(3)}: the bonds whose midpoint image lies in it, projected with the xz, yz tilt of that image`, () => {
        const want = bruteSlab(slab);
        const got = projectSlab(table, slab);
        expect(Array.from(got.bonds)).to.deep.equal([...want.keys()].sort((x, y) => x - y));
        if (slab.width === lz) expect(got.bonds.length).to.equal(table.count);
        else expect(got.bonds.length).to.be.within(1, table.count - 1);
        expect(Array.from(got.glass.cell)).to.deep.equal([g.lx, g.xy, 0, g.ly]);
        got.bonds.forEach((a, q) => {
          const P = [got.glass.positions[4 * q]!, got.glass.positions[4 * q + 1]!];
          const Q = [got.glass.positions[4 * q + 2]!, got.glass.positions[4 * q + 3]!];
          expect(Q[0]! - P[0]!).to.be.closeTo(table.r[3 * a]!, 1e-12);
          expect(Q[1]! - P[1]!).to.be.closeTo(table.r[3 * a + 1]!, 1e-12);
          const m = want.get(a)!;
          expect(isLattice2([(P[0]! + Q[0]!) / 2 - m[0], (P[1]! + Q[1]!) / 2 - m[1]]), `bond ${a}`).to.equal(true);
        });
      });
    }

    it('the drawn pieces lie in the 2D cell and add up to each kept bond\'s projected length', () => {
      const proj = projectSlab(table);
      const field = Float64Array.from(proj.bonds, (a) => table.c[a]!);
      const seg = bondSegments(proj.glass, field, { threshold: 0 });
      expect(seg.kept).to.equal(proj.bonds.length);
      const length = new Float64Array(proj.bonds.length);
      for (let k = 0; k < seg.bond.length; k++) {
        length[seg.bond[k]!]! += Math.hypot(seg.x2[k]! - seg.x1[k]!, seg.y2[k]! - seg.y1[k]!);
        for (const [x, y] of [[seg.x1[k]!, seg.y1[k]!], [seg.x2[k]!, seg.y2[k]!]] as const) {
          const s1 = y / g.ly, s0 = (x - g.xy * s1) / g.lx;
          expect(s0).to.be.within(-1e-9, 1 + 1e-9);
          expect(s1).to.be.within(-1e-9, 1 + 1e-9);
        }
      }
      proj.bonds.forEach((a, q) => expect(length[q]).to.be.closeTo(Math.hypot(table.r[3 * a]!, table.r[3 * a + 1]!), 1e-9));
    });

    it('slabMapSvg: x̃ by ⟨|x|⟩ over all interactions, one <line> per piece, the events whose particle is in the slab', () => {
      const slab = defaultSlab(table.cell);
      expect(slab).to.deep.equal({ z0: lz / 2, width: 2 });
      // particle 0 in the slab (z of its image in [z0 − 1, z0 + 1)), particle far from it out
      const zOf = (p: number) => { const z = table.positions[3 * p + 2]!; return z - lz * Math.floor(z / lz); };
      const inside = Array.from({ length: g.n }, (_, p) => p).find((p) => Math.abs(zOf(p) - lz / 2) < 0.9)!;
      const outside = Array.from({ length: g.n }, (_, p) => p).find((p) => Math.abs(zOf(p) - lz / 2) > 2)!;
      const events = { 'simple+': { particle: inside }, 'pure-': { particle: outside } };
      const { svg, summary } = slabMapSvg(table, 'all', events, slab);
      const mean = (f: (a: number) => number) => { let s = 0; for (let a = 0; a < table.count; a++) s += Math.abs(f(a)); return s / table.count; };
      const means = [mean((a) => table.c[a]!), mean((a) => table.c[a]! * table.dcdg.simple![a]!), mean((a) => table.c[a]! * table.dcdg.pure![a]!)];
      expect(summary.panels.length).to.equal(3);
      means.forEach((v, k) => expect(summary.panels[k]!.meanAbs).to.be.closeTo(v, 1e-12 * v));
      expect(summary.inSlab).to.equal(bruteSlab(slab).size);
      const lines = svg.match(/<line class="bond/g)?.length ?? 0;
      expect(lines).to.equal(summary.panels.reduce((s, p) => s + p.pieces, 0));
      expect(summary.events).to.deep.equal(['simple+']);
      expect(svg).to.contain('data-direction="simple+"');
      expect(svg).to.not.contain('data-direction="pure-"');
      // the event is drawn at its particle's slab image: its projection is a lattice translate of the particle's xy
      const pos = slabEvents(table, events, slab)['simple+']!.position!;
      const k = Math.floor((table.positions[3 * inside + 2]! - (lz / 2 - 1)) / lz);
      expect(isLattice2([pos[0]! - (table.positions[3 * inside]! - k * g.xz), pos[1]! - (table.positions[3 * inside + 1]! - k * g.yz)])).to.equal(true);
      expect(svg).to.contain(`the ${summary.inSlab} of ${table.count} interactions whose midpoint lies in it`);
      // Lines at SLAB_WIDTH_PER_UNIT λ per unit of |x̃| (2D maps: 0.05): the widths of the
      // bonds drawn are 0.02·|x̃|·(px per λ), the same bonds as a map drawn at 0.05 but 2.5× thinner.
      const widths = (text: string) => [...text.matchAll(/<line class="bond[^>]*stroke-width="([0-9.e+-]+)"/g)].map((m) => Number(m[1]));
      const thin = widths(svg), wide = widths(slabMapSvg(table, 'all', events, slab, { widthPerUnit: 0.05 }).svg);
      expect(SLAB_WIDTH_PER_UNIT).to.equal(0.02);
      expect(thin.length).to.equal(wide.length).and.to.be.above(0);
      thin.forEach((w, q) => expect(w).to.be.closeTo(0.4 * wide[q]!, 0.01)); // the SVG carries 2 decimals
    });

    it('refuses a slab wider than lz, a cell with a1 or a2 out of the xy plane, an event given by a 2D position', () => {
      expect(() => projectSlab(table, { z0: 1, width: lz + 0.1 })).to.throw(RangeError, `slab.width: expected a number in (0, lz = ${lz}]`);
      expect(() => projectSlab(table, { z0: 1, width: 0 })).to.throw(RangeError, 'slab.width');
      const tilted = { ...table, cell: Float64Array.from(table.cell, (v, k) => (k === 6 ? 0.3 : v)) };
      expect(() => projectSlab(tilted)).to.throw(RangeError, 'a slab map needs a1 and a2 in the xy plane (h20 = h21 = 0');
      expect(() => slabEvents(table, { 'simple-': { position: [1, 2] } }, defaultSlab(table.cell)))
        .to.throw(RangeError, "events['simple-']: a 3D slab map needs the event's particle");
    });
  });
});

describe('softspot map on a 3D glass (with --lhc: the CLI wiring of the slab map)', () => {
  let dir = '';
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'softspot-nd-map-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('draws the slab map of slabMapSvg for the glass and cliTable given, default slab the middle 2λ; --slab picks another', async function () {
    this.timeout(60_000);
    const glassPath = join(dir, 'g.xyz'), csv = join(dir, 'g.csv'), eventsPath = join(dir, 'events.json');
    await writeFile(glassPath, xyzText(g));
    await writeFile(csv, formatLhcCsv(cliTable));
    const config = configurationOfFrame(readXyzFrame(xyzText(g)));
    const zOf = (p: number) => config.positions[3 * p + 2]!;
    const inside = Array.from({ length: g.n }, (_, p) => p).find((p) => Math.abs(zOf(p) - g.lz / 2) < 0.9)!;
    const outside = Array.from({ length: g.n }, (_, p) => p).find((p) => Math.abs(zOf(p) - g.lz / 2) > 1.1)!;
    await writeFile(eventsPath, JSON.stringify({ 'simple+': { particle: inside }, 'pure-': { particle: outside } }));
    const out = join(dir, 'map.svg');
    const r = await runCli('map', glassPath, '--lhc', csv, '--events', eventsPath, '--out', out, '--png-width', '400');
    expect(r.code, r.stderr).to.equal(0);
    const unit = lengthUnitOf(config.model);
    const want = slabMapSvg({ ...cliTable, cell: config.cell, positions: config.positions }, 'all', { 'simple+': { particle: inside }, 'pure-': { particle: outside } }, undefined, { lengthUnit: unit }).svg;
    expect(want, 'the event outside the slab is named, not drawn').to.include('Events outside the slab (not drawn): pure−.');
    expect(await readFile(out, 'utf8')).to.equal(want);
    expect(want).to.include(`in units of ${unit}.`).and.include(`${g.lz / 2 + 1} ${unit} (lz =`); // the model's unit, not the 2D paper's λ
    expect((await readFile(join(dir, 'map.png'))).subarray(1, 4).toString()).to.equal('PNG');
    expect(r.stderr).to.match(new RegExp(`slab ${g.lz / 2 - 1} ≤ z < ${g.lz / 2 + 1}: \\d+ of ${cliTable.count} interactions`));
    expect(r.stderr).to.contain('events simple+ (outside the slab, not drawn: pure−)');

    const other = join(dir, 'other.svg');
    const s = await runCli('map', glassPath, '--lhc', csv, '--out', other, '--slab', '1.5,3', '--field', 'c');
    expect(s.code, s.stderr).to.equal(0);
    expect(await readFile(other, 'utf8')).to.equal(
      slabMapSvg({ ...cliTable, cell: config.cell, positions: config.positions }, 'c', {}, { z0: 1.5, width: 3 }, { lengthUnit: unit }).svg);
  });

  it('--slab: malformed, wider than lz, or on a 2D glass: exit 2 naming the option', async () => {
    const glassPath = join(dir, 'g.xyz'), csv = join(dir, 'g.csv');
    await writeFile(glassPath, xyzText(g));
    await writeFile(csv, formatLhcCsv(cliTable));
    const out = join(dir, 'bad.svg');
    for (const [slab, message] of [
      ['4', '--slab: expected z0,width (two numbers in λ, width > 0), got "4"'],
      ['4,-1', '--slab: expected z0,width'],
      [`4,${g.lz + 1}`, `--slab 4,${g.lz + 1}: the width ${g.lz + 1} is more than the cell's height lz = ${Number(g.lz.toPrecision(6))} λ`],
    ] as const) {
      const r = await runCli('map', glassPath, '--lhc', csv, '--out', out, '--slab', slab);
      expect(r.code, slab).to.equal(2);
      expect(r.stderr).to.contain(message);
    }
    const eventsPath = join(dir, 'xy-events.json');
    await writeFile(eventsPath, JSON.stringify({ 'pure+': { position: [1, 2] } }));
    const ev = await runCli('map', glassPath, '--lhc', csv, '--out', out, '--events', eventsPath);
    expect(ev.code).to.equal(2);
    expect(ev.stderr).to.contain(`${eventsPath}: events['pure+']: a 3D slab map needs the event's particle`);
    const flat = new URL('./fixtures/n64_s1.xyz', import.meta.url).pathname;
    const r = await runCli('map', flat, '--lhc', new URL('./fixtures/n64_s1.lhc.csv', import.meta.url).pathname, '--out', out, '--slab', '1,2');
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('--slab: applies to 3D glasses');
  });
});
