#include "md_integrator.h"

#include <cmath>

namespace softspot {

double KickDrift(int64_t n, double* x, double* v, const double* f, const double* ref, double alpha,
                 double carry, double half_dt, double dt) {
  double max1 = 0, max2 = 0;
  for (int64_t k = 0; k < 2 * n; k += 2) {
    const double fx = f[k], fy = f[k + 1];
    const double vx = alpha * (v[k] + carry * fx) + half_dt * fx;
    const double vy = alpha * (v[k + 1] + carry * fy) + half_dt * fy;
    v[k] = vx;
    v[k + 1] = vy;
    const double px = x[k] + dt * vx, py = x[k + 1] + dt * vy;
    x[k] = px;
    x[k + 1] = py;
    const double dx = px - ref[k], dy = py - ref[k + 1];
    const double d2 = dx * dx + dy * dy;
    if (d2 > max2) {
      if (d2 > max1) {
        max2 = max1;
        max1 = d2;
      } else {
        max2 = d2;
      }
    }
  }
  return std::sqrt(max1) + std::sqrt(max2);
}

double KineticAfterKick(int64_t n, const double* v, const double* f, double half_dt) {
  double vvx = 0, vvy = 0;
  for (int64_t k = 0; k < 2 * n; k += 2) {
    const double vx = v[k] + half_dt * f[k], vy = v[k + 1] + half_dt * f[k + 1];
    vvx += vx * vx;
    vvy += vy * vy;
  }
  return 0.5 * (vvx + vvy);
}

}  // namespace softspot
