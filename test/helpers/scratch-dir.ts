/** A temporary directory for the tests of one describe block: made before them, removed after. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Registers the before/after hooks in the calling describe block; `set` receives the path. */
export function scratchDir(prefix: string, set: (dir: string) => void): void {
  let dir: string | undefined;
  before(() => { dir = mkdtempSync(join(tmpdir(), prefix)); set(dir); });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
}
