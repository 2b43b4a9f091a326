#include "md_neighbor_build.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace softspot {

namespace {

// Scratch of the build (one set per thread: worker threads build their own lists).
struct Scratch {
  std::vector<int32_t> bin_start, bin_of, rank, s_code;
  std::vector<double> sx;
};
thread_local Scratch scratch;

// Bin index along one axis of a reduced coordinate s (clamped; NaN goes to 0).
inline int BinOf(double s, int nb) {
  double b = std::floor(s * nb);
  if (!(b >= 0)) b = 0;
  if (b > nb - 1) b = nb - 1;
  return static_cast<int>(b);
}

// Appends the candidates sj ∈ [jlo, jhi) within the list radius of (xi, yi), no image
// shift; branch-free: always write, advance when d²/list² < 1.
inline int64_t AppendInterior(int32_t* codes, int64_t count, const double* sx, const int32_t* s_code,
                              const double* inv_list2, int32_t t_mask, int64_t jlo, int64_t jhi,
                              double xi, double yi, int32_t ti) {
  for (int64_t sj = jlo; sj < jhi; ++sj) {
    const double dx = sx[2 * sj] - xi, dy = sx[2 * sj + 1] - yi;
    const int32_t code = s_code[sj] + ti;
    codes[count] = code;
    count += static_cast<int64_t>((dx * dx + dy * dy) * inv_list2[code & t_mask] < 1.0);
  }
  return count;
}

}  // namespace

