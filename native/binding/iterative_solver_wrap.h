// JS class NativeIterativeSolver: a thin ObjectWrap over core/IterativeSolver
// (preconditioned conjugate gradient from Eigen).
//
// Argument checking here is only what keeps the process safe (types, lengths); the
// user-facing validation with full messages lives in lib/solvers/iterative.ts.
// While an ...Async() call is in flight the object is busy: every other call throws
// ERR_SOFTSPOT_BUSY instead of racing the worker thread.
#pragma once

#include <napi.h>

#include <functional>
#include <memory>

#include "../core/iterative_solver.h"
#include "core_owner.h"

namespace softspot {

class IterativeSolverWrap : public Napi::ObjectWrap<IterativeSolverWrap>, private CoreOwner<IterativeSolver> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit IterativeSolverWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Factorize(const Napi::CallbackInfo& info);
  Napi::Value FactorizeAsync(const Napi::CallbackInfo& info);
  Napi::Value Solve(const Napi::CallbackInfo& info);
  Napi::Value SolveAsync(const Napi::CallbackInfo& info);
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Dispose(const Napi::CallbackInfo& info);


};

}  // namespace softspot
