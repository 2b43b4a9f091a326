// JS functions over loops of the d-generic MD (lib/nd calls them):
//   ndBuildBinned(d, n, x, species, nSpecies, hinv, nb0, nb1, nb2, list2, shift, offsets,
//     codes) → the number of codes; offsets written, codes written while they fit (when
//     the count exceeds codes.length, grow codes to it and call again)
//     (core/nd_neighbor_build.h; lib/nd/md-neighbor-list.ts)
//   ndBuildAllPairs(d, n, x, species, nSpecies, cell, hinv, list2, offsets, codes) → the
//     number of codes, likewise (the build of small cells; core/nd_neighbor_build.h)
//   ndPolyForces(d, n, x, sizes, offsets, codes, shift, law, f) → U, f overwritten;
//     law = [ε, c0, c2, c4, w_c, non-additivity] (core/nd_poly_forces.h; lib/nd/md-forces.ts)
// Zero-copy; checks what keeps the process safe (types, lengths; core checks the values).
// Errors: TypeError for wrong types, RangeError for wrong lengths or values.
#pragma once

#include <napi.h>

namespace softspot {

Napi::Value NdBuildBinned(const Napi::CallbackInfo& info);
Napi::Value NdBuildAllPairs(const Napi::CallbackInfo& info);
Napi::Value NdPolyForces(const Napi::CallbackInfo& info);

}  // namespace softspot
