/**
 * The committed linux-x64 prebuild and the published package: the prebuild was built from
 * the native sources in the tree (else `npm run build:prebuild`), it is self-contained
 * (bundled METIS through $ORIGIN, nothing else beyond glibc/libstdc++), node-gyp-build
 * loads it with PREBUILDS_ONLY=1, and `npm pack` ships what users need and nothing else.
 * The clean-system proof is `npm run test:prebuild` (scripts/test-prebuild.sh).
 */
import { expect } from 'chai';
import { requireProgram } from './helpers/system-program.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const stamp = require('../scripts/native-stamp.cjs') as {
  computeStamp(): string;
  readStamp(): string | undefined;
  changedFiles(expected: string, actual: string): string[];
};
const prebuildDir = join(root, 'prebuilds', 'linux-x64');
const addon = join(prebuildDir, 'softspot.glibc.node');
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

function dynamicEntries(file: string, tag: string): string[] {
  const text = execFileSync('readelf', ['-d', file], { encoding: 'utf8' });
  return [...text.matchAll(new RegExp(`\\(${tag}\\)[^\\[]*\\[([^\\]]*)\\]`, 'g'))].map((m) => m[1]);
}

describe('prebuild (linux-x64)', () => {
  it('was built from the native sources in the tree', () => {
    const committed = stamp.readStamp();
    expect(committed, 'prebuilds/linux-x64/SOURCES.sha256 is missing: run `npm run build:prebuild`').to.be.a('string');
    const changed = stamp.changedFiles(committed!, stamp.computeStamp());
    expect(changed, `the linux-x64 prebuild is stale (changed since it was built: ${changed.join(', ')}); ` +
      'rebuild it with `npm run build:prebuild` and commit prebuilds/').to.deep.equal([]);
  });

  it('bundles METIS next to the addon and needs nothing else beyond glibc and libstdc++', function () {
    requireProgram(this, 'readelf', 'binutils');
    expect(existsSync(join(prebuildDir, 'libmetis.so.5'))).to.equal(true);
    expect(dynamicEntries(addon, 'RUNPATH')).to.deep.equal(['$ORIGIN']);
    for (const lib of dynamicEntries(addon, 'NEEDED')) {
      expect(lib).to.match(/^(libmetis\.so\.5|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libm\.so\.6|libc\.so\.6|ld-linux-x86-64\.so\.2)$/);
    }
    for (const lib of dynamicEntries(join(prebuildDir, 'libmetis.so.5'), 'NEEDED')) {
      expect(lib).to.match(/^(libm\.so\.6|libc\.so\.6|ld-linux-x86-64\.so\.2)$/);
    }
    const licenses = join(prebuildDir, 'LICENSES');
    for (const file of ['README.md', 'SuiteSparse-CHOLMOD.txt', 'METIS.txt', 'OpenBLAS.txt', 'Apache-2.0.txt', 'GPL-2.txt', 'LGPL-2.1.txt', 'MPL-2.0.txt', 'Eigen.txt']) {
      expect(existsSync(join(licenses, file)), file).to.equal(true);
    }
  });

  it('is what node-gyp-build loads with PREBUILDS_ONLY=1, and it factorizes', function () {
    if (!onLinuxX64) this.skip();
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

describe('npm pack', () => {
  it('ships the built package, the prebuild, the sources to build from and the notices, and nothing else', function () {
    this.timeout(60000);
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const files = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path).sort();
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'THIRD_PARTY_LICENSES.md', 'bin/softspot.js',
      'binding.gyp', 'CMakeLists.txt', 'scripts/find-suitesparse.cjs', 'native/binding/addon.cc',
      'native/prebuild/static_shim.c', 'prebuilds/linux-x64/softspot.glibc.node', 'prebuilds/linux-x64/libmetis.so.5',
      'prebuilds/linux-x64/SOURCES.sha256', 'prebuilds/linux-x64/LICENSES/README.md']) {
      expect(files, needed).to.include(needed);
    }
    if (existsSync(join(root, 'dist', 'index.js'))) {
      expect(files).to.include.members(['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']);
    }
    const allowed = /^(package\.json|README\.md|LICENSE|THIRD_PARTY_LICENSES\.md|binding\.gyp|CMakeLists\.txt|scripts\/find-suitesparse\.cjs|bin\/[^/]+\.js|dist\/.+\.(js|d\.ts)|native\/.+\.(cc|h|c)|docs\/[^/]+\.md|prebuilds\/linux-x64\/.+)$/;
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
