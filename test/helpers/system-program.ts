/**
 * Tests that need a system program (redis-server, chromium, h5ls, ...) run wherever it
 * exists. Where it is missing they skip, printing which program and which Debian package
 * gives full coverage — except under CI (`CI=true`), where `.ci/run` installs every such
 * program, so a missing one is a failure, never a silent skip.
 */
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
