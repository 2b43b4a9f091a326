#include "nd_scaled_forces.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "simd.h"

#if defined(SOFTSPOT_SSE2)
#include <emmintrin.h>
#endif

#include "inside_cutoff.h"
#include "nd_pair_list.h"

// No FMA and no reassociation (ISO C++ build: -ffp-contract=off, no -ffast-math), so the
// loop below computes what lib/nd/md-scaled.ts's generated JavaScript computes, bit for bit.

namespace softspot {

namespace {

constexpr int kMaxPower = 32;

void CheckFinite(const double* a, int count, const char* name) {
  for (int k = 0; k < count; ++k) {
    if (!std::isfinite(a[k])) throw std::invalid_argument(std::string("scaled law: ") + name + " must be finite");
  }
}

}  // namespace

std::unique_ptr<ScaledForces> ScaledForces::Create(const ScaledLawTerms& t) {
  if (t.n_species < 1 || t.n_species > 16) throw std::invalid_argument("scaled law: nSpecies must be in 1..16");
  const int nt = t.n_species * t.n_species;
  CheckFinite(t.kappa, nt, "kappa");
  CheckFinite(t.eps, nt, "eps");
  CheckFinite(t.eps2k, nt, "eps2k");
  for (int k = 0; k < nt; ++k) {
    if (!(t.kappa[k] > 0)) throw std::invalid_argument("scaled law: kappa must be > 0");
  }
  if (!(t.inv_wc > 0) || !std::isfinite(t.inv_wc)) throw std::invalid_argument("scaled law: 1/w_c must be > 0 and finite");
  if (t.n_neg < 0 || t.n_neg > kMaxPower) throw std::invalid_argument("scaled law: too many negative-power terms");
  if (t.n_pos < 1 || t.n_pos > kMaxPower || t.n_dpos < 1 || t.n_dpos > kMaxPower) {
    throw std::invalid_argument("scaled law: 1..32 Horner coefficients expected for F and F'");
  }
  CheckFinite(t.neg_energy, t.n_neg, "negative-power coefficients");
  CheckFinite(t.neg_force, t.n_neg, "negative-power coefficients");
  CheckFinite(t.pos, t.n_pos, "polynomial coefficients");
  CheckFinite(t.dpos, t.n_dpos, "polynomial coefficients");
  std::unique_ptr<ScaledForces> s(new ScaledForces());
  s->n_species_ = t.n_species;
  s->inv_wc_ = t.inv_wc;
  s->kappa_.assign(t.kappa, t.kappa + nt);
  s->eps_.assign(t.eps, t.eps + nt);
  s->eps2k_.assign(t.eps2k, t.eps2k + nt);
  for (int k = 0; k < t.n_neg; ++k) {
    const int p = t.neg_power[k];
    if (p < 1 || p >= kMaxPower) throw std::invalid_argument("scaled law: powers must be in 1..31");
    if (p + 1 > s->max_power_) s->max_power_ = p + 1;
  }
  s->neg_power_.assign(t.neg_power, t.neg_power + t.n_neg);
  s->neg_energy_.assign(t.neg_energy, t.neg_energy + t.n_neg);
  s->neg_force_.assign(t.neg_force, t.neg_force + t.n_neg);
  s->pos_.assign(t.pos, t.pos + t.n_pos);
  s->dpos_.assign(t.dpos, t.dpos + t.n_dpos);
  return s;
}

double ScaledForces::Forces(int d, int n, const double* x, const uint8_t* species, int64_t species_length,
                            const int32_t* offsets, const int32_t* codes, int64_t codes_length, const double* shift,
                            double* f, bool with_energy) const {
  if (d != 2 && d != 3) throw std::invalid_argument("nd pair list: d must be 2 or 3");
  if (n < 0 || species_length < n) BadNdList("fewer species than particles");
  // Species first (O(n)), so the loop reads only its tables.
  for (int i = 0; i < n; ++i) {
    if (species[i] >= n_species_) {
      throw std::invalid_argument("species[" + std::to_string(i) + "] = " + std::to_string(species[i]) +
                                  " is not below nSpecies = " + std::to_string(n_species_));
    }
  }
  CheckNdRows(n, offsets, codes_length);
  // The shapes of the built-in laws with their powers and term counts fixed at compile
  // time (the loops over terms unrolled, powers and coefficients in registers, two pairs
  // per SSE2 step), else the scalar loop reading them at run time. Measured on the list of
  // a ka liquid at T = 0.4, N = 2000 (46 pairs per particle): 16.4 ns per pair with the
  // counts read at run time, 13.3 fixed, 10.0 fixed and paired (the generated JavaScript:
  // 27.7).
  const int nn = static_cast<int>(neg_power_.size()), np = static_cast<int>(pos_.size());
  const int nd = static_cast<int>(dpos_.size());
  const int p1 = nn >= 1 ? neg_power_[0] : 0, p2 = nn >= 2 ? neg_power_[1] : 0;
  // Without the energy, its terms are left out (measured there: 14 % less time per call).
#define SOFTSPOT_SCALED_LOOP(D, P1, P2, NP, ND)                                                      \
  (with_energy ? Loop<D, P1, P2, NP, ND, true>(n, x, species, offsets, codes, codes_length, shift, f) \
               : Loop<D, P1, P2, NP, ND, false>(n, x, species, offsets, codes, codes_length, shift, f))
#define SOFTSPOT_SCALED_CASE(P1, P2, NP, ND)                                                          \
  if (nn == ((P2) > 0 ? 2 : 1) && p1 == (P1) && p2 == (P2) && np == (NP) && nd == (ND)) {            \
    return d == 3 ? SOFTSPOT_SCALED_LOOP(3, P1, P2, NP, ND) : SOFTSPOT_SCALED_LOOP(2, P1, P2, NP, ND); \
  }
  SOFTSPOT_SCALED_CASE(3, 6, 4, 3)  // ka, ka2d (lj): w^−3, w^−6, cubic smoothing
  SOFTSPOT_SCALED_CASE(5, 0, 4, 3)  // ipl3d: w^−5, cubic
  SOFTSPOT_SCALED_CASE(5, 0, 5, 4)  // ipl (Eq. S1, n = 10, q = 4)
#undef SOFTSPOT_SCALED_CASE
  return d == 3 ? SOFTSPOT_SCALED_LOOP(3, -1, -1, -1, -1) : SOFTSPOT_SCALED_LOOP(2, -1, -1, -1, -1);
#undef SOFTSPOT_SCALED_LOOP
}

// kP1 < kP2: the powers of the negative terms when fixed at compile time (kP2 = 0: one
// term), kPos, kDpos the Horner lengths; kP1 = −1: everything read at run time. Energy:
// whether U is summed (else 0 is returned, and its terms, unused, are dropped by the
// compiler; F is the same bits).
template <int D, int kP1, int kP2, int kPos, int kDpos, bool Energy>
double ScaledForces::Loop(int n, const double* x, const uint8_t* species, const int32_t* offsets,
                          const int32_t* codes, int64_t codes_length, const double* shift, double* f) const {
  constexpr bool kFixed = kP1 > 0;
  constexpr int kTop = kFixed ? (kP2 > kP1 ? kP2 : kP1) + 1 : kMaxPower;  // highest i_p
  constexpr int kNeg = kFixed ? (kP2 > 0 ? 2 : 1) : kMaxPower;
  constexpr int kPosLen = kFixed ? kPos : kMaxPower, kDposLen = kFixed ? kDpos : kMaxPower;
  const int ns = n_species_;
  const int n_neg = kFixed ? kNeg : static_cast<int>(neg_power_.size());
  const int n_pos = kFixed ? kPos : static_cast<int>(pos_.size());
  const int n_dpos = kFixed ? kDpos : static_cast<int>(dpos_.size());
  const int top = kFixed ? kTop : max_power_;
  // Local copies: registers when the counts are fixed (no aliasing with f to rule out).
  int power[kNeg];
  double ce[kNeg], cf[kNeg], pc[kPosLen], dc[kDposLen];
  for (int q = 0; q < n_neg; ++q) {
    power[q] = neg_power_[q];
    ce[q] = neg_energy_[q];
    cf[q] = neg_force_[q];
  }
  if constexpr (kFixed) {
    power[0] = kP1;
    if constexpr (kP2 > 0) power[1] = kP2;
  }
  for (int q = 0; q < n_pos; ++q) pc[q] = pos_[q];
  for (int q = 0; q < n_dpos; ++q) dc[q] = dpos_[q];
  const double inv_wc = inv_wc_;
  const double* kappa = kappa_.data();
  const double* eps = eps_.data();
  const double* eps2k = eps2k_.data();
  for (int64_t k = 0, e = static_cast<int64_t>(D) * n; k < e; ++k) f[k] = 0.0;
  double energy = 0.0;
  double ip[kTop + 1];
  ip[0] = 1.0;
  for (int i = 0; i < n; ++i) {
    const int64_t io = static_cast<int64_t>(D) * i;
    const int ti = species[i] * ns;
    double xi[D], fi[D];
    for (int a = 0; a < D; ++a) {
      xi[a] = x[io + a];
      fi[a] = 0.0;
    }
    const int32_t begin = offsets[i], end = offsets[i + 1];
    CheckNdRow(begin, end, codes_length);
    int32_t k = begin;
#if defined(SOFTSPOT_SSE2)
    if constexpr (kFixed) {
      // Two pairs per step in SSE2 lanes: the same IEEE operations per lane as the scalar
      // loop below, and the sums (energy, F_i, F_j) taken lane 0 then lane 1, as it does.
      const __m128d one = _mm_set1_pd(1.0), vinv_wc = _mm_set1_pd(inv_wc);
      __m128d vxi[D];
      for (int a = 0; a < D; ++a) vxi[a] = _mm_set1_pd(xi[a]);
      for (; k + 1 < end; k += 2) {
        const int32_t c0 = codes[k], c1 = codes[k + 1];
        const uint32_t j0 = static_cast<uint32_t>(c0) >> 5, j1 = static_cast<uint32_t>(c1) >> 5;
        const int m0 = c0 & 31, m1 = c1 & 31;
        if (!ValidNdCode<D>(c0, n) || !ValidNdCode<D>(c1, n)) BadNdCode();
        const int64_t jo0 = static_cast<int64_t>(D) * j0, jo1 = static_cast<int64_t>(D) * j1;
        const int64_t mo0 = static_cast<int64_t>(D) * m0, mo1 = static_cast<int64_t>(D) * m1;
        __m128d r[D];
        for (int a = 0; a < D; ++a) {
          r[a] = _mm_add_pd(_mm_sub_pd(_mm_set_pd(x[jo1 + a], x[jo0 + a]), vxi[a]),
                            _mm_set_pd(shift[mo1 + a], shift[mo0 + a]));
        }
        const int t0 = ti + species[j0], t1 = ti + species[j1];
        __m128d r2 = _mm_mul_pd(r[0], r[0]);
        for (int a = 1; a < D; ++a) r2 = _mm_add_pd(r2, _mm_mul_pd(r[a], r[a]));
        const __m128d w = _mm_mul_pd(r2, _mm_set_pd(kappa[t1], kappa[t0]));
        const __m128d inside = _mm_and_pd(_mm_cmplt_pd(_mm_mul_pd(w, vinv_wc), one), one);
        __m128d vp[kTop + 1];
        vp[1] = _mm_div_pd(one, w);
        for (int p = 2; p <= kTop; ++p) vp[p] = _mm_mul_pd(vp[p - 1], vp[1]);
        __m128d ne = _mm_mul_pd(_mm_set1_pd(ce[0]), vp[kP1]);
        __m128d nf = _mm_mul_pd(_mm_set1_pd(cf[0]), vp[kP1 + 1]);
        if constexpr (kP2 > 0) {
          ne = _mm_add_pd(ne, _mm_mul_pd(_mm_set1_pd(ce[1]), vp[kP2]));
          nf = _mm_add_pd(nf, _mm_mul_pd(_mm_set1_pd(cf[1]), vp[kP2 + 1]));
        }
        __m128d he = _mm_set1_pd(pc[kPos - 1]);
        for (int q = kPos - 2; q >= 0; --q) he = _mm_add_pd(_mm_set1_pd(pc[q]), _mm_mul_pd(w, he));
        __m128d hf = _mm_set1_pd(dc[kDpos - 1]);
        for (int q = kDpos - 2; q >= 0; --q) hf = _mm_add_pd(_mm_set1_pd(dc[q]), _mm_mul_pd(w, hf));
        const __m128d e = _mm_mul_pd(_mm_mul_pd(inside, _mm_set_pd(eps[t1], eps[t0])), _mm_add_pd(ne, he));
        const __m128d a1 = _mm_mul_pd(_mm_mul_pd(inside, _mm_set_pd(eps2k[t1], eps2k[t0])), _mm_add_pd(nf, hf));
        if constexpr (Energy) {
          energy += _mm_cvtsd_f64(e);
          energy += _mm_cvtsd_f64(_mm_unpackhi_pd(e, e));
        }
        for (int a = 0; a < D; ++a) {
          const __m128d g = _mm_mul_pd(a1, r[a]);
          const double g0 = _mm_cvtsd_f64(g), g1 = _mm_cvtsd_f64(_mm_unpackhi_pd(g, g));
          fi[a] += g0;
          fi[a] += g1;
          f[jo0 + a] -= g0;
          f[jo1 + a] -= g1;
        }
      }
    }
#endif
    for (; k < end; ++k) {
      const int32_t c = codes[k];
      const uint32_t j = static_cast<uint32_t>(c) >> 5;
      const int m = c & 31;
      if (!ValidNdCode<D>(c, n)) BadNdCode();
      const int64_t jo = static_cast<int64_t>(D) * j, mo = static_cast<int64_t>(D) * m;
      double r[D];
      for (int a = 0; a < D; ++a) r[a] = x[jo + a] - xi[a] + shift[mo + a];
      const int t = ti + species[j];
      double r2 = r[0] * r[0];
      for (int a = 1; a < D; ++a) r2 = r2 + r[a] * r[a];
      const double w = r2 * kappa[t];
      const double inside = InsideCutoff(w * inv_wc);
      // i_p = i_{p−1}·i_1 in sequence, as the JavaScript loop (not by squaring: other bits).
      const double i1 = 1.0 / w;
      ip[1] = i1;
      for (int p = 2; p <= top; ++p) ip[p] = ip[p - 1] * i1;
      double ne = 0.0, nf = 0.0;
      if (n_neg > 0) {
        ne = ce[0] * ip[power[0]];
        nf = cf[0] * ip[power[0] + 1];
        for (int q = 1; q < n_neg; ++q) {
          ne = ne + ce[q] * ip[power[q]];
          nf = nf + cf[q] * ip[power[q] + 1];
        }
      }
      double he = pc[n_pos - 1];
      for (int q = n_pos - 2; q >= 0; --q) he = pc[q] + w * he;
      double hf = dc[n_dpos - 1];
      for (int q = n_dpos - 2; q >= 0; --q) hf = dc[q] + w * hf;
      if constexpr (Energy) energy += inside * eps[t] * (ne + he);
      const double a1 = inside * eps2k[t] * (nf + hf);
      for (int a = 0; a < D; ++a) {
        const double g = a1 * r[a];
        fi[a] += g;
        f[jo + a] -= g;
      }
    }
    for (int a = 0; a < D; ++a) f[io + a] += fi[a];
  }
  return energy;
}

}  // namespace softspot
