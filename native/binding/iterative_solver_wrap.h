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

namespace softspot {

class IterativeSolverWrap : public Napi::ObjectWrap<IterativeSolverWrap> {
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

  // The live core object; throws ERR_SOFTSPOT_DISPOSED / ERR_SOFTSPOT_BUSY otherwise.
  IterativeSolver& Core(Napi::Env env);
  Napi::Promise Queue(const Napi::CallbackInfo& info, std::function<void()> work,
                      std::function<Napi::Value(Napi::Env)> result);

  std::shared_ptr<IterativeSolver> core_;
  bool busy_ = false;
};

}  // namespace softspot
