#include "blas_threads.h"

#include <atomic>
#include <cstdlib>

#if defined(__linux__)
// The static prebuild links OpenBLAS into the addon: strong references, so that the linker
// takes the archive members that define them. Otherwise weak: null unless the BLAS loaded
// with CHOLMOD is OpenBLAS.
#if defined(SOFTSPOT_STATIC_OPENBLAS)
#define SOFTSPOT_OPENBLAS_REFERENCE
#else
#define SOFTSPOT_OPENBLAS_REFERENCE __attribute__((weak))
#endif
extern "C" {
void openblas_set_num_threads(int) SOFTSPOT_OPENBLAS_REFERENCE;
int openblas_get_num_threads(void) SOFTSPOT_OPENBLAS_REFERENCE;
}
#endif

namespace softspot {

namespace {

#if defined(__linux__)
bool OpenBlasLoaded() {
#if defined(SOFTSPOT_STATIC_OPENBLAS)
  return true;
#else
  return openblas_set_num_threads != nullptr && openblas_get_num_threads != nullptr;
#endif
}
#endif

BlasThreadsReport Apply() {
  BlasThreadsReport report;
#if defined(__linux__)
  if (!OpenBlasLoaded()) {
    report.action = "left alone: the BLAS loaded is not OpenBLAS";
    return report;
  }
  report.openblas = true;
  const char* names[] = {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"};
  for (const char* name : names) {
    const char* value = std::getenv(name);
    if (value != nullptr) {
      report.action = std::string("left alone: ") + name + "=" + value + " in the environment";
      report.threads = openblas_get_num_threads();
      return report;
    }
  }
  openblas_set_num_threads(1);
  report.threads = openblas_get_num_threads();
  report.action = "set to 1 (neither OPENBLAS_NUM_THREADS nor OMP_NUM_THREADS in the environment)";
#else
  report.action = "left alone: not applied on this platform (Linux only)";
#endif
  return report;
}

// The report of the one Apply(), once LimitBlasThreadsUnlessSet() has run.
std::atomic<const BlasThreadsReport*> applied{nullptr};

}  // namespace

const BlasThreadsReport& LimitBlasThreadsUnlessSet() {
  static const BlasThreadsReport report = Apply();
  applied.store(&report, std::memory_order_release);
  return report;
}

BlasThreadsReport BlasThreadsAtLoad() {
  const BlasThreadsReport* report = applied.load(std::memory_order_acquire);
  if (report != nullptr) return *report;
  BlasThreadsReport none;
  none.action = "not applied";
  return none;
}

}  // namespace softspot
