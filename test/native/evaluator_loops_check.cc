// A Node-free run of the O(N) loops of a minimizer's evaluation (native/core/
// md_evaluator_loops.h, md_displacement_bound.h) on arrays written by
// test/pair-kernel-lanes.test.ts. The test compiles it as the addon is built (SSE2, and AVX2
// chosen at run time where the CPU has it) and with -DSOFTSPOT_SCALAR_ONLY (the loops arm64
// and every other architecture compile), and requires the same bytes from both.
//
//   evaluator_loops_check IN OUT
//
// IN, little-endian: int32 n, n_shifted; float64 lim2, x[2n], off[2n], ref[2n], pos[2n];
// int32 shifted[n_shifted] (ascending).
// OUT, in order: ShiftedCopyWithin with a copy and with `shifted` (flag as float64 0/1, xs,
// copy), without either (flag, xs); MaxAbs(x); NegateMaxAbs(x) (max, neg); StepCopy(x, pos)
// (max, unordered, pos); MaxDistance2 over all and over `shifted` (max, beyond each).
// Exit status 1 with a message on stderr for a short file.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <vector>

#include "md_displacement_bound.h"
#include "md_evaluator_loops.h"

namespace {

template <typename T>
std::vector<T> Read(std::FILE* in, int64_t count) {
  std::vector<T> v(static_cast<size_t>(count));
  if (count > 0 && std::fread(v.data(), sizeof(T), v.size(), in) != v.size()) {
    throw std::runtime_error("input file shorter than its header says");
  }
  return v;
}

class Writer {
 public:
  explicit Writer(std::FILE* out) : out_(out) {}
  void Number(double v) { std::fwrite(&v, sizeof v, 1, out_); }
  void Flag(bool b) { Number(b ? 1.0 : 0.0); }
  void Array(const std::vector<double>& a) { std::fwrite(a.data(), sizeof(double), a.size(), out_); }

 private:
  std::FILE* out_;
};

int Run(const char* in_path, const char* out_path) {
  std::FILE* in = std::fopen(in_path, "rb");
  if (in == nullptr) throw std::runtime_error("cannot open the input file");
  const std::vector<int32_t> h = Read<int32_t>(in, 2);
  const int64_t n = h[0], n_shifted = h[1], len = 2 * n;
  if (n < 0 || n_shifted < 0 || n_shifted > n) throw std::runtime_error("bad header");
  const double lim2 = Read<double>(in, 1)[0];
  const std::vector<double> x = Read<double>(in, len), off = Read<double>(in, len), ref = Read<double>(in, len);
  std::vector<double> pos = Read<double>(in, len);
  const std::vector<int32_t> shifted = Read<int32_t>(in, n_shifted);
  std::fclose(in);

  std::FILE* out = std::fopen(out_path, "wb");
  if (out == nullptr) throw std::runtime_error("cannot open the output file");
  Writer w(out);
  std::vector<double> xs(len), copy(len), neg(len);
  w.Flag(softspot::ShiftedCopyWithin(n, x.data(), off.data(), ref.data(), lim2, xs.data(), copy.data(), shifted.data(),
                                     n_shifted));
  w.Array(xs);
  w.Array(copy);
  w.Flag(softspot::ShiftedCopyWithin(n, x.data(), off.data(), ref.data(), lim2, xs.data(), nullptr, nullptr, 0));
  w.Array(xs);
  w.Number(softspot::MaxAbs(len, x.data()));
  w.Number(softspot::NegateMaxAbs(len, x.data(), neg.data()));
  w.Array(neg);
  bool unordered = false;
  w.Number(softspot::StepCopy(n, x.data(), pos.data(), &unordered));
  w.Flag(unordered);
  w.Array(pos);
  for (const bool all : {true, false}) {
    bool beyond = false;
    w.Number(softspot::MaxDistance2(n, x.data(), off.data(), ref.data(), all ? nullptr : shifted.data(),
                                    all ? 0 : n_shifted, lim2, &beyond));
    w.Flag(beyond);
  }
  if (std::fclose(out) != 0) throw std::runtime_error("cannot write the output file");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: evaluator_loops_check IN OUT\n", stderr);
    return 2;
  }
  try {
    return Run(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "evaluator_loops_check: %s\n", e.what());
    return 1;
  }
}
