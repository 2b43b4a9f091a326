#include "cholmod_workspace.h"

#include <string>

#include "cholmod_error.h"

namespace softspot {

namespace {
// CHOLMOD's error handler has no user pointer; the message of the latest error on
// this thread is kept here until Check() reads it.
thread_local std::string last_message;

void OnCholmodError(int status, const char* file, int line, const char* message) {
  (void)file;
  (void)line;
  if (status < 0) last_message = message ? message : "";
}
}  // namespace

const char* CholmodStatusCode(int status) {
  switch (status) {
    case CHOLMOD_OK: return "CHOLMOD_OK";
    case CHOLMOD_NOT_INSTALLED: return "CHOLMOD_NOT_INSTALLED";
    case CHOLMOD_OUT_OF_MEMORY: return "CHOLMOD_OUT_OF_MEMORY";
    case CHOLMOD_TOO_LARGE: return "CHOLMOD_TOO_LARGE";
    case CHOLMOD_INVALID: return "CHOLMOD_INVALID";
    case CHOLMOD_GPU_PROBLEM: return "CHOLMOD_GPU_PROBLEM";
    case CHOLMOD_NOT_POSDEF: return "CHOLMOD_NOT_POSDEF";
    case CHOLMOD_DSMALL: return "CHOLMOD_DSMALL";
    default: return "CHOLMOD_UNKNOWN";
  }
}

CholmodWorkspace::CholmodWorkspace() {
  cholmod_start(&common_);
  common_.error_handler = OnCholmodError;
  common_.print = 0;
}

CholmodWorkspace::~CholmodWorkspace() { cholmod_finish(&common_); }

void CholmodWorkspace::Check(const char* what) {
  if (common_.status >= CHOLMOD_OK) return;
  std::string message = std::string(what) + " failed (" + CholmodStatusCode(common_.status) + ")";
  if (!last_message.empty()) message += ": " + last_message;
  last_message.clear();
  throw CholmodError(CholmodStatusCode(common_.status), message);
}

}  // namespace softspot
