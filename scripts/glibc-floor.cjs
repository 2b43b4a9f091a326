#!/usr/bin/env node
// Lowers the glibc symbol versions a shared library needs to glibc 2.28, Node.js 20's own
// floor, for symbols whose newer version is the same computation (the prebuild's bundled
// libmetis.so.5, which Debian 12 built against glibc 2.36, needs log@GLIBC_2.29 and
// pow@GLIBC_2.29). The addon itself gets there at link time (native/prebuild/glibc_floor.c);
// a library we do not link can only be edited:
//
//   node scripts/glibc-floor.cjs FILE
//
// rewrites, in FILE's version needs (.gnu.version_r), each GLIBC_2.29 entry to the
// architecture's base version (GLIBC_2.2.5 on x86-64, GLIBC_2.17 on aarch64), whose log and
// pow glibc keeps: the same core computation inside the SVID error-handling wrapper that
// 2.29 dropped, equal results (native/prebuild/glibc_floor.c). Only when every symbol of
// that entry is one of SAME_AS_BASE; anything else is an error naming it. Nothing else in
// the file changes (the name of the base version is already in its string table, and the
// entry keeps its index, so the symbols that use it keep pointing at it).
// scripts/prebuild.sh then checks the result with objdump, independently of this reader.
'use strict';
const fs = require('node:fs');

const FLOOR = [2, 28];
/** Symbols whose GLIBC_2.29 version is the base version's computation without the SVID wrapper. */
const SAME_AS_BASE = new Set(['log', 'pow', 'exp', 'exp2', 'log2']);
const LOWERED = 'GLIBC_2.29';
const BASE = { 62: 'GLIBC_2.2.5', 183: 'GLIBC_2.17' }; // e_machine: EM_X86_64, EM_AARCH64

const SHT_DYNSYM = 11, SHT_GNU_VERNEED = 0x6ffffffe, SHT_GNU_VERSYM = 0x6fffffff;

function fail(message) {
  console.error(`glibc-floor: ${message}`);
  process.exit(1);
}

/** The ELF hash of a version name (System V ABI), as vna_hash holds it. */
function elfHash(name) {
  let h = 0;
  for (const byte of Buffer.from(name, 'latin1')) {
    h = ((h << 4) + byte) >>> 0;
    const g = h & 0xf0000000;
    if (g) h ^= g >>> 24;
    h = (h & ~g) >>> 0;
  }
  return h >>> 0;
}

function cString(buf, at) {
  return buf.toString('latin1', at, buf.indexOf(0, at));
}

/** The version string of the form GLIBC_a.b[.c] as numbers, or undefined. */
function glibcVersion(name) {
  const m = /^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$/.exec(name);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] || 0)] : undefined;
}

function above(version, floor) {
  return version[0] > floor[0] || (version[0] === floor[0] && version[1] > floor[1]);
}

function lower(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x7fELF\x02\x01') fail(`${file} is not a 64-bit little-endian ELF file`);
  const machine = buf.readUInt16LE(18);
  const base = BASE[machine];
  if (!base) fail(`${file}: ELF machine ${machine} is not x86-64 or aarch64`);
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a), shnum = buf.readUInt16LE(0x3c);
  const sections = Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return { type: buf.readUInt32LE(at + 4), offset: Number(buf.readBigUInt64LE(at + 0x18)),
      size: Number(buf.readBigUInt64LE(at + 0x20)), link: buf.readUInt32LE(at + 0x28), entsize: Number(buf.readBigUInt64LE(at + 0x38)) };
  });
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
  const dynsym = sections.find((s) => s.type === SHT_DYNSYM);
  const versym = sections.find((s) => s.type === SHT_GNU_VERSYM);
  if (!verneed || !dynsym || !versym) fail(`${file} has no version needs, dynamic symbols or symbol versions`);
  const dynstr = sections[verneed.link];
  const str = (offset) => cString(buf, dynstr.offset + offset);

  // The offset of `base` in the string table: some entry already needs it.
  let baseName;
  // The dynamic symbols by version index.
  const symbolsOf = new Map();
  const count = dynsym.size / dynsym.entsize;
  for (let i = 0; i < count; i++) {
    const index = buf.readUInt16LE(versym.offset + 2 * i) & 0x7fff;
    const name = str(buf.readUInt32LE(dynsym.offset + i * dynsym.entsize));
    if (!symbolsOf.has(index)) symbolsOf.set(index, []);
    symbolsOf.get(index).push(name);
  }

  const changed = [];
  for (let need = verneed.offset; ; ) {
    const cnt = buf.readUInt16LE(need + 2), vnFile = str(buf.readUInt32LE(need + 4));
    let aux = need + buf.readUInt32LE(need + 8);
    for (let k = 0; k < cnt; k++) {
      const name = str(buf.readUInt32LE(aux + 8));
      if (name === base) baseName = buf.readUInt32LE(aux + 8);
      const version = glibcVersion(name);
      if (version && above(version, FLOOR)) {
        const index = buf.readUInt16LE(aux + 6) & 0x7fff;
        const symbols = symbolsOf.get(index) || [];
        const other = symbols.filter((s) => !SAME_AS_BASE.has(s));
        if (name !== LOWERED || other.length) {
          fail(`${file} needs ${other.length ? other.join(', ') : symbols.join(', ')}@${name} (${vnFile}), newer than glibc ` +
            `${FLOOR.join('.')}, and this script knows no older equivalent: extend native/prebuild/glibc_floor.c's reasoning here first`);
        }
        changed.push({ aux, symbols, vnFile });
      }
      const next = buf.readUInt32LE(aux + 12);
      if (!next) break;
      aux += next;
    }
    const next = buf.readUInt32LE(need + 12);
    if (!next) break;
    need += next;
  }
  if (!changed.length) {
    console.error(`glibc-floor: ${file} needs nothing newer than glibc ${FLOOR.join('.')}`);
    return;
  }
  if (baseName === undefined) fail(`${file} has no ${base} entry whose name could be reused`);
  for (const { aux, symbols, vnFile } of changed) {
    buf.writeUInt32LE(elfHash(base), aux);
    buf.writeUInt32LE(baseName, aux + 8);
    console.error(`glibc-floor: ${file}: ${symbols.join(', ')} (${vnFile}) ${LOWERED} -> ${base}`);
  }
  fs.writeFileSync(file, buf);
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (!files.length) fail('usage: node scripts/glibc-floor.cjs FILE...');
  files.forEach(lower);
}

module.exports = { elfHash, lower };
