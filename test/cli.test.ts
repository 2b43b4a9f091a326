/** The command line, run in-process: info, minimize, lhc, validate; usage and bad input. */
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLhcCsv, readXyz, writeXyz } from '../lib/io/index.js';
import { fixturePath, readFixtureLhc } from './helpers/read-fixture.js';
import { runCli } from './helpers/run-cli.js';

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'softspot-cli-'));

  it('lists the commands and fails with usage on an unknown one', async () => {
    const help = await runCli('--help');
    expect(help.code).to.equal(0);
    for (const name of ['info', 'minimize', 'lhc', 'validate']) expect(help.stdout).to.match(new RegExp(`^  ${name} `, 'm'));
    const unknown = await runCli('frobnicate');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain('softspot: unknown command "frobnicate"');
    // no command at all: the overview explains the error, on stderr (stdout stays empty), exit 2
    const none = await runCli();
    expect([none.code, none.stdout]).to.deep.equal([2, '']);
    expect(none.stderr).to.match(/^ {2}lhc /m);
  });

  it('info reports a stable minimum', async () => {
    const r = await runCli('info', fixturePath('n64_s1.xyz'), '--json');
    expect(r.code).to.equal(0);
    const info = JSON.parse(r.stdout);
    expect(info.n).to.equal(64);
    expect(info.interactions).to.equal(readFixtureLhc('n64_s1').i.length);
    expect(info.hessianPositiveDefinite).to.equal(true);
    expect(info.maxForce).to.be.below(1e-11);
    expect(info.density).to.be.closeTo(0.86, 1e-12);
  });

  it('lhc writes the DESIGN §9 table matching the reference values', async () => {
    const out = join(dir, 'n128.csv');
    const r = await runCli('lhc', fixturePath('n128_s1.xyz'), '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/^lhc: 526 interactions, N = 128, Σc = 254\.0000000000 \(2N−2 = 254\)/);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).to.equal('i,j,c,dcdg_simple,dcdg_pure');
    const table = parseLhcCsv(text, out);
    const ref = readFixtureLhc('n128_s1');
    for (let a = 0; a < ref.c.length; a++) {
      expect(table.c[a]).to.be.closeTo(ref.c[a], 1e-9 * Math.max(1, Math.abs(ref.c[a])));
      expect(table.dcdg.simple[a]).to.be.closeTo(ref.dcdgSimple[a], 1e-7 * Math.max(10, Math.abs(ref.dcdgSimple[a])));
    }
    // The sum rule Σdc/dγ = 0 is also given relative to Σ|dc/dγ| (its absolute value grows with N by rounding alone).
    for (const name of ['simple', 'pure']) {
      const said = new RegExp(`Σdc/dγ\\(${name}\\) = (\\S+) \\((\\S+) of Σ\\|dc/dγ\\|\\)`).exec(r.stderr);
      expect(said, r.stderr).to.not.equal(null);
      const column = table.dcdg[name]!;
      const sum = column.reduce((t, x) => t + x, 0), scale = column.reduce((t, x) => t + Math.abs(x), 0);
      expect(Number(said![2])).to.be.closeTo(Math.abs(Number(said![1])) / scale, 0.06 * Math.abs(Number(said![1])) / scale + 1e-30);
      expect(Math.abs(sum)).to.be.below(1e-12 * scale);
    }
  });

  it('lhc --quiet writes the same table without the summary line; a note on the input stays', async () => {
    const loud = join(dir, 'loud.csv'), quiet = join(dir, 'quiet.csv');
    expect((await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', loud)).stderr).to.match(/^lhc: /);
    const r = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', quiet, '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(readFileSync(quiet, 'utf8')).to.equal(readFileSync(loud, 'utf8'));
    // A GSD file read under the default model is still said.
    const lammps = await runCli('lhc', fixturePath('gsd/ipl-named.gsd'), '--out', join(dir, 'lq.csv'), '--quiet');
    expect(lammps.code, lammps.stderr).to.equal(0);
    expect(lammps.stderr).to.match(/^lhc: .*read under the default model ipl/);
  });

  it('lhc takes any E and names its column', async () => {
    const out = join(dir, 'e.csv');
    const r = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', out, '--E', '0,-1,0,0');
    expect(r.code, r.stderr).to.equal(0);
    const table = parseLhcCsv(readFileSync(out, 'utf8'));
    const ref = readFixtureLhc('n64_s1');
    expect(Object.keys(table.dcdg)).to.deep.equal(['E']);
    expect(table.dcdg.E[5]).to.be.closeTo(-ref.dcdgSimple[5], 1e-7 * Math.max(10, Math.abs(ref.dcdgSimple[5])));
  });

  it('minimize takes a perturbed glass back to the force floor', async () => {
    const config = readXyz(readFileSync(fixturePath('n64_s1.xyz'), 'utf8'));
    const shaken = join(dir, 'shaken.xyz');
    const lines = readFileSync(fixturePath('n64_s1.xyz'), 'utf8').split('\n');
    for (let p = 0; p < config.n; p++) {
      const [s, x, y, z] = lines[2 + p].trim().split(/\s+/);
      lines[2 + p] = `${s} ${Number(x) + 0.02 * Math.sin(p)} ${Number(y) + 0.02 * Math.cos(p)} ${z}`;
    }
    writeFileSync(shaken, lines.join('\n'));
    const out = join(dir, 'min.xyz');
    const r = await runCli('minimize', shaken, '--out', out, '--quiet');
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse((await runCli('info', out, '--json')).stdout);
    expect(info.maxForce).to.be.below(1e-11);
    expect(info.hessianPositiveDefinite).to.equal(true);
    // The input's lambda_min (of the glass before shaking) is not the minimum's: not written.
    expect(config.info).to.have.property('lambda_min');
    const written = readXyz(readFileSync(out, 'utf8'));
    expect(written.info).not.to.have.property('lambda_min');
    expect(written.info!.fmax).to.be.closeTo(info.maxForce, 1e-12);
  });

  it('prepare --anneal-time 0 (a quench, no anneal) writes its glass, without a mean anneal temperature (2D ipl and the d-generic ka2d)', async () => {
    // The glass was lost at the end: "writeXyz: info.T_anneal_mean must be a finite number …, got NaN", exit 2.
    for (const model of ['ipl', 'ka2d']) {
      const out = join(dir, `quench-${model}.xyz`);
      const r = await runCli('prepare', '--model', model, '--n', '64', '--seed', '1', '--liquid-time', '1', '--anneal-time', '0', '--out', out, '--quiet');
      expect(r.code, r.stderr).to.equal(0);
      const glass = readXyz(readFileSync(out, 'utf8'));
      expect(glass.info!.anneal_time).to.equal(0);
      expect(glass.info, model).not.to.have.property('T_anneal_mean');
      const info = JSON.parse((await runCli('info', out, '--json')).stdout);
      expect([info.maxForce, info.hessianPositiveDefinite]).to.satisfy(([f, pd]: [number, boolean]) => f < 1e-8 && pd);
    }
  });

  it('minimize of a small glass (ka2d N = 31, the smallest prepare makes): back to a minimum, with the counts of this minimization in the file', async () => {
    // With a skin of 0.3 always it refused the cell ("smallest width > 2·(cutoff + skin) = 5.6, got 5.08…; … N = 38").
    const made = join(dir, 'ka2d31.xyz');
    expect((await runCli('prepare', '--model', 'ka2d', '--n', '31', '--seed', '1', '--liquid-time', '1', '--anneal-time', '1', '--out', made, '--quiet')).code).to.equal(0);
    const glass = readXyz(readFileSync(made, 'utf8'));
    expect(glass.info).to.include.keys('fire_iterations', 'cg_iterations');
    const shaken = join(dir, 'ka2d31-shaken.xyz');
    writeFileSync(shaken, writeXyz({ ...glass, positions: glass.positions.map((x, k) => x + 0.02 * Math.sin(3 * k)) }));
    const out = join(dir, 'ka2d31-min.xyz');
    const r = await runCli('minimize', shaken, '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse((await runCli('info', out, '--json')).stdout);
    expect(info.maxForce).to.be.below(1e-10);
    expect(info.hessianPositiveDefinite).to.equal(true);
    // prepare's minimization counts gave way to this one's (as printed); its provenance stays.
    const written = readXyz(readFileSync(out, 'utf8')).info!;
    const [, cg, newton] = /, (\d+) CG iterations, (\d+) Newton steps/.exec(r.stderr)!;
    expect([written.cg_iterations, written.newton_iterations]).to.deep.equal([Number(cg), Number(newton)]);
    expect(written).not.to.have.property('fire_iterations');
    expect([written.seed, written.protocol]).to.deep.equal([1, glass.info!.protocol]);
  });

  it('minimize stopped by --max-iter before Newton can start: says so and asks for a larger --max-iter (it said "≤ --tol" and asked for a smaller one)', async () => {
    const lines = readFileSync(fixturePath('n64_s1.xyz'), 'utf8').split('\n');
    for (let p = 0; p < 64; p++) {
      const [s, x, y, z] = lines[2 + p]!.trim().split(/\s+/);
      lines[2 + p] = `${s} ${Number(x) + 0.1 * Math.sin(7 * p)} ${Number(y) + 0.1 * Math.cos(5 * p)} ${z}`;
    }
    const shaken = join(dir, 'far.xyz');
    writeFileSync(shaken, lines.join('\n'));
    const r = await runCli('minimize', shaken, '--max-iter', '1', '--out', join(dir, 'far-min.xyz'), '--quiet');
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^softspot minimize: not converged: CG stopped at max \|force\| \S+ > --tol 1e-8 after 1 iterations \(the cap, --max-iter 1\), and Newton's polish from there met a Hessian that is not positive definite/);
    expect(r.stderr).to.contain('minimize it again with a larger --max-iter');
    expect(r.stderr).not.to.contain('smaller --tol');
  });

  it('lhc --particles refuses a name of another format than the extended XYZ it writes (x.gsd held XYZ text its readers refused), before any work', async () => {
    for (const [name, what] of [['p.gsd', 'a GSD file'], ['p.data', 'a LAMMPS data file'], ['p.h5', 'a .h5 file'], ['p.xyz.gz', 'a compressed (.gz) file']] as const) {
      const r = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'p.csv'), '--particles', join(dir, name));
      expect(r.code, name).to.equal(2);
      expect(r.stderr).to.contain(`--particles: ${join(dir, name)} names ${what}, but the per-particle fields are written as extended XYZ (OVITO reads its columns): name the file .xyz`);
      expect(existsSync(join(dir, 'p.csv')), name).to.equal(false);
    }
  });

  it('minimize of a 3D glass notes that the solver options do not apply (they were ignored without a word); --no-newton does', async () => {
    const r = await runCli('minimize', fixturePath('ipl3d_n128_s2.xyz'), '--solver', 'pcg-ichol', '--no-newton', '--out', join(dir, 'm3d.xyz'));
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain("minimize: note: --solver applies to the 2D kernels' Newton steps; a 3D glass takes its Newton steps with CHOLMOD: ignored\n");
    expect(r.stderr).to.match(/, 0 Newton steps, /);
    const plain = await runCli('minimize', fixturePath('ipl3d_n128_s2.xyz'), '--out', join(dir, 'm3d.xyz'));
    expect(plain.stderr).not.to.contain('note:');
  });

  it('validate reports the Fig. S1 error percentiles', async () => {
    const r = await runCli('validate', fixturePath('n64_s1.xyz'), '--central', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const v = JSON.parse(r.stdout);
    expect(v.modes.simple.median).to.be.below(1e-2);
    expect(v.modes.pure.fractionBelow1em2).to.be.above(0.9);
  });

  it('validate in text with --out: the per-interaction table (dc/dγ as softspot lhc writes it, Err recomputed from its columns) and the summary it prints', async () => {
    const out = join(dir, 'validate.csv');
    const r = await runCli('validate', fixturePath('n64_s1.xyz'), '--central', '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).to.equal('mode,i,j,dcdg,fd,err_percent');
    const lhcPath = join(dir, 'validate-lhc.csv');
    expect((await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', lhcPath)).code).to.equal(0);
    const lhc = parseLhcCsv(readFileSync(lhcPath, 'utf8'));
    const index = new Map<string, number>();
    for (let a = 0; a < lhc.i.length; a++) index.set(`${lhc.i[a]},${lhc.j[a]}`, a);
    const errs: Record<string, number[]> = { simple: [], pure: [] };
    for (const line of lines.slice(1)) {
      const [mode, i, j, dcdg, fd, err] = line.split(',');
      const a = index.get(`${i},${j}`)!;
      expect(Number(dcdg), line).to.equal(lhc.dcdg[mode as 'simple' | 'pure'][a]);
      const expected = 100 * Math.abs(Number(dcdg) - Number(fd)) / Math.min(Math.abs(Number(dcdg)), Math.abs(Number(fd)));
      expect(Number(err), line).to.be.closeTo(expected, 1e-9 * expected + 1e-15);
      errs[mode]!.push(Number(err));
    }
    for (const mode of ['simple', 'pure']) {
      const sorted = errs[mode]!.sort((x, y) => x - y);
      const row = new RegExp(`^${mode} +\\S+ +(\\d+) +(\\S+) `, 'm').exec(r.stdout)!; // mode, Δγ, interactions, median
      expect(Number(row[1]), mode).to.equal(sorted.length);
      const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      expect(row[2], `${mode} median`).to.equal(mid.toExponential(2));
      expect(r.stdout).to.match(new RegExp(`^${mode}: nearest cutoff crossing: `, 'm'));
    }
  });

  it('validate --dgamma: the documented range (0, 0.1] is what the check takes (0.1 ran into the library\'s (0, 0.1) before)', async () => {
    const edge = await runCli('validate', fixturePath('n64_s1.xyz'), '--dgamma', '0.1', '--json');
    expect(edge.code, edge.stderr).to.equal(0);
    expect(JSON.parse(edge.stdout).dgamma).to.equal(0.1);
    const over = await runCli('validate', fixturePath('n64_s1.xyz'), '--dgamma', '0.11');
    expect(over.code).to.equal(2);
    expect(over.stderr).to.contain('--dgamma');
    // Below 1e-9 the difference of c is rounding (1e-16 moved nothing: Err Infinity, exit 0, before).
    const under = await runCli('validate', fixturePath('n64_s1.xyz'), '--dgamma', '1e-16');
    expect(under.code).to.equal(2);
    expect(under.stderr).to.contain('--dgamma').and.to.contain('rounding');
  });

  it('validate: each row names the step its mode was checked at (a cut below a crossing was only in the lines after); the forward difference\'s truncation is named', async () => {
    const json = JSON.parse((await runCli('validate', fixturePath('n64_s1.xyz'), '--dgamma', '0.1', '--json')).stdout) as { modes: Record<string, { dgammaUsed: number }> };
    const text = await runCli('validate', fixturePath('n64_s1.xyz'), '--dgamma', '0.1');
    expect(text.code, text.stderr).to.equal(0);
    const cut = Object.entries(json.modes).filter(([, m]) => m.dgammaUsed < 0.1);
    expect(cut.length, 'a step of 0.1 is cut below a crossing on n64_s1').to.be.above(0);
    expect(text.stdout).to.contain(`Δγ = 0.1 asked, reduced for ${cut.length} of ${Object.keys(json.modes).length} modes`);
    for (const [mode, m] of Object.entries(json.modes)) expect(text.stdout).to.match(new RegExp(`^${mode} +${m.dgammaUsed.toExponential(2).replace('+', '\\+')} `, 'm'));
    const central = await runCli('validate', fixturePath('n64_s1.xyz'), '--central');
    expect(central.stdout).to.not.contain('asked, reduced').and.to.not.contain('note: forward differences');
    const forward = await runCli('validate', fixturePath('n64_s1.xyz'));
    expect(forward.stdout).to.contain('note: forward differences err by O(Δγ)');
  });

  it('a CSV table named as another format is refused before the work (lhc --out g.h5 wrote CSV there, exit 0)', async () => {
    for (const name of ['g.h5', 'g.xyz', 'g.data', 'g.gsd', 'g.csv.gz', 'g.json']) {
      const r = await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, name));
      expect(r.code, name).to.equal(2);
      expect(r.stderr, name).to.contain(`--out: ${join(dir, name)} names a `).and.to.contain('this table is written as CSV');
      expect(existsSync(join(dir, name)), name).to.equal(false);
    }
    const v = await runCli('validate', fixturePath('n64_s1.xyz'), '--out', join(dir, 'v.h5'));
    expect(v.code).to.equal(2);
    expect(v.stderr).to.contain('this table is written as CSV');
    for (const name of ['table.csv', 'table.txt', 'table']) expect((await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, name), '--quiet')).code, name).to.equal(0);
  });

  it('modes --out (HDF5) and lammps-table --out (a LAMMPS table) named as a glass file, CSV or JSON are refused before the work (modes --out m.xyz wrote HDF5 there, exit 0)', async () => {
    for (const name of ['m.xyz', 'm.csv', 'm.json', 'm.h5.gz']) {
      const r = await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '2', '--out', join(dir, name));
      expect([r.code, existsSync(join(dir, name))], name).to.deep.equal([2, false]);
      expect(r.stderr, name).to.contain(`--out: ${join(dir, name)} names a `).and.to.contain('this file is written as HDF5: name it .h5');
    }
    for (const name of ['ka.xyz', 'ka.data', 'ka.h5']) {
      const r = await runCli('lammps-table', '--model', 'ka', '--out', join(dir, name), '--points', '100');
      expect([r.code, existsSync(join(dir, name))], name).to.deep.equal([2, false]);
      expect(r.stderr, name).to.contain('the table is a LAMMPS pair_style table (plain text): name it .table');
    }
    expect((await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '2', '--out', join(dir, 'm.hdf5'))).code).to.equal(0);
    expect((await runCli('lammps-table', '--model', 'ka', '--out', join(dir, 'ka_pair'), '--points', '100')).code).to.equal(0);
  });

  it('an output over an existing file of another kind (a glass, HDF5) is refused before the work, the file kept; one of its own kind is replaced', async () => {
    const glass = readFileSync(fixturePath('ka_n256_s2.data'));
    const h5 = join(dir, 'kept.h5');
    expect((await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '2', '--out', h5)).code).to.equal(0);
    const cases: Array<[string, string[], Buffer | string]> = [
      ['data.ka', ['lhc', fixturePath('n64_s1.xyz'), '--out'], glass], // LAMMPS's own name for a data file: lhc wrote CSV over it, exit 0
      ['glass-noext', ['lhc', fixturePath('n64_s1.xyz'), '--out'], readFileSync(fixturePath('n64_s1.xyz'))],
      ['sample-noext', ['validate', fixturePath('n64_s1.xyz'), '--out'], readFileSync(h5)],
      ['pair', ['lammps-table', '--model', 'ka', '--points', '100', '--out'], glass],
      ['m-glass.h5', ['modes', fixturePath('n64_s1.xyz'), '--k', '2', '--out'], readFileSync(fixturePath('n64_s1.xyz'))],
      ['fields.xyz', ['lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'f.csv'), '--particles'], glass],
      // another glass under the fields' own extension: a glass, not fields (no column c on line 2)
      ['other-glass.xyz', ['lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'f2.csv'), '--particles'], readFileSync(fixturePath('n128_s1.xyz'))],
      // a gzip-compressed glass under a name without an extension: known by what it inflates to
      ['glass-gz', ['lhc', fixturePath('n64_s1.xyz'), '--out'], gzipSync(readFileSync(fixturePath('n64_s1.xyz')))],
    ];
    for (const [name, args, content] of cases) {
      const path = join(dir, name);
      writeFileSync(path, content);
      const r = await runCli(...args.slice(0, 1) as [string], ...args.slice(1), path);
      expect(r.code, `${name}: ${r.stderr}`).to.equal(2);
      expect(r.stderr, name).to.match(new RegExp(`${name.replace('.', '\\.')} exists and holds (an extended-XYZ glass|a LAMMPS data file \\(a glass\\)|an HDF5 file), which this output would replace with `));
      expect(r.stderr, name).to.contain('name another file (or delete that one first, if it is not needed)');
      expect(readFileSync(path).equals(Buffer.from(content)), `${name} kept`).to.equal(true);
    }
    // the same kind is replaced: an earlier table, modes.h5, earlier fields
    writeFileSync(join(dir, 'old.csv'), 'i,j,c\n0,1,2\n');
    expect((await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'old.csv'), '--quiet')).code).to.equal(0);
    expect((await runCli('modes', fixturePath('n64_s1.xyz'), '--k', '2', '--out', h5)).code).to.equal(0);
    for (let k = 0; k < 2; k++) expect((await runCli('lhc', fixturePath('n64_s1.xyz'), '--out', join(dir, 'o.csv'), '--particles', join(dir, 'over.xyz'), '--quiet')).code, `fields, time ${k + 1}`).to.equal(0);
  });

  it('a file of another format under a known extension, or a cut-off XYZ file, is told so beside the line at fault', async () => {
    const xyz = readFileSync(fixturePath('n64_s1.xyz'), 'utf8');
    const cases: Array<[string, string | Buffer, string]> = [
      ['data-as.xyz', readFileSync(fixturePath('ka_n256_s2.data')), 'its first lines are those of a LAMMPS data file: give --format lammps-data, or name the file .data'],
      ['xyz-as.data', xyz, 'its first lines are those of a configuration file (.xyz): give --format xyz, or name the file .xyz'],
      ['xyz-as.dump', xyz, 'its first lines are those of a configuration file (.xyz): give --format xyz, or name the file .xyz'],
      ['cut.xyz', xyz.slice(0, 2000), "that is the file's last line, and it ends without a newline: the file looks cut off (copy or write it again)"],
      ['cut-traj.xyz', xyz + xyz.slice(0, 2000), "the file looks cut off (copy or write it again, or read an earlier frame: --frame -2)"],
    ];
    for (const [name, content, hint] of cases) {
      writeFileSync(join(dir, name), content);
      const r = await runCli('info', join(dir, name));
      expect(r.code, name).to.equal(2);
      expect(r.stderr, name).to.contain(hint);
    }
    // --frame -2 of the cut trajectory is the whole first frame
    expect((await runCli('info', join(dir, 'cut-traj.xyz'), '--frame', '-2')).code).to.equal(0);
    // a whole last line with a bad token, in a file without a final newline, is not called cut off
    const lines = xyz.trimEnd().split('\n');
    lines[lines.length - 1] = lines.at(-1)!.replace(/^(\S+) \S+/, '$1 abc');
    writeFileSync(join(dir, 'bad-token.xyz'), lines.join('\n'));
    const bad = await runCli('info', join(dir, 'bad-token.xyz'));
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("'abc'").and.not.to.contain('cut off');
  });

  it('bad input: missing file, malformed file, unknown option, missing --out', async () => {
    const missing = await runCli('lhc', join(dir, 'nothere.xyz'), '--out', join(dir, 'x.csv'));
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain('no such file or directory');
    const bad = join(dir, 'bad.xyz');
    writeFileSync(bad, '3\nLattice="5 0 0 0 5 0 0 0 1" Properties=species:S:1:pos:R:3\nS 0 0 0\nS 1 1 0\n');
    const malformed = await runCli('info', bad);
    expect(malformed.code).to.equal(2);
    expect(malformed.stderr).to.match(/^softspot info: .*bad\.xyz:\d+: /);
    const option = await runCli('lhc', fixturePath('n64_s1.xyz'), '--bogus');
    expect(option.code).to.equal(2);
    expect(option.stderr).to.contain('unknown option --bogus (a value that starts with \'-\' goes after \'--\'');
    // A near miss is told the option it resembles.
    for (const [typo, meant] of [['--outt', '--out'], ['--partcles', '--particles'], ['--ordring', '--ordering']] as const) {
      const near = await runCli('lhc', fixturePath('n64_s1.xyz'), typo, 'x');
      expect(near.code, typo).to.equal(2);
      expect(near.stderr, typo).to.contain(`softspot lhc: unknown option ${typo}; did you mean ${meant}?`);
    }
    const sample = await runCli('run', '--sample', '3', '--n', '100', '--out', join(dir, 'r'));
    expect(sample.stderr).to.contain('unknown option --sample; did you mean --samples?');
    // The durations of the MD protocol are named differently by prepare and run: each points at its own
    // name for the other's (the nearest spelling, --t-anneal, is the anneal's temperature).
    const anneal = await runCli('prepare', '--n', '100', '--seed', '1', '--anneal', '5', '--out', join(dir, 'p.xyz'));
    expect([anneal.code, anneal.stderr]).to.deep.equal([2, 'softspot prepare: unknown option --anneal; did you mean --anneal-time? (softspot run calls it --anneal)\nRun `softspot prepare --help` for usage.\n']);
    const liquid = await runCli('run', '--samples', '1', '--n', '100', '--liquid-time', '5', '--out', join(dir, 'r'));
    expect(liquid.stderr).to.contain('unknown option --liquid-time; did you mean --t-equilibrate? (softspot prepare calls it --liquid-time)');
    const command = await runCli('lch');
    expect(command.code).to.equal(2);
    expect(command.stderr).to.match(/^softspot: unknown command "lch"; did you mean "lhc"\?\n/);
    const noOut = await runCli('lhc', fixturePath('n64_s1.xyz'));
    expect(noOut.code).to.equal(2);
    expect(noOut.stderr).to.contain('softspot lhc: --out is required');
  });
});
