// A Node-free check of native/core/metis_signals.{h,cc} against the real METIS (built and
// run by test/native-signals.test.ts and scripts/sanitize.sh).
//
// Two threads order 2D grid graphs with METIS_NodeND while the main thread samples the
// process's dispositions of SIGTERM and SIGABRT (sigaction) as fast as it can. Without the
// confinement (--no-confine) METIS's gk_sigthrow shows up there during every ordering and
// may stay installed afterwards; with it, never. Then, under an address-space limit just
// above the current size, an ordering must fail inside METIS and come back through GKlib's
// own recovery (gk_errexit → raise → gk_sigthrow → longjmp) as METIS_ERROR_MEMORY, which
// is the path the confinement emulates on the calling thread (skipped with --no-oom, and
// under AddressSanitizer, whose allocator does not return null).
//
// Prints one JSON line: {"confined", "orderings", "failed", "seen", "left", "oom"}.
// Exit status 0 whether or not the results are the expected ones: the test judges them.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "metis_check_graph.h"
#include "metis_signals.h"

namespace {

int Order(Graph& g) {
  std::vector<int32_t> perm(g.n), iperm(g.n);
  int32_t n = g.n;
  return METIS_NodeND(&n, g.xadj.data(), g.adjncy.data(), nullptr, nullptr, perm.data(), iperm.data());
}

bool NonDefault(int sig) {
  struct sigaction sa;
  sigaction(sig, nullptr, &sa);
  return sa.sa_handler != SIG_DFL;
}

long AddressSpaceBytes() {
  long pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  return pages * sysconf(_SC_PAGESIZE);
}

}  // namespace

int main(int argc, char** argv) {
  bool confine = true, oom = true;
#if defined(__SANITIZE_ADDRESS__)
  oom = false;
#endif
  for (int k = 1; k < argc; ++k) {
    if (std::strcmp(argv[k], "--no-confine") == 0) confine = false;
    if (std::strcmp(argv[k], "--no-oom") == 0) oom = false;
  }
  bool confined = false;
  if (confine) confined = softspot::ConfineMetisSignals().confined;

  constexpr int kThreads = 2, kOrderings = 40;
  std::atomic<int> running{kThreads}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Graph g = Grid(120);
      for (int k = 0; k < kOrderings; ++k) {
        if (Order(g) != kMetisOk) failed++;
      }
      running--;
    });
  }
  long seen = 0;
  while (running.load() > 0) {
    if (NonDefault(SIGTERM) || NonDefault(SIGABRT)) seen++;
  }
  for (auto& t : threads) t.join();
  const bool left = NonDefault(SIGTERM) || NonDefault(SIGABRT);

  int oom_result = 0;
  if (oom) {
    Graph big = Grid(1000);
    struct rlimit limit;
    getrlimit(RLIMIT_AS, &limit);
    const struct rlimit saved = limit;
    limit.rlim_cur = static_cast<rlim_t>(AddressSpaceBytes() + (1 << 20));
    setrlimit(RLIMIT_AS, &limit);
    oom_result = Order(big);
    setrlimit(RLIMIT_AS, &saved);
  }
  std::printf("{\"confined\":%s,\"orderings\":%d,\"failed\":%d,\"seen\":%ld,\"left\":%s,\"oom\":%d}\n",
              confined ? "true" : "false", kThreads * kOrderings, failed.load(), seen,
              left ? "true" : "false", oom_result);
  return 0;
}
