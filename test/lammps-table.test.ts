/**
 * A model's pair law as a LAMMPS `pair_style table` (lib/io/lammps-table.ts, `softspot
 * lammps-table`), so that glasses prepared in LAMMPS are minima of softspot's law:
 * - the table's φ and −φ' equal the smoothed Kob–Andersen law written here from DESIGN §10's
 *   printed constants (not from softspot's code), and each pair_coeff line has the pair's
 *   cutoff 2.5 σ_ab;
 * - with LAMMPS itself (Debian package lammps; skipped with a printed reason where `lmp` is
 *   missing, a failure under CI), running the input of docs/api.md as written: a 2D ka2d
 *   glass quenched and minimized by LAMMPS on the table is a minimum of the exact law (max
 *   |F| at the force floor), its energy is LAMMPS's, and `softspot run` analyses the file.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lammpsPairTable } from '../lib/io/lammps-table.js';
import { modelPreset } from '../lib/model/presets.js';
import { runCli } from './helpers/run-cli.js';
import { scratchDir } from './helpers/scratch-dir.js';
import { fixturePath } from './helpers/read-fixture.js';
import { requireProgram } from './helpers/system-program.js';

/** DESIGN §10's smoothing of KA (q = 3, x_c = 2.5): c_0 … c_6 as printed there. */
const C = [0.322042855424, -0.11564551766016, 0.0147747948724224, -0.000655695477211136];
const KA: Record<string, [number, number]> = { 'A-A': [1, 1], 'A-B': [1.5, 0.8], 'B-B': [0.5, 0.88] };

/** φ and φ' of the smoothed KA law, by hand. */
function kaByHand(eps: number, sig: number, r: number): [number, number] {
  const s = sig / r, x = r / sig;
  let phi = 4 * eps * (s ** 12 - s ** 6), dphi = (4 * eps * (-12 * s ** 12 + 6 * s ** 6)) / r;
  for (let l = 0; l < C.length; l++) {
    phi += eps * C[l]! * x ** (2 * l);
    if (l > 0) dphi += (eps * C[l]! * 2 * l * x ** (2 * l - 1)) / sig;
  }
  return [phi, dphi];
}

/** Sections of a pair_style table file: name → rows [r, φ, −φ']. */
function parseTable(text: string): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.trim();
    if (line === '' || line.startsWith('#') || !/^[A-Za-z]/.test(line)) continue;
    const n = Number(/^N (\d+)/.exec(lines[k + 1]!.trim())![1]);
    out.set(line, lines.slice(k + 3, k + 3 + n).map((l) => l.trim().split(/\s+/).slice(1).map(Number)));
    k += 2 + n;
  }
  return out;
}

