#!/usr/bin/env node
// The stamp of the native sources a prebuild was built from: one `sha256  path` line per
// file (sha256sum's format, sorted by path) over native/**, binding.gyp,
// scripts/find-suitesparse.cjs and scripts/glibc-floor.cjs — everything that decides what the prebuilt addon contains.
//   node scripts/native-stamp.cjs                 print the stamp of the working tree
//   node scripts/native-stamp.cjs --write ARCH    write it to prebuilds/linux-ARCH/SOURCES.sha256
//   node scripts/native-stamp.cjs --check [ARCH]  exit 1 (naming the changed files) when the
//                                                 committed prebuild of ARCH (default: every
//                                                 one in PREBUILD_ARCHES) was built from
//                                                 other sources
// test/prebuild.test.ts runs the same comparison.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/** The committed prebuilds, by Node's process.arch (scripts/prebuild.sh builds them all). */
const PREBUILD_ARCHES = ['x64', 'arm64'];
/** The stamp file of the prebuild for `arch`. */
const stampFile = (arch) => path.join(ROOT, 'prebuilds', `linux-${arch}`, 'SOURCES.sha256');
const INPUTS = ['native', 'binding.gyp', 'scripts/find-suitesparse.cjs', 'scripts/glibc-floor.cjs'];

function listFiles(relative) {
  const full = path.join(ROOT, relative);
  if (!fs.statSync(full).isDirectory()) return [relative];
  return fs.readdirSync(full).flatMap((name) => listFiles(`${relative}/${name}`));
}

/** The stamp text of the working tree. */
function computeStamp() {
  const files = INPUTS.flatMap(listFiles).sort();
  return files.map((file) => {
    const digest = crypto.createHash('sha256').update(fs.readFileSync(path.join(ROOT, file))).digest('hex');
    return `${digest}  ${file}\n`;
  }).join('');
}

/** The committed stamp of the prebuild for `arch`, or undefined when there is none. */
function readStamp(arch) {
  const file = stampFile(arch);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** Paths whose digest differs between two stamps (added, removed or changed). */
function changedFiles(expected, actual) {
  const parse = (text) => new Map(text.split('\n').filter(Boolean).map((line) => {
    const [digest, ...rest] = line.split('  ');
    return [rest.join('  '), digest];
  }));
  const a = parse(expected);
  const b = parse(actual);
  return [...new Set([...a.keys(), ...b.keys()])].filter((file) => a.get(file) !== b.get(file)).sort();
}

module.exports = { PREBUILD_ARCHES, stampFile, INPUTS, computeStamp, readStamp, changedFiles };

function knownArch(arch) {
  if (!PREBUILD_ARCHES.includes(arch)) {
    process.stderr.write(`softspot: native-stamp.cjs: unknown prebuild architecture "${arch}" (${PREBUILD_ARCHES.join(', ')})\n`);
    process.exit(1);
  }
  return arch;
}

if (require.main === module) {
  const [mode, arch] = process.argv.slice(2);
  if (mode === '--write') {
    const file = stampFile(knownArch(arch));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, computeStamp());
  } else if (mode === '--check') {
    const actual = computeStamp();
    let failed = false;
    for (const a of arch === undefined ? PREBUILD_ARCHES : [knownArch(arch)]) {
      const stamp = readStamp(a);
      if (stamp === undefined) {
        process.stderr.write(`softspot: no linux-${a} prebuild (prebuilds/linux-${a}/SOURCES.sha256); run \`npm run build:prebuild\`\n`);
        failed = true;
        continue;
      }
      const changed = changedFiles(stamp, actual);
      if (changed.length) {
        process.stderr.write(`softspot: the linux-${a} prebuild is stale; changed since it was built: ${changed.join(', ')}\n` +
          '  rebuild the prebuilds with `npm run build:prebuild`\n');
        failed = true;
      }
    }
    if (failed) process.exit(1);
  } else if (mode === undefined) {
    process.stdout.write(computeStamp());
  } else {
    process.stderr.write(`softspot: native-stamp.cjs: unknown option "${mode}" (--write ARCH, --check [ARCH], or none)\n`);
    process.exit(1);
  }
}
