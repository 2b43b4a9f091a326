/**
 * A real full disk for tests: a command runs with a directory mounted as a small tmpfs
 * (e.g. 64 KB), and what it left there is copied to an ordinary directory afterwards.
 *
 * The mount is made in a private mount namespace where the kernel allows it — as any
 * user with `unshare -rm` (user + mount namespace), or as root with `unshare -m` — so it
 * disappears with the command, whatever happens to the test. As root without namespaces
 * it is an ordinary mount, unmounted by the same script and, should that be skipped, by
 * `release()`. Where none of these works the test skips with a printed reason, except
 * under CI (`CI=true`: .ci/run runs as root), where that is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, underCi } from './system-program.js';

/** Mounts a tmpfs of size $3 on $1, runs the rest, copies what is on the tmpfs to $2, unmounts, exits with the command's code. */
const SCRIPT = 'd=$1; k=$2; s=$3; shift 3; mount -t tmpfs -o size="$s" tmpfs "$d" || exit 97; "$@"; rc=$?; cp -a "$d/." "$k/"; umount "$d" 2>/dev/null; exit $rc';

export interface SmallDisk {
  /** How the mount is made: 'userns' (unshare -rm), 'mountns' (unshare -m, root) or 'root' (a plain mount). */
  mode: 'userns' | 'mountns' | 'root';
  /**
   * Runs `argv` with `mountPoint` (an existing empty directory) mounted as a tmpfs of
   * `size` (mount(8) syntax: '64k'); afterwards its contents are copied to `keep`.
   */
  spawn(mountPoint: string, size: string, keep: string, argv: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): ChildProcess;
  /** Unmounts `mountPoint` if a plain mount was left behind (only in 'root' mode). */
  release(mountPoint: string): void;
}

function prefixFor(mode: SmallDisk['mode'], unshare: string): string[] {
  if (mode === 'userns') return [unshare, '-rm', '--'];
  if (mode === 'mountns') return [unshare, '-m', '--'];
  return [];
}

function works(prefix: string[]): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'softspot-disk-probe-'));
  try {
    const keep = join(probe, 'keep');
    const mnt = join(probe, 'mnt');
    const argv = [...prefix, 'sh', '-c', `mkdir -p "${keep}" "${mnt}" && ${SCRIPT}`, 'sh', mnt, keep, '16k', 'sh', '-c', 'echo ok > "$0"/probe', mnt];
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 20_000 });
    return r.status === 0 && readFileSync(join(keep, 'probe'), 'utf8').trim() === 'ok';
  } catch {
    return false;
  } finally {
    spawnSync('umount', [join(probe, 'mnt')], { stdio: 'ignore' });
    rmSync(probe, { recursive: true, force: true });
  }
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

let found: SmallDisk | null | undefined;

/**
 * The small-disk runner of this machine, or skips the current test or suite (`context`:
 * the mocha `this` of an `it` or `before`) with a printed reason; under CI, throws.
 */
export function requireSmallDisk(context: Mocha.Context): SmallDisk {
  if (found === undefined) {
    found = null;
    const unshare = findProgram('unshare');
    const modes: Array<SmallDisk['mode']> = [];
    if (unshare && findProgram('mount')) modes.push('userns');
    if (unshare && isRoot()) modes.push('mountns');
    if (isRoot() && findProgram('mount')) modes.push('root');
    for (const mode of modes) {
      if (!works(prefixFor(mode, unshare ?? 'unshare'))) continue;
      const prefix = prefixFor(mode, unshare ?? 'unshare');
      found = {
        mode,
        spawn(mountPoint, size, keep, argv, options = {}) {
          const all = [...prefix, 'sh', '-c', SCRIPT, 'sh', mountPoint, keep, size, ...argv];
          return spawn(all[0], all.slice(1), { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
        },
        release(mountPoint) {
          if (mode !== 'root') return;
          const mounted = readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === mountPoint);
          if (mounted) spawnSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
        },
      };
      break;
    }
  }
  if (found) return found;
  const reason = 'cannot mount a small tmpfs here (needs `unshare -rm` with user namespaces, or root; util-linux and mount provide unshare and mount)';
  if (underCi()) throw new Error(`${reason} (CI=true: the full-disk tests must run)`);
  process.stdout.write(`      skipped: ${reason}\n`);
  context.skip();
}
