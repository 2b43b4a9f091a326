#include "nd_neighbor_build.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "lanes2.h"

namespace softspot {

namespace {

struct Scratch {
  std::vector<int32_t> bin_of, sorted, rank, bin_start, fill;
  std::vector<double> sx;
  std::vector<uint8_t> s_species;
};

// The bin index along one axis: ⌊v·nb⌋ clamped to [0, nb − 1] (v = s_k; rounding may put a
// wrapped particle at s = 1), as the TypeScript `clamp(Math.floor(v · nb), nb)`; a NaN
// (finite positions in a degenerate cell) goes to bin 0 instead of an undefined cast.
inline int BinIndex(double v, int nb) {
  const double b = std::floor(v * nb);
  return b >= nb ? nb - 1 : !(b >= 0) ? 0 : static_cast<int>(b);
}

// |x_q − p|², summed over the axes in order (as the TypeScript build).
template <int D>
inline double Distance2(const double* xq, const double* p) {
  const double rx = xq[0] - p[0], ry = xq[1] - p[1];
  if constexpr (D == 3) {
    const double rz = xq[2] - p[2];
    return rx * rx + ry * ry + rz * rz;
  } else {
    return rx * rx + ry * ry;
  }
}

template <int D>
int64_t Build(const NdBinnedInput& in, int32_t* offsets, int32_t* codes, int64_t capacity) {
  static thread_local Scratch s;
  const int n = in.n, ns = in.n_species, nb0 = in.nb0, nb1 = in.nb1, nb2 = in.nb2;
  const int nbins = nb0 * nb1 * nb2;
  const double* x = in.x;
  const double* h = in.hinv;
  if (s.bin_of.size() < static_cast<size_t>(n)) {
    s.bin_of.resize(n);
    s.sorted.resize(n);
    s.rank.resize(n);
    s.sx.resize(static_cast<size_t>(D) * n);
    s.s_species.resize(n);
  }
  s.bin_start.assign(static_cast<size_t>(nbins) + 1, 0);
  for (int p = 0; p < n; ++p) {
    const double* xp = x + static_cast<int64_t>(D) * p;
    int b;
    if constexpr (D == 3) {
      const double px = xp[0], py = xp[1], pz = xp[2];
      if (!std::isfinite(px) || !std::isfinite(py) || !std::isfinite(pz)) {
        throw std::invalid_argument("positions: particle " + std::to_string(p) + " is not finite");
      }
      const int b0 = BinIndex(h[0] * px + h[1] * py + h[2] * pz, nb0);
      const int b1 = BinIndex(h[3] * px + h[4] * py + h[5] * pz, nb1);
      const int b2 = BinIndex(h[6] * px + h[7] * py + h[8] * pz, nb2);
      b = (b0 * nb1 + b1) * nb2 + b2;
    } else {
      const double px = xp[0], py = xp[1];
      if (!std::isfinite(px) || !std::isfinite(py)) {
        throw std::invalid_argument("positions: particle " + std::to_string(p) + " is not finite");
      }
      const int b0 = BinIndex(h[0] * px + h[1] * py, nb0);
      const int b1 = BinIndex(h[2] * px + h[3] * py, nb1);
      b = b0 * nb1 + b1;
    }
    if (in.species[p] >= ns) {
      throw std::invalid_argument("species[" + std::to_string(p) + "] = " + std::to_string(in.species[p]) +
                                  " is not below nSpecies = " + std::to_string(ns));
    }
    s.bin_of[p] = b;
    ++s.bin_start[b + 1];
  }
  for (int b = 0; b < nbins; ++b) s.bin_start[b + 1] += s.bin_start[b];
  s.fill.assign(s.bin_start.begin(), s.bin_start.begin() + nbins);
  for (int p = 0; p < n; ++p) {
    const int q = s.fill[s.bin_of[p]]++;
    s.sorted[q] = p;
    s.rank[p] = q;
    for (int a = 0; a < D; ++a) s.sx[static_cast<int64_t>(D) * q + a] = x[static_cast<int64_t>(D) * p + a];
    s.s_species[q] = in.species[p];
  }
  // The forward half stencil, in the order of the TypeScript HALF_STENCIL.
  int stencil[13][3];
  int n_stencil = 0;
  for (int e0 = -1; e0 <= 1; ++e0) {
    for (int e1 = -1; e1 <= 1; ++e1) {
      for (int e2 = D == 3 ? -1 : 0; e2 <= (D == 3 ? 1 : 0); ++e2) {
        const int first = e0 != 0 ? e0 : e1 != 0 ? e1 : e2;
        if (first > 0) {
          stencil[n_stencil][0] = e0;
          stencil[n_stencil][1] = e1;
          stencil[n_stencil][2] = e2;
          ++n_stencil;
        }
      }
    }
  }
  constexpr int kZeroImage = D == 3 ? 13 : 4;
  const double* sx = s.sx.data();
  const uint8_t* ssp = s.s_species.data();
  const int32_t* sorted = s.sorted.data();
  const double* list2 = in.list2;
  int64_t count = 0;
  for (int i = 0; i < n; ++i) {
    offsets[i] = static_cast<int32_t>(count);
    const int b = s.bin_of[i], qi = s.rank[i];
    const int b2 = b % nb2, b1 = (b / nb2) % nb1, b0 = b / (nb1 * nb2);
    const int ti = in.species[i] * ns;
    double xi[D];
    for (int a = 0; a < D; ++a) xi[a] = sx[static_cast<int64_t>(D) * qi + a];
    for (int st = -1; st < n_stencil; ++st) {
      int lo, hi, m;
      if (st < 0) {
        lo = qi + 1;
        hi = s.bin_start[b + 1];
        m = kZeroImage;
      } else {
        int c0 = b0 + stencil[st][0], c1 = b1 + stencil[st][1], c2 = b2 + stencil[st][2];
        int w0 = 0, w1 = 0, w2 = 0;
        if (c0 < 0) { c0 += nb0; w0 = -1; } else if (c0 >= nb0) { c0 -= nb0; w0 = 1; }
        if (c1 < 0) { c1 += nb1; w1 = -1; } else if (c1 >= nb1) { c1 -= nb1; w1 = 1; }
        if (c2 < 0) { c2 += nb2; w2 = -1; } else if (c2 >= nb2) { c2 -= nb2; w2 = 1; }
        m = (w0 + 1) + 3 * (w1 + 1) + (D == 3 ? 9 * (w2 + 1) : 0);
        const int cb = (c0 * nb1 + c1) * nb2 + c2;
        lo = s.bin_start[cb];
        hi = s.bin_start[cb + 1];
      }
      double pi[D];
      for (int a = 0; a < D; ++a) pi[a] = xi[a] - in.shift[D * m + a];
      if (count + (hi - lo) <= capacity) {
        // Room for every candidate: write each and advance past the ones within the list
        // radius, without a branch (about 1 candidate in 6 is in, in no predictable order).
        for (int q = lo; q < hi; ++q) {
          codes[count] = (sorted[q] << 5) | m;
          count += static_cast<int64_t>(Distance2<D>(sx + static_cast<int64_t>(D) * q, pi) < list2[ti + ssp[q]]);
        }
      } else {
        for (int q = lo; q < hi; ++q) {
          if (Distance2<D>(sx + static_cast<int64_t>(D) * q, pi) < list2[ti + ssp[q]]) {
            if (count < capacity) codes[count] = (sorted[q] << 5) | m;
            ++count;
          }
        }
      }
    }
  }
  offsets[n] = static_cast<int32_t>(count);
  return count;
}

// JavaScript's Math.round (the nearest integer, ties towards +∞; std::round sends ties away
// from zero) for |v| < 2^31, in two lanes and without branches (the all-pairs build rounds
// d times per pair, with no pattern for a predictor): ⌊v⌋ = t − [v < t] from the truncation
// t, then + [v − ⌊v⌋ ≥ ½], which decides as v ≥ ⌊v⌋ + ½ does (½ is exact). A zero comes out
// as +0 where Math.round gives −0 (v in [−½, 0)): the image is the same, and s = v + w,
// r and |r|² the same bits.
inline Lanes2 JsRound(Lanes2 v) {
  const Lanes2 t = Truncated(v);
  const Lanes2 f = t - OneWhereLess(v, t);
  return f + (Lanes2::Both(1.0) - OneWhereLess(v - f, Lanes2::Both(0.5)));
}

// Two pairs (i, j0) and (i, j1) side by side, lane by lane the scalar arithmetic of the
// header (Lanes2: each operation rounds each lane as one scalar operation would). Writes
// |r|² and the image code m of each lane.
template <int D>
inline void RoundedImage2(const double* h, const double* hinv, const double* xi, const double* xj0, const double* xj1,
                          double* r2_out, int* m_out) {
  Lanes2 s[D], w[D];
  for (int k = 0; k < D; ++k) {
    Lanes2 v = Lanes2::Zero();
    for (int a = 0; a < D; ++a) v = v + Lanes2::Both(hinv[k * D + a]) * (Lanes2::Of(xj0[a], xj1[a]) - Lanes2::Both(xi[a]));
    w[k] = Lanes2::Zero() - JsRound(v);
    s[k] = v + w[k];
  }
  Lanes2 r2 = Lanes2::Zero();
  for (int a = 0; a < D; ++a) {
    Lanes2 v = Lanes2::Zero();
    for (int k = 0; k < D; ++k) v = v + Lanes2::Both(h[a * D + k]) * s[k];
    r2 = r2 + v * v;
  }
  r2_out[0] = r2.Lo();
  r2_out[1] = r2.Hi();
  for (int lane = 0; lane < 2; ++lane) {
    int m = 0, place = 1;
    for (int k = 0; k < D; ++k, place *= 3) m += place * (static_cast<int>(lane == 0 ? w[k].Lo() : w[k].Hi()) + 1);
    m_out[lane] = m;
  }
}

template <int D>
int64_t BuildAllPairs(const NdAllPairsInput& in, int32_t* offsets, int32_t* codes, int64_t capacity) {
  const int n = in.n, ns = in.n_species;
  const double* x = in.x;
  int64_t count = 0;
  const auto keep = [&](int j, double r2, int m, int ti) {
    if (r2 < in.list2[ti + in.species[j]]) {
      if (count < capacity) codes[count] = static_cast<int32_t>((static_cast<uint32_t>(j) << 5) | static_cast<uint32_t>(m));
      ++count;
    }
  };
  for (int i = 0; i < n; ++i) {
    offsets[i] = static_cast<int32_t>(count);
    const double* xi = x + static_cast<int64_t>(D) * i;
    const int ti = in.species[i] * ns;
    double r2[2];
    int m[2];
    int j = i + 1;
    for (; j + 1 < n; j += 2) {
      RoundedImage2<D>(in.cell, in.hinv, xi, x + static_cast<int64_t>(D) * j, x + static_cast<int64_t>(D) * (j + 1), r2, m);
      keep(j, r2[0], m[0], ti);
      keep(j + 1, r2[1], m[1], ti);
    }
    if (j < n) {
      const double* xj = x + static_cast<int64_t>(D) * j;
      RoundedImage2<D>(in.cell, in.hinv, xi, xj, xj, r2, m);
      keep(j, r2[0], m[0], ti);
    }
  }
  offsets[n] = static_cast<int32_t>(count);
  return count;
}

}  // namespace

int64_t BuildNdAllPairs(const NdAllPairsInput& in, int32_t* offsets, int32_t* codes, int64_t capacity) {
  if (in.d != 2 && in.d != 3) throw std::invalid_argument("nd list: d must be 2 or 3");
  if (in.n_species < 1 || in.n_species > 16) throw std::invalid_argument("nd list: nSpecies must be in 1..16");
  if (in.n < 0 || in.n > (1 << 26)) throw std::invalid_argument("nd list: n must be in 0..2^26");
  for (int p = 0; p < in.n; ++p) {
    for (int a = 0; a < in.d; ++a) {
      if (!std::isfinite(in.x[static_cast<int64_t>(in.d) * p + a])) {
        throw std::invalid_argument("positions: particle " + std::to_string(p) + " is not finite");
      }
    }
    if (in.species[p] >= in.n_species) {
      throw std::invalid_argument("species[" + std::to_string(p) + "] = " + std::to_string(in.species[p]) +
                                  " is not below nSpecies = " + std::to_string(in.n_species));
    }
  }
  return in.d == 3 ? BuildAllPairs<3>(in, offsets, codes, capacity) : BuildAllPairs<2>(in, offsets, codes, capacity);
}

int64_t BuildNdBinned(const NdBinnedInput& in, int32_t* offsets, int32_t* codes, int64_t capacity) {
  if (in.d != 2 && in.d != 3) throw std::invalid_argument("nd list: d must be 2 or 3");
  if (in.n_species < 1 || in.n_species > 16) throw std::invalid_argument("nd list: nSpecies must be in 1..16");
  if (in.nb0 < 3 || in.nb1 < 3 || (in.d == 3 ? in.nb2 < 3 : in.nb2 != 1) ||
      static_cast<int64_t>(in.nb0) * in.nb1 * in.nb2 > (int64_t{1} << 26)) {
    throw std::invalid_argument("nd list: expected at least 3 bins per axis (nb2 = 1 in 2D), at most 2^26 bins");
  }
  if (in.n < 0 || in.n > (1 << 26)) throw std::invalid_argument("nd list: n must be in 0..2^26");
  return in.d == 3 ? Build<3>(in, offsets, codes, capacity) : Build<2>(in, offsets, codes, capacity);
}

}  // namespace softspot
