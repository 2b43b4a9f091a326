// LdlFactor: a plain copy of a simplicial LDLᵀ factor, A(p,p) = L D Lᵀ, L unit lower.
//
// Column j of L holds its strictly-lower entries at [p[j], p[j+1]) with row indices
// i[...] sorted ascending and values x[...]; d[j] is the pivot. The pattern is that of
// the CHOLMOD factor it was copied from (symbolic or supernodal, always closed under
// elimination, which the Takahashi sweep relies on). perm maps factor index -> original
// row/column (A(p,p)(a,b) = A(perm[a], perm[b])); iperm is its inverse.
#pragma once

#include <cholmod.h>

#include <vector>

namespace softspot {

struct LdlFactor {
  int n = 0;
  std::vector<int> p;       // n+1 column pointers
  std::vector<int> i;       // row indices, sorted within each column
  std::vector<double> x;    // strictly-lower values of L
  std::vector<double> d;    // pivots D(j,j)
  std::vector<int> perm;    // factor index -> original index
  std::vector<int> iperm;   // original index -> factor index

  // Copies a numeric simplicial LDLᵀ factor (L->is_ll false, L->is_super false).
  // Cost O(nnz(L)). Throws CholmodError(CHOLMOD_INVALID) for any other kind.
  static LdlFactor FromCholmod(const cholmod_factor* L);

  // Position of the strictly-lower entry (row, col) of L, row > col, or -1 if it is not
  // in the pattern. Binary search: O(log nnz(column)).
  long Find(int row, int col) const;
};

}  // namespace softspot
