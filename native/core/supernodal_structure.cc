#include "supernodal_structure.h"

#include <algorithm>
#include <numeric>

#include "cholmod_error.h"

namespace softspot {

SupernodalStructure SupernodalStructure::FromCholmod(const cholmod_factor* L) {
  if (L == nullptr || !L->is_super || L->itype != CHOLMOD_INT) {
    throw CholmodError("CHOLMOD_INVALID", "expected a supernodal factor");
  }
  SupernodalStructure st;
  const int n = static_cast<int>(L->n);
  const int nsuper = static_cast<int>(L->nsuper);
  st.n = n;
  st.nsuper = nsuper;
  st.xsize = L->xsize;
  st.max_update = L->maxcsize;
  const int* super = static_cast<const int*>(L->super);
  const int* pi = static_cast<const int*>(L->pi);
  const int* px = static_cast<const int*>(L->px);
  const int* s = static_cast<const int*>(L->s);
  st.super.assign(super, super + nsuper + 1);
  st.pi.assign(pi, pi + nsuper + 1);
  st.px.assign(px, px + nsuper + 1);
  st.s.assign(s, s + pi[nsuper]);
  st.supermap.resize(n);
  for (int J = 0; J < nsuper; ++J) {
    const int nc = st.ncols(J), nr = st.nrows(J);
    for (int j = super[J]; j < super[J + 1]; ++j) st.supermap[j] = J;
    st.max_cols = std::max(st.max_cols, nc);
    st.max_below = std::max(st.max_below, nr - nc);
    st.max_panel = std::max(st.max_panel, static_cast<std::size_t>(nr - nc) * nc);
    // The routines rely on sorted rows led by the supernode's own columns.
    for (int q = 0; q < nr; ++q) {
      const int row = s[pi[J] + q];
      const bool ok = q < nc ? row == super[J] + q : row > s[pi[J] + q - 1];
      if (!ok || row >= n) {
        throw CholmodError("CHOLMOD_INVALID", "supernodal factor with unsorted row indices");
      }
    }
  }
  const int* Perm = static_cast<const int*>(L->Perm);
  st.perm.resize(n);
  if (Perm != nullptr) {
    std::copy(Perm, Perm + n, st.perm.begin());
  } else {
    std::iota(st.perm.begin(), st.perm.end(), 0);
  }
  st.iperm.resize(n);
  for (int k = 0; k < n; ++k) st.iperm[st.perm[k]] = k;
  return st;
}

long SupernodalStructure::Position(int row, int col) const {
  const int J = supermap[col];
  const int* begin = s.data() + pi[J];
  const int* end = s.data() + pi[J + 1];
  const int* it = std::lower_bound(begin + (col - super[J]), end, row);
  if (it == end || *it != row) return -1;
  return static_cast<long>(px[J]) + static_cast<long>(col - super[J]) * nrows(J) +
         static_cast<long>(it - begin);
}

}  // namespace softspot
