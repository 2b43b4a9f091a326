#include "nd_loops_wrap.h"

#include <stdexcept>
#include <string>

#include "../core/nd_neighbor_build.h"
#include "../core/nd_poly_forces.h"
#include "args.h"

namespace softspot {

Napi::Value NdBuildBinned(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto [d, n] = NdSizeArg(info, 0);
  auto x = TypedArg<double>(info, 2, 0, "x");
  if (x.ElementLength() < static_cast<size_t>(d) * n) {
    throw Napi::RangeError::New(env, "x: expected at least d·n = " + std::to_string(static_cast<size_t>(d) * n) + " entries");
  }
  auto species = SpeciesArg(info, 3, static_cast<size_t>(n));
  const int n_species = IntArg(info, 4, "nSpecies", -1, 1);
  if (n_species > 16) throw Napi::RangeError::New(env, "nSpecies: expected at most 16");
  auto hinv = TypedArg<double>(info, 5, static_cast<size_t>(d) * d, "hinv");
  const int nb0 = IntArg(info, 6, "nb0", -1, 1), nb1 = IntArg(info, 7, "nb1", -1, 1), nb2 = IntArg(info, 8, "nb2", -1, 1);
  auto list2 = TypedArg<double>(info, 9, static_cast<size_t>(n_species) * n_species, "list2");
  auto shift = TypedArg<double>(info, 10, d == 3 ? 81 : 18, "shift");
  auto offsets = TypedArg<int32_t>(info, 11, 0, "offsets");
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least n + 1 = " + std::to_string(n + 1) + " entries");
  }
  auto codes = TypedArg<int32_t>(info, 12, 0, "codes");
  const NdBinnedInput in{d, n, x.Data(), species.Data(), n_species, hinv.Data(), nb0, nb1, nb2, list2.Data(), shift.Data()};
  int64_t count;
  try {
    count = BuildNdBinned(in, offsets.Data(), codes.Data(), static_cast<int64_t>(codes.ElementLength()));
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  if (count > 0x7fffffff) throw Napi::RangeError::New(env, "nd list: more than 2^31 − 1 pairs");
  return Napi::Number::New(env, static_cast<double>(count));
}

Napi::Value NdBuildAllPairs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto [d, n] = NdSizeArg(info, 0);
  auto x = TypedArg<double>(info, 2, 0, "x");
  if (x.ElementLength() < static_cast<size_t>(d) * n) {
    throw Napi::RangeError::New(env, "x: expected at least d·n = " + std::to_string(static_cast<size_t>(d) * n) + " entries");
  }
  auto species = SpeciesArg(info, 3, static_cast<size_t>(n));
  const int n_species = IntArg(info, 4, "nSpecies", -1, 1);
  if (n_species > 16) throw Napi::RangeError::New(env, "nSpecies: expected at most 16");
  auto cell = TypedArg<double>(info, 5, static_cast<size_t>(d) * d, "cell");
  auto hinv = TypedArg<double>(info, 6, static_cast<size_t>(d) * d, "hinv");
  auto list2 = TypedArg<double>(info, 7, static_cast<size_t>(n_species) * n_species, "list2");
  auto offsets = TypedArg<int32_t>(info, 8, 0, "offsets");
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least n + 1 = " + std::to_string(n + 1) + " entries");
  }
  auto codes = TypedArg<int32_t>(info, 9, 0, "codes");
  const NdAllPairsInput in{d, n, x.Data(), species.Data(), n_species, cell.Data(), hinv.Data(), list2.Data()};
  int64_t count;
  try {
    count = BuildNdAllPairs(in, offsets.Data(), codes.Data(), static_cast<int64_t>(codes.ElementLength()));
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  if (count > 0x7fffffff) throw Napi::RangeError::New(env, "nd list: more than 2^31 − 1 pairs");
  return Napi::Number::New(env, static_cast<double>(count));
}

Napi::Value NdPolyForces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const auto [d, n] = NdSizeArg(info, 0);
  const size_t dn = static_cast<size_t>(d) * n;
  auto x = TypedArg<double>(info, 2, 0, "x");
  auto sizes = TypedArg<double>(info, 3, 0, "sizes");
  auto offsets = TypedArg<int32_t>(info, 4, 0, "offsets");
  auto codes = TypedArg<int32_t>(info, 5, 0, "codes");
  auto shift = TypedArg<double>(info, 6, d == 3 ? 81 : 18, "shift");
  auto law = TypedArg<double>(info, 7, 6, "law");
  auto f = TypedArg<double>(info, 8, 0, "f");
  if (x.ElementLength() < dn || f.ElementLength() < dn) {
    throw Napi::RangeError::New(env, "x, f: expected at least d·n = " + std::to_string(dn) + " entries");
  }
  if (sizes.ElementLength() < static_cast<size_t>(n)) {
    throw Napi::RangeError::New(env, "sizes: expected at least n = " + std::to_string(n) + " entries");
  }
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least n + 1 = " + std::to_string(n + 1) + " entries");
  }
  const double* l = law.Data();
  const PolyLawTerms terms{l[0], l[1], l[2], l[3], l[4], l[5]};
  try {
    return Napi::Number::New(env, PolyForces(d, n, x.Data(), sizes.Data(), offsets.Data(), codes.Data(),
                                             static_cast<int64_t>(codes.ElementLength()), shift.Data(), terms, f.Data()));
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
}

}  // namespace softspot
