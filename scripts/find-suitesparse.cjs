#!/usr/bin/env node
// Locates the SuiteSparse (CHOLMOD) headers and libraries for the native build.
// Used by binding.gyp and CMakeLists.txt:
//   include   the directory of cholmod.h
//   libdir    the directory of libcholmod
//   libs      what to link, one item per line: `-lcholmod ... -lblas` (shared system
//             libraries), or with SOFTSPOT_STATIC=1 the self-contained prebuild's
//             inputs: static SuiteSparse archives, static OpenBLAS and libmetis.so.5
//   bundle    (SOFTSPOT_STATIC=1) the shared libraries shipped next to the addon
//   rpath     `-Wl,-rpath,<libdir>` when libdir is not a directory the dynamic loader
//             searches by itself (a conda environment, a prefix of your own), else nothing:
//             the addon then finds libcholmod there without LD_LIBRARY_PATH
//   eigen     the directory of Eigen/Sparse (Eigen 3 headers)
// Searched in order: SUITESPARSE_INCLUDE_DIR / SUITESPARSE_LIBRARY_DIR (EIGEN3_INCLUDE_DIR),
// the active conda environment (CONDA_PREFIX), pkg-config, the usual system and Homebrew
// directories. For the static
// build OPENBLAS_STATIC_LIB (a libopenblas.a of the pthread or serial flavour) and OBJCOPY
// (the target's objcopy when cross-compiling, e.g. aarch64-linux-gnu-objcopy).
// Exits non-zero with a message naming the package to install when something is missing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

function pkgConfig(flag) {
  try {
    return execFileSync('pkg-config', [flag, 'cholmod'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString().trim();
  } catch {
    return '';
  }
}

// An active conda environment (conda-forge's suitesparse and eigen) comes before the
// system's, when it holds both cholmod.h and libcholmod (a base environment that conda
// activates by itself often holds neither; headers of one install with the library of
// another would not match). The choice is said on stderr, in the build's log.
const conda = process.env.CONDA_PREFIX && condaHasCholmod(process.env.CONDA_PREFIX) ? [process.env.CONDA_PREFIX] : [];
if (conda.length > 0 && !process.env.SUITESPARSE_INCLUDE_DIR && !process.env.SUITESPARSE_LIBRARY_DIR && ['include', 'libdir'].includes(process.argv[2])) {
  process.stderr.write(`softspot: SuiteSparse of the conda environment ${conda[0]} (CONDA_PREFIX); set SUITESPARSE_INCLUDE_DIR and SUITESPARSE_LIBRARY_DIR to use another\n`);
}

function condaHasCholmod(prefix) {
  const header = ['include/suitesparse', 'include'].some((dir) => fs.existsSync(path.join(prefix, dir, 'cholmod.h')));
  const library = ['libcholmod.so', 'libcholmod.dylib', 'libcholmod.a'].some((f) => fs.existsSync(path.join(prefix, 'lib', f)));
  return header && library;
}

function findInclude() {
  const candidates = [];
  if (process.env.SUITESPARSE_INCLUDE_DIR) candidates.push(process.env.SUITESPARSE_INCLUDE_DIR);
  for (const prefix of conda) candidates.push(path.join(prefix, 'include', 'suitesparse'), path.join(prefix, 'include'));
  for (const token of pkgConfig('--cflags-only-I').split(/\s+/)) {
    if (token.startsWith('-I')) candidates.push(token.slice(2));
  }
  candidates.push('/usr/include/suitesparse', '/usr/local/include/suitesparse',
    '/opt/homebrew/include/suitesparse', '/usr/include', '/usr/local/include');
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'cholmod.h')));
}

function findLibDir() {
  const candidates = [];
  if (process.env.SUITESPARSE_LIBRARY_DIR) candidates.push(process.env.SUITESPARSE_LIBRARY_DIR);
  for (const prefix of conda) candidates.push(path.join(prefix, 'lib'));
  for (const token of pkgConfig('--libs-only-L').split(/\s+/)) {
    if (token.startsWith('-L')) candidates.push(token.slice(2));
  }
  candidates.push('/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64',
    '/usr/lib', '/usr/local/lib', '/opt/homebrew/lib');
  return candidates.find((dir) =>
    ['libcholmod.so', 'libcholmod.dylib', 'libcholmod.a'].some((f) => fs.existsSync(path.join(dir, f))));
}

