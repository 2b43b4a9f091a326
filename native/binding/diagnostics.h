// Read-only reports of process-wide native state, for `softspot selfcheck` and the tests.
#pragma once

#include <napi.h>

namespace softspot {

// metisSignals() → { confined, objects, entries, note }: what ConfineMetisSignals
// (core/metis_signals.h) did when the addon was loaded.
Napi::Value MetisSignals(const Napi::CallbackInfo& info);

// metisRandom() → { confined, objects, entries, note }: what ConfineMetisRandom
// (core/metis_random.h) did when the addon was loaded.
Napi::Value MetisRandom(const Napi::CallbackInfo& info);

// blasThreads() → { openblas, threads, action }: what LimitBlasThreadsUnlessSet
// (core/blas_threads.h) did when the addon was loaded.
Napi::Value BlasThreads(const Napi::CallbackInfo& info);

// cholmodOpenMp() → { serial, objects, entries, note }: what SerializeCholmodOpenMp
// (core/cholmod_openmp.h) did when the addon was loaded.
Napi::Value CholmodOpenMp(const Napi::CallbackInfo& info);

}  // namespace softspot
