/**
 * The base of the public classes that own a native object of lib/native.ts
 * (SparseCholesky, IterativeSolver): the object under a symbol key (STYLE item 7), the
 * coded error of a call after dispose(), dispose() itself, the native memory held, and the
 * numeric update both natives take (new values on the analysed pattern, checked here).
 */
import { expectFiniteValues } from './validate.js';

/** The key of the native object on its owner. */
export const kNative = Symbol('softspot.native');

/** What every owned native object offers. */
interface OwnedNative {
  factorize(values: Float64Array): void;
  factorizeAsync(values: Float64Array): Promise<void>;
  info(): { memoryBytes: number };
  dispose(): void;
}

export abstract class NativeOwner<N extends OwnedNative> {
  protected [kNative]: N | null;
  /** Stored entries of A (lower triangle): the length of the values. */
  abstract readonly nnz: number;

  /**
   * @param owner  the class name in messages ("SparseCholesky")
   * @param disposedHint  what happened and what to do ("the factor has been disposed; analyze the matrix again")
   */
  protected constructor(native: N, private readonly owner: string, private readonly disposedHint: string) {
    this[kNative] = native;
  }

  /** The native object; throws `ERR_SOFTSPOT_DISPOSED` naming `method` after dispose(). */
  protected native(method: string): N {
    const native = this[kNative];
    if (native === null) {
      throw Object.assign(new Error(`${this.owner}.${method}: ${this.disposedHint}`), { code: 'ERR_SOFTSPOT_DISPOSED' });
    }
    return native;
  }

  /** New values (aligned with rowIdx; finite, nnz of them) for the native object, synchronously. */
  protected factorizeNative(method: string, values: Float64Array): void {
    this.native(method).factorize(expectFiniteValues('values', values, this.nnz));
  }

  /** factorizeNative on the thread pool; the values are copied before the call returns. */
  protected factorizeNativeAsync(method: string, values: Float64Array): Promise<void> {
    return this.native(method).factorizeAsync(expectFiniteValues('values', values, this.nnz));
  }

  /**
   * Native memory held now (bytes; 0 once disposed): for a factor CHOLMOD's copy of A, the
   * factor, its workspace and the cached selected inverse. V8 is told about it, so an
   * object dropped without dispose() is collected like a JavaScript object of that size.
   */
  get memoryBytes(): number {
    return this[kNative]?.info().memoryBytes ?? 0;
  }

  /** Whether dispose() has been called. */
  get disposed(): boolean {
    return this[kNative] === null;
  }

  /** Frees the native object now rather than at garbage collection. Idempotent. */
  dispose(): void {
    const native = this[kNative];
    if (native === null) return;
    native.dispose();
    this[kNative] = null;
  }
}
