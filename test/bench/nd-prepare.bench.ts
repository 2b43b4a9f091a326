/**
 * Issue 17 benchmark: the whole 3D preparation protocol of `ka` (3D Kob–Andersen, N/V = 1.2)
 * in softspot (`prepareGlassNd`, its defaults) and in LAMMPS serial doing the same protocol
 * on the same machine: CPU seconds of each phase for both programs and U/N after each phase.
 *
 * The protocol (lib/nd/prepare.ts, ND_PREPARE_DEFAULTS, preset `ka` defaults):
 *   random start of round(0.8 N) A + the rest B in a cube of side (N/1.2)^{1/3}
 *   → push-off: FIRE on soft spheres of diameter σ_ab = 0.85 r₁,ab (φ_ab(r₁) = 1 ε), to max |F| ≤ 1e-4, dt 0.05
 *   → liquid 20 τ0 at T = 2.0 (Maxwell–Boltzmann start) → instant quench, anneal 100 τ0 at T = 0.4
 *     (velocity Verlet, dt = 0.005, skin 0.3, rebuild checked every step)
 *   → FIRE to max |F| component ≤ 1e-1 → conjugate gradient (Polak–Ribière) to max |F| component ≤ 1e-8 ε/λ.
 * LAMMPS: the same law as `pair_style table spline 2000` (nd-md.bench.ts `lammpsTable`, the
 * §10 smoothed KA φ and −φ' exactly at 2000 points per pair), `neighbor 0.3 bin`,
 * `neigh_modify every 1 delay 0 check yes`, `min_modify norm inf` (the stopping test on the
 * largest force component, as softspot's) and `dmax 0.1` (softspot's maxStep).
 * Differences LAMMPS (Debian 29 Sep 2021) imposes: no CSVR thermostat in this build (no
 * `fix temp/csvr`), so Nosé–Hoover `fix nvt`, damping 0.5 τ0 (softspot: CSVR τ = 0.5 τ0);
 * no harmonic soft sphere that tolerates r → 0 (a table refuses r below its inner end), so
 * the push-off uses `pair_style soft` (A(1 + cos πr/σ), A = 1 ε) with the same σ_ab; its own
 * random numbers (positions from the same stream type, velocities from `velocity create`).
 * So single glasses differ; what is compared is the cost per phase and U/N of the glasses
 * (their distribution: two seeds at N = 500 differ by ≈ 2e-2 ε in U/N, so ≈ 5e-3 at N = 10⁴ if ∝ N^(−1/2)).
 *
 * CPU time: softspot `prepareGlassNd(...).cpu` (process.cpuUsage per phase); LAMMPS the
 * "Loop time × % CPU" of each run/minimize in its log and the process's user + system time
 * (/usr/bin/time). Run it at `nice -n 10` on a shared machine; the load is printed.
 *
 * Usage: `node --import tsx test/bench/nd-prepare.bench.ts [N ...] [--seeds 1,2] [--only softspot|lammps]` (default N = 10000, seed 1)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { composition, modelPreset } from '../../lib/model/index.js';
import { distanceAtEnergy, PUSH_OFF_FRACTION } from '../../lib/nd/md-random-start.js';
import { ND_PREPARE_DEFAULTS, prepareGlassNd } from '../../lib/nd/prepare.js';
import { createRng } from '../../lib/stats/index.js';
import { findLammps } from './md.bench.js';
import { lammpsTable, PAIRS, POINTS } from './nd-md.bench.js';
import { printTable } from './table.js';

/** Per-phase seconds and results of one preparation by either program. */
export interface ProtocolRun {
  program: string;
  cpu: { pushOff: number; liquid: number; anneal: number; minimize: number; total: number };
  /** Whole-process CPU seconds (softspot: the prepare call; LAMMPS: /usr/bin/time user + system, with start-up and table reading). */
  process: number;
  wall: number;
  fire: number;
  cg: number;
  eLiquid: number;
  eAnneal: number;
  tAnneal: number;
  energy: number;
  maxForce: number;
  stop: string;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export function softspotProtocol(n: number, seed: number): ProtocolRun {
  const c0 = cpuSeconds(), t0 = performance.now();
  const g = prepareGlassNd({ model: 'ka', n, seed });
  return {
    program: 'softspot', cpu: g.cpu, process: cpuSeconds() - c0, wall: (performance.now() - t0) / 1000,
    fire: g.fireIterations, cg: g.cgIterations, eLiquid: g.energyLiquid, eAnneal: g.energyAnneal, tAnneal: g.temperatureAnneal,
    energy: g.energy / n, maxForce: g.maxForce, stop: g.converged ? 'max |F| ≤ 1e-8' : 'not converged',
  };
}

/** The LAMMPS input of the protocol (module doc); data.lmp and table.txt beside it. */
export function lammpsProtocolInput(seed: number): string {
  const p = modelPreset('ka'), law = p.law, D = ND_PREPARE_DEFAULTS;
  const sigma = (a: number, b: number): number => PUSH_OFF_FRACTION * distanceAtEnergy(law, a, b);
  const maxSigma = Math.max(...PAIRS.map(([, a, b]) => sigma(a, b)));
  const liquidSteps = Math.round(D.tEquilibrate / D.dt), annealSteps = Math.round(D.anneal / D.dt);
  const tl = p.defaults.tLiquid, ta = p.defaults.tAnneal;
  return [
    'units lj', 'dimension 3', 'atom_style atomic', 'boundary p p p', 'read_data data.lmp',
    'neighbor 0.3 bin', 'neigh_modify every 1 delay 0 check yes',
    'thermo_style custom step temp pe fmax', 'thermo_modify norm yes', 'thermo 1000',
    'min_modify dmax 0.1 norm inf',
    // 1. push-off
    `pair_style soft ${maxSigma}`,
    ...PAIRS.map(([, a, b]) => `pair_coeff ${a + 1} ${b + 1} 1.0 ${sigma(a, b)}`),
    'timestep 0.05', 'min_style fire', 'minimize 0 1e-4 20000 100000',
    // 2. liquid, 3. quench + anneal
    `pair_style table spline ${POINTS}`,
    ...PAIRS.map(([name, a, b]) => `pair_coeff ${a + 1} ${b + 1} table.txt ${name} ${law.cutoff(a, b)}`),
    `timestep ${D.dt}`, 'reset_timestep 0',
    `velocity all create ${tl} ${seed + 1} mom yes rot no dist gaussian`,
    `fix 1 all nvt temp ${tl} ${tl} ${D.tau}`, `run ${liquidSteps}`, 'unfix 1',
    'print "SOFTSPOT liquid $(pe)"',
    'reset_timestep 0',
    `fix 1 all nvt temp ${ta} ${ta} ${D.tau}`,
    `fix 2 all ave/time 1 ${Math.floor(annealSteps / 2)} ${annealSteps} c_thermo_temp`,
    `run ${annealSteps}`,
    'print "SOFTSPOT anneal $(pe) $(f_2)"',
    'unfix 2', 'unfix 1',
    // 4. FIRE to 1e-1, then CG to 1e-8 (largest force component)
    `timestep ${D.dt}`, 'min_style fire', `minimize 0 ${D.fireTolerance} 100000 1000000`,
    'min_style cg', 'min_modify line quadratic', `minimize 0 ${D.cgTolerance} 1000000 10000000`,
    'print "SOFTSPOT final $(pe:%.10f) $(fmax:%.3e)"',
  ].join('\n') + '\n';
}

export function lammpsProtocol(bin: string, n: number, seed: number): ProtocolRun {
  const p = modelPreset('ka');
  const dir = mkdtempSync(join(tmpdir(), 'softspot-lmp-prep-'));
  try {
    const rng = createRng(seed);
    const side = (n / p.density) ** (1 / 3);
    const counts = composition(p, n);
    const out = ['LAMMPS data file from softspot (random start)', '', `${n} atoms`, '2 atom types', '',
      `0 ${side} xlo xhi`, `0 ${side} ylo yhi`, `0 ${side} zlo zhi`, '', 'Masses', '', '1 1.0', '2 1.0', '', 'Atoms # atomic', ''];
    for (let q = 0; q < n; q++) {
      out.push(`${q + 1} ${q < counts[0]! ? 1 : 2} ${side * rng.uniform()} ${side * rng.uniform()} ${side * rng.uniform()}`);
    }
    writeFileSync(join(dir, 'data.lmp'), out.join('\n') + '\n');
    writeFileSync(join(dir, 'table.txt'), lammpsTable(p.law));
    writeFileSync(join(dir, 'in.lmp'), lammpsProtocolInput(seed));
    const timed = existsSync('/usr/bin/time');
    const args = ['-in', 'in.lmp', '-log', 'log.lammps', '-screen', 'none', '-nocite'];
    const t0 = performance.now();
    const r = timed
      ? spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', 'time.txt', bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 7_200_000 })
      : spawnSync(bin, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 7_200_000 });
    const wall = (performance.now() - t0) / 1000;
    const log = readFileSync(join(dir, 'log.lammps'), 'utf8');
    if (r.status !== 0) throw new Error(`LAMMPS failed (status ${r.status}, ${r.stderr}): ${log.slice(-2000)}`);
    const loops = [...log.matchAll(/Loop time of ([\d.eE+-]+) on \d+ procs for (\d+) steps with (\d+) atoms[\s\S]*?([\d.]+)% CPU use/g)]
      .map((m) => Number(m[1]) * Number(m[4]) / 100);
    if (loops.length !== 5) throw new Error(`LAMMPS log: expected 5 loops (push-off, liquid, anneal, FIRE, CG), found ${loops.length}`);
    const iters = [...log.matchAll(/Iterations, force evaluations = (\d+) (\d+)/g)].map((m) => Number(m[1]));
    const stops = [...log.matchAll(/Stopping criterion = (.*)/g)].map((m) => m[1]!.trim());
    const num = (re: RegExp): number[] => {
      const m = re.exec(log);
      if (m === null) throw new Error(`LAMMPS log: no match for ${re}`);
      return m.slice(1).map(Number);
    };
    const [eLiquid] = num(/^SOFTSPOT liquid (\S+)/m), [eAnneal, tAnneal] = num(/^SOFTSPOT anneal (\S+) (\S+)/m);
    const [energy, maxForce] = num(/^SOFTSPOT final (\S+) (\S+)/m);
    const [user, sys] = timed ? readFileSync(join(dir, 'time.txt'), 'utf8').trim().split(/\s+/).slice(-2).map(Number) : [NaN, NaN];
    return {
      program: 'LAMMPS', cpu: { pushOff: loops[0]!, liquid: loops[1]!, anneal: loops[2]!, minimize: loops[3]! + loops[4]!, total: loops.reduce((a, b) => a + b, 0) },
      process: user! + sys!, wall, fire: iters[1]!, cg: iters[2]!, eLiquid: eLiquid!, eAnneal: eAnneal!, tAnneal: tAnneal!,
      energy: energy!, maxForce: maxForce!, stop: `FIRE: ${stops[1]}; CG: ${stops[2]}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(sizes = [10000], options: { seeds?: number[]; only?: string } = {}): Promise<void> {
  const lmp = findLammps();
  const seeds = options.seeds ?? [1];
  const rows: (string | number)[][] = [];
  const header = ['N', 'seed', 'program', 'load', 'push-off', 'liquid', 'anneal', 'FIRE + CG', 'phases total', 'process', 'wall',
    'FIRE + CG iterations', 'U/N liquid', 'U/N anneal', 'T anneal', 'U/N glass', 'max |F|', 'stop'];
  const row = (n: number, seed: number, r: ProtocolRun, load: string): (string | number)[] => [n, seed, r.program, load,
    r.cpu.pushOff.toFixed(1), r.cpu.liquid.toFixed(1), r.cpu.anneal.toFixed(1), r.cpu.minimize.toFixed(1), r.cpu.total.toFixed(1),
    r.process.toFixed(1), r.wall.toFixed(0), `${r.fire} + ${r.cg}`, r.eLiquid.toFixed(4), r.eAnneal.toFixed(4), r.tAnneal.toFixed(3),
    r.energy.toFixed(5), r.maxForce.toExponential(1), r.stop];
  for (const n of sizes) {
    for (const seed of seeds) {
      for (const program of ['softspot', 'lammps']) {
        if (options.only !== undefined && options.only !== program) continue;
        if (program === 'lammps' && lmp === null) continue;
        const l0 = loadavg()[0]!;
        const r = program === 'softspot' ? softspotProtocol(n, seed) : lammpsProtocol(lmp!, n, seed);
        rows.push(row(n, seed, r, `${l0.toFixed(1)}–${loadavg()[0]!.toFixed(1)}`));
        process.stdout.write(`# ${JSON.stringify({ n, seed, ...r })}\n`);
      }
    }
  }
  printTable('3D KA (`ka`) whole preparation protocol, softspot vs LAMMPS serial: CPU seconds per phase (defaults: push-off, 20 τ0 at 2.0, 100 τ0 at 0.4, FIRE to 1e-1 + CG to max |F| 1e-8)',
    header, rows);
  if (lmp === null) process.stdout.write('\nLAMMPS not found (no lmp_serial / lmp on PATH): softspot only.\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = (flag: string): string | undefined => {
    const k = args.indexOf(flag);
    return k >= 0 ? args[k + 1] : undefined;
  };
  const sizes = args.filter((a, k) => /^\d+$/.test(a) && args[k - 1] !== '--seeds').map(Number);
  const seeds = at('--seeds')?.split(',').map(Number);
  await run(sizes.length > 0 ? sizes : undefined, { seeds, only: at('--only') });
}
