// Argument checks and small conversions shared by the ObjectWraps. They keep the
// process and the numbers safe for code that calls the binding directly (types, lengths,
// finite values, known names); the user-facing validation with full messages lives in
// TypeScript (lib/validate.ts).
#pragma once

#include <napi.h>

#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace softspot {

// A plain Error with a `code` (ERR_SOFTSPOT_DISPOSED, ERR_SOFTSPOT_BUSY, ...).
inline Napi::Error StateError(Napi::Env env, const char* code, const char* message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, code));
  return err;
}

// info[index] as a Float64Array / Int32Array of `length` elements (0: any length).
template <typename T>
Napi::TypedArrayOf<T> TypedArg(const Napi::CallbackInfo& info, size_t index, size_t length,
                               const char* name) {
  static_assert(std::is_same<T, double>::value || std::is_same<T, int32_t>::value,
                "TypedArg takes Float64Array or Int32Array");
  Napi::Env env = info.Env();
  constexpr bool is_double = std::is_same<T, double>::value;
  const napi_typedarray_type want = is_double ? napi_float64_array : napi_int32_array;
  if (info.Length() <= index || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != want) {
    throw Napi::TypeError::New(env, std::string(name) + " must be a " +
                                        (is_double ? "Float64Array" : "Int32Array"));
  }
  auto array = info[index].As<Napi::TypedArrayOf<T>>();
  if (length != 0 && array.ElementLength() != length) {
    throw Napi::RangeError::New(env, std::string(name) + " must have length " +
                                         std::to_string(length) + ", got " +
                                         std::to_string(array.ElementLength()));
  }
  return array;
}

// info[index] as a Float64Array / Int32Array of at least `length` elements.
template <typename T>
Napi::TypedArrayOf<T> TypedArgAtLeast(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  auto a = TypedArg<T>(info, index, 0, name);
  if (a.ElementLength() < length) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + ": expected at least " + std::to_string(length) + " entries");
  }
  return a;
}

// info[index] as a Float64Array of `length` elements, every one finite.
inline Napi::Float64Array FiniteArg(const Napi::CallbackInfo& info, size_t index, size_t length,
                                    const char* name) {
  Napi::Float64Array array = TypedArg<double>(info, index, length, name);
  const double* x = array.Data();
  for (size_t k = 0, n = array.ElementLength(); k < n; ++k) {
    if (!std::isfinite(x[k])) {
      throw Napi::RangeError::New(info.Env(), std::string(name) + " must hold finite numbers, got " +
                                                  (std::isnan(x[k]) ? "NaN" : x[k] > 0 ? "Infinity" : "-Infinity") +
                                                  " at index " + std::to_string(k));
    }
  }
  return array;
}

// info[index] as a string; `fallback` when it is absent (undefined).
inline std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* name,
                             const char* fallback) {
  if (info.Length() <= index || info[index].IsUndefined()) return fallback;
  if (!info[index].IsString()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a string");
  return info[index].As<Napi::String>().Utf8Value();
}

// info[index] as an integer in [min, 2³¹ − 1]; `fallback` when it is absent (undefined).
inline int IntArg(const Napi::CallbackInfo& info, size_t index, const char* name, int fallback, int min) {
  if (info.Length() <= index || info[index].IsUndefined()) return fallback;
  if (!info[index].IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  const double x = info[index].As<Napi::Number>().DoubleValue();
  if (!(x >= min && x <= 2147483647.0 && x == std::floor(x))) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + " must be an integer >= " + std::to_string(min));
  }
  return static_cast<int>(x);
}

inline double NumberArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  }
  return info[index].As<Napi::Number>().DoubleValue();
}

// info[index] as a Uint8Array of at least `length` entries (species codes).
inline Napi::Uint8Array SpeciesArg(const Napi::CallbackInfo& info, size_t index, size_t length) {
  if (info.Length() <= index || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array ||
      info[index].As<Napi::TypedArray>().ElementLength() < length) {
    throw Napi::TypeError::New(info.Env(), "species must be a Uint8Array of at least n entries");
  }
  return info[index].As<Napi::Uint8Array>();
}

// The dimension d (2 or 3) and particle count n (≤ 2^26, the MD lists' 31-bit codes) at
// info[index], info[index + 1], the first arguments of the d-generic MD loops.
struct NdSize {
  int d;
  int n;
};
inline NdSize NdSizeArg(const Napi::CallbackInfo& info, size_t index) {
  const int d = IntArg(info, index, "d", -1, 2);
  if (d != 2 && d != 3) throw Napi::RangeError::New(info.Env(), "d: expected 2 or 3");
  const int n = IntArg(info, index + 1, "n", -1, 0);
  if (n > (1 << 26)) throw Napi::RangeError::New(info.Env(), "n: expected at most 2^26 particles");
  return {d, n};
}

// A new Float64Array holding a copy of v (built on the main thread, in OnOK).
inline Napi::Float64Array ToArray(Napi::Env env, const std::vector<double>& v) {
  Napi::Float64Array out = Napi::Float64Array::New(env, v.size());
  if (!v.empty()) std::memcpy(out.Data(), v.data(), sizeof(double) * v.size());
  return out;
}

}  // namespace softspot
