// Argument checks and small conversions shared by the ObjectWraps. They keep the
// process safe (types, lengths); the user-facing validation with full messages lives in
// TypeScript (lib/validate.ts).
#pragma once

#include <napi.h>

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

inline std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* fallback) {
  if (info.Length() <= index || !info[index].IsString()) return fallback;
  return info[index].As<Napi::String>().Utf8Value();
}

inline int IntArg(const Napi::CallbackInfo& info, size_t index, int fallback) {
  if (info.Length() <= index || !info[index].IsNumber()) return fallback;
  return info[index].As<Napi::Number>().Int32Value();
}

inline double NumberArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a number");
  }
  return info[index].As<Napi::Number>().DoubleValue();
}

// A new Float64Array holding a copy of v (built on the main thread, in OnOK).
inline Napi::Float64Array ToArray(Napi::Env env, const std::vector<double>& v) {
  Napi::Float64Array out = Napi::Float64Array::New(env, v.size());
  if (!v.empty()) std::memcpy(out.Data(), v.data(), sizeof(double) * v.size());
  return out;
}

}  // namespace softspot