// The directories the dynamic loader searches without being told (glibc's defaults and
// the multiarch ones of /etc/ld.so.conf.d on Debian, Fedora's lib64; macOS's system and
// Homebrew libraries carry absolute install names): no rpath for these.
const LOADER_DIRS = new Set(['/lib', '/usr/lib', '/lib64', '/usr/lib64', '/usr/local/lib',
  '/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib/aarch64-linux-gnu',
  '/opt/homebrew/lib']);

/**
 * `-Wl,-rpath,DIR` for a libdir outside LOADER_DIRS (shared build only), else ''. A DIR with
 * a space or a comma has none (gyp splits the flag at spaces, the linker its -Wl list at
 * commas): the addon then needs LD_LIBRARY_PATH, which stderr says.
 */
function rpathFlag(libdir) {
  const dir = path.resolve(libdir).replace(/\/+$/, '');
  if (LOADER_DIRS.has(dir)) return '';
  if (/[\s,]/.test(dir)) {
    process.stderr.write(`softspot: no rpath to ${dir} (a space or comma in the path): set LD_LIBRARY_PATH=${dir} (DYLD_LIBRARY_PATH on macOS) when running softspot\n`);
    return '';
  }
  return `-Wl,-rpath,${dir}`;
}

function findEigen() {
  const candidates = [];
  if (process.env.EIGEN3_INCLUDE_DIR) candidates.push(process.env.EIGEN3_INCLUDE_DIR);
  for (const prefix of conda) candidates.push(path.join(prefix, 'include', 'eigen3'));
  candidates.push('/usr/include/eigen3', '/usr/local/include/eigen3', '/opt/homebrew/include/eigen3');
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'Eigen', 'Sparse')));
}

function fail(lines) {
  process.stderr.write(lines.map((line) => `softspot: ${line}\n`).join(''));
  process.exit(1);
}

function missingSuiteSparse(what) {
  fail([
    `SuiteSparse/CHOLMOD ${what} not found.`,
    '  Debian/Ubuntu: sudo apt-get install libsuitesparse-dev',
    '  Fedora:        sudo dnf install suitesparse-devel',
    '  macOS:         brew install suite-sparse',
    '  conda:         conda install -c conda-forge suitesparse (in the active environment)',
    '  or set SUITESPARSE_INCLUDE_DIR / SUITESPARSE_LIBRARY_DIR.',
  ]);
}

// The static (prebuild) variant. SuiteSparse's archives are compiled as position-dependent
// code: besides their own globals (hidden once linked, so fine) they reach glibc's `stdout`
// and `stderr` through PC-relative relocations, which a shared object cannot satisfy. Copies
// of the archives with those two symbols renamed to hidden pointers of our own
// (native/prebuild/static_shim.c) link cleanly; they are made under build/softspot-static/.
const SUITESPARSE_ARCHIVES = ['cholmod', 'amd', 'colamd', 'camd', 'ccolamd', 'suitesparseconfig'];
const STDIO_RENAMES = ['--redefine-sym', 'stdout=softspot_libc_stdout', '--redefine-sym', 'stderr=softspot_libc_stderr'];

function findOpenBlasArchive(libdir) {
  const candidates = [process.env.OPENBLAS_STATIC_LIB,
    path.join(libdir, 'openblas-pthread', 'libopenblas.a'), path.join(libdir, 'openblas-serial', 'libopenblas.a'),
    path.join(libdir, 'libopenblas.a'), '/usr/lib64/libopenblas.a', '/usr/local/lib/libopenblas.a'];
  // The OpenMP flavour needs libgomp, whose local-exec TLS cannot go into a shared object.
  return candidates.find((file) => file && !file.includes('openblas-openmp') && fs.existsSync(file));
}

function findMetis(libdir) {
  return [libdir, '/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib']
    .map((dir) => path.join(dir, 'libmetis.so.5')).find((file) => fs.existsSync(file));
}

