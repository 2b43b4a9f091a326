#include "pair_kernel_wrap.h"

#include <stdexcept>
#include <string>

#include "args.h"

namespace softspot {

Napi::Function PairKernelWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativePairKernel", {InstanceMethod<&PairKernelWrap::Forces>("forces"),
                                               InstanceMethod<&PairKernelWrap::EvaluateTracked>("evaluateTracked")});
}

// new NativePairKernel(law, nTypes, exponent, q, table)
PairKernelWrap::PairKernelWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PairKernelWrap>(info) {
  Napi::Env env = info.Env();
  const std::string law = StringArg(info, 0, "law", "");
  if (law != "ipl") throw Napi::RangeError::New(env, "law: expected 'ipl', got '" + law + "'");
  const int n_types = IntArg(info, 1, "nTypes", 0, 1);
  const int exponent = IntArg(info, 2, "exponent", 0, 1);
  const int q = IntArg(info, 3, "q", -1, 0);
  auto table = TypedArg<double>(info, 4, 0, "table");
  try {
    core_ = PairKernel::Create(PairLaw::kIpl, n_types, exponent, q, table.Data(),
                               static_cast<int64_t>(table.ElementLength()));
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
}

// forces(n, x, f, offsets, codes, typeBits, border, borderCount, shift, withEnergy)
Napi::Value PairKernelWrap::Forces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = IntArg(info, 0, "n", -1, 0);
  if (n > 0x3fffffff) throw Napi::RangeError::New(env, "n: expected at most 2^30 particles");
  auto x = TypedArg<double>(info, 1, 0, "x");
  auto f = TypedArg<double>(info, 2, 0, "f");
  if (x.ElementLength() < 2 * static_cast<size_t>(n) || f.ElementLength() < 2 * static_cast<size_t>(n)) {
    throw Napi::RangeError::New(env, "x, f: expected at least 2n = " + std::to_string(2 * static_cast<size_t>(n)) + " entries");
  }
  auto offsets = TypedArg<int32_t>(info, 3, 0, "offsets");
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least " + std::to_string(n + 1) + " entries");
  }
  auto codes = TypedArg<int32_t>(info, 4, 0, "codes");
  const int type_bits = IntArg(info, 5, "typeBits", -1, 0);
  auto border = TypedArg<int32_t>(info, 6, 0, "border");
  const int border_count = IntArg(info, 7, "borderCount", -1, 0);
  if (static_cast<size_t>(border_count) * 2 > border.ElementLength()) {
    throw Napi::RangeError::New(env, "borderCount: exceeds border.length / 2");
  }
  auto shift = TypedArg<double>(info, 8, 18, "shift");
  if (info.Length() <= 9 || !info[9].IsBoolean()) throw Napi::TypeError::New(env, "withEnergy must be a boolean");
  const bool with_energy = info[9].As<Napi::Boolean>().Value();
  const PairListView list{n, offsets.Data(), codes.Data(), static_cast<int64_t>(codes.ElementLength()),
                          type_bits, border.Data(), border_count, shift.Data()};
  double energy;
  try {
    energy = core_->Forces(list, x.Data(), f.Data(), with_energy);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  return Napi::Number::New(env, energy);
}

}  // namespace softspot
