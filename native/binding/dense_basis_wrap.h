// JS functions over core/dense_basis.h (the Lanczos basis kernels of lib/modes/basis.ts):
//   basisProjectOut(Q, n, count, w, coeff) → |w|²   (w ← w − Q Qᵀw, coeff += Qᵀw)
//   basisCombine(Q, n, count, Z, k, out) → out       (out = Q Z, Z count × k)
//   basisProjectOutBlock(Q, n, count, W, p, coeff)    (W ← W − Q QᵀW, coeff += QᵀW, count × p)
//   symmetricEigenLapack(A, m, values, vectors) → info (dsyev; A overwritten)
// Float64Arrays (subarrays allowed); lengths are checked so that no call reads or writes
// outside an array; user-facing validation is in TypeScript.
#pragma once

#include <napi.h>

namespace softspot {

Napi::Value BasisProjectOutJs(const Napi::CallbackInfo& info);
Napi::Value BasisCombineJs(const Napi::CallbackInfo& info);
Napi::Value BasisProjectOutBlockJs(const Napi::CallbackInfo& info);
Napi::Value SymmetricEigenJs(const Napi::CallbackInfo& info);

}  // namespace softspot
