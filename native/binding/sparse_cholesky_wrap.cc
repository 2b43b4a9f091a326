#include "sparse_cholesky_wrap.h"

#include <cstring>
#include <string>
#include <vector>

#include "args.h"
#include "errors.h"

namespace softspot {

namespace {

// The selected-inverse method: true for 'solves', false for 'takahashi' (the default).
bool UsesSolves(const Napi::CallbackInfo& info, size_t index) {
  const std::string method = StringArg(info, index, "method", "takahashi");
  if (method == "solves") return true;
  if (method == "takahashi") return false;
  throw Napi::RangeError::New(info.Env(), "unknown method: " + method + " (takahashi or solves)");
}

Ordering ParseOrdering(Napi::Env env, const std::string& s) {
  if (s == "amd") return Ordering::kAmd;
  if (s == "metis") return Ordering::kMetis;
  if (s == "nesdis") return Ordering::kNesdis;
  if (s == "natural") return Ordering::kNatural;
  if (s == "best") return Ordering::kBest;
  throw Napi::RangeError::New(env, "unknown ordering: " + s + " (amd, metis, nesdis, natural or best)");
}

FactorMode ParseMode(Napi::Env env, const std::string& s) {
  if (s == "simplicial") return FactorMode::kSimplicial;
  if (s == "supernodal") return FactorMode::kSupernodal;
  if (s == "auto") return FactorMode::kAuto;
  throw Napi::RangeError::New(env, "unknown mode: " + s + " (simplicial, supernodal or auto)");
}

}  // namespace

Napi::Function SparseCholeskyWrap::Define(Napi::Env env) {
  return DefineClass(
      env, "NativeSparseCholesky",
      {
          InstanceMethod<&SparseCholeskyWrap::Factorize>("factorize"),
          InstanceMethod<&SparseCholeskyWrap::FactorizeAsync>("factorizeAsync"),
          InstanceMethod<&SparseCholeskyWrap::Solve>("solve"),
          InstanceMethod<&SparseCholeskyWrap::SolveAsync>("solveAsync"),
          InstanceMethod<&SparseCholeskyWrap::SelectedInverse>("selectedInverse"),
          InstanceMethod<&SparseCholeskyWrap::SelectedInverseAsync>("selectedInverseAsync"),
          InstanceMethod<&SparseCholeskyWrap::SelectedInverseDerivative>(
              "selectedInverseDerivative"),
          InstanceMethod<&SparseCholeskyWrap::SelectedInverseDerivativeAsync>(
              "selectedInverseDerivativeAsync"),
          InstanceMethod<&SparseCholeskyWrap::LogDet>("logDet"),
          InstanceMethod<&SparseCholeskyWrap::Info>("info"),
          InstanceMethod<&SparseCholeskyWrap::Dispose>("dispose"),
      });
}

// new NativeSparseCholesky(n, colPtr, rowIdx, ordering, mode): the symbolic analysis.
SparseCholeskyWrap::SparseCholeskyWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<SparseCholeskyWrap>(info), CoreOwner<SparseCholesky>(info.Env(), "SparseCholesky") {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "n must be a number");
  const int n = info[0].As<Napi::Number>().Int32Value();
  if (n <= 0) throw Napi::RangeError::New(env, "n must be positive");
  auto col_ptr = TypedArg<int32_t>(info, 1, static_cast<size_t>(n) + 1, "colPtr");
  const size_t nnz = static_cast<size_t>(col_ptr[n]);
  auto row_idx = TypedArg<int32_t>(info, 2, nnz, "rowIdx");
  const Ordering ordering = ParseOrdering(env, StringArg(info, 3, "ordering", "amd"));
  const FactorMode mode = ParseMode(env, StringArg(info, 4, "mode", "auto"));
  core_ = Guard(env, [&] {
    return std::shared_ptr<SparseCholesky>(
        SparseCholesky::Analyze(n, col_ptr.Data(), row_idx.Data(), ordering, mode));
  });
  AccountMemory();
}

Napi::Value SparseCholeskyWrap::Factorize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  auto scope = AccountOnReturn();
  auto values = FiniteArg(info, 0, static_cast<size_t>(core.nnz()), "values");
  Guard(env, [&] { core.Factorize(values.Data()); });
  return env.Undefined();
}

Napi::Value SparseCholeskyWrap::FactorizeAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  auto values = FiniteArg(info, 0, static_cast<size_t>(core.nnz()), "values");
  auto copy = std::make_shared<std::vector<double>>(values.Data(), values.Data() + values.ElementLength());
  std::shared_ptr<SparseCholesky> keep = core_;
  return Queue(info, [keep, copy] { keep->Factorize(copy->data()); },
               [](Napi::Env e) { return e.Undefined(); });
}

