/**
 * Tests that need a system program (redis-server, chromium, h5ls, python3 with h5py, ...)
 * run wherever it exists. Where it is missing they skip, printing which program and which Debian package
 * gives full coverage — except under CI (`CI=true`), where `.ci/run` installs every such
 * program, so a missing one is a failure, never a silent skip.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of `name` on PATH, or undefined. */
export function findProgram(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch { /* not here */ }
  }
  return undefined;
}

/** True when running under CI (`CI=true` or `CI=1`), where nothing may be skipped. */
export function underCi(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase();
  return ci === 'true' || ci === '1';
}

/**
 * Returns the path of `name`, or skips the current test or suite (`context` is the
 * mocha `this` of an `it` or `before`) with a printed reason when it is missing. Under CI
 * a missing program throws instead.
 */
export function requireProgram(context: Mocha.Context, name: string, debianPackage: string): string {
  const path = findProgram(name);
  if (path !== undefined) return path;
  const reason = `${name} not found on PATH: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}) for full coverage`;
  if (underCi()) throw new Error(`${reason} (CI=true: a missing program is a failure)`);
  process.stdout.write(`      skipped: ${reason}\n`);
  context.skip();
}

/**
 * The first `python3` on PATH that imports every module of `modules` (PATH may name
 * several: a version manager's shim before the system's interpreter, which has the
 * distribution's packages), or undefined.
 */
export function findPythonWith(modules: string[]): string | undefined {
  const probe = `import ${modules.join(', ')}`;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'python3');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    if (spawnSync(candidate, ['-c', probe], { stdio: 'ignore', timeout: 60_000 }).status === 0) return candidate;
  }
  return undefined;
}

/**
 * A python3 that imports `modules` (see findPythonWith), or skips the current test with a
 * printed reason naming the Debian package; a failure under CI, as requireProgram.
 */
export function requirePython(context: Mocha.Context, modules: string[], debianPackage: string): string {
  const path = findPythonWith(modules);
  if (path !== undefined) return path;
  const reason = `no python3 on PATH imports ${modules.join(', ')}: install the Debian package ${debianPackage} ` +
    `(apt-get install -y ${debianPackage}) for full coverage`;
  if (underCi()) throw new Error(`${reason} (CI=true: a missing program is a failure)`);
  process.stdout.write(`      skipped: ${reason}\n`);
  context.skip();
}
