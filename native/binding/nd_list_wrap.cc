#include "nd_list_wrap.h"

#include <stdexcept>
#include <string>

#include "../core/nd_neighbor_build.h"
#include "args.h"

namespace softspot {

Napi::Value NdBuildBinned(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int d = IntArg(info, 0, "d", -1, 2);
  if (d != 2 && d != 3) throw Napi::RangeError::New(env, "d: expected 2 or 3");
  const int n = IntArg(info, 1, "n", -1, 0);
  if (n > (1 << 26)) throw Napi::RangeError::New(env, "n: expected at most 2^26 particles");
  auto x = TypedArg<double>(info, 2, 0, "x");
  if (x.ElementLength() < static_cast<size_t>(d) * n) {
    throw Napi::RangeError::New(env, "x: expected at least d·n = " + std::to_string(static_cast<size_t>(d) * n) + " entries");
  }
  if (info.Length() <= 3 || !info[3].IsTypedArray() ||
      info[3].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array ||
      info[3].As<Napi::TypedArray>().ElementLength() < static_cast<size_t>(n)) {
    throw Napi::TypeError::New(env, "species must be a Uint8Array of at least n entries");
  }
  auto species = info[3].As<Napi::Uint8Array>();
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

}  // namespace softspot