// solve(b, nrhs, out)
Napi::Value SparseCholeskyWrap::Solve(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  auto scope = AccountOnReturn();  // the kept solution and workspace (core.Solve)
  const int nrhs = IntArg(info, 1, "nrhs", 1, 1);
  const size_t len = static_cast<size_t>(core.n()) * nrhs;
  auto b = FiniteArg(info, 0, len, "b");
  auto out = TypedArg<double>(info, 2, len, "out");
  Guard(env, [&] { core.Solve(b.Data(), nrhs, out.Data()); });
  return out;
}

Napi::Value SparseCholeskyWrap::SolveAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  const int nrhs = IntArg(info, 1, "nrhs", 1, 1);
  const size_t len = static_cast<size_t>(core.n()) * nrhs;
  auto b = FiniteArg(info, 0, len, "b");
  auto input = std::make_shared<std::vector<double>>(b.Data(), b.Data() + len);
  auto output = std::make_shared<std::vector<double>>(len);
  std::shared_ptr<SparseCholesky> keep = core_;
  return Queue(info, [keep, input, output, nrhs] { keep->Solve(input->data(), nrhs, output->data()); },
               [output](Napi::Env e) { return ToArray(e, *output); });
}

// selectedInverse(out, method, block)
Napi::Value SparseCholeskyWrap::SelectedInverse(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  auto scope = AccountOnReturn();
  auto out = TypedArg<double>(info, 0, static_cast<size_t>(core.nnz()), "out");
  const bool solves = UsesSolves(info, 1);
  const int block = IntArg(info, 2, "block", 64, 1);
  Guard(env, [&] {
    if (solves) core.SelectedInverseBySolves(out.Data(), block);
    else core.SelectedInverse(out.Data());
  });
  return out;
}

Napi::Value SparseCholeskyWrap::SelectedInverseAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  const bool solves = UsesSolves(info, 0);
  const int block = IntArg(info, 1, "block", 64, 1);
  auto output = std::make_shared<std::vector<double>>(static_cast<size_t>(core.nnz()));
  std::shared_ptr<SparseCholesky> keep = core_;
  return Queue(info,
               [keep, output, solves, block] {
                 if (solves) keep->SelectedInverseBySolves(output->data(), block);
                 else keep->SelectedInverse(output->data());
               },
               [output](Napi::Env e) { return ToArray(e, *output); });
}

// selectedInverseDerivative(dValues, out, method, block, count = 1): count perturbations
// one after the other in dValues (count·nnz), their derivatives likewise in out.
Napi::Value SparseCholeskyWrap::SelectedInverseDerivative(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  auto scope = AccountOnReturn();
  const int count = IntArg(info, 4, "count", 1, 1);
  const size_t nnz = static_cast<size_t>(core.nnz()) * static_cast<size_t>(count);
  auto dvalues = FiniteArg(info, 0, nnz, "dValues");
  auto out = TypedArg<double>(info, 1, nnz, "out");
  const bool solves = UsesSolves(info, 2);
  const int block = IntArg(info, 3, "block", 64, 1);
  Guard(env, [&] {
    if (solves) core.SelectedInverseDerivativeBySolves(dvalues.Data(), out.Data(), block, count);
    else core.SelectedInverseDerivative(dvalues.Data(), out.Data(), count);
  });
  return out;
}

Napi::Value SparseCholeskyWrap::SelectedInverseDerivativeAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  const int count = IntArg(info, 3, "count", 1, 1);
  const size_t nnz = static_cast<size_t>(core.nnz()) * static_cast<size_t>(count);
  auto dvalues = FiniteArg(info, 0, nnz, "dValues");
  const bool solves = UsesSolves(info, 1);
  const int block = IntArg(info, 2, "block", 64, 1);
  auto input = std::make_shared<std::vector<double>>(dvalues.Data(), dvalues.Data() + nnz);
  auto output = std::make_shared<std::vector<double>>(nnz);
  std::shared_ptr<SparseCholesky> keep = core_;
  return Queue(info,
               [keep, input, output, solves, block, count] {
                 if (solves) keep->SelectedInverseDerivativeBySolves(input->data(), output->data(), block, count);
                 else keep->SelectedInverseDerivative(input->data(), output->data(), count);
               },
               [output](Napi::Env e) { return ToArray(e, *output); });
}

Napi::Value SparseCholeskyWrap::LogDet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  return Napi::Number::New(env, Guard(env, [&] { return core.LogDet(); }));
}

Napi::Value SparseCholeskyWrap::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SparseCholesky& core = Live(env);
  Napi::Object o = Napi::Object::New(env);
  o.Set("n", core.n());
  o.Set("nnz", static_cast<double>(core.nnz()));
  o.Set("nnzL", core.nnz_l());
  o.Set("flops", core.flops());
  o.Set("ordering", core.ordering_name());
  o.Set("mode", core.is_supernodal() ? "supernodal" : "simplicial");
  o.Set("factorized", core.is_factorized());
  o.Set("memoryBytes", static_cast<double>(core.memory_bytes()));
  return o;
}

Napi::Value SparseCholeskyWrap::Dispose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Release(env);
  return env.Undefined();
}

}  // namespace softspot
