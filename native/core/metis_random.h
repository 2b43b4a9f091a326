// ConfineMetisRandom: gives every thread its own copy of the random generator METIS orders
// with, so that an ordering (and so a factor's fill and every rounding after it) does not
// depend on what other threads order at the same time.
//
// Why. METIS 5.1 randomizes its orderings (matching, initial separators) and draws from
// GKlib's generator, which in Debian's build (and the prebuild's copy of it) is the C
// library's srand()/rand(): one state for the whole process. METIS_NodeND reseeds it
// (options seed, default -1 → 4321) and then draws, so one thread alone always gets the
// same ordering; but two threads ordering at once interleave their draws. Measured: the
// same 6000-column 3D pattern ordered 40 times in each of two worker threads gave 80
// different orderings (nnz(L) 1.59–1.74 · 10⁶; alone always 1 621 326). A sample computed
// in a worker pool then depended, in its last bits, on which samples its neighbours ordered
// at that moment (a γ_c moved by 2e-16 in CI).
//
// What. The srand() and rand() imports of each GKlib-carrying library (RedirectMetisImports,
// metis_imports.h) are pointed, once per process, at replacements with thread-local state:
// glibc's own random_r/srandom_r on a thread-local state of glibc's default kind (TYPE_3,
// initialised as initstate(1)), so one thread sees the very sequence glibc's rand() gives
// and an ordering computed alone is the same as before, bit for bit.
//
// Where that cannot apply (macOS, Windows, musl, a METIS with GKlib's own generator, or
// SOFTSPOT_METIS_RANDOM=process in the environment at load, which keeps the process-wide
// generator on purpose), MetisOrderingLock serializes the orderings instead: the same
// results, but orderings no longer run in parallel.
//
// Cost. One walk over the loaded objects at the first call; a thread's first draw
// initialises its 128-byte state (31 words, 310 discarded draws).
#pragma once

#include <mutex>

#include "metis_imports.h"

namespace softspot {

// confined: the srand() and rand() imports of a METIS-carrying library now point at the
// thread-local generator, so orderings in different threads run at once; otherwise the note
// says why, and that orderings are serialized.
using MetisRandomReport = MetisConfinementReport;

// Applies the confinement on the first call (process-wide; idempotent, thread-safe),
// returns the report.
const MetisRandomReport& ConfineMetisRandom();

// Held across a symbolic analysis that may order with METIS (the orderings metis, nesdis
// and best): owns a process-wide mutex when METIS's generator could not be confined,
// nothing otherwise.
std::unique_lock<std::mutex> MetisOrderingLock();

}  // namespace softspot
