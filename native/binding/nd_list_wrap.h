// JS function over the binned build of the d-generic MD Verlet list
// (core/nd_neighbor_build.h; lib/nd/md-neighbor-list.ts calls it):
//   ndBuildBinned(d, n, x, species, nSpecies, hinv, nb0, nb1, nb2, list2, shift, offsets,
//     codes) → the number of codes; offsets written, codes written while they fit (when
//     the count exceeds codes.length, grow codes to it and call again)
// Zero-copy; checks what keeps the process safe (types, lengths; core checks the values).
// Errors: TypeError for wrong types, RangeError for wrong lengths or values.
#pragma once

#include <napi.h>

namespace softspot {

Napi::Value NdBuildBinned(const Napi::CallbackInfo& info);

}  // namespace softspot
