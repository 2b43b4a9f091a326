/**
 * Sync and async drivers of the AQS protocols.
 *
 * The protocols are written once as generators that yield their numeric factorizations
 * (the heaviest native call) and a `pause` between strain steps. The sync driver answers
 * each request in place; the async one runs factorizations on the libuv thread pool
 * (SparseCholesky.factorizeAsync) and gives the event loop a turn at every pause, so a
 * long AQS run does not block a server or a worker's message handling.
 *
 * A factorize request is answered with `null` (success) or the CholmodError
 * CHOLMOD_NOT_POSDEF (the Hessian is not positive definite — a signal the protocols use);
 * every other error is thrown into the generator's caller.
 */
import { CholmodError } from '../errors.js';
import { drive, driveAsync } from '../protocol.js';
import type { SparseCholesky } from '../sparse-cholesky.js';

export type Request =
  | { kind: 'factorize'; factor: SparseCholesky; values: Float64Array }
  | { kind: 'pause' };

export type Protocol<T> = Generator<Request, T, CholmodError | null>;

function notPosDef(error: unknown): CholmodError | null {
  if (error instanceof CholmodError && error.code === 'CHOLMOD_NOT_POSDEF') return error;
  throw error;
}

/** Runs a protocol generator synchronously. */
export function runSync<T>(gen: Protocol<T>): T {
  return drive(gen, (req) => {
    if (req.kind !== 'factorize') return null;
    try {
      req.factor.factorize(req.values);
      return null;
    } catch (error) {
      return notPosDef(error);
    }
  });
}

/** Runs a protocol generator with factorizations on the thread pool. */
export async function runAsync<T>(gen: Protocol<T>): Promise<T> {
  return driveAsync(gen, async (req) => {
    if (req.kind !== 'factorize') {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return null;
    }
    try {
      await req.factor.factorizeAsync(req.values);
      return null;
    } catch (error) {
      return notPosDef(error);
    }
  });
}
