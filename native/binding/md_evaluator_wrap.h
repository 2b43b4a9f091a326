// JS functions over the O(N) loops of an energy/force evaluation (core/md_evaluator_loops.h;
// lib/md/objective.ts and lib/aqs/landscape.ts call them):
//   mdShiftedCopyWithin(n, x, off, ref, lim2, xs, copy?, shifted?) → xs = x + off (and
//     copy = x when given); true when no particle moved more than √lim2 since the build
//     (|xs − ref|); shifted: the particles whose off is not +0 (ascending), off read for
//     those only
//   maxAbs(a, length) → max |a_k| over the first `length` entries
// Zero-copy; checks only what keeps the process safe (types, lengths).
#pragma once

#include <napi.h>

namespace softspot {

Napi::Value MdShiftedCopyWithin(const Napi::CallbackInfo& info);
Napi::Value MaxAbsJs(const Napi::CallbackInfo& info);

}  // namespace softspot
