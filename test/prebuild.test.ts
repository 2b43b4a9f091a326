/**
 * The committed Linux prebuilds (x64, and arm64 cross-compiled) and the published package:
 * each prebuild was built from the native sources in the tree (else `npm run
 * build:prebuild`), it is a file of its architecture and self-contained (bundled METIS
 * through $ORIGIN, nothing else beyond glibc and libgcc_s), node-gyp-build loads the one of
 * this machine with PREBUILDS_ONLY=1, and `npm pack` ships what users need and nothing
 * else. The clean-system proof, arm64 under emulation, is `npm run test:prebuild`
 * (scripts/test-prebuild.sh).
 */
import { expect } from 'chai';
import { requireProgram } from './helpers/system-program.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const stamp = require('../scripts/native-stamp.cjs') as {
  PREBUILD_ARCHES: string[];
  computeStamp(): string;
  readStamp(arch: string): string | undefined;
  changedFiles(expected: string, actual: string): string[];
};

/** Per architecture: ELF e_machine (EM_X86_64 = 62, EM_AARCH64 = 183) and the dynamic loader. */
const TARGETS: Record<string, { machine: number; loader: string }> = {
  x64: { machine: 62, loader: 'ld-linux-x86-64\\.so\\.2' },
  arm64: { machine: 183, loader: 'ld-linux-aarch64\\.so\\.1' },
};

/** The versions a file needs, per library (readelf -V: what the dynamic loader checks at load time). */
function versionNeeds(file: string): { library: string; version: string }[] {
  const text = execFileSync('readelf', ['-V', '-W', file], { encoding: 'utf8' });
  const needs: { library: string; version: string }[] = [];
  let library = '';
  for (const line of text.slice(text.indexOf('.gnu.version_r')).split('\n')) {
    const needed = /File: (\S+)/.exec(line);
    if (needed) library = needed[1];
    const name = /Name: (\S+)/.exec(line);
    if (name && library) needs.push({ library, version: name[1] });
  }
  return needs;
}

/** "GLIBC_2.3.4" → [2, 3, 4]. */
const versionNumbers = (version: string) => version.replace(/^[A-Z]+_/, '').split('.').map(Number);
const notAfter = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  }
  return true;
};

function dynamicEntries(file: string, tag: string): string[] {
  const text = execFileSync('readelf', ['-d', file], { encoding: 'utf8' });
  return [...text.matchAll(new RegExp(`\\(${tag}\\)[^\\[]*\\[([^\\]]*)\\]`, 'g'))].map((m) => m[1]);
}

/** e_machine of a 64-bit little-endian ELF file, read from its header. */
function elfMachine(file: string): number {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  expect(header.subarray(0, 6).toString('latin1'), `${file} is not a 64-bit little-endian ELF file`).to.equal('\x7fELF\x02\x01');
  return header.readUInt16LE(18);
}

describe('prebuilds', () => {
  it('are the architectures the scripts know', () => {
    expect(stamp.PREBUILD_ARCHES).to.deep.equal(Object.keys(TARGETS));
  });
});

