// The O(N) loops of one velocity-Verlet step (lib/md/integrator.ts stepMd, which keeps
// the thermostat, the list rebuilds and the bookkeeping; DESIGN §3). Arrays interleaved
// (x0, y0, x1, y1, …), length 2n; m = 1.
//
// KickDrift: per particle, the pending second kick of the last step with the thermostat
// factor α and the first kick of this one, then the drift:
//   v ← α (v + carry·F) + ½Δt F,   x ← x + Δt v
// and returns d₁ + d₂, the two largest displacements |x − ref| since the list build (λ),
// for the rebuild test d₁ + d₂ > skin. Same operations in the same order as the
// TypeScript loop, so the same numbers bit for bit.
// KineticAfterKick: K = ½ Σ (v + ½Δt F)² (nothing stored), summed as Σ_x + Σ_y.
// Cost: one pass, a few flops per coordinate; no allocation; cannot fail.
#pragma once

#include <cstdint>

namespace softspot {

double KickDrift(int64_t n, double* x, double* v, const double* f, const double* ref, double alpha,
                 double carry, double half_dt, double dt);

double KineticAfterKick(int64_t n, const double* v, const double* f, double half_dt);

}  // namespace softspot
