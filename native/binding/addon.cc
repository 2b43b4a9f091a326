// softspot native addon: registration only.
#include <napi.h>

#include "addon_data.h"
#include "errors.h"
#include "iterative_solver_wrap.h"
#include "sparse_cholesky_wrap.h"

namespace softspot {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new AddonData());
  exports.Set("NativeSparseCholesky", SparseCholeskyWrap::Define(env));
  exports.Set("NativeIterativeSolver", IterativeSolverWrap::Define(env));
  exports.Set("setErrorClass", Napi::Function::New<SetErrorClass>(env, "setErrorClass"));
  return exports;
}

}  // namespace softspot

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return softspot::Init(env, exports);
}

NODE_API_MODULE(softspot, InitAddon)
