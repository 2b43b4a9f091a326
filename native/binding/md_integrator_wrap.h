// JS functions over core/md_integrator.h (the O(N) loops of a velocity-Verlet step):
//   mdKickDrift(n, x, v, f, ref, alpha, carry, halfDt, dt) → d₁ + d₂ (x, v updated in place)
//   mdKineticAfterKick(n, v, f, halfDt) → K
// Zero-copy; checks only what keeps the process safe (types, lengths ≥ 2n).
#pragma once

#include <napi.h>

namespace softspot {

Napi::Value MdKickDrift(const Napi::CallbackInfo& info);
Napi::Value MdKineticAfterKick(const Napi::CallbackInfo& info);

}  // namespace softspot
