/**
 * The two build files compile the same sources (STYLE item 14): binding.gyp (node-gyp,
 * prebuildify) and CMakeLists.txt (cmake-js) list the same files, and together they name
 * every .cc of native/core and native/binding — a source added to one and not the other,
 * or to neither, fails here instead of at link time of one build only.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');

interface GypTarget {
  target_name: string;
  sources: string[];
  cflags_cc: string[];
  xcode_settings: { OTHER_CPLUSPLUSFLAGS: string[] };
}

/** binding.gyp's addon target. */
function gypTarget(): GypTarget {
  // binding.gyp is a Python literal: JSON with # comments
  const text = readFileSync(join(root, 'binding.gyp'), 'utf8').replace(/^\s*#.*$/gm, '');
  const gyp = JSON.parse(text) as { targets: GypTarget[] };
  return gyp.targets.find((t) => t.target_name === 'softspot')!;
}

/** binding.gyp's sources of the addon (without the static prebuild's conditional shim). */
function gypSources(): string[] {
  return gypTarget().sources;
}

/** CMakeLists.txt's `set(SOFTSPOT_SOURCES …)`. */
function cmakeSources(): string[] {
  const text = readFileSync(join(root, 'CMakeLists.txt'), 'utf8');
  const m = /set\(SOFTSPOT_SOURCES\s+([^)]*)\)/.exec(text);
  expect(m, 'CMakeLists.txt: set(SOFTSPOT_SOURCES …)').to.not.equal(null);
  return m![1].split(/\s+/).filter(Boolean);
}

describe('build files', () => {
  it('binding.gyp and CMakeLists.txt compile the same sources', () => {
    expect(cmakeSources()).to.deep.equal(gypSources());
  });

  it('and those are every .cc of native/core and native/binding', () => {
    const onDisk = ['core', 'binding'].flatMap((dir) =>
      readdirSync(join(root, 'native', dir)).filter((f) => f.endsWith('.cc')).map((f) => `native/${dir}/${f}`));
    expect([...gypSources()].sort()).to.deep.equal(onDisk.sort());
  });

  it('CMakeLists.txt globs nothing and links what binding.gyp links', () => {
    const text = readFileSync(join(root, 'CMakeLists.txt'), 'utf8');
    expect(text).to.not.match(/file\s*\(\s*GLOB/);
    const gyp = readFileSync(join(root, 'binding.gyp'), 'utf8');
    expect(gyp).to.contain('find-suitesparse.cjs libs');
    expect(text).to.contain('find-suitesparse.cjs libs');
  });

  it('every build compiles without floating-point contraction (the same rounding on x86-64 and arm64)', () => {
    // A fused multiply-add rounds once where the TypeScript reference rounds twice: with it,
    // the native loops would equal their references bit for bit on x86-64 only.
    const target = gypTarget();
    expect(target.cflags_cc).to.include('-ffp-contract=off');
    expect(target.xcode_settings.OTHER_CPLUSPLUSFLAGS).to.include('-ffp-contract=off');
    const cmake = readFileSync(join(root, 'CMakeLists.txt'), 'utf8');
    expect(/target_compile_options\([^)]*-ffp-contract=off[^)]*\)/.test(cmake), 'CMakeLists.txt target_compile_options').to.equal(true);
  });
});

/**
 * scripts/find-suitesparse.cjs, which both build files ask where SuiteSparse and Eigen are:
 * a conda environment's (CONDA_PREFIX) comes before the system's, and a library directory
 * the dynamic loader does not search by itself gets an rpath, so that the addon built
 * against it loads without LD_LIBRARY_PATH. (Checked by hand end to end: Debian's libraries
 * copied into such a prefix, `npm run build:native` and `build:cmake` with CONDA_PREFIX set,
 * `ldd` resolved libcholmod to the prefix, `softspot selfcheck` passed.)
 */
