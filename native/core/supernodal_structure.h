// SupernodalStructure: a plain copy of the symbolic layout of a CHOLMOD supernodal
// factor, A(p,p) = L Lᵀ, shared by the supernodal selected inverse and its tangent.
//
// Supernode J holds columns super[J] … super[J+1]−1 (ncols(J) of them). Its row
// indices are s[pi[J] … pi[J+1]−1], sorted, the first ncols(J) being the columns
// themselves; its values form a dense column-major nrows(J)×ncols(J) block at
// x[px[J]] (leading dimension nrows(J)), whose upper triangle is not part of L. Any
// array of xsize doubles laid out the same way holds a symmetric matrix on the pattern
// of L (lower triangle): that is how Ȧ, L̇, Z = A⁻¹ and Ż are stored.
// supermap[j] is the supernode of column j; perm maps factor index → original index,
// iperm is its inverse.
//
// Cost: O(n + nnz(pattern)) to copy; Position is a binary search in one supernode.
// Failure: FromCholmod throws CholmodError(CHOLMOD_INVALID) for a non-supernodal factor.
#pragma once

#include <cholmod.h>

#include <cstddef>
#include <vector>

namespace softspot {

struct SupernodalStructure {
  int n = 0;
  int nsuper = 0;
  std::size_t xsize = 0;
  std::vector<int> super;          // nsuper+1 first columns
  std::vector<int> pi;             // nsuper+1 pointers into s
  std::vector<std::size_t> px;     // nsuper+1 offsets into x
  std::vector<int> s;              // row indices of every supernode
  std::vector<int> supermap;       // column → supernode
  std::vector<int> perm, iperm;    // factor index ↔ original index
  int max_cols = 0;                // max ncols(J)
  int max_below = 0;               // max nrows(J) − ncols(J)
  std::size_t max_panel = 0;       // max (nrows(J) − ncols(J))·ncols(J)
  std::size_t max_update = 0;      // largest descendant update (CHOLMOD's maxcsize)

  int ncols(int J) const { return super[J + 1] - super[J]; }
  int nrows(int J) const { return pi[J + 1] - pi[J]; }

  // Copies the layout of a supernodal factor (symbolic or numeric).
  static SupernodalStructure FromCholmod(const cholmod_factor* L);

  // Offset in x of the entry (row, col) of the lower triangle (row >= col, factor
  // indices), or −1 if it is not in the pattern.
  long Position(int row, int col) const;
};

}  // namespace softspot
