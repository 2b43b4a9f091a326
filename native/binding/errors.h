// The one place where core failures become JavaScript errors.
//
// A softspot::CholmodError becomes an instance of the CholmodError class that
// lib/errors.ts hands over through setErrorClass() (code, message, column); a
// softspot::IterativeSolverError an instance of its second argument, IterativeSolverError
// (message, code, { iterations, residual, tolerance, rhs }); any other std::exception
// becomes a plain Error with code ERR_SOFTSPOT_NATIVE.
#pragma once

#include <napi.h>

#include <exception>
#include <string>

namespace softspot {

Napi::Error MakeCodedError(Napi::Env env, const std::string& code, const std::string& message,
                           long column);

// Converts the in-flight exception (call from a catch block) to a JS error.
Napi::Error ToJsError(Napi::Env env, std::exception_ptr error);

// Runs `body`, turning core exceptions into JS exceptions.
template <typename Body>
auto Guard(Napi::Env env, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    throw ToJsError(env, std::current_exception());
  }
}

Napi::Value SetErrorClass(const Napi::CallbackInfo& info);

}  // namespace softspot