function staticInputs() {
  if (process.platform !== 'linux') fail(['SOFTSPOT_STATIC=1 (the self-contained prebuild) is for Linux only.']);
  const libdir = findLibDir();
  if (!libdir) missingSuiteSparse('libraries');
  const missing = SUITESPARSE_ARCHIVES.filter((name) => !fs.existsSync(path.join(libdir, `lib${name}.a`)));
  if (missing.length) {
    fail([`SOFTSPOT_STATIC=1 needs SuiteSparse's static archives; missing in ${libdir}: ${missing.map((n) => `lib${n}.a`).join(' ')}`,
      '  Debian/Ubuntu: sudo apt-get install libsuitesparse-dev']);
  }
  const openblas = findOpenBlasArchive(libdir);
  if (!openblas) {
    fail(['SOFTSPOT_STATIC=1 needs a static OpenBLAS (libopenblas.a, pthread or serial flavour).',
      '  Debian/Ubuntu: sudo apt-get install libopenblas-pthread-dev',
      '  or set OPENBLAS_STATIC_LIB.']);
  }
  const metis = findMetis(libdir);
  if (!metis) fail(['SOFTSPOT_STATIC=1 needs libmetis.so.5 (bundled next to the addon).', '  Debian/Ubuntu: sudo apt-get install libmetis5']);
  return { libdir, openblas, metis };
}

const STATIC_DIR = path.join(__dirname, '..', 'build', 'softspot-static');

// The bundled METIS as a regular file named by its soname (the system's is a symlink,
// which gyp's copy and prebuildify would carry over as a dangling link), its glibc needs
// lowered to Node's own floor, 2.28 (scripts/glibc-floor.cjs).
function bundledMetis(metis) {
  const dir = path.join(STATIC_DIR, 'bundle');
  fs.mkdirSync(dir, { recursive: true });
  const to = path.join(dir, 'libmetis.so.5');
  fs.copyFileSync(fs.realpathSync(metis), to);
  require('./glibc-floor.cjs').lower(to);
  return to;
}

function staticArchives(libdir) {
  const out = STATIC_DIR;
  fs.mkdirSync(out, { recursive: true });
  return SUITESPARSE_ARCHIVES.map((name) => {
    const from = path.join(libdir, `lib${name}.a`);
    const to = path.join(out, `lib${name}.a`);
    try {
      execFileSync(process.env.OBJCOPY || 'objcopy', [...STDIO_RENAMES, from, to], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      fail([`${process.env.OBJCOPY || 'objcopy'} ${from} failed (binutils is needed for SOFTSPOT_STATIC=1): ${String(error.stderr || error.message).trim()}`]);
    }
    return to;
  });
}

const isStatic = ['1', 'true', 'yes'].includes(String(process.env.SOFTSPOT_STATIC || '').toLowerCase());

/** Prints the answer to one request (the header's list) on stdout. */
function main(what) {
  if (what === 'libs') {
    if (!isStatic) {
      process.stdout.write(['-lcholmod', '-lamd', '-lcolamd', '-lsuitesparseconfig', '-llapack', '-lblas'].join('\n'));
    } else {
      const { libdir, openblas, metis } = staticInputs();
      process.stdout.write([...staticArchives(libdir), openblas, bundledMetis(metis), '-lm', '-lpthread'].join('\n'));
    }
  } else if (what === 'rpath') {
    if (!isStatic) {
      const libdir = findLibDir();
      if (!libdir) missingSuiteSparse('library');
      process.stdout.write(rpathFlag(libdir));
    }
  } else if (what === 'eigen') {
    const found = findEigen();
    if (!found) {
      fail(['Eigen 3 headers (Eigen/Sparse) not found.',
        '  Debian/Ubuntu: sudo apt-get install libeigen3-dev',
        '  Fedora:        sudo dnf install eigen3-devel',
        '  macOS:         brew install eigen',
        '  conda:         conda install -c conda-forge eigen (in the active environment)',
        '  or set EIGEN3_INCLUDE_DIR.']);
    }
    process.stdout.write(found);
  } else if (what === 'bundle') {
    process.stdout.write(isStatic ? bundledMetis(staticInputs().metis) : '');
  } else if (what === 'libdir' || what === 'include') {
    const found = what === 'libdir' ? findLibDir() : findInclude();
    if (!found) missingSuiteSparse(what === 'libdir' ? 'library' : 'headers (cholmod.h)');
    process.stdout.write(found);
  } else {
    fail([`find-suitesparse.cjs: unknown request "${what}" (include, libdir, libs, rpath, eigen or bundle)`]);
  }
}

if (require.main === module) main(process.argv[2] || 'include');
module.exports = { rpathFlag }; // for test/build-files.test.ts
