#!/usr/bin/env node
// The stamp of the native sources a prebuild was built from: one `sha256  path` line per
// file (sha256sum's format, sorted by path) over native/**, binding.gyp and
// scripts/find-suitesparse.cjs — everything that decides what the prebuilt addon contains.
//   node scripts/native-stamp.cjs            print the stamp of the working tree
//   node scripts/native-stamp.cjs --write    write it to prebuilds/linux-x64/SOURCES.sha256
//   node scripts/native-stamp.cjs --check    exit 1 (naming the changed files) when the
//                                            committed prebuild was built from other sources
// test/prebuild.test.ts runs the same comparison.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const STAMP_FILE = path.join(ROOT, 'prebuilds', 'linux-x64', 'SOURCES.sha256');
const INPUTS = ['native', 'binding.gyp', 'scripts/find-suitesparse.cjs'];

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

/** The committed stamp, or undefined when there is no prebuild. */
function readStamp() {
  return fs.existsSync(STAMP_FILE) ? fs.readFileSync(STAMP_FILE, 'utf8') : undefined;
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

module.exports = { STAMP_FILE, INPUTS, computeStamp, readStamp, changedFiles };

if (require.main === module) {
  const mode = process.argv[2];
  if (mode === '--write') {
    fs.mkdirSync(path.dirname(STAMP_FILE), { recursive: true });
    fs.writeFileSync(STAMP_FILE, computeStamp());
  } else if (mode === '--check') {
    const stamp = readStamp();
    if (stamp === undefined) {
      process.stderr.write('softspot: no prebuild (prebuilds/linux-x64/SOURCES.sha256); run `npm run build:prebuild`\n');
      process.exit(1);
    }
    const changed = changedFiles(stamp, computeStamp());
    if (changed.length) {
      process.stderr.write(`softspot: the linux-x64 prebuild is stale; changed since it was built: ${changed.join(', ')}\n` +
        '  rebuild it with `npm run build:prebuild`\n');
      process.exit(1);
    }
  } else {
    process.stdout.write(computeStamp());
  }
}
