#include "nd_scaled_forces_wrap.h"

#include <stdexcept>
#include <string>

#include "args.h"

namespace softspot {

Napi::Function ScaledForcesWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeScaledForces", {InstanceMethod<&ScaledForcesWrap::Forces>("forces")});
}

// new NativeScaledForces(nSpecies, kappa, eps, eps2k, invWc, negPower, negEnergy, negForce, pos, dpos)
ScaledForcesWrap::ScaledForcesWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ScaledForcesWrap>(info) {
  Napi::Env env = info.Env();
  const int n_species = IntArg(info, 0, "nSpecies", 0, 1);
  if (n_species > 16) throw Napi::RangeError::New(env, "nSpecies: expected at most 16");
  const size_t nt = static_cast<size_t>(n_species) * n_species;
  auto kappa = TypedArg<double>(info, 1, nt, "kappa");
  auto eps = TypedArg<double>(info, 2, nt, "eps");
  auto eps2k = TypedArg<double>(info, 3, nt, "eps2k");
  const double inv_wc = NumberArg(info, 4, "invWc");
  auto neg_power = TypedArg<int32_t>(info, 5, 0, "negPower");
  const size_t n_neg = neg_power.ElementLength();
  auto neg_energy = TypedArg<double>(info, 6, n_neg, "negEnergy");
  auto neg_force = TypedArg<double>(info, 7, n_neg, "negForce");
  auto pos = TypedArg<double>(info, 8, 0, "pos");
  auto dpos = TypedArg<double>(info, 9, 0, "dpos");
  const ScaledLawTerms terms{n_species, kappa.Data(), eps.Data(), eps2k.Data(), inv_wc,
                             static_cast<int>(n_neg), neg_power.Data(), neg_energy.Data(), neg_force.Data(),
                             static_cast<int>(pos.ElementLength()), pos.Data(),
                             static_cast<int>(dpos.ElementLength()), dpos.Data()};
  try {
    core_ = ScaledForces::Create(terms);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
}

// forces(d, n, x, species, offsets, codes, shift, f, withEnergy)
Napi::Value ScaledForcesWrap::Forces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto [d, n] = NdSizeArg(info, 0);
  const size_t dn = static_cast<size_t>(d) * n;
  auto x = TypedArg<double>(info, 2, 0, "x");
  auto species = SpeciesArg(info, 3, static_cast<size_t>(n));
  auto offsets = TypedArg<int32_t>(info, 4, 0, "offsets");
  auto codes = TypedArg<int32_t>(info, 5, 0, "codes");
  auto shift = TypedArg<double>(info, 6, d == 3 ? 81 : 18, "shift");
  auto f = TypedArg<double>(info, 7, 0, "f");
  if (x.ElementLength() < dn || f.ElementLength() < dn) {
    throw Napi::RangeError::New(env, "x, f: expected at least d·n = " + std::to_string(dn) + " entries");
  }
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least n + 1 = " + std::to_string(n + 1) + " entries");
  }
  if (info.Length() <= 8 || !info[8].IsBoolean()) throw Napi::TypeError::New(env, "withEnergy must be a boolean");
  const bool with_energy = info[8].As<Napi::Boolean>().Value();
  try {
    return Napi::Number::New(env, core_->Forces(d, n, x.Data(), species.Data(),
                                                static_cast<int64_t>(species.ElementLength()), offsets.Data(),
                                                codes.Data(), static_cast<int64_t>(codes.ElementLength()),
                                                shift.Data(), f.Data(), with_energy));
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
}

}  // namespace softspot
