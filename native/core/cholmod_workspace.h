// CholmodWorkspace: RAII owner of one cholmod_common.
//
// cholmod_start on construction, cholmod_finish on destruction. Every factor owns its
// own workspace, so factors can be used from different threads at the same time (one
// thread per factor at a time). Errors reported by CHOLMOD through its error handler
// are captured here and rethrown by Check() as a CholmodError.
#pragma once

#include <cholmod.h>

#include <string>

namespace softspot {

class CholmodWorkspace {
 public:
  CholmodWorkspace();
  ~CholmodWorkspace();
  CholmodWorkspace(const CholmodWorkspace&) = delete;
  CholmodWorkspace& operator=(const CholmodWorkspace&) = delete;
  CholmodWorkspace(CholmodWorkspace&&) = delete;
  CholmodWorkspace& operator=(CholmodWorkspace&&) = delete;

  cholmod_common* get() { return &common_; }

  // Bytes CHOLMOD currently holds through this workspace (its matrices, factors and
  // workspace arrays; Common->memory_inuse).
  size_t memory_in_use() const { return common_.memory_inuse; }

  // Throws CholmodError if Common->status reports a failure (negative status);
  // `what` names the operation for the message.
  void Check(const char* what);

 private:
  cholmod_common common_;
};

}  // namespace softspot
