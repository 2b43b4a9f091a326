// Per-environment state of the addon (worker threads each get their own).
#pragma once

#include <napi.h>

namespace softspot {

struct AddonData {
  Napi::FunctionReference error_class;            // lib/errors.ts CholmodError, set once at load
  Napi::FunctionReference iterative_error_class;  // lib/errors.ts IterativeSolverError, likewise
};

}  // namespace softspot
