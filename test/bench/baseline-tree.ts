/**
 * An older commit's source tree beside this one, for benchmarks that measure before and
 * after side by side in one run: lib/, bin/ and the package files unpacked by `git archive`
 * into .bench-out/base-<commit>/ (gitignored), with this tree's node_modules, native build
 * and committed prebuild linked in (the addon is the same), and dist/ compiled on request.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BENCH_DIR = '.bench-out';

/**
 * Unpacks `commit` once and returns its directory, or undefined (with the reason printed)
 * where git or the commit is not there.
 */
export function baselineTree(commit: string, options: { dist?: boolean } = {}): string | undefined {
  const dir = join(BENCH_DIR, `base-${commit}`);
  if (existsSync(join(dir, 'lib'))) return dir;
  try {
    rmSync(dir, { recursive: true, force: true }); // what an interrupted unpacking left
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', commit, 'lib', 'bin', 'package.json', 'tsconfig.json', 'tsconfig.build.json'], { maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(resolve('build'), join(dir, 'build'));
    // A tree without a native build of its own loads the committed prebuild.
    if (existsSync('prebuilds')) symlinkSync(resolve('prebuilds'), join(dir, 'prebuilds'));
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
    // dist/ for `softspot ...` commands, compiled with this tree's TypeScript.
    if (options.dist === true) execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
    return dir;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`(skipped: the old tree needs git and commit ${commit}: ${(error as Error).message.split('\n')[0]})\n`);
    return undefined;
  }
}
