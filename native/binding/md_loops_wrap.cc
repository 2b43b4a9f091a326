#include "md_loops_wrap.h"

#include <algorithm>
#include <string>

#include "../core/md_integrator.h"
#include "../core/md_neighbor_build.h"
#include "args.h"

namespace softspot {

namespace {

// info[index] as a Float64Array of at least 2n entries.
Napi::Float64Array Coordinates(const Napi::CallbackInfo& info, size_t index, int n, const char* name) {
  auto a = TypedArg<double>(info, index, 0, name);
  if (a.ElementLength() < 2 * static_cast<size_t>(n)) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + ": expected at least 2n = " +
                                                std::to_string(2 * static_cast<size_t>(n)) + " entries");
  }
  return a;
}

}  // namespace

Napi::Value MdKickDrift(const Napi::CallbackInfo& info) {
  const int n = IntArg(info, 0, "n", -1, 0);
  auto x = Coordinates(info, 1, n, "x");
  auto v = Coordinates(info, 2, n, "v");
  auto f = Coordinates(info, 3, n, "f");
  auto ref = Coordinates(info, 4, n, "ref");
  const double alpha = NumberArg(info, 5, "alpha"), carry = NumberArg(info, 6, "carry");
  const double half_dt = NumberArg(info, 7, "halfDt"), dt = NumberArg(info, 8, "dt");
  return Napi::Number::New(info.Env(), KickDrift(n, x.Data(), v.Data(), f.Data(), ref.Data(), alpha, carry, half_dt, dt));
}

Napi::Value MdKineticAfterKick(const Napi::CallbackInfo& info) {
  const int n = IntArg(info, 0, "n", -1, 0);
  auto v = Coordinates(info, 1, n, "v");
  auto f = Coordinates(info, 2, n, "f");
  const double half_dt = NumberArg(info, 3, "halfDt");
  return Napi::Number::New(info.Env(), KineticAfterKick(n, v.Data(), f.Data(), half_dt));
}

Napi::Value MdBuildHalfStencil(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = IntArg(info, 0, "n", -1, 0);
  auto x = Coordinates(info, 1, n, "x");
  auto species = SpeciesArg(info, 2, static_cast<size_t>(n));
  auto g = TypedArg<double>(info, 3, 4, "g");
  const int nb0 = IntArg(info, 4, "nb0", -1, 1), nb1 = IntArg(info, 5, "nb1", -1, 1);
  const int reach = IntArg(info, 6, "reach", -1, 1), n_species = IntArg(info, 7, "nSpecies", -1, 1);
  const int type_bits = IntArg(info, 8, "typeBits", -1, 0);
  if (type_bits > 8) throw Napi::RangeError::New(env, "typeBits: expected at most 8");
  auto list2 = TypedArgAtLeast<double>(info, 9, size_t{1} << type_bits, "list2");
  auto inv_list2 = TypedArgAtLeast<double>(info, 10, size_t{1} << type_bits, "invList2");
  auto shift = TypedArg<double>(info, 11, 18, "shift");
  auto offsets = TypedArgAtLeast<int32_t>(info, 12, static_cast<size_t>(n) + 1, "offsets");
  auto codes = TypedArg<int32_t>(info, 13, 0, "codes");
  auto border = TypedArg<int32_t>(info, 14, 0, "border");
  auto counts = TypedArg<int32_t>(info, 15, 2, "counts");
  const HalfStencilInput in{n, x.Data(), species.Data(), n_species, g.Data(), nb0, nb1, reach, type_bits,
                            list2.Data(), inv_list2.Data(), shift.Data()};
  HalfStencilOutput out{offsets.Data(), codes.Data(), static_cast<int64_t>(codes.ElementLength()),
                        border.Data(), static_cast<int64_t>(border.ElementLength()), 0, 0, 0, 0};
  NeighborBuildStatus status;
  try {
    status = BuildHalfStencil(in, &out);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  if (status == NeighborBuildStatus::kOk) {
    counts[0] = static_cast<int32_t>(out.codes_count);
    counts[1] = static_cast<int32_t>(out.border_count);
  } else {
    counts[0] = static_cast<int32_t>(std::min<int64_t>(out.codes_needed, 0x7fffffff));
    counts[1] = static_cast<int32_t>(std::min<int64_t>(out.border_needed, 0x7fffffff));
  }
  return Napi::Number::New(env, static_cast<int>(status));
}

}  // namespace softspot
