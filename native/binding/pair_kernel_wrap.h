// JS class NativePairKernel: a thin ObjectWrap over core/PairKernel (energy and forces
// over a Verlet half list; native/core/pair_kernel.h describes the table and the list).
//
//   new NativePairKernel(law, nTypes, exponent, q, table)   law 'ipl'; table copied
//   forces(n, x, f, offsets, codes, typeBits, border, borderCount, shift, withEnergy) → U or 0
//   evaluateTracked(n, x, off, ref, lim2, xs, pos, shifted, f, offsets, codes, typeBits,
//            border, borderCount, shift, withMax, out, gradient, slack) → within;
//            out = [U, max|F|, D] with D read on entry and written (core EvaluateTracked;
//            shifted, f, gradient may be undefined, f only with a gradient;
//            pair_kernel_evaluate_wrap.cc)
//
// Zero-copy: x, f, offsets, codes, border and shift are read or written in place.
// Argument checking here is what keeps the process safe (types, lengths, and every index
// the loop follows, in core); lib/md/pair-kernel.ts builds the table from a Model and
// lib/md/kernel.ts hands over its list. Errors: TypeError for wrong types, RangeError for
// wrong lengths, a malformed table or a list that does not fit the positions.
#pragma once

#include <napi.h>

#include <memory>

#include "../core/pair_kernel.h"

namespace softspot {

class PairKernelWrap : public Napi::ObjectWrap<PairKernelWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit PairKernelWrap(const Napi::CallbackInfo& info);

 private:
  Napi::Value Forces(const Napi::CallbackInfo& info);
  Napi::Value EvaluateTracked(const Napi::CallbackInfo& info);

  std::unique_ptr<PairKernel> core_;
};

}  // namespace softspot
