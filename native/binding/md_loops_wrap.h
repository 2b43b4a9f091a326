// JS functions over the MD loops of the core (lib/md/integrator.ts and kernel.ts call them):
//   mdKickDrift(n, x, v, f, ref, alpha, carry, halfDt, dt) → d₁ + d₂ (x, v updated in place)
//   mdKineticAfterKick(n, v, f, halfDt) → K                       (core/md_integrator.h)
//   mdBuildHalfStencil(n, x, species, g, nb0, nb1, reach, nSpecies, typeBits, list2,
//     invList2, shift, offsets, codes, border, counts) → 0 ok, 1 codes full, 2 border full;
//     counts = [codes, border] written, or the length needed (core/md_neighbor_build.h)
// Zero-copy; checks only what keeps the process safe (types, lengths).
#pragma once

#include <napi.h>

namespace softspot {

Napi::Value MdKickDrift(const Napi::CallbackInfo& info);
Napi::Value MdKineticAfterKick(const Napi::CallbackInfo& info);
Napi::Value MdBuildHalfStencil(const Napi::CallbackInfo& info);

}  // namespace softspot
