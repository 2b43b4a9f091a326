#include "dense_basis_wrap.h"

#include <string>
#include <vector>

#include "../core/dense_basis.h"
#include "args.h"

namespace softspot {

namespace {

// Throws RangeError unless `array` holds at least `need` elements.
void NeedLength(Napi::Env env, const Napi::Float64Array& array, double need, const char* name) {
  if (static_cast<double>(array.ElementLength()) < need) {
    throw Napi::RangeError::New(env, std::string(name) + " must have at least " +
                                         std::to_string(static_cast<long long>(need)) +
                                         " elements, got " + std::to_string(array.ElementLength()));
  }
}

// True when [a, a + na) and [b, b + nb) share memory.
bool Overlap(const double* a, size_t na, const double* b, size_t nb) {
  return a < b + nb && b < a + na;
}

}  // namespace

Napi::Value BasisProjectOutJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto q = TypedArg<double>(info, 0, 0, "Q");
  const int n = IntArg(info, 1, "n", 0, 1);
  const int count = IntArg(info, 2, "count", 0, 0);
  auto w = TypedArg<double>(info, 3, static_cast<size_t>(n), "w");
  auto coeff = TypedArg<double>(info, 4, 0, "coeff");
  const size_t used = static_cast<size_t>(n) * count;
  NeedLength(env, q, static_cast<double>(used), "Q");
  NeedLength(env, coeff, count, "coeff");
  if (Overlap(q.Data(), used, w.Data(), n)) {
    throw Napi::RangeError::New(env, "w must not overlap the first count columns of Q");
  }
  std::vector<double> scratch(static_cast<size_t>(count));
  return Napi::Number::New(env, BasisProjectOut(q.Data(), n, count, w.Data(), coeff.Data(), scratch.data()));
}

Napi::Value BasisCombineJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto q = TypedArg<double>(info, 0, 0, "Q");
  const int n = IntArg(info, 1, "n", 0, 1);
  const int count = IntArg(info, 2, "count", 0, 0);
  auto z = TypedArg<double>(info, 3, 0, "Z");
  const int k = IntArg(info, 4, "k", 0, 0);
  auto out = TypedArg<double>(info, 5, 0, "out");
  const size_t used = static_cast<size_t>(n) * count, ny = static_cast<size_t>(n) * k;
  NeedLength(env, q, static_cast<double>(used), "Q");
  NeedLength(env, z, static_cast<double>(count) * k, "Z");
  NeedLength(env, out, static_cast<double>(ny), "out");
  if (Overlap(q.Data(), used, out.Data(), ny) || Overlap(z.Data(), static_cast<size_t>(count) * k, out.Data(), ny)) {
    throw Napi::RangeError::New(env, "out must not overlap Q or Z");
  }
  BasisCombine(q.Data(), n, count, z.Data(), k, out.Data());
  return out;
}

Napi::Value BasisProjectOutBlockJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto q = TypedArg<double>(info, 0, 0, "Q");
  const int n = IntArg(info, 1, "n", 0, 1);
  const int count = IntArg(info, 2, "count", 0, 0);
  auto w = TypedArg<double>(info, 3, 0, "W");
  const int p = IntArg(info, 4, "p", 0, 0);
  auto coeff = TypedArg<double>(info, 5, 0, "coeff");
  const size_t used = static_cast<size_t>(n) * count, nw = static_cast<size_t>(n) * p;
  NeedLength(env, q, static_cast<double>(used), "Q");
  NeedLength(env, w, static_cast<double>(nw), "W");
  NeedLength(env, coeff, static_cast<double>(count) * p, "coeff");
  if (Overlap(q.Data(), used, w.Data(), nw)) {
    throw Napi::RangeError::New(env, "W must not overlap the first count columns of Q");
  }
  std::vector<double> scratch(static_cast<size_t>(count) * p);
  BasisProjectOutBlock(q.Data(), n, count, w.Data(), p, coeff.Data(), scratch.data());
  return env.Undefined();
}

Napi::Value SymmetricEigenJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto a = TypedArg<double>(info, 0, 0, "A");
  const int m = IntArg(info, 1, "m", 0, 0);
  auto values = TypedArg<double>(info, 2, 0, "values");
  auto vectors = TypedArg<double>(info, 3, 0, "vectors");
  const size_t mm = static_cast<size_t>(m) * m;
  NeedLength(env, a, static_cast<double>(mm), "A");
  NeedLength(env, values, m, "values");
  NeedLength(env, vectors, static_cast<double>(mm), "vectors");
  if (Overlap(a.Data(), mm, values.Data(), m) || Overlap(vectors.Data(), mm, values.Data(), m) ||
      (vectors.Data() != a.Data() && Overlap(a.Data(), mm, vectors.Data(), mm))) {
    throw Napi::RangeError::New(env, "A, values and vectors must not overlap (vectors may be A itself)");
  }
  return Napi::Number::New(env, SymmetricEigen(a.Data(), m, values.Data(), vectors.Data()));
}

}  // namespace softspot
