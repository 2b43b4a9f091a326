/**
 * A hand-made 3D glass in a triclinic cell with every tilt (xy, xz, yz non-zero), written
 * out by hand in three formats — extended XYZ, a LAMMPS data file and a LAMMPS dump with
 * LAMMPS's bounds-with-tilt box — for the readers' tests. Nothing here calls softspot's
 * writers: the files are what LAMMPS / OVITO would write for the same cell.
 *
 * Cell (LAMMPS restricted triclinic): a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz),
 * origin (xlo, ylo, zlo); atoms on a jittered k×k×k lattice in reduced coordinates,
 * x = origin + lx·s0 + xy·s1 + xz·s2, … ; types 1 (A) and 2 (B) of `ka`, 80:20.
 */

export interface Triclinic3d {
  lx: number; ly: number; lz: number;
  xy: number; xz: number; yz: number;
  origin: [number, number, number];
  /** Reduced coordinates s ∈ [0,1)³, 3 per atom. */
  s: number[];
  /** LAMMPS types (1, 2), one per atom. */
  types: number[];
  n: number;
}

/** A deterministic pseudo-random generator (LCG), so the glass is the same in every run. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** A k×k×k jittered lattice in the given cell (default: every tilt non-zero, origin off zero). */
export function triclinic3d(k = 4, cell: Partial<Omit<Triclinic3d, 's' | 'types' | 'n'>> = {}, seed = 7): Triclinic3d {
  const rand = lcg(seed);
  const s: number[] = [];
  const types: number[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      for (let c = 0; c < k; c++) {
        s.push((a + 0.5 + 0.3 * (rand() - 0.5)) / k, (b + 0.5 + 0.3 * (rand() - 0.5)) / k, (c + 0.5 + 0.3 * (rand() - 0.5)) / k);
        types.push(rand() < 0.2 ? 2 : 1);
      }
    }
  }
  return {
    lx: 7.3, ly: 6.9, lz: 8.1, xy: 1.1, xz: -0.8, yz: 0.6, origin: [-1.5, 2.25, 0.5],
    ...cell, s, types, n: k * k * k,
  };
}

/** Cartesian position of atom p relative to the origin: h·s. */
export function relative(g: Triclinic3d, p: number): [number, number, number] {
  const [s0, s1, s2] = [g.s[3 * p]!, g.s[3 * p + 1]!, g.s[3 * p + 2]!];
  return [g.lx * s0 + g.xy * s1 + g.xz * s2, g.ly * s1 + g.yz * s2, g.lz * s2];
}

/** Cartesian position of atom p as LAMMPS writes it: origin + h·s. */
export function absolute(g: Triclinic3d, p: number): [number, number, number] {
  const r = relative(g, p);
  return [g.origin[0] + r[0], g.origin[1] + r[1], g.origin[2] + r[2]];
}

/** Extended XYZ (model=ka): Lattice = a, b, c; positions relative to the origin. */
export function xyzText(g: Triclinic3d, model = 'ka'): string {
  const lattice = [g.lx, 0, 0, g.xy, g.ly, 0, g.xz, g.yz, g.lz].join(' ');
  const names = model === 'ipl3d' ? ['S', 'L'] : ['A', 'B'];
  const lines = [String(g.n), `Lattice="${lattice}" Properties=species:S:1:pos:R:3 pbc="T T T" model=${model}`];
  for (let p = 0; p < g.n; p++) lines.push(`${names[g.types[p]! - 1]} ${relative(g, p).join(' ')}`);
  return lines.join('\n') + '\n';
}

/** The order atoms are written in LAMMPS files: shuffled ids, to test sorting by id. */
export function writeOrder(n: number): number[] {
  return Array.from({ length: n }, (_, p) => p).sort((p, q) => ((p * 37) % n) - ((q * 37) % n));
}

/** A LAMMPS data file, atom_style atomic, atoms in shuffled id order (id = p + 1). */
export function dataText(g: Triclinic3d, types = g.types): string {
  const [xlo, ylo, zlo] = g.origin;
  const atoms = writeOrder(g.n).map((p) => `${p + 1} ${types[p]} ${absolute(g, p).join(' ')} 0 0 0`);
  return [
    'hand-written 3D triclinic data file', '', `${g.n} atoms`, `${Math.max(2, ...types)} atom types`, '',
    `${xlo} ${xlo + g.lx} xlo xhi`, `${ylo} ${ylo + g.ly} ylo yhi`, `${zlo} ${zlo + g.lz} zlo zhi`, `${g.xy} ${g.xz} ${g.yz} xy xz yz`, '',
    'Masses', '', '1 1', '2 1', '', 'Atoms # atomic', '', ...atoms, '',
  ].join('\n');
}

/**
 * A one-frame LAMMPS dump with a triclinic box in LAMMPS's bounds-with-tilt form
 * (LAMMPS manual, dump command): xlo_bound = xlo + min(0, xy, xz, xy + xz),
 * xhi_bound = xhi + max(0, xy, xz, xy + xz), ylo_bound = ylo + min(0, yz),
 * yhi_bound = yhi + max(0, yz). `scaled`: xs ys zs columns instead of x y z.
 */
export function dumpText(g: Triclinic3d, options: { scaled?: boolean; columns?: string } = {}): string {
  const [xlo, ylo, zlo] = g.origin;
  const [xhi, yhi, zhi] = [xlo + g.lx, ylo + g.ly, zlo + g.lz];
  const { xy, xz, yz } = g;
  const xlb = xlo + Math.min(0, xy, xz, xy + xz), xhb = xhi + Math.max(0, xy, xz, xy + xz);
  const ylb = ylo + Math.min(0, yz), yhb = yhi + Math.max(0, yz);
  const columns = options.columns ?? (options.scaled ? 'id type xs ys zs' : 'id type x y z');
  const atoms = writeOrder(g.n).map((p) => {
    const v = options.scaled ? [g.s[3 * p]!, g.s[3 * p + 1]!, g.s[3 * p + 2]!] : absolute(g, p);
    const value: Record<string, number> = { id: p + 1, type: g.types[p]!, x: v[0]!, y: v[1]!, z: v[2]!, xs: v[0]!, ys: v[1]!, zs: v[2]! };
    return columns.split(' ').map((c) => value[c]).join(' ');
  });
  return [
    'ITEM: TIMESTEP', '500', 'ITEM: NUMBER OF ATOMS', String(g.n), 'ITEM: BOX BOUNDS xy xz yz pp pp pp',
    `${xlb} ${xhb} ${xy}`, `${ylb} ${yhb} ${xz}`, `${zlo} ${zhi} ${yz}`, `ITEM: ATOMS ${columns}`, ...atoms, '',
  ].join('\n');
}
