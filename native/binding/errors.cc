#include "errors.h"

#include <new>

#include "../core/cholmod_error.h"
#include "../core/iterative_error.h"
#include "addon_data.h"

namespace softspot {

Napi::Error MakeCodedError(Napi::Env env, const std::string& code, const std::string& message,
                           long column) {
  AddonData* data = env.GetInstanceData<AddonData>();
  if (data != nullptr && !data->error_class.IsEmpty()) {
    Napi::Value col = column >= 0 ? Napi::Number::New(env, static_cast<double>(column))
                                  : env.Undefined();
    Napi::Object err = data->error_class.New(
        {Napi::String::New(env, message), Napi::String::New(env, code), col});
    return Napi::Error(env, err);
  }
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, code));
  return err;
}

namespace {

Napi::Error MakeIterativeError(Napi::Env env, const IterativeSolverError& e) {
  AddonData* data = env.GetInstanceData<AddonData>();
  Napi::Object details = Napi::Object::New(env);
  auto number_or_undefined = [&](double x, bool present) -> Napi::Value {
    return present ? Napi::Number::New(env, x) : env.Undefined();
  };
  details.Set("iterations", number_or_undefined(static_cast<double>(e.iterations()), e.iterations() >= 0));
  details.Set("residual", number_or_undefined(e.residual(), e.residual() == e.residual()));
  details.Set("tolerance", number_or_undefined(e.tolerance(), e.tolerance() == e.tolerance()));
  details.Set("rhs", number_or_undefined(static_cast<double>(e.rhs()), e.rhs() >= 0));
  if (data != nullptr && !data->iterative_error_class.IsEmpty()) {
    Napi::Object err = data->iterative_error_class.New(
        {Napi::String::New(env, e.what()), Napi::String::New(env, e.code()), details});
    return Napi::Error(env, err);
  }
  Napi::Error err = Napi::Error::New(env, e.what());
  err.Set("code", Napi::String::New(env, e.code()));
  return err;
}

}  // namespace

Napi::Error ToJsError(Napi::Env env, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const CholmodError& e) {
    return MakeCodedError(env, e.code(), e.what(), e.column());
  } catch (const IterativeSolverError& e) {
    return MakeIterativeError(env, e);
  } catch (const std::bad_alloc&) {
    return MakeCodedError(env, "CHOLMOD_OUT_OF_MEMORY", "out of memory", -1);
  } catch (const std::exception& e) {
    Napi::Error err = Napi::Error::New(env, e.what());
    err.Set("code", Napi::String::New(env, "ERR_SOFTSPOT_NATIVE"));
    return err;
  } catch (...) {
    Napi::Error err = Napi::Error::New(env, "unknown native error");
    err.Set("code", Napi::String::New(env, "ERR_SOFTSPOT_NATIVE"));
    return err;
  }
}

Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) {
    throw Napi::TypeError::New(env, "setErrorClass expects the error constructors");
  }
  AddonData* data = env.GetInstanceData<AddonData>();
  data->error_class = Napi::Persistent(info[0].As<Napi::Function>());
  if (info.Length() >= 2 && info[1].IsFunction()) {
    data->iterative_error_class = Napi::Persistent(info[1].As<Napi::Function>());
  }
  return env.Undefined();
}

}  // namespace softspot
