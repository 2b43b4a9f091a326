#include "pair_kernel.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "inside_cutoff.h"
#include "lanes2.h"

namespace softspot {

namespace {

[[noreturn]] void BadList(const char* what) {
  throw std::invalid_argument(std::string("pair list: ") + what +
                              " (the list does not match the positions; rebuild it)");
}

}  // namespace

int64_t PairKernel::RecordLength(PairLaw law, int q) {
  switch (law) {
    case PairLaw::kIpl:
      return 3 + static_cast<int64_t>(q) + 1;
  }
  return 0;
}

std::unique_ptr<PairKernel> PairKernel::Create(PairLaw law, int n_types, int exponent, int q,
                                               const double* table, int64_t table_length) {
  if (n_types < 1 || n_types > 256) throw std::invalid_argument("pair table: nTypes must be in 1..256");
  if (law != PairLaw::kIpl) throw std::invalid_argument("pair table: unknown law");
  if (exponent < 1 || exponent > 64) throw std::invalid_argument("pair table: ipl exponent must be in 1..64");
  if (q < 0 || q > 32) throw std::invalid_argument("pair table: q must be in 0..32");
  const int64_t record = RecordLength(law, q);
  if (table_length != record * n_types) {
    throw std::invalid_argument("pair table: expected " + std::to_string(record * n_types) +
                                " numbers (nTypes records of [λ, ε, r_c, c_0..c_q]), got " +
                                std::to_string(table_length));
  }
  for (int64_t k = 0; k < table_length; ++k) {
    if (!std::isfinite(table[k])) throw std::invalid_argument("pair table: numbers must be finite");
  }
  std::unique_ptr<PairKernel> kernel(new PairKernel());
  kernel->law_ = law;
  kernel->n_types_ = n_types;
  kernel->exponent_ = exponent;
  kernel->q_ = q;
  kernel->stride_ = 4 + (q + 1) + q;
  kernel->coef_.assign(static_cast<size_t>(kernel->stride_) * n_types, 0.0);
  for (int t = 0; t < n_types; ++t) {
    const double* r = table + record * t;
    const double lambda = r[0], epsilon = r[1], cutoff = r[2];
    if (!(lambda > 0 && epsilon > 0 && cutoff > 0)) {
      throw std::invalid_argument("pair table: λ, ε and r_c must be positive (type " + std::to_string(t) + ")");
    }
    const double* c = r + 3;
    double* out = kernel->coef_.data() + static_cast<size_t>(kernel->stride_) * t;
    const double xc = cutoff / lambda;
    out[0] = 1 / (lambda * lambda);
    out[1] = 1 / (xc * xc);
    out[2] = epsilon;
    out[3] = -exponent * epsilon;
    for (int m = 0; m <= q; ++m) out[4 + m] = epsilon * c[m];
    for (int m = 0; m < q; ++m) out[4 + (q + 1) + m] = 2.0 * (m + 1) * epsilon * c[m + 1];
  }
  // G0 and G1 the same for every type (one ε and c; only κ and w_c differ): the paired
  // loop keeps them in registers.
  kernel->shared_ = true;
  for (int t = 1; t < n_types; ++t) {
    const double* a = kernel->coef_.data();
    const double* b = a + static_cast<size_t>(kernel->stride_) * t;
    for (int k = 2; k < kernel->stride_; ++k) kernel->shared_ = kernel->shared_ && a[k] == b[k];
  }
  return kernel;
}

double PairKernel::Forces(const PairListView& list, const double* x, double* f, bool with_energy) const {
  if (list.n < 0 || list.type_bits < 0 || list.type_bits > 8 || list.border_count < 0) {
    BadList("negative size or type_bits outside 0..8");
  }
  std::memset(f, 0, sizeof(double) * 2 * static_cast<size_t>(list.n));
  if (law_ == PairLaw::kIpl && exponent_ == 10 && q_ == 4) {
    return with_energy ? IplLoop<5, 4, true>(list, x, f) : IplLoop<5, 4, false>(list, x, f);
  }
  return with_energy ? IplGeneric<true>(list, x, f) : IplGeneric<false>(list, x, f);
}

// The paper's law with compile-time n = 2·HalfN and q = Q: w^{−n/2} by multiplications,
// Horner polynomials, one record per pair (in L1: the table is a few hundred bytes).
// Operation order as in lib/md/kernel.ts forcesN10Q4 / forcesEnergyN10Q4 / borderForces.
template <int HalfN, int Q, bool Energy>
double PairKernel::IplLoop(const PairListView& list, const double* x, double* f) const {
  static_assert(HalfN == 5 && Q == 4, "only the n = 10, q = 4 loop is written out");
  const int n = list.n, tb = list.type_bits, nt = n_types_, stride = stride_;
  const int32_t t_mask = (1 << tb) - 1;
  const int64_t n2 = 2 * static_cast<int64_t>(n);
  const double* coef = coef_.data();
  const int32_t* offsets = list.offsets;
  const int32_t* codes = list.codes;
  double energy = 0;
  int64_t k = offsets[0];
  if (k < 0) BadList("offsets[0] < 0");
  int64_t first = 0;  // the first i2 of the scalar interior loop (n2: none)
  if (shared_) {
    energy = IplInteriorPaired<Energy>(list, x, f);
    first = n2;
  }
  for (int64_t i2 = first; i2 < n2; i2 += 2) {
    const int64_t e = offsets[(i2 >> 1) + 1];
    if (e < k || e > list.codes_length) BadList("offsets not non-decreasing or beyond codes");
    const double xi = x[i2], yi = x[i2 + 1];
    double fxi = 0, fyi = 0;
    for (; k < e; ++k) {
      const int32_t c = codes[k];
      const int64_t j2 = c >> tb;
      const int t = c & t_mask;
      if (c < 0 || j2 + 1 >= n2 || t >= nt) BadList("a code names a particle or type out of range");
      const double* p = coef + static_cast<size_t>(stride) * t;
      const double rx = x[j2] - xi, ry = x[j2 + 1] - yi;
      const double ka = p[0];
      const double w = (rx * rx + ry * ry) * ka;
      const double inside = InsideCutoff(w * p[1]);
      const double inv = 1 / w, inv2 = inv * inv, inv5 = inv2 * inv2 * inv;
      if (Energy) {
        energy += inside * (p[2] * inv5 + (p[4] + w * (p[5] + w * (p[6] + w * (p[7] + w * p[8])))));
      }
      const double a1 = inside * ka * (p[3] * inv5 * inv + (p[9] + w * (p[10] + w * (p[11] + w * p[12]))));
      const double gx = a1 * rx, gy = a1 * ry;
      fxi += gx;
      fyi += gy;
      f[j2] -= gx;
      f[j2 + 1] -= gy;
    }
    f[i2] += fxi;
    f[i2 + 1] += fyi;
  }
  const int32_t* border = list.border;
  const double* shift = list.shift;
  const int j_shift = tb + 4;
  double border_energy = 0;
  for (int64_t b = 0; b < list.border_count; ++b) {
    const int64_t i2 = border[2 * b];
    const int32_t c = border[2 * b + 1];
    const int64_t j2 = c >> j_shift;
    const int t = (c >> 4) & t_mask, m2 = (c & 15) << 1;
    if (i2 < 0 || i2 + 1 >= n2 || c < 0 || j2 + 1 >= n2 || t >= nt || m2 >= 18) {
      BadList("a border entry names a particle, type or image out of range");
    }
    const double* p = coef + static_cast<size_t>(stride) * t;
    const double rx = x[j2] - x[i2] + shift[m2], ry = x[j2 + 1] - x[i2 + 1] + shift[m2 + 1];
    const double ka = p[0];
    const double w = (rx * rx + ry * ry) * ka;
    const double inside = InsideCutoff(w * p[1]);
    const double inv = 1 / w, inv2 = inv * inv, inv5 = inv2 * inv2 * inv;
    if (Energy) {
      border_energy += inside * (p[2] * inv5 + (p[4] + w * (p[5] + w * (p[6] + w * (p[7] + w * p[8])))));
    }
    const double a1 = inside * ka * (p[3] * inv5 * inv + (p[9] + w * (p[10] + w * (p[11] + w * p[12]))));
    const double gx = a1 * rx, gy = a1 * ry;
    f[i2] += gx;
    f[i2 + 1] += gy;
    f[j2] -= gx;
    f[j2 + 1] -= gy;
  }
  return Energy ? energy + border_energy : 0;
}

// The interior pairs of the n = 10, q = 4 law two at a time in two lanes (Lanes2: SSE2 on
// x86-64, two scalars elsewhere, the same bits), for tables whose G0, G1 are shared by all
// types (shared_): per pair two table loads (κ_t, 1/w_c,t), the rest in registers. The two
// pairs of one i have different j (a half list holds each pair once), and their force
// updates are stored one after the other. Measured at N = 10⁴ (62 000 pairs, CPU time per
// call on the shared machine, x86-64): 284 µs one pair at a time, 218 µs paired (the
// TypeScript loop: 322 µs). Every architecture sums in this order, so x86-64 and arm64
// compute the same forces, and prepare the same glass from one seed.
template <bool Energy>
double PairKernel::IplInteriorPaired(const PairListView& list, const double* x, double* f) const {
  const int n = list.n, tb = list.type_bits, nt = n_types_, stride = stride_;
  const int32_t t_mask = (1 << tb) - 1;
  const int64_t n2 = 2 * static_cast<int64_t>(n);
  const double* coef = coef_.data();
  const int32_t* offsets = list.offsets;
  const int32_t* codes = list.codes;
  const Lanes2 one = Lanes2::Both(1.0);
  const Lanes2 g0 = Lanes2::Both(coef[2]), g1 = Lanes2::Both(coef[3]);
  const Lanes2 q0 = Lanes2::Both(coef[4]), q1 = Lanes2::Both(coef[5]), q2 = Lanes2::Both(coef[6]),
               q3 = Lanes2::Both(coef[7]), q4 = Lanes2::Both(coef[8]);
  const Lanes2 p0 = Lanes2::Both(coef[9]), p1 = Lanes2::Both(coef[10]), p2 = Lanes2::Both(coef[11]),
               p3 = Lanes2::Both(coef[12]);
  Lanes2 energy = Lanes2::Zero();
  int64_t k = offsets[0];
  for (int64_t i2 = 0; i2 < n2; i2 += 2) {
    const int64_t e = offsets[(i2 >> 1) + 1];
    if (e < k || e > list.codes_length) BadList("offsets not non-decreasing or beyond codes");
    const Lanes2 xi = Lanes2::Both(x[i2]), yi = Lanes2::Both(x[i2 + 1]);
    Lanes2 fxi = Lanes2::Zero(), fyi = Lanes2::Zero();
    // An odd count: the last pair once more in the upper lane with its force masked off.
    for (; k < e; k += 2) {
      const bool pair = k + 1 < e;
      const int32_t c = codes[k], d = codes[pair ? k + 1 : k];
      const int64_t j2 = c >> tb, l2 = d >> tb;
      const int tc = c & t_mask, td = d & t_mask;
      if (c < 0 || d < 0 || j2 + 1 >= n2 || l2 + 1 >= n2 || tc >= nt || td >= nt) {
        BadList("a code names a particle or type out of range");
      }
      const double* pc = coef + static_cast<size_t>(stride) * tc;
      const double* pd = coef + static_cast<size_t>(stride) * td;
      const Lanes2 rx = Lanes2::Of(x[j2], x[l2]) - xi;
      const Lanes2 ry = Lanes2::Of(x[j2 + 1], x[l2 + 1]) - yi;
      const Lanes2 ka = Lanes2::Of(pc[0], pd[0]);
      const Lanes2 iw = Lanes2::Of(pc[1], pair ? pd[1] : HUGE_VAL);  // HUGE_VAL: lane off
      const Lanes2 w = (rx * rx + ry * ry) * ka;
      const Lanes2 inside = OneWhereLess(w * iw, one);
      const Lanes2 inv = one / w, inv2 = inv * inv;
      const Lanes2 inv5 = (inv2 * inv2) * inv;
      if (Energy) {
        const Lanes2 poly = q0 + w * (q1 + w * (q2 + w * (q3 + w * q4)));
        energy = energy + inside * (g0 * inv5 + poly);
      }
      const Lanes2 poly = p0 + w * (p1 + w * (p2 + w * p3));
      const Lanes2 a1 = (inside * ka) * ((g1 * inv5) * inv + poly);
      const Lanes2 gx = a1 * rx, gy = a1 * ry;
      fxi = fxi + gx;
      fyi = fyi + gy;
      f[j2] -= gx.Lo();
      f[j2 + 1] -= gy.Lo();
      f[l2] -= gx.Hi();
      f[l2 + 1] -= gy.Hi();
    }
    k = e;
    f[i2] += fxi.Lo() + fxi.Hi();
    f[i2 + 1] += fyi.Lo() + fyi.Hi();
  }
  return Energy ? energy.Lo() + energy.Hi() : 0;
}

// Any exponent and q: loops for the power (std::pow for odd n) and the polynomials.
template <bool Energy>
double PairKernel::IplGeneric(const PairListView& list, const double* x, double* f) const {
  const int n = list.n, tb = list.type_bits, nt = n_types_, stride = stride_, q = q_, nexp = exponent_;
  const int32_t t_mask = (1 << tb) - 1;
  const int64_t n2 = 2 * static_cast<int64_t>(n);
  const double* coef = coef_.data();
  double energy = 0;
  auto pair = [&](int64_t i2, int64_t j2, int t, double rx, double ry) {
    const double* p = coef + static_cast<size_t>(stride) * t;
    const double w = (rx * rx + ry * ry) * p[0];
    if (!(w * p[1] < 1.0)) return;
    const double inv = 1 / w;
    double ipw;
    if ((nexp & 1) == 0) {
      ipw = 1;
      for (int s = 0; s < nexp / 2; ++s) ipw *= inv;
    } else {
      ipw = std::pow(w, -0.5 * nexp);
    }
    if (Energy) {
      double s0 = 0;
      for (int a = q; a >= 0; --a) s0 = s0 * w + p[4 + a];
      energy += p[2] * ipw + s0;
    }
    double s1 = 0;
    for (int a = q - 1; a >= 0; --a) s1 = s1 * w + p[4 + (q + 1) + a];
    const double a1 = p[0] * (p[3] * ipw * inv + s1);
    const double gx = a1 * rx, gy = a1 * ry;
    f[i2] += gx;
    f[i2 + 1] += gy;
    f[j2] -= gx;
    f[j2 + 1] -= gy;
  };
  int64_t k = list.offsets[0];
  if (k < 0) BadList("offsets[0] < 0");
  for (int64_t i2 = 0; i2 < n2; i2 += 2) {
    const int64_t e = list.offsets[(i2 >> 1) + 1];
    if (e < k || e > list.codes_length) BadList("offsets not non-decreasing or beyond codes");
    for (; k < e; ++k) {
      const int32_t c = list.codes[k];
      const int64_t j2 = c >> tb;
      const int t = c & t_mask;
      if (c < 0 || j2 + 1 >= n2 || t >= nt) BadList("a code names a particle or type out of range");
      pair(i2, j2, t, x[j2] - x[i2], x[j2 + 1] - x[i2 + 1]);
    }
  }
  const int j_shift = tb + 4;
  for (int64_t b = 0; b < list.border_count; ++b) {
    const int64_t i2 = list.border[2 * b];
    const int32_t c = list.border[2 * b + 1];
    const int64_t j2 = c >> j_shift;
    const int t = (c >> 4) & t_mask, m2 = (c & 15) << 1;
    if (i2 < 0 || i2 + 1 >= n2 || c < 0 || j2 + 1 >= n2 || t >= nt || m2 >= 18) {
      BadList("a border entry names a particle, type or image out of range");
    }
    pair(i2, j2, t, x[j2] - x[i2] + list.shift[m2], x[j2 + 1] - x[i2 + 1] + list.shift[m2 + 1]);
  }
  return Energy ? energy : 0;
}

}  // namespace softspot
