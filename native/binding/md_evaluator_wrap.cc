#include "md_evaluator_wrap.h"

#include <string>

#include "../core/md_evaluator_loops.h"
#include "args.h"

namespace softspot {

Napi::Value MdShiftedCopyWithin(const Napi::CallbackInfo& info) {
  const int n = IntArg(info, 0, "n", -1, 0);
  const size_t len = 2 * static_cast<size_t>(n);
  auto x = TypedArgAtLeast<double>(info, 1, len, "x");
  auto off = TypedArgAtLeast<double>(info, 2, len, "off");
  auto ref = TypedArgAtLeast<double>(info, 3, len, "ref");
  const double lim2 = NumberArg(info, 4, "lim2");
  auto xs = TypedArgAtLeast<double>(info, 5, len, "xs");
  double* copy = nullptr;
  if (info.Length() > 6 && !info[6].IsUndefined()) copy = TypedArgAtLeast<double>(info, 6, len, "copy").Data();
  const int32_t* shifted = nullptr;
  int64_t n_shifted = 0;
  if (info.Length() > 7 && !info[7].IsUndefined()) {
    auto s = TypedArg<int32_t>(info, 7, 0, "shifted");
    shifted = s.Data();
    n_shifted = static_cast<int64_t>(s.ElementLength());
    for (int64_t k = 0; k < n_shifted; ++k) {
      if (shifted[k] < (k > 0 ? shifted[k - 1] + 1 : 0) || shifted[k] >= n) {
        throw Napi::RangeError::New(info.Env(), "shifted: expected ascending particle indices in [0, n), got " +
                                                    std::to_string(shifted[k]) + " at " + std::to_string(k));
      }
    }
  }
  return Napi::Boolean::New(info.Env(), ShiftedCopyWithin(n, x.Data(), off.Data(), ref.Data(), lim2, xs.Data(), copy,
                                                          shifted, n_shifted));
}

Napi::Value MaxAbsJs(const Napi::CallbackInfo& info) {
  auto a = TypedArg<double>(info, 0, 0, "a");
  const int length = IntArg(info, 1, "length", -1, 0);
  if (a.ElementLength() < static_cast<size_t>(length)) {
    throw Napi::RangeError::New(info.Env(), "length: expected at most a.length = " + std::to_string(a.ElementLength()));
  }
  return Napi::Number::New(info.Env(), MaxAbs(length, a.Data()));
}

}  // namespace softspot
