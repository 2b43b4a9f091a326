/**
 * The two build files compile the same sources (STYLE item 14): binding.gyp (node-gyp,
 * prebuildify) and CMakeLists.txt (cmake-js) list the same files, and together they name
 * every .cc of native/core and native/binding — a source added to one and not the other,
 * or to neither, fails here instead of at link time of one build only.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
