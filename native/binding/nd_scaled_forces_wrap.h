// JS class NativeScaledForces: a thin ObjectWrap over core/ScaledForces (energy and forces
// of a scaled species law over the d-generic MD list; native/core/nd_scaled_forces.h
// describes the law's terms and the list).
//
//   new NativeScaledForces(nSpecies, kappa, eps, eps2k, invWc, negPower, negEnergy,
//                          negForce, pos, dpos)                         everything copied
//   forces(d, n, x, species, offsets, codes, shift, f) → U            f overwritten
//
// Zero-copy: x, species, offsets, codes, shift and f are read or written in place. The
// checks here and in core keep the process safe (types, lengths, every index the loop
// follows); lib/nd/md-scaled.ts builds the terms from the law's table. Errors: TypeError
// for wrong types, RangeError for wrong lengths, malformed terms or a list that does not
// fit the positions.
#pragma once

#include <napi.h>

#include <memory>

#include "../core/nd_scaled_forces.h"

namespace softspot {

class ScaledForcesWrap : public Napi::ObjectWrap<ScaledForcesWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ScaledForcesWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Forces(const Napi::CallbackInfo& info);

  std::unique_ptr<ScaledForces> core_;
};

}  // namespace softspot
