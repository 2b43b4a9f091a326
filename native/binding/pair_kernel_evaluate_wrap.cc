// NativePairKernel.evaluateTracked (declared in pair_kernel_wrap.h): the minimizers'
// one-call evaluation over core/pair_kernel.h EvaluateTracked. Zero-copy; checks the types and lengths
// that keep the process safe, core checks every index of the list.
#include <limits>
#include <stdexcept>
#include <string>

#include "args.h"
#include "pair_kernel_wrap.h"

namespace softspot {

namespace {

// The data of info[index], a typed array of `type` with at least `length` entries, read by
// one napi_get_typedarray_info call (this function runs once per minimizer step: the
// Napi::TypedArrayOf route asks for the type, the length and the data separately).
// TypeError / RangeError as TypedArg.
template <typename T>
T* Typed(const Napi::CallbackInfo& info, size_t index, size_t length, napi_typedarray_type type, const char* kind,
         const char* name, size_t* entries = nullptr) {
  Napi::Env env = info.Env();
  napi_typedarray_type got;
  size_t count = 0;
  void* data = nullptr;
  if (info.Length() <= index ||
      napi_get_typedarray_info(env, info[index], &got, &count, &data, nullptr, nullptr) != napi_ok || got != type) {
    throw Napi::TypeError::New(env, std::string(name) + " must be a " + kind);
  }
  if (count < length) {
    throw Napi::RangeError::New(env, std::string(name) + ": expected at least " + std::to_string(length) +
                                         " entries, got " + std::to_string(count));
  }
  if (entries != nullptr) *entries = count;
  return static_cast<T*>(data);
}

double* Doubles(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  return Typed<double>(info, index, length, napi_float64_array, "Float64Array", name);
}

// info[index] as an Int32Array of at least `length` entries; its length into *count.
const int32_t* Ints(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name, size_t* count) {
  return Typed<int32_t>(info, index, length, napi_int32_array, "Int32Array", name, count);
}

}  // namespace

// evaluateTracked(n, x, off, ref, lim2, xs, pos, shifted, f, offsets, codes, typeBits, border,
//                 borderCount, shift, withMax, out, gradient, slack)
Napi::Value PairKernelWrap::EvaluateTracked(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = IntArg(info, 0, "n", -1, 0);
  if (n > 0x3fffffff) throw Napi::RangeError::New(env, "n: expected at most 2^30 particles");
  const size_t len = 2 * static_cast<size_t>(n);
  TrackedView t{};
  t.x = Doubles(info, 1, len, "x");
  t.off = Doubles(info, 2, len, "off");
  t.ref = Doubles(info, 3, len, "ref");
  t.lim2 = NumberArg(info, 4, "lim2");
  t.xs = Doubles(info, 5, len, "xs");
  t.pos = Doubles(info, 6, len, "pos");
  if (info.Length() > 7 && !info[7].IsUndefined()) {
    size_t count = 0;
    t.shifted = Ints(info, 7, 0, "shifted", &count);
    t.n_shifted = static_cast<int64_t>(count);
    for (int64_t k = 0; k < t.n_shifted; ++k) {
      if (t.shifted[k] < (k > 0 ? t.shifted[k - 1] + 1 : 0) || t.shifted[k] >= n) {
        throw Napi::RangeError::New(env, "shifted: expected ascending particle indices in [0, n), got " +
                                             std::to_string(t.shifted[k]) + " at " + std::to_string(k));
      }
    }
  }
  double* f = info.Length() > 8 && !info[8].IsUndefined() ? Doubles(info, 8, len, "f") : nullptr;
  size_t n_offsets = 0, n_codes = 0, n_border = 0;
  const int32_t* offsets = Ints(info, 9, static_cast<size_t>(n) + 1, "offsets", &n_offsets);
  const int32_t* codes = Ints(info, 10, 0, "codes", &n_codes);
  const int type_bits = IntArg(info, 11, "typeBits", -1, 0);
  const int32_t* border = Ints(info, 12, 0, "border", &n_border);
  const int border_count = IntArg(info, 13, "borderCount", -1, 0);
  if (static_cast<size_t>(border_count) * 2 > n_border) {
    throw Napi::RangeError::New(env, "borderCount: exceeds border.length / 2");
  }
  const double* shift = Doubles(info, 14, 18, "shift");
  if (info.Length() <= 15 || !info[15].IsBoolean()) throw Napi::TypeError::New(env, "withMax must be a boolean");
  const bool with_max = info[15].As<Napi::Boolean>().Value();
  double* out = Doubles(info, 16, 3, "out");
  double* neg = info.Length() > 17 && !info[17].IsUndefined() ? Doubles(info, 17, len, "gradient") : nullptr;
  t.slack = NumberArg(info, 18, "slack");
  if (!(t.slack >= 0) || t.slack == std::numeric_limits<double>::infinity()) {
    throw Napi::RangeError::New(env, "slack: expected a finite number >= 0 (λ)");
  }
  t.bound = out[2];
  if (f == nullptr && neg == nullptr) throw Napi::TypeError::New(env, "f: expected a Float64Array when no gradient is given");
  const PairListView list{n, offsets, codes, static_cast<int64_t>(n_codes), type_bits, border, border_count, shift};
  bool within;
  try {
    within = core_->EvaluateTracked(list, t, f, neg, with_max, out, out + 1, out + 2);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  return Napi::Boolean::New(env, within);
}

}  // namespace softspot
