#include "md_integrator_wrap.h"

#include <string>

#include "../core/md_integrator.h"
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

}  // namespace softspot
