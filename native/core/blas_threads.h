// LimitBlasThreadsUnlessSet: one OpenBLAS thread, unless the process environment asks for
// another count, applied when the addon loads.
//
// Why. OpenBLAS sizes its thread pool from OPENBLAS_NUM_THREADS / OMP_NUM_THREADS when it
// is loaded, else from the core count. softspot computes one sample per worker thread, so
// BLAS threads on top oversubscribe the cores, and a result then depends in its last bits on
// the BLAS thread count (γ_c by ~1e-15). lib/native.ts and the `softspot` launcher set the
// variables before the addon loads, but only the main thread can: a worker thread's
// process.env is its own copy, which OpenBLAS never reads. A program whose worker threads
// are the first to load softspot therefore got OpenBLAS's default of one thread per core
// (measured: a first event of a 3D glass came out …100385 instead of …101018 so).
//
// What. When neither variable is in the process environment (getenv), OpenBLAS is told
// openblas_set_num_threads(1). A count the user set is left alone.
//
// Where. Linux: the prebuild calls the OpenBLAS linked into it (SOFTSPOT_STATIC_OPENBLAS);
// a source build references openblas_set_num_threads weakly, so it binds to the OpenBLAS
// loaded with the system's CHOLMOD and stays null for another BLAS (whose threads are then
// the user's business: the report says so). Elsewhere nothing is done. Thread-safe and
// idempotent (the first call decides).
#pragma once

#include <string>

namespace softspot {

struct BlasThreadsReport {
  // True when the loaded BLAS is OpenBLAS (its thread functions were found).
  bool openblas = false;
  // OpenBLAS's thread count after the call (0 when not OpenBLAS).
  int threads = 0;
  // What was done: "set to 1", or why not (the variable the user set, another BLAS, the platform).
  std::string action;
};

// Applies it on the first call (the addon's load) and returns the report.
const BlasThreadsReport& LimitBlasThreadsUnlessSet();

// The report of that first call, without applying anything: action "not applied" when it
// was never called (what the diagnostics show, so that a missing call at load shows too).
BlasThreadsReport BlasThreadsAtLoad();

}  // namespace softspot
