#include "nd_poly_forces.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "nd_pair_list.h"

// No FMA and no reassociation (ISO C++ build: -ffp-contract=off, no -ffast-math): the same
// numbers as lib/nd/md-forces.ts polyForces. The cutoff is a branch there, so it is one
// here: a mask would add ±0 for the pairs beyond it and could flip the sign of a zero.

namespace softspot {

namespace {

template <int D>
double Loop(int n, const double* x, const double* sizes, const int32_t* offsets, const int32_t* codes,
            int64_t codes_length, const double* shift, const PolyLawTerms& law, double* f) {
  const double eps = law.epsilon, c0 = law.c0, c2 = law.c2, c4 = law.c4, wc = law.wc, a = law.nonadditivity;
  for (int64_t k = 0, e = static_cast<int64_t>(D) * n; k < e; ++k) f[k] = 0.0;
  double energy = 0.0;
  for (int i = 0; i < n; ++i) {
    const int64_t io = static_cast<int64_t>(D) * i;
    const double si = sizes[i];
    const int32_t begin = offsets[i], end = offsets[i + 1];
    CheckNdRow(begin, end, codes_length);
    for (int32_t k = begin; k < end; ++k) {
      const int32_t c = codes[k];
      const uint32_t j = static_cast<uint32_t>(c) >> 5;
      const int m = c & 31;
      if (!ValidNdCode<D>(c, n)) BadNdCode();
      const int64_t jo = static_cast<int64_t>(D) * j, mo = static_cast<int64_t>(D) * m;
      const double sj = sizes[j];
      double r[D];
      double u = 0.0;
      for (int b = 0; b < D; ++b) {
        r[b] = x[jo + b] - x[io + b] + shift[mo + b];
        u += r[b] * r[b];
      }
      const double sij = 0.5 * (si + sj) * (1 - a * std::fabs(si - sj)), s2 = sij * sij;
      const double w = u / s2;
      if (w >= wc) continue;
      const double inv = 1 / w, i2 = inv * inv, i6 = i2 * i2 * i2;
      energy += eps * (i6 + c0 + w * (c2 + w * c4));
      const double a1 = ((2 * eps) / s2) * (-6 * i6 * inv + c2 + 2 * c4 * w);
      for (int b = 0; b < D; ++b) {
        f[io + b] += a1 * r[b];
        f[jo + b] -= a1 * r[b];
      }
    }
  }
  return energy;
}

}  // namespace

double PolyForces(int d, int n, const double* x, const double* sizes, const int32_t* offsets, const int32_t* codes,
                  int64_t codes_length, const double* shift, const PolyLawTerms& law, double* f) {
  if (d != 2 && d != 3) throw std::invalid_argument("nd pair list: d must be 2 or 3");
  for (double v : {law.epsilon, law.c0, law.c2, law.c4, law.wc, law.nonadditivity}) {
    if (!std::isfinite(v)) throw std::invalid_argument("poly law: coefficients must be finite");
  }
  CheckNdRows(n, offsets, codes_length);
  return d == 3 ? Loop<3>(n, x, sizes, offsets, codes, codes_length, shift, law, f)
                : Loop<2>(n, x, sizes, offsets, codes, codes_length, shift, law, f);
}

}  // namespace softspot
