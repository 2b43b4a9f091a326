// The d-generic MD Verlet list as the C++ force loops read it (nd_scaled_forces.cc,
// nd_poly_forces.cc; layout in lib/nd/md-neighbor-list.ts): rows offsets[i]..offsets[i+1]
// of codes (j << 5) | m, image m < 3^D. These checks keep a list that does not fit the
// positions from reading or writing outside x and f; a failed one throws
// std::invalid_argument naming what is wrong.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace softspot {

[[noreturn]] inline void BadNdList(const char* what) {
  throw std::invalid_argument(std::string("nd pair list: ") + what +
                              " (the list does not match the positions; rebuild it)");
}

// offsets[0] ≥ 0 and offsets[n] within the codes (the rows between are checked per row).
inline void CheckNdRows(int n, const int32_t* offsets, int64_t codes_length) {
  if (n > 0 && (offsets[0] < 0 || offsets[n] > codes_length)) BadNdList("offsets outside the codes");
}

// One row [begin, end): monotone and within the codes.
inline void CheckNdRow(int32_t begin, int32_t end, int64_t codes_length) {
  if (end < begin || end > codes_length) BadNdList("offsets not monotone");
}

// A code naming a particle j < n and an image m < 3^D.
template <int D>
inline bool ValidNdCode(int32_t c, int n) {
  return c >= 0 && (static_cast<uint32_t>(c) >> 5) < static_cast<uint32_t>(n) && (c & 31) < (D == 3 ? 27 : 9);
}

[[noreturn]] inline void BadNdCode() { BadNdList("a pair code outside the particles or images"); }

}  // namespace softspot
