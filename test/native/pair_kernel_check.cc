// A Node-free run of native/core/pair_kernel.cc (the 2D pair loop) on a list written by
// test/pair-kernel-lanes.test.ts. The test compiles it twice on x86-64: as the addon is
// (SSE2 lanes) and with -DSOFTSPOT_SCALAR_ONLY (the two-scalar lanes and scalar cutoff
// mask that arm64 and every other architecture compile), and requires the same bits from
// both and from the addon.
//
//   pair_kernel_check --paths        prints "sse2" or "scalar": the paths compiled in
//   pair_kernel_check IN OUT         reads the case from IN, writes the results to OUT
//
// IN, little-endian: int32 n, type_bits, n_types, exponent, q, table_length, codes_length,
// border_count; float64 table[table_length], x[2n]; int32 offsets[n + 1],
// codes[codes_length], border[2·border_count]; float64 shift[18].
// OUT: float64 U, F[2n] (with the energy), F[2n] (forces only).
// Exit status 1 with a message on stderr for a short or malformed file.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "pair_kernel.h"
#include "simd.h"

namespace {

class Reader {
 public:
  explicit Reader(std::FILE* file) : file_(file) {}
  template <typename T>
  std::vector<T> Read(int64_t count) {
    if (count < 0) throw std::runtime_error("negative length in the input");
    std::vector<T> v(static_cast<size_t>(count));
    if (count > 0 && std::fread(v.data(), sizeof(T), v.size(), file_) != v.size()) {
      throw std::runtime_error("input file shorter than its header says");
    }
    return v;
  }

 private:
  std::FILE* file_;
};

int Run(const char* in_path, const char* out_path) {
  std::FILE* in = std::fopen(in_path, "rb");
  if (in == nullptr) throw std::runtime_error("cannot open the input file");
  Reader r(in);
  const std::vector<int32_t> h = r.Read<int32_t>(8);
  const int n = h[0], type_bits = h[1], n_types = h[2], exponent = h[3], q = h[4];
  const std::vector<double> table = r.Read<double>(h[5]);
  const std::vector<double> x = r.Read<double>(2 * static_cast<int64_t>(n));
  const std::vector<int32_t> offsets = r.Read<int32_t>(static_cast<int64_t>(n) + 1);
  const std::vector<int32_t> codes = r.Read<int32_t>(h[6]);
  const std::vector<int32_t> border = r.Read<int32_t>(2 * static_cast<int64_t>(h[7]));
  const std::vector<double> shift = r.Read<double>(18);
  std::fclose(in);

  const auto kernel = softspot::PairKernel::Create(softspot::PairLaw::kIpl, n_types, exponent, q, table.data(),
                                                   static_cast<int64_t>(table.size()));
  const softspot::PairListView list{n, offsets.data(), codes.data(), h[6], type_bits, border.data(), h[7],
                                    shift.data()};
  std::vector<double> with_energy(2 * static_cast<size_t>(n)), forces_only(2 * static_cast<size_t>(n));
  const double u = kernel->Forces(list, x.data(), with_energy.data(), true);
  kernel->Forces(list, x.data(), forces_only.data(), false);

  std::FILE* out = std::fopen(out_path, "wb");
  if (out == nullptr) throw std::runtime_error("cannot open the output file");
  std::fwrite(&u, sizeof u, 1, out);
  std::fwrite(with_energy.data(), sizeof(double), with_energy.size(), out);
  std::fwrite(forces_only.data(), sizeof(double), forces_only.size(), out);
  if (std::fclose(out) != 0) throw std::runtime_error("cannot write the output file");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--paths") {
#if defined(SOFTSPOT_SSE2)
    std::puts("sse2");
#else
    std::puts("scalar");
#endif
    return 0;
  }
  if (argc != 3) {
    std::fputs("usage: pair_kernel_check --paths | IN OUT\n", stderr);
    return 2;
  }
  try {
    return Run(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pair_kernel_check: %s\n", e.what());
    return 1;
  }
}
