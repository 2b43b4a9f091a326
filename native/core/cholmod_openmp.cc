#include "cholmod_openmp.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "metis_imports.h"

namespace softspot {

namespace {

#ifndef SOFTSPOT_STATIC_CHOLMOD

// GCC's OpenMP ABI with a team of one: GOMP_parallel(fn, data, num_threads, flags) runs
// fn(data) on every thread of the team and returns when all have.
void SerialParallel(void (*fn)(void*), void* data, unsigned, unsigned) { fn(data); }
int OneThread() { return 1; }
int ThreadZero() { return 0; }

bool IsCholmod(const char* path) { return FileNameStartsWith(path, "libcholmod"); }

bool IsParallel(const char* name) { return std::strcmp(name, "GOMP_parallel") == 0; }
bool IsNumThreads(const char* name) {
  return std::strcmp(name, "omp_get_num_threads") == 0 || std::strcmp(name, "omp_get_max_threads") == 0;
}
bool IsThreadNum(const char* name) { return std::strcmp(name, "omp_get_thread_num") == 0; }

#endif

CholmodOpenMpReport Apply() {
  CholmodOpenMpReport report;
#ifdef SOFTSPOT_STATIC_CHOLMOD
  report.serial = true;
  report.note = "prebuild: CHOLMOD linked with a one-thread OpenMP runtime";
  return report;
#else
  const char* mode = std::getenv("SOFTSPOT_CHOLMOD_OPENMP");
  if (mode != nullptr && std::strcmp(mode, "library") == 0) {
    report.note = "left as built (SOFTSPOT_CHOLMOD_OPENMP=library)";
    return report;
  }
  const ImportRedirectReport redirected = RedirectImports(IsCholmod, "libcholmod*", {
      {IsParallel, reinterpret_cast<uintptr_t>(&SerialParallel)},
      {IsNumThreads, reinterpret_cast<uintptr_t>(&OneThread)},
      {IsThreadNum, reinterpret_cast<uintptr_t>(&ThreadZero)},
  });
  for (const RedirectedObject& object : redirected.objects) {
    report.objects.push_back(object.path);
    for (const int entries : object.entries) report.entries += entries;
    // The region entry point is what starts a team; the queries then answer for a team of
    // one, as libgomp's own do outside a team.
    if (object.entries[0] > 0) report.serial = true;
  }
  if (report.serial) {
    report.note = "redirected";
  } else if (redirected.examined.empty()) {
    report.note = redirected.note;  // no dynamic CHOLMOD, or not an ELF platform
  } else if (redirected.note.empty() || redirected.note.rfind("no loaded", 0) == 0) {
    // Built without OpenMP, or with another runtime (clang's libomp): left as it is.
    report.note = "the CHOLMOD loaded imports no GOMP_parallel: left as built";
  } else {
    report.note = redirected.note;  // a GOT entry could not be written
  }
  return report;
#endif
}

}  // namespace

const CholmodOpenMpReport& SerializeCholmodOpenMp() {
  static const CholmodOpenMpReport report = Apply();
  return report;
}

}  // namespace softspot