NeighborBuildStatus BuildHalfStencil(const HalfStencilInput& in, HalfStencilOutput* out) {
  const int n = in.n, nb0 = in.nb0, nb1 = in.nb1, reach = in.reach, tb = in.type_bits;
  if (n < 0 || (reach != 1 && reach != 2) || nb0 < 2 * reach + 1 || nb1 < 2 * reach + 1 ||
      static_cast<int64_t>(nb0) * nb1 > 4 * static_cast<int64_t>(n) + 16 || tb < 0 || tb > 8 ||
      in.n_species < 1 || in.n_species * in.n_species > (1 << tb)) {
    throw std::invalid_argument("neighbour build: bins, reach or type bits out of range");
  }
  // Border codes hold 2j << (type_bits + 4) in a positive int32.
  if (static_cast<int64_t>(n) > (int64_t{1} << (26 - tb))) {
    throw std::invalid_argument("neighbour build: too many particles for 31-bit codes");
  }
  const int32_t t_mask = (1 << tb) - 1;
  const int nbins = nb0 * nb1;
  Scratch& s = scratch;
  if (s.bin_start.size() < static_cast<size_t>(nbins) + 1) s.bin_start.resize(nbins + 1);
  if (s.bin_of.size() < static_cast<size_t>(n)) {
    s.bin_of.resize(n);
    s.rank.resize(n);
    s.s_code.resize(n);
    s.sx.resize(2 * static_cast<size_t>(n));
  }
  int32_t* bin_start = s.bin_start.data();
  int32_t* bin_of = s.bin_of.data();
  int32_t* rank = s.rank.data();
  int32_t* s_code = s.s_code.data();
  double* sx = s.sx.data();
  const double* x = in.x;
  const double g00 = in.g[0], g01 = in.g[1], g10 = in.g[2], g11 = in.g[3];
  std::fill(bin_start, bin_start + nbins + 1, 0);
  for (int p = 0; p < n; ++p) {
    if (in.species[p] >= in.n_species) throw std::invalid_argument("neighbour build: species out of range");
    const double px = x[2 * p], py = x[2 * p + 1];
    const int b = BinOf(g00 * px + g01 * py, nb0) * nb1 + BinOf(g10 * px + g11 * py, nb1);
    bin_of[p] = b;
    bin_start[b + 1]++;
  }
  int64_t max_occupancy = 0;
  for (int b = 0; b < nbins; ++b) {
    max_occupancy = std::max<int64_t>(max_occupancy, bin_start[b + 1]);
    bin_start[b + 1] += bin_start[b];
  }
  for (int p = 0; p < n; ++p) {
    const int32_t slot = bin_start[bin_of[p]]++;
    rank[p] = slot;
    sx[2 * slot] = x[2 * p];
    sx[2 * slot + 1] = x[2 * p + 1];
    s_code[slot] = ((2 * p) << tb) | in.species[p];
  }
  for (int b = nbins; b > 0; --b) bin_start[b] = bin_start[b - 1];
  bin_start[0] = 0;
  // The half stencil: own row (0, 0..reach), then rows 1..reach, columns −reach..reach.
  int sd0[13], sd1[13], n_stencil = 0;
  for (int c = 0; c <= reach; ++c) { sd0[n_stencil] = 0; sd1[n_stencil++] = c; }
  for (int r = 1; r <= reach; ++r) {
    for (int c = -reach; c <= reach; ++c) { sd0[n_stencil] = r; sd1[n_stencil++] = c; }
  }
  const double* shift = in.shift;
  const double* list2 = in.list2;
  const double* inv_list2 = in.inv_list2;
  int32_t* offsets = out->offsets;
  int32_t* codes = out->codes;
  int32_t* border = out->border;
  int64_t count = 0, n_border = 0;
  const int64_t room = n_stencil * max_occupancy;
  const int row_span = 2 * reach + 1;
  for (int i = 0; i < n; ++i) {
    offsets[i] = static_cast<int32_t>(count);
    if (count + room > out->codes_capacity) {
      out->codes_needed = count + room;
      return NeighborBuildStatus::kCodesFull;
    }
    const int b = bin_of[i], b0 = b / nb1, b1 = b - b0 * nb1;
    const int32_t ri = rank[i], ti = in.species[i] * in.n_species;
    const double xi = sx[2 * ri], yi = sx[2 * ri + 1];
    int q = 0;
    if (b1 + reach < nb1) {
      count = AppendInterior(codes, count, sx, s_code, inv_list2, t_mask, ri + 1, bin_start[b + reach + 1], xi, yi, ti);
      q = reach + 1;
    }
    if (q != 0 && b0 + reach < nb0 && b1 >= reach) {
      for (int r = 1; r <= reach; ++r) {
        const int lo = b + r * nb1 - reach;
        count = AppendInterior(codes, count, sx, s_code, inv_list2, t_mask, bin_start[lo], bin_start[lo + row_span], xi, yi, ti);
      }
      continue;
    }
    for (; q < n_stencil; ++q) {
      int c0 = b0 + sd0[q], c1 = b1 + sd1[q], w0 = 0, w1 = 0;
      if (c0 >= nb0) { c0 -= nb0; w0 = 1; }
      if (c1 >= nb1) { c1 -= nb1; w1 = 1; } else if (c1 < 0) { c1 += nb1; w1 = -1; }
      // The neighbour bin's image is x_j + h·(w0, w1) = x_j + shift[m], (n0, n1) = −(w0, w1).
      const int m = 3 * (1 - w0) + (1 - w1);
      const int cb = c0 * nb1 + c1;
      const int64_t jlo = q == 0 ? ri + 1 : bin_start[cb], jhi = bin_start[cb + 1];
      if (m == 4) {
        count = AppendInterior(codes, count, sx, s_code, inv_list2, t_mask, jlo, jhi, xi, yi, ti);
      } else {
        const double xs = xi - shift[2 * m], ys = yi - shift[2 * m + 1];
        for (int64_t sj = jlo; sj < jhi; ++sj) {
          const double dx = sx[2 * sj] - xs, dy = sx[2 * sj + 1] - ys;
          const int32_t code = s_code[sj] + ti;
          if (dx * dx + dy * dy < list2[code & t_mask]) {
            if (2 * n_border + 2 > out->border_capacity) {
              out->border_needed = 2 * n_border + 2;
              return NeighborBuildStatus::kBorderFull;
            }
            border[2 * n_border] = 2 * i;
            border[2 * n_border + 1] = (code << 4) | m;
            n_border++;
          }
        }
      }
    }
  }
  offsets[n] = static_cast<int32_t>(count);
  out->codes_count = count;
  out->border_count = n_border;
  return NeighborBuildStatus::kOk;
}

}  // namespace softspot
