/**
 * A process-wide switch for tests and benchmarks: run the d-generic MD's TypeScript loops
 * (the reference: the binned list build of ./md-neighbor-list.ts, the generated
 * scaled-law loop of ./md-scaled.ts and the `poly` loop of ./md-forces.ts) instead of their
 * C++ versions (native/core/nd_neighbor_build.h, nd_scaled_forces.h, nd_poly_forces.h).
 * Both give the same numbers bit for bit, so a whole preparation is the same glass either
 * way, only slower (the code before the C++ loops: test/bench/nd-md.bench.ts measures the
 * two side by side).
 */
let reference = false;

/** Use the TypeScript reference loops (true) or the C++ loops (false, the default). */
export function setNdReferenceLoops(on: boolean): void {
  reference = on;
}

/** Whether the TypeScript reference loops are in use. */
export function ndReferenceLoops(): boolean {
  return reference;
}
