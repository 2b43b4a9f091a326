// A Node-free check of native/core/metis_random.{h,cc} against the real METIS (built and
// run by test/native-metis-random.test.ts and scripts/sanitize.sh).
//
// 1. Orders a 2D grid graph with METIS_NodeND on the main thread, with the C library's
//    process-wide generator: the reference permutation.
// 2. Confines METIS's generator to threads (skipped with --no-confine) and orders the same
//    graph again on the main thread: with glibc's sequence reproduced per thread, the same
//    permutation ("sameAlone").
// 3. Two threads order the graph 30 times each, at once, and count the permutations that
//    differ from the reference ("differ"): none when confined; without the confinement
//    the two threads draw from one generator, and most differ (so the probe can fail).
//
// Prints one JSON line: {"confined", "sameAlone", "orderings", "differ", "failed"}.
// Exit status 0 whether or not the results are the expected ones: the test judges them.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <thread>
#include <vector>

#include "metis_check_graph.h"
#include "metis_random.h"

namespace {

// The permutation, or an empty vector when METIS failed.
std::vector<int32_t> Order(Graph& g) {
  std::vector<int32_t> perm(g.n), iperm(g.n);
  int32_t n = g.n;
  if (METIS_NodeND(&n, g.xadj.data(), g.adjncy.data(), nullptr, nullptr, perm.data(),
                   iperm.data()) != kMetisOk) {
    return {};
  }
  return perm;
}

}  // namespace

int main(int argc, char** argv) {
  bool confine = true;
  for (int k = 1; k < argc; ++k) {
    if (std::strcmp(argv[k], "--no-confine") == 0) confine = false;
  }
  Graph graph = Grid(90, /*diagonals=*/true);
  const std::vector<int32_t> reference = Order(graph);
  bool confined = false;
  if (confine) confined = softspot::ConfineMetisRandom().confined;
  const bool same_alone = !reference.empty() && Order(graph) == reference;

  constexpr int kThreads = 2, kOrderings = 30;
  std::atomic<int> differ{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Graph g = graph;
      for (int k = 0; k < kOrderings; ++k) {
        const std::vector<int32_t> perm = Order(g);
        if (perm.empty()) failed++;
        else if (perm != reference) differ++;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::printf("{\"confined\":%s,\"sameAlone\":%s,\"orderings\":%d,\"differ\":%d,\"failed\":%d}\n",
              confined ? "true" : "false", same_alone ? "true" : "false", kThreads * kOrderings,
              differ.load(), failed.load());
  return 0;
}
