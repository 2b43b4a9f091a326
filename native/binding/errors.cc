#include "errors.h"

#include <new>

#include "../core/cholmod_error.h"
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

Napi::Error ToJsError(Napi::Env env, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const CholmodError& e) {
    return MakeCodedError(env, e.code(), e.what(), e.column());
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
    throw Napi::TypeError::New(env, "setErrorClass expects a constructor");
  }
  AddonData* data = env.GetInstanceData<AddonData>();
  data->error_class = Napi::Persistent(info[0].As<Napi::Function>());
  return env.Undefined();
}

}  // namespace softspot
