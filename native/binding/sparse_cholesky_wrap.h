// JS class NativeSparseCholesky: a thin ObjectWrap over core/SparseCholesky.
//
// Argument checking here is only what keeps the process safe (types, lengths); the
// user-facing validation with full messages lives in lib/sparse-cholesky.ts.
// While an ...Async() call is in flight the object is busy: every other call throws
// ERR_SOFTSPOT_BUSY instead of racing the worker thread.
#pragma once

#include <napi.h>

#include <memory>

#include "../core/sparse_cholesky.h"
#include "core_owner.h"

namespace softspot {

class SparseCholeskyWrap : public Napi::ObjectWrap<SparseCholeskyWrap>, private CoreOwner<SparseCholesky> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit SparseCholeskyWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Factorize(const Napi::CallbackInfo& info);
  Napi::Value FactorizeAsync(const Napi::CallbackInfo& info);
  Napi::Value Solve(const Napi::CallbackInfo& info);
  Napi::Value SolveAsync(const Napi::CallbackInfo& info);
  Napi::Value SelectedInverse(const Napi::CallbackInfo& info);
  Napi::Value SelectedInverseAsync(const Napi::CallbackInfo& info);
  Napi::Value SelectedInverseDerivative(const Napi::CallbackInfo& info);
  Napi::Value SelectedInverseDerivativeAsync(const Napi::CallbackInfo& info);
  Napi::Value LogDet(const Napi::CallbackInfo& info);
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);


};

}  // namespace softspot