for (const arch of Object.keys(TARGETS)) {
  const prebuildDir = join(root, 'prebuilds', `linux-${arch}`);
  const addon = join(prebuildDir, 'softspot.glibc.node');
  const { machine, loader } = TARGETS[arch];

  describe(`prebuild (linux-${arch})`, () => {
    it('was built from the native sources in the tree', () => {
      const committed = stamp.readStamp(arch);
      expect(committed, `prebuilds/linux-${arch}/SOURCES.sha256 is missing: run \`npm run build:prebuild\``).to.be.a('string');
      const changed = stamp.changedFiles(committed!, stamp.computeStamp());
      expect(changed, `the linux-${arch} prebuild is stale (changed since it was built: ${changed.join(', ')}); ` +
        'rebuild the prebuilds with `npm run build:prebuild` and commit prebuilds/').to.deep.equal([]);
    });

    it(`is ${arch} code, bundles METIS next to the addon and needs nothing else beyond glibc and libgcc_s`, function () {
      expect(existsSync(join(prebuildDir, 'libmetis.so.5'))).to.equal(true);
      expect(elfMachine(addon), 'the addon\'s ELF machine').to.equal(machine);
      expect(elfMachine(join(prebuildDir, 'libmetis.so.5')), 'libmetis.so.5\'s ELF machine').to.equal(machine);
      const licenses = join(prebuildDir, 'LICENSES');
      for (const file of ['README.md', 'SuiteSparse-CHOLMOD.txt', 'METIS.txt', 'OpenBLAS.txt', 'Apache-2.0.txt', 'GPL-2.txt', 'GPL-3.txt', 'LGPL-2.1.txt', 'MPL-2.0.txt', 'Eigen.txt', 'GCC-runtime.txt']) {
        expect(existsSync(join(licenses, file)), file).to.equal(true);
      }
      expect(readFileSync(join(prebuildDir, 'BUILD-INFO.txt'), 'utf8')).to.match(new RegExp(`^softspot linux-${arch} \\(glibc\\)`));
      requireProgram(this, 'readelf', 'binutils');
      expect(dynamicEntries(addon, 'RUNPATH')).to.deep.equal(['$ORIGIN']);
      for (const lib of dynamicEntries(addon, 'NEEDED')) {
        expect(lib).to.match(new RegExp(`^(libmetis\\.so\\.5|libgcc_s\\.so\\.1|libm\\.so\\.6|libc\\.so\\.6|${loader})$`));
      }
      for (const lib of dynamicEntries(join(prebuildDir, 'libmetis.so.5'), 'NEEDED')) {
        expect(lib).to.match(new RegExp(`^(libm\\.so\\.6|libc\\.so\\.6|${loader})$`));
      }
    });

    // Node.js 20 itself runs on glibc 2.28 with the C++ runtime of GCC 5 (RHEL 8, Debian 10,
    // Ubuntu 20.04): the prebuild must load there too, not only on the Debian 12 it was built
    // on (native/prebuild/glibc_floor.c). `npm run test:prebuild` runs it on Debian 11.
    it('loads wherever Node 20 does: glibc 2.28 at most, and no C++ runtime of the system', function () {
      requireProgram(this, 'readelf', 'binutils');
      for (const file of [addon, join(prebuildDir, 'libmetis.so.5')]) {
        const needs = versionNeeds(file);
        expect(needs.some((n) => n.library === 'libc.so.6'), `${file}: no version needs read`).to.equal(true);
        for (const { library, version } of needs) {
          expect(version, `${file} needs ${version} of ${library}`).to.not.match(/^(GLIBCXX|CXXABI)_/);
          if (version.startsWith('GLIBC_')) {
            expect(notAfter(versionNumbers(version), [2, 28]), `${file} needs ${version} of ${library}, newer than Node's glibc 2.28`).to.equal(true);
          }
        }
      }
      expect(dynamicEntries(addon, 'NEEDED')).to.not.include('libstdc++.so.6');
    });

    // Loaded on its own architecture only; the other one runs under emulation in
    // `npm run test:prebuild`.
    if (process.platform === 'linux' && process.arch === arch) it('is what node-gyp-build loads with PREBUILDS_ONLY=1 here, and it factorizes', () => {
      const script = `
        const load = require('node-gyp-build');
        const path = load.path(${JSON.stringify(root)});
        const addon = require(path);
        const f = new addon.NativeSparseCholesky(2, Int32Array.of(0, 2, 3), Int32Array.of(0, 1, 1), 'metis', 'supernodal');
        f.factorize(Float64Array.of(4, 1, 3));
        const x = f.solve(Float64Array.of(1, 2), 1, new Float64Array(2));
        process.stdout.write(JSON.stringify({ path, x: Array.from(x) }));`;
      const result = spawnSync(process.execPath, ['-e', script], {
        cwd: root, encoding: 'utf8', env: { ...process.env, PREBUILDS_ONLY: '1' },
      });
      expect(result.status, result.stderr).to.equal(0);
      const { path, x } = JSON.parse(result.stdout) as { path: string; x: number[] };
      expect(path).to.equal(addon);
      expect(x[0]).to.be.closeTo(1 / 11, 1e-15);
      expect(x[1]).to.be.closeTo(7 / 11, 1e-15);
    });
  });
}

describe('npm pack', () => {
  it('ships the built package, the prebuild, the sources to build from and the notices, and nothing else', function () {
    this.timeout(60000);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const files = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path).sort();
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'THIRD_PARTY_LICENSES.md', 'bin/softspot.js',
      'binding.gyp', 'CMakeLists.txt', 'scripts/find-suitesparse.cjs', 'native/binding/addon.cc',
      'native/prebuild/static_shim.c', 'native/prebuild/glibc_floor.c', 'scripts/glibc-floor.cjs',
      'prebuilds/linux-x64/softspot.glibc.node', 'prebuilds/linux-x64/libmetis.so.5',
      'prebuilds/linux-x64/SOURCES.sha256', 'prebuilds/linux-x64/LICENSES/README.md',
      'prebuilds/linux-arm64/softspot.glibc.node', 'prebuilds/linux-arm64/libmetis.so.5',
      'prebuilds/linux-arm64/SOURCES.sha256', 'prebuilds/linux-arm64/LICENSES/README.md']) {
      expect(files, needed).to.include(needed);
    }
    if (existsSync(join(root, 'dist', 'index.js'))) {
      expect(files).to.include.members(['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']);
    }
    const allowed = /^(package\.json|README\.md|LICENSE|THIRD_PARTY_LICENSES\.md|binding\.gyp|CMakeLists\.txt|scripts\/(find-suitesparse|glibc-floor)\.cjs|bin\/[^/]+\.js|dist\/.+\.(js|d\.ts)|native\/.+\.(cc|h|c)|docs\/[^/]+\.md|prebuilds\/linux-(x64|arm64)\/.+)$/;
    expect(files.filter((f) => !allowed.test(f)), 'files npm pack should not ship').to.deep.equal([]);
    expect(files.filter((f) => /\.map$|^lib\/|^test\/|^build\//.test(f))).to.deep.equal([]);
  });

  it('declares the install script and engines that the prebuild relies on', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.install).to.equal('node-gyp-build');
    expect(pkg.engines.node).to.equal('>=20.19');
    expect(pkg.dependencies).to.have.property('node-gyp-build');
    expect(pkg.scripts).to.not.have.property('prebuild'); // npm would run it before every `npm run build`
  });
});
