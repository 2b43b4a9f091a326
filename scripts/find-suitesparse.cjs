#!/usr/bin/env node
// Locates the SuiteSparse (CHOLMOD) headers and libraries for the native build.
// Used by binding.gyp (`node scripts/find-suitesparse.cjs include|libdir`) and by
// CMakeLists.txt. Override with SUITESPARSE_INCLUDE_DIR / SUITESPARSE_LIBRARY_DIR.
// Exits non-zero with a message naming the package to install when nothing is found.
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

function findInclude() {
  const candidates = [];
  if (process.env.SUITESPARSE_INCLUDE_DIR) candidates.push(process.env.SUITESPARSE_INCLUDE_DIR);
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
  for (const token of pkgConfig('--libs-only-L').split(/\s+/)) {
    if (token.startsWith('-L')) candidates.push(token.slice(2));
  }
  candidates.push('/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64',
    '/usr/lib', '/usr/local/lib', '/opt/homebrew/lib');
  return candidates.find((dir) =>
    ['libcholmod.so', 'libcholmod.dylib', 'libcholmod.a'].some((f) => fs.existsSync(path.join(dir, f))));
}

const what = process.argv[2] || 'include';
const found = what === 'libdir' ? findLibDir() : findInclude();
if (!found) {
  process.stderr.write(
    `softspot: SuiteSparse/CHOLMOD ${what === 'libdir' ? 'library' : 'headers (cholmod.h)'} not found.\n` +
    '  Debian/Ubuntu: sudo apt-get install libsuitesparse-dev\n' +
    '  Fedora:        sudo dnf install suitesparse-devel\n' +
    '  macOS:         brew install suite-sparse\n' +
    '  or set SUITESPARSE_INCLUDE_DIR / SUITESPARSE_LIBRARY_DIR.\n');
  process.exit(1);
}
process.stdout.write(found);