describe('find-suitesparse.cjs', () => {
  const script = join(root, 'scripts', 'find-suitesparse.cjs');
  let prefix: string;
  const ask = (what: string, env: Record<string, string>): string => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) =>
      !['CONDA_PREFIX', 'SUITESPARSE_INCLUDE_DIR', 'SUITESPARSE_LIBRARY_DIR', 'EIGEN3_INCLUDE_DIR', 'SOFTSPOT_STATIC'].includes(k)));
    return execFileSync(process.execPath, [script, what], { env: { ...clean, ...env }, encoding: 'utf8' });
  };

  before(() => {
    // A prefix laid out as conda-forge's suitesparse and eigen packages lay it out.
    prefix = mkdtempSync(join(tmpdir(), 'softspot-conda-'));
    for (const file of ['include/suitesparse/cholmod.h', 'lib/libcholmod.so', 'include/eigen3/Eigen/Sparse']) {
      mkdirSync(dirname(join(prefix, file)), { recursive: true });
      writeFileSync(join(prefix, file), '');
    }
  });
  after(() => rmSync(prefix, { recursive: true, force: true }));

  it('finds the headers, the library and Eigen of an active conda environment first, and says so', () => {
    const env = { CONDA_PREFIX: prefix };
    expect(ask('include', env)).to.equal(join(prefix, 'include', 'suitesparse'));
    const said = spawnSync(process.execPath, [script, 'libdir'], { env: { ...process.env, CONDA_PREFIX: prefix, SUITESPARSE_INCLUDE_DIR: '', SUITESPARSE_LIBRARY_DIR: '' }, encoding: 'utf8' });
    expect(said.stderr).to.contain(`softspot: SuiteSparse of the conda environment ${prefix} (CONDA_PREFIX)`);
    expect(ask('libdir', env)).to.equal(join(prefix, 'lib'));
    expect(ask('eigen', env)).to.equal(join(prefix, 'include', 'eigen3'));
  });

  it('links a library outside the loader\'s directories with an rpath to it (none for the static prebuild)', () => {
    expect(ask('rpath', { CONDA_PREFIX: prefix })).to.equal(`-Wl,-rpath,${join(prefix, 'lib')}`);
    expect(ask('rpath', { SUITESPARSE_LIBRARY_DIR: join(prefix, 'lib') })).to.equal(`-Wl,-rpath,${join(prefix, 'lib')}`);
    expect(ask('rpath', { CONDA_PREFIX: prefix, SOFTSPOT_STATIC: '1' })).to.equal('');
  });

  it('adds no rpath for the directories the loader searches by itself', () => {
    const { rpathFlag } = createRequire(import.meta.url)(script) as { rpathFlag: (dir: string) => string };
    for (const dir of ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu/', '/usr/lib64', '/usr/lib', '/usr/local/lib', '/opt/homebrew/lib']) {
      expect(rpathFlag(dir), dir).to.equal('');
    }
    expect(rpathFlag('/opt/suitesparse/lib')).to.equal('-Wl,-rpath,/opt/suitesparse/lib');
    // gyp splits the flag at spaces and the linker its -Wl list at commas: none then (stderr says to set LD_LIBRARY_PATH).
    const said: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((text: string) => { said.push(String(text)); return true; }) as typeof process.stderr.write;
    try {
      expect([rpathFlag('/opt/my libs/lib'), rpathFlag('/opt/a,b/lib')]).to.deep.equal(['', '']);
    } finally {
      process.stderr.write = write;
    }
    expect(said.join('')).to.contain('set LD_LIBRARY_PATH=/opt/my libs/lib');
  });

  it('a conda environment without both cholmod.h and libcholmod (a base environment conda activates by itself) is passed over', () => {
    const headersOnly = mkdtempSync(join(tmpdir(), 'softspot-conda-h-'));
    try {
      mkdirSync(join(headersOnly, 'include', 'suitesparse'), { recursive: true });
      writeFileSync(join(headersOnly, 'include', 'suitesparse', 'cholmod.h'), '');
      let answer = '';
      try { answer = ask('include', { CONDA_PREFIX: headersOnly }); } catch { /* no SuiteSparse on this machine: refused, also not the prefix */ }
      expect(answer.startsWith(headersOnly), answer).to.equal(false);
    } finally {
      rmSync(headersOnly, { recursive: true, force: true });
    }
  });

  it('both build files take the rpath and Eigen from it, the rpath only outside the static prebuild', () => {
    const gyp = readFileSync(join(root, 'binding.gyp'), 'utf8');
    expect(gyp).to.contain('"softspot_static!=1", {\n          "ldflags": ["<!@(node scripts/find-suitesparse.cjs rpath)"]');
    expect(gyp).to.contain('find-suitesparse.cjs eigen');
    const cmake = readFileSync(join(root, 'CMakeLists.txt'), 'utf8');
    expect(cmake).to.contain('find-suitesparse.cjs rpath');
    expect(cmake).to.contain('find-suitesparse.cjs eigen');
  });
});
