// SerializeCholmodOpenMp: runs the OpenMP parallel regions of a dynamically loaded CHOLMOD
// on the thread that calls CHOLMOD, as the prebuild's statically linked CHOLMOD does
// (native/prebuild/static_shim.c).
//
// Why. CHOLMOD 3 (SuiteSparse 5: Debian 11 and 12, Ubuntu 22.04) runs a few loops of its
// supernodal numeric factorization (clearing the row map, zeroing and assembling a
// supernode) as `#pragma omp parallel for num_threads(CHOLMOD_OMP_NUM_THREADS) if (...)`:
// a team size fixed when CHOLMOD was compiled, which OMP_NUM_THREADS does not change. Each
// loop starts and joins a team, once per large supernode, and the loops are copies: on a
// 2-core VM the wake-ups cost more than the work. Measured (2D pinned Hessian, N = 10⁴,
// METIS, 324 Mflop, one OpenBLAS thread): 100 ms per factorization in the source build
// against 28 ms in the prebuild; 60 ms with OMP_THREAD_LIMIT=1; 28 ms with this. softspot
// computes one sample per worker thread (blas_threads.h), so threads inside CHOLMOD only
// oversubscribe the cores.
//
// What. The imports GOMP_parallel, omp_get_num_threads, omp_get_thread_num and
// omp_get_max_threads of each loaded libcholmod* are pointed at a one-thread runtime
// (RedirectImports, metis_imports.h): a parallel region is one call of its body as thread 0
// of 1, which is what an OpenMP program computes with a team of one. Constructs inside a
// region that go to libgomp itself (a barrier, a loop schedule) see no team and run as
// one thread. The factor is the same bit for bit: the loops only move numbers.
//
// Where. Linux x86-64 and arm64 with glibc's loader, when the CHOLMOD loaded imports
// GOMP_parallel (GCC's OpenMP). The prebuild (SOFTSPOT_STATIC_CHOLMOD) has no OpenMP
// runtime to redirect: its regions already run serially. SOFTSPOT_CHOLMOD_OPENMP=library
// in the environment at load leaves CHOLMOD's OpenMP as it was built. Thread-safe and
// idempotent (the first call decides).
#pragma once

#include <string>
#include <vector>

namespace softspot {

struct CholmodOpenMpReport {
  // True when CHOLMOD's parallel regions run on the calling thread: redirected here, or
  // linked with the one-thread runtime (the prebuild).
  bool serial = false;
  // The libraries whose imports were redirected (paths as loaded), and how many entries.
  std::vector<std::string> objects;
  int entries = 0;
  // "redirected", "prebuild: …", or why it was left as built.
  std::string note;
};

// Applies it on the first call (the addon's load) and returns the report.
const CholmodOpenMpReport& SerializeCholmodOpenMp();

}  // namespace softspot