describe('lammps-table: a model\'s law as a LAMMPS pair_style table', function () {
  this.timeout(120000);
  let dir = '';
  scratchDir('softspot-lammps-table-', (d) => { dir = d; });

  it('φ and −φ\' of every row are DESIGN §10\'s KA law; pair_coeff has each pair\'s cutoff', () => {
    const { table, commands } = lammpsPairTable(modelPreset('ka2d'), { points: 500, fileName: 'ka.table' });
    expect(commands).to.deep.equal(['pair_style table spline 500', 'pair_coeff 1 1 ka.table A-A 2.5', 'pair_coeff 1 2 ka.table A-B 2', 'pair_coeff 2 2 ka.table B-B 2.2']);
    const sections = parseTable(table);
    expect([...sections.keys()]).to.deep.equal(['A-A', 'A-B', 'B-B']);
    for (const [name, rows] of sections) {
      const [eps, sig] = KA[name]!;
      expect(rows).to.have.length(500);
      expect(rows[0]![0]).to.be.closeTo(0.5 * sig, 1e-15);
      expect(rows[499]![0]).to.equal(2.5 * sig);
      for (const [r, phi, force] of rows) {
        const [want, dwant] = kaByHand(eps, sig, r!);
        // The printed constants have 12 significant digits: the absolute error of the
        // smoothing terms is ~1e-12 ε (φ itself goes to zero at r_c).
        expect(phi, `${name} φ(${r})`).to.be.closeTo(want, 1e-11 * Math.max(1, Math.abs(want)));
        expect(force, `${name} −φ'(${r})`).to.be.closeTo(-dwant, 1e-10 * Math.max(1, Math.abs(dwant)));
      }
    }
  });

  it('refuses a per-particle law and bad options; the command writes the file and prints the commands', async () => {
    expect(() => lammpsPairTable(modelPreset('poly'))).to.throw(RangeError, "model 'poly': a per-particle law (sizes σ_i) has no table per atom type");
    expect(() => lammpsPairTable(modelPreset('ka'), { inner: 1 })).to.throw(RangeError, 'options.inner');
    const file = join(dir, 'ka.table');
    const r = await runCli('lammps-table', '--model', 'ka', '--out', file, '--points', '100');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim().split('\n')).to.deep.equal([
      'pair_style table spline 100', `pair_coeff 1 1 ${file} A-A 2.5`, `pair_coeff 1 2 ${file} A-B 2`, `pair_coeff 2 2 ${file} B-B 2.2`]);
    expect(parseTable(readFileSync(file, 'utf8')).get('B-B')).to.have.length(100);
    const poly = await runCli('lammps-table', '--model', 'poly', '--out', join(dir, 'poly.table'));
    expect(poly.code).to.equal(2);
    expect(poly.stderr).to.contain('a per-particle law');
  });

  it('a glass LAMMPS quenched and minimized on the table is a minimum of the exact law, and softspot run analyses it', async function () {
    const lmp = requireProgram(this, 'lmp', 'lammps');
    const table = await runCli('lammps-table', '--model', 'ka2d', '--out', join(dir, 'ka2d.table'));
    expect(table.code, table.stderr).to.equal(0);
    // The LAMMPS input of docs/api.md, as written there (its pair lines are included from pair.in).
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'api.md'), 'utf8');
    const script = /cat > in\.lmp <<'EOF'\n([\s\S]*?)\nEOF\n/.exec(doc);
    expect(script, 'the LAMMPS input of docs/api.md').to.not.equal(null);
    writeFileSync(join(dir, 'pair.in'), table.stdout);
    const input = `${script![1]}\nrun 0\nprint "FINAL_PE $(pe:%.17g)"`;
    writeFileSync(join(dir, 'in.lmp'), input + '\n');
    const run = spawnSync(lmp, ['-in', 'in.lmp', '-log', 'log.lammps', '-screen', 'none', '-nocite'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const log = readFileSync(join(dir, 'log.lammps'), 'utf8');
    expect(run.status, log.slice(-2000)).to.equal(0);
    const pe = Number(/^FINAL_PE (-?[\d.]+(?:e[+-]?\d+)?)$/m.exec(log)![1]); // per atom (lj units normalize thermo output)
    const info = await runCli('info', join(dir, 'glass.data'), '--model', 'ka2d', '--json');
    expect(info.code, info.stderr).to.equal(0);
    const d = JSON.parse(info.stdout) as { maxForce: number; energyPerParticle: number; hessianPositiveDefinite: boolean };
    expect(d.maxForce).to.be.below(1e-9);
    expect(d.energyPerParticle).to.be.closeTo(pe, 1e-9 * Math.abs(pe));
    expect(d.hessianPositiveDefinite).to.equal(true);
    const analysed = await runCli('run', join(dir, 'glass.data'), '--model', 'ka2d', '--out', join(dir, 'run'), '--workers', '1', '--quiet', '--no-aggregate');
    expect(analysed.code, analysed.stderr).to.equal(0);
    expect(analysed.stderr).to.contain('1 computed, 0 already done, 0 failed');
  });

  it('the 3D Kob–Andersen recipe of docs/lammps.md, as written: LAMMPS\'s glass is a minimum of the exact ka law, and lhc analyses it without polishing far', async function () {
    const lmp = requireProgram(this, 'lmp', 'lammps');
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'lammps.md'), 'utf8');
    const recipe = /```sh\n(softspot lammps-table --model ka [^\n]*)\ncat > in3d\.lmp <<'EOF'\n([\s\S]*?)\nEOF\n/.exec(doc);
    expect(recipe, 'the 3D recipe of docs/lammps.md').to.not.equal(null);
    const work = join(dir, 'ka3d');
    mkdirSync(work, { recursive: true });
    const table = await runCli('lammps-table', '--model', 'ka', '--out', join(work, 'ka.table'));
    expect(table.code, table.stderr).to.equal(0);
    writeFileSync(join(work, 'pair.in'), table.stdout);
    writeFileSync(join(work, 'in3d.lmp'), `${recipe![2]}\nrun 0\nprint "FINAL_PE $(pe:%.17g)"\n`);
    const run = spawnSync(lmp, ['-in', 'in3d.lmp', '-log', 'log.lammps', '-screen', 'none', '-nocite'], { cwd: work, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const log = readFileSync(join(work, 'log.lammps'), 'utf8');
    expect(run.status, log.slice(-2000)).to.equal(0);
    const pe = Number(/^FINAL_PE (-?[\d.]+(?:e[+-]?\d+)?)$/m.exec(log)![1]);
    const info = await runCli('info', join(work, 'glass.data'), '--model', 'ka', '--json');
    expect(info.code, info.stderr).to.equal(0);
    const d = JSON.parse(info.stdout) as { particles: number; maxForce: number; energyPerParticle: number; hessianPositiveDefinite: boolean };
    expect(d.energyPerParticle).to.be.closeTo(pe, 1e-9 * Math.abs(pe));
    expect(d.maxForce).to.be.below(1e-8);
    expect(d.hessianPositiveDefinite).to.equal(true);
    const lhc = await runCli('lhc', join(work, 'glass.data'), '--model', 'ka', '--out', join(work, 'lhc.csv'));
    expect(lhc.code, lhc.stderr).to.equal(0);
    expect(lhc.stderr).to.match(/N = 256, 3D, Σc = 76[45]\.9999|N = 256, 3D, Σc = 765\.0000/);
    expect(lhc.stderr).to.not.contain('warning');
  });

  it('a table whose name has a space, a # and a $ is quoted in the pair_coeff lines, and LAMMPS reads it: its energy is softspot\'s', async function () {
    const lmp = requireProgram(this, 'lmp', 'lammps');
    const work = join(dir, 'with space');
    mkdirSync(work, { recursive: true });
    const min = await runCli('minimize', fixturePath('n64_s1.xyz'), '--out', join(work, 'g.data'), '--quiet');
    expect(min.code, min.stderr).to.equal(0);
    const table = await runCli('lammps-table', '--model', 'ipl', '--out', join(work, 'my #1 $x.table'), '--points', '2000');
    expect(table.code, table.stderr).to.equal(0);
    expect(table.stdout).to.contain(`pair_coeff 1 1 "${join(work, 'my #1 $x.table')}" S-S`);
    writeFileSync(join(work, 'in.lmp'), ['units lj', 'dimension 2', 'atom_style atomic', 'boundary p p p', 'read_data g.data',
      table.stdout.trim(), 'run 0', 'print "FINAL_PE $(pe:%.17g)"'].join('\n') + '\n');
    const run = spawnSync(lmp, ['-in', 'in.lmp', '-log', 'log.lammps', '-screen', 'none', '-nocite'], { cwd: work, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
    const log = readFileSync(join(work, 'log.lammps'), 'utf8');
    expect(run.status, log.slice(-2000)).to.equal(0);
    const pe = Number(/^FINAL_PE (\S+)$/m.exec(log)![1]);
    const info = await runCli('info', join(work, 'g.data'), '--json');
    expect(info.code, info.stderr).to.equal(0);
    const energy = (JSON.parse(info.stdout) as { energyPerParticle: number }).energyPerParticle; // pe per atom (lj units)
    expect(pe).to.be.closeTo(energy, 1e-9 * Math.abs(energy));
  });
});
