// The graphs the Node-free METIS checks order (metis_signals_check.cc, metis_random_check.cc),
// and the one METIS function they call.
#pragma once

#include <cstdint>
#include <vector>

// Debian's METIS 5.1 (and the prebuild's copy of it) uses 32-bit indices.
extern "C" int METIS_NodeND(int32_t* nvtxs, int32_t* xadj, int32_t* adjncy, int32_t* vwgt,
                            int32_t* options, int32_t* perm, int32_t* iperm);
constexpr int kMetisOk = 1;

// A graph in METIS's CSR form.
struct Graph {
  int32_t n = 0;
  std::vector<int32_t> xadj, adjncy;
};

// The grid graph of side s (s² vertices): 4 neighbours, or 8 with the diagonals.
inline Graph Grid(int s, bool diagonals = false) {
  Graph g;
  g.n = s * s;
  g.xadj.push_back(0);
  for (int y = 0; y < s; ++y) {
    for (int x = 0; x < s; ++x) {
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          if ((dx == 0 && dy == 0) || (!diagonals && dx != 0 && dy != 0)) continue;
          const int u = x + dx, v = y + dy;
          if (u >= 0 && u < s && v >= 0 && v < s) g.adjncy.push_back(v * s + u);
        }
      }
      g.xadj.push_back(static_cast<int32_t>(g.adjncy.size()));
    }
  }
  return g;
}
