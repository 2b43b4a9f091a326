#include "metis_random.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "metis_imports.h"

namespace softspot {

namespace {

#if defined(__GLIBC__)
#define SOFTSPOT_METIS_RANDOM_THREADS 1

// glibc's process-wide generator is random_r on a 128-byte TYPE_3 state set up as
// initstate(1, ...); rand() is (int) random() and srand(s) is srandom(s). The same here,
// per thread.
struct ThreadGenerator {
  random_data data;
  int32_t state[32];  // 128 bytes: TYPE_3, x³¹ + x³ + 1
  bool ready = false;
};

thread_local ThreadGenerator generator;

random_data* ThreadData() {
  if (!generator.ready) {
    // initstate_r reads data's previous state pointer: it must start zeroed.
    std::memset(&generator.data, 0, sizeof generator.data);
    initstate_r(1, reinterpret_cast<char*>(generator.state), sizeof generator.state,
                &generator.data);
    generator.ready = true;
  }
  return &generator.data;
}

void ThreadSrand(unsigned int seed) { srandom_r(seed, ThreadData()); }

int ThreadRand() {
  int32_t value = 0;
  random_r(ThreadData(), &value);
  return value;
}

bool IsSrand(const char* name) { return std::strcmp(name, "srand") == 0; }
bool IsRand(const char* name) { return std::strcmp(name, "rand") == 0; }

#endif

MetisRandomReport Apply() {
  const char* mode = std::getenv("SOFTSPOT_METIS_RANDOM");
  MetisRandomReport report;
  if (mode != nullptr && std::strcmp(mode, "process") == 0) {
    report.note = "left process-wide (SOFTSPOT_METIS_RANDOM=process): orderings are serialized";
    return report;
  }
#ifdef SOFTSPOT_METIS_RANDOM_THREADS
  report = ConfineMetisImports({
      {IsSrand, reinterpret_cast<uintptr_t>(&ThreadSrand)},
      {IsRand, reinterpret_cast<uintptr_t>(&ThreadRand)},
  });
  if (!report.confined) report.note += ": orderings are serialized";
#else
  report.note = "not applied without glibc's random_r: orderings are serialized";
#endif
  return report;
}

std::mutex& OrderingMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

const MetisRandomReport& ConfineMetisRandom() {
  static const MetisRandomReport report = Apply();
  return report;
}

std::unique_lock<std::mutex> MetisOrderingLock() {
  if (ConfineMetisRandom().confined) return {};
  return std::unique_lock<std::mutex>(OrderingMutex());
}

}  // namespace softspot
