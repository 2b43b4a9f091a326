// NativePairKernel.evaluate and .shiftedRows (declared in pair_kernel_wrap.h): the
// minimizers' one-call evaluation over core/pair_kernel.h Evaluate. Zero-copy; checks the
// types and lengths that keep the process safe, core checks every index of the list.
#include <stdexcept>
#include <string>

#include "args.h"
#include "pair_kernel_wrap.h"

namespace softspot {

namespace {

// info[index] as a Float64Array of at least `length` entries.
Napi::Float64Array Doubles(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  auto a = TypedArg<double>(info, index, 0, name);
  if (a.ElementLength() < length) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + ": expected at least " + std::to_string(length) +
                                                " entries, got " + std::to_string(a.ElementLength()));
  }
  return a;
}

// info[index] as a Uint8Array of at least `length` entries.
Napi::Uint8Array Bytes(const Napi::CallbackInfo& info, size_t index, size_t length, const char* name) {
  if (info.Length() <= index || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(info.Env(), std::string(name) + " must be a Uint8Array");
  }
  auto a = info[index].As<Napi::Uint8Array>();
  if (a.ElementLength() < length) {
    throw Napi::RangeError::New(info.Env(), std::string(name) + ": expected at least " + std::to_string(length) +
                                                " entries, got " + std::to_string(a.ElementLength()));
  }
  return a;
}

int ParticleCount(const Napi::CallbackInfo& info) {
  const int n = IntArg(info, 0, "n", -1, 0);
  if (n > 0x3fffffff) throw Napi::RangeError::New(info.Env(), "n: expected at most 2^30 particles");
  return n;
}

// The list's arguments from info[at]: offsets, codes, typeBits (and, with `border`,
// border, borderCount, shift), as in forces().
PairListView ListArgs(const Napi::CallbackInfo& info, size_t at, int n, bool border) {
  Napi::Env env = info.Env();
  auto offsets = TypedArg<int32_t>(info, at, 0, "offsets");
  if (offsets.ElementLength() < static_cast<size_t>(n) + 1) {
    throw Napi::RangeError::New(env, "offsets: expected at least " + std::to_string(n + 1) + " entries");
  }
  auto codes = TypedArg<int32_t>(info, at + 1, 0, "codes");
  const int type_bits = IntArg(info, at + 2, "typeBits", -1, 0);
  PairListView list{n, offsets.Data(), codes.Data(), static_cast<int64_t>(codes.ElementLength()),
                    type_bits, nullptr, 0, nullptr};
  if (border) {
    auto b = TypedArg<int32_t>(info, at + 3, 0, "border");
    const int border_count = IntArg(info, at + 4, "borderCount", -1, 0);
    if (static_cast<size_t>(border_count) * 2 > b.ElementLength()) {
      throw Napi::RangeError::New(env, "borderCount: exceeds border.length / 2");
    }
    list.border = b.Data();
    list.border_count = border_count;
    list.shift = TypedArg<double>(info, at + 5, 18, "shift").Data();
  }
  return list;
}

}  // namespace

// evaluate(n, x, off, rows, ref, lim2, copy, xs, f, offsets, codes, typeBits, border,
//          borderCount, shift, withMax, out, gradient)
Napi::Value PairKernelWrap::Evaluate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = ParticleCount(info);
  const size_t len = 2 * static_cast<size_t>(n);
  MinimizerView m{};
  m.x = Doubles(info, 1, len, "x").Data();
  m.off = Doubles(info, 2, len, "off").Data();
  m.rows = Bytes(info, 3, n, "rows").Data();
  m.ref = Doubles(info, 4, len, "ref").Data();
  m.lim2 = NumberArg(info, 5, "lim2");
  m.copy = info.Length() > 6 && !info[6].IsUndefined() ? Doubles(info, 6, len, "copy").Data() : nullptr;
  m.xs = Doubles(info, 7, len, "xs").Data();
  double* f = Doubles(info, 8, len, "f").Data();
  const PairListView list = ListArgs(info, 9, n, true);
  if (info.Length() <= 15 || !info[15].IsBoolean()) throw Napi::TypeError::New(env, "withMax must be a boolean");
  const bool with_max = info[15].As<Napi::Boolean>().Value();
  double* out = Doubles(info, 16, 2, "out").Data();
  double* neg = info.Length() > 17 && !info[17].IsUndefined() ? Doubles(info, 17, len, "gradient").Data() : nullptr;
  bool within;
  try {
    within = core_->Evaluate(list, m, f, neg, with_max, out, out + 1);
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(env, error.what());
  }
  return Napi::Boolean::New(env, within);
}

// shiftedRows(n, off, offsets, codes, typeBits, rows)
Napi::Value PairKernelWrap::ShiftedRows(const Napi::CallbackInfo& info) {
  const int n = ParticleCount(info);
  const double* off = Doubles(info, 1, 2 * static_cast<size_t>(n), "off").Data();
  const PairListView list = ListArgs(info, 2, n, false);
  auto rows = Bytes(info, 5, n, "rows");
  try {
    softspot::ShiftedRows(list, off, rows.Data());
  } catch (const std::invalid_argument& error) {
    throw Napi::RangeError::New(info.Env(), error.what());
  }
  return rows;
}

}  // namespace softspot
