/**
 * Node-free programs of test/native/: test/native/<name>.cc compiled with g++ against
 * native/core sources, with the flags the addon's core is built with (binding.gyp: C++17,
 * -O3, -ffp-contract=off), and run without a sanitizer runtime preloaded
 * (scripts/sanitize.sh builds instrumented METIS checks of its own).
 */
import { expect } from 'chai';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireProgram } from './system-program.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** This process's environment without LD_PRELOAD (the sanitizer script preloads ASan into Node). */
export function plainEnv(): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, ...env } = process.env;
  return env;
}

export interface NativeCheckBuild {
  /** native/core source files (names) compiled in. */
  sources: string[];
  /** More compiler arguments before the sources (e.g. -D defines). */
  flags?: string[];
  /** Linker arguments after the sources (libraries, rpath). */
  link?: string[];
  /** Output file name in the build directory (default: `name`). */
  output?: string;
}

export interface NativeCheck {
  /** The compiled program's path. */
  readonly path: string;
  /** Runs it with `args` (60 s limit); the status is the caller's to judge. */
  spawn(...args: string[]): SpawnSyncReturns<string>;
  /** Runs it as `program IN OUT` on `input` (a file IN in its directory) and returns OUT; it must exit 0. */
  exchange(input: Buffer): Buffer;
  /** Removes the compiled program. */
  remove(): void;
}

/**
 * Compiles test/native/<name>.cc in a mocha `before` hook: skipped with a printed reason
 * where g++ is missing (a failure under CI). Throws (fails the hook) when it does not compile.
 */
export function buildNativeCheck(ctx: Mocha.Context, name: string, build: NativeCheckBuild): NativeCheck {
  const gxx = requireProgram(ctx, 'g++', 'g++');
  const dir = mkdtempSync(join(tmpdir(), `softspot-${name}-`));
  const program = join(dir, build.output ?? name);
  const result = spawnSync(gxx, ['-std=c++17', '-O3', '-ffp-contract=off', '-pthread', `-I${join(ROOT, 'native', 'core')}`,
    ...(build.flags ?? []), join(ROOT, 'test', 'native', `${name}.cc`),
    ...build.sources.map((s) => join(ROOT, 'native', 'core', s)), ...(build.link ?? []), '-o', program],
  { encoding: 'utf8', env: plainEnv() });
  expect(result.status, result.stderr).to.equal(0);
  const spawn = (...args: string[]): SpawnSyncReturns<string> =>
    spawnSync(program, args, { encoding: 'utf8', timeout: 60_000, env: plainEnv() });
  return {
    path: program,
    spawn,
    exchange(input: Buffer) {
      const inPath = join(dir, 'in.bin'), outPath = join(dir, 'out.bin');
      writeFileSync(inPath, input);
      const run = spawn(inPath, outPath);
      expect(run.status, run.stderr).to.equal(0);
      return readFileSync(outPath);
    },
    remove() { rmSync(dir, { recursive: true, force: true }); },
  };
}
