// NativePairKernel.evaluate (declared in pair_kernel_wrap.h): the minimizers' one-call
// evaluation over core/pair_kernel.h Evaluate. Zero-copy; checks the types and lengths
// that keep the process safe, core checks every index of the list.
#include <stdexcept>
#include <string>

#include "args.h"
#include "pair_kernel_wrap.h"

namespace softspot {

namespace {

// info[index] as a Float64Array of at least `length` entries.
Napi::Float64Array Doubles(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  auto a = TypedArg<double>(info, index, 0, name);
  if (a.ElementLength() < length) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + ": expected at least " + std::to_string(length) +
                                                " entries, got " + std::to_string(a.ElementLength()));
  }
  return a;
}

}  // namespace

// evaluate(n, x, off, ref, lim2, xs, copy, shifted, f, offsets, codes, typeBits, border,
//          borderCount, shift, withMax, out, gradient, ref32, refSlack)
Napi::Value PairKernelWrap::Evaluate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = IntArg(info, 0, "n", -1, 0);
  if (n > 0x3fffffff) throw Napi::RangeError::New(env, "n: expected at most 2^30 particles");
  const size_t len = 2 * static_cast<size_t>(n);
  MinimizerView m{};
  m.x = Doubles(info, 1, len, "x").Data();
  m.off = Doubles(info, 2, len, "off").Data();
  m.ref = Doubles(info, 3, len, "ref").Data();
  m.lim2 = NumberArg(info, 4, "lim2");
  m.xs = Doubles(info, 5, len, "xs").Data();
  m.copy = info.Length() > 6 && !info[6].IsUndefined() ? Doubles(info, 6, len, "copy").Data() : nullptr;
  if (info.Length() > 7 && !info[7].IsUndefined()) {
    auto s = TypedArg<int32_t>(info, 7, 0, "shifted");
    m.shifted = s.Data();
    m.n_shifted = static_cast<int64_t>(s.ElementLength());
    for (int64_t k = 0; k < m.n_shifted; ++k) {
      if (m.shifted[k] < (k > 0 ? m.shifted[k - 1] + 1 : 0) || m.shifted[k] >= n) {
        throw Napi::RangeError::New(env, "shifted: expected ascending particle indices in [0, n), got " +
                                             std::to_string(m.shifted[k]) + " at " + std::to_string(k));
      }
    }
  }
  double* f = info.Length() > 8 && !info[8].IsUndefined() ? Doubles(info, 8, len, "f").Data() : nullptr;
  auto offsets = TypedArg<int32_t>(info, 9, 0, "offsets");
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least " + std::to_string(n + 1) + " entries");
  }
  auto codes = TypedArg<int32_t>(info, 10, 0, "codes");
  const int type_bits = IntArg(info, 11, "typeBits", -1, 0);
  auto border = TypedArg<int32_t>(info, 12, 0, "border");
  const int border_count = IntArg(info, 13, "borderCount", -1, 0);
  if (static_cast<size_t>(border_count) * 2 > border.ElementLength()) {
    throw Napi::RangeError::New(env, "borderCount: exceeds border.length / 2");
  }
  auto shift = TypedArg<double>(info, 14, 18, "shift");
  if (info.Length() <= 15 || !info[15].IsBoolean()) throw Napi::TypeError::New(env, "withMax must be a boolean");
  const bool with_max = info[15].As<Napi::Boolean>().Value();
  double* out = Doubles(info, 16, 2, "out").Data();
  double* neg = info.Length() > 17 && !info[17].IsUndefined() ? Doubles(info, 17, len, "gradient").Data() : nullptr;
  if (info.Length() > 18 && !info[18].IsUndefined()) {
    if (!info[18].IsTypedArray() || info[18].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
      throw Napi::TypeError::New(env, "ref32 must be a Float32Array");
    }
    auto r = info[18].As<Napi::Float32Array>();
    if (r.ElementLength() < len) {
      throw Napi::RangeError::New(env, "ref32: expected at least " + std::to_string(len) + " entries");
    }
    m.ref32 = r.Data();
    m.slack = NumberArg(info, 19, "refSlack");
    if (!(m.slack >= 0)) throw Napi::RangeError::New(env, "refSlack: expected a number >= 0 (max |ref − ref32|)");
  }
  if (f == nullptr && neg == nullptr) throw Napi::TypeError::New(env, "f: expected a Float64Array when no gradient is given");
  const PairListView list{n, offsets.Data(), codes.Data(), static_cast<int64_t>(codes.ElementLength()),
                          type_bits, border.Data(), border_count, shift.Data()};
  bool within;
  try {
    within = core_->Evaluate(list, m, f, neg, with_max, out, out + 1);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  return Napi::Boolean::New(env, within);
}

}  // namespace softspot
