#include "iterative_solver_wrap.h"

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "args.h"
#include "errors.h"

namespace softspot {

namespace {

Preconditioner ParsePreconditioner(Napi::Env env, const std::string& s) {
  if (s == "identity") return Preconditioner::kIdentity;
  if (s == "jacobi") return Preconditioner::kJacobi;
  if (s == "ichol") return Preconditioner::kIncompleteCholesky;
  throw Napi::RangeError::New(env, "unknown preconditioner: " + s + " (identity, jacobi or ichol)");
}

// nrhs, tol and max_iter at positions i, i+1, i+2, checked only for safety.
struct SolveArgs {
  int nrhs;
  double tol;
  int max_iter;
};

SolveArgs ParseSolveArgs(const Napi::CallbackInfo& info, size_t i) {
  Napi::Env env = info.Env();
  const double nrhs = NumberArg(info, i, "nrhs");
  const double tol = NumberArg(info, i + 1, "tol");
  const double max_iter = NumberArg(info, i + 2, "maxIter");
  if (!(nrhs >= 1 && nrhs <= 2147483647.0)) throw Napi::RangeError::New(env, "nrhs must be positive");
  if (!(tol > 0)) throw Napi::RangeError::New(env, "tol must be positive");
  if (!(max_iter >= 1 && max_iter <= 2147483647.0)) throw Napi::RangeError::New(env, "maxIter must be positive");
  return {static_cast<int>(nrhs), tol, static_cast<int>(max_iter)};
}

// { x, iterations, residuals } for solveAsync.
struct SolveOutput {
  std::vector<double> x;
  std::vector<int32_t> iterations;
  std::vector<double> residuals;
};

}  // namespace

Napi::Function IterativeSolverWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeIterativeSolver",
                     {
                         InstanceMethod<&IterativeSolverWrap::Factorize>("factorize"),
                         InstanceMethod<&IterativeSolverWrap::FactorizeAsync>("factorizeAsync"),
                         InstanceMethod<&IterativeSolverWrap::Solve>("solve"),
                         InstanceMethod<&IterativeSolverWrap::SolveAsync>("solveAsync"),
                         InstanceMethod<&IterativeSolverWrap::Info>("info"),
                         InstanceMethod<&IterativeSolverWrap::Dispose>("dispose"),
                     });
}

// new NativeIterativeSolver(n, colPtr, rowIdx, preconditioner): the analysis.
IterativeSolverWrap::IterativeSolverWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<IterativeSolverWrap>(info), CoreOwner<IterativeSolver>(info.Env(), "IterativeSolver") {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "n must be a number");
  const int n = info[0].As<Napi::Number>().Int32Value();
  if (n <= 0) throw Napi::RangeError::New(env, "n must be positive");
  auto col_ptr = TypedArg<int32_t>(info, 1, static_cast<size_t>(n) + 1, "colPtr");
  const size_t nnz = static_cast<size_t>(col_ptr[n]);
  auto row_idx = TypedArg<int32_t>(info, 2, nnz, "rowIdx");
  if (info.Length() < 4 || !info[3].IsString()) throw Napi::TypeError::New(env, "preconditioner must be a string");
  const Preconditioner kind = ParsePreconditioner(env, info[3].As<Napi::String>().Utf8Value());
  core_ = Guard(env, [&] {
    return std::shared_ptr<IterativeSolver>(
        IterativeSolver::Analyze(n, col_ptr.Data(), row_idx.Data(), kind));
  });
  AccountMemory();
}

Napi::Value IterativeSolverWrap::Factorize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  IterativeSolver& core = Live(env);
  auto scope = AccountOnReturn();
  auto values = FiniteArg(info, 0, static_cast<size_t>(core.nnz()), "values");
  Guard(env, [&] { core.Factorize(values.Data()); });
  return env.Undefined();
}

Napi::Value IterativeSolverWrap::FactorizeAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  IterativeSolver& core = Live(env);
  auto values = FiniteArg(info, 0, static_cast<size_t>(core.nnz()), "values");
  auto copy = std::make_shared<std::vector<double>>(values.Data(), values.Data() + values.ElementLength());
  std::shared_ptr<IterativeSolver> keep = core_;
  return Queue(info, [keep, copy] { keep->Factorize(copy->data()); },
               [](Napi::Env e) { return e.Undefined(); });
}

// solve(b, nrhs, tol, maxIter, out, iterations, residuals)
Napi::Value IterativeSolverWrap::Solve(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  IterativeSolver& core = Live(env);
  const SolveArgs args = ParseSolveArgs(info, 1);
  const size_t len = static_cast<size_t>(core.n()) * args.nrhs;
  auto b = FiniteArg(info, 0, len, "b");
  auto out = TypedArg<double>(info, 4, len, "out");
  auto iterations = TypedArg<int32_t>(info, 5, static_cast<size_t>(args.nrhs), "iterations");
  auto residuals = TypedArg<double>(info, 6, static_cast<size_t>(args.nrhs), "residuals");
  Guard(env, [&] {
    core.Solve(b.Data(), args.nrhs, args.tol, args.max_iter, out.Data(), iterations.Data(),
               residuals.Data());
  });
  return out;
}

// solveAsync(b, nrhs, tol, maxIter) → Promise<{ x, iterations, residuals }>
Napi::Value IterativeSolverWrap::SolveAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  IterativeSolver& core = Live(env);
  const SolveArgs args = ParseSolveArgs(info, 1);
  const size_t len = static_cast<size_t>(core.n()) * args.nrhs;
  auto b = FiniteArg(info, 0, len, "b");
  auto input = std::make_shared<std::vector<double>>(b.Data(), b.Data() + len);
  auto output = std::make_shared<SolveOutput>();
  output->x.resize(len);
  output->iterations.resize(args.nrhs);
  output->residuals.resize(args.nrhs);
  std::shared_ptr<IterativeSolver> keep = core_;
  return Queue(
      info,
      [keep, input, output, args] {
        keep->Solve(input->data(), args.nrhs, args.tol, args.max_iter, output->x.data(),
                    output->iterations.data(), output->residuals.data());
      },
      [output](Napi::Env e) {
        Napi::Object o = Napi::Object::New(e);
        Napi::Float64Array x = Napi::Float64Array::New(e, output->x.size());
        std::memcpy(x.Data(), output->x.data(), sizeof(double) * output->x.size());
        Napi::Int32Array iterations = Napi::Int32Array::New(e, output->iterations.size());
        std::memcpy(iterations.Data(), output->iterations.data(), sizeof(int32_t) * output->iterations.size());
        Napi::Float64Array residuals = Napi::Float64Array::New(e, output->residuals.size());
        std::memcpy(residuals.Data(), output->residuals.data(), sizeof(double) * output->residuals.size());
        o.Set("x", x);
        o.Set("iterations", iterations);
        o.Set("residuals", residuals);
        return o;
      });
}

Napi::Value IterativeSolverWrap::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  IterativeSolver& core = Live(env);
  Napi::Object o = Napi::Object::New(env);
  o.Set("n", core.n());
  o.Set("nnz", static_cast<double>(core.nnz()));
  o.Set("preconditioner", core.preconditioner_name());
  o.Set("preconditionerNnz", static_cast<double>(core.preconditioner_nnz()));
  o.Set("factorized", core.is_factorized());
  o.Set("memoryBytes", static_cast<double>(core.memory_bytes()));
  return o;
}

Napi::Value IterativeSolverWrap::Dispose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Release(env);
  return env.Undefined();
}

}  // namespace softspot
