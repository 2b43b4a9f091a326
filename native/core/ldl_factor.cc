#include "ldl_factor.h"

#include <algorithm>
#include <numeric>

#include "cholmod_error.h"

namespace softspot {

LdlFactor LdlFactor::FromCholmod(const cholmod_factor* L) {
  if (L == nullptr || L->is_super || L->is_ll || L->xtype != CHOLMOD_REAL) {
    throw CholmodError("CHOLMOD_INVALID", "expected a numeric simplicial LDL' factor");
  }
  LdlFactor f;
  const int n = static_cast<int>(L->n);
  f.n = n;
  const int* Lp = static_cast<const int*>(L->p);
  const int* Li = static_cast<const int*>(L->i);
  const int* Lnz = static_cast<const int*>(L->nz);
  const double* Lx = static_cast<const double*>(L->x);
  const int* Perm = static_cast<const int*>(L->Perm);

  f.p.assign(n + 1, 0);
  for (int j = 0; j < n; ++j) f.p[j + 1] = f.p[j] + (Lnz[j] - 1);
  const size_t nnz = static_cast<size_t>(f.p[n]);
  f.i.resize(nnz);
  f.x.resize(nnz);
  f.d.resize(n);
  std::vector<std::pair<int, double>> scratch;
  for (int j = 0; j < n; ++j) {
    const int start = Lp[j];
    // CHOLMOD keeps the diagonal first in each simplicial column.
    f.d[j] = Lx[start];
    int out = f.p[j];
    bool sorted = true;
    int previous = j;
    for (int q = start + 1; q < start + Lnz[j]; ++q) {
      if (Li[q] <= previous) sorted = false;
      previous = Li[q];
      f.i[out] = Li[q];
      f.x[out] = Lx[q];
      ++out;
    }
    if (!sorted) {
      scratch.clear();
      for (int q = f.p[j]; q < f.p[j + 1]; ++q) scratch.emplace_back(f.i[q], f.x[q]);
      std::sort(scratch.begin(), scratch.end());
      for (size_t k = 0; k < scratch.size(); ++k) {
        f.i[f.p[j] + k] = scratch[k].first;
        f.x[f.p[j] + k] = scratch[k].second;
      }
    }
  }
  f.perm.resize(n);
  if (Perm != nullptr) {
    std::copy(Perm, Perm + n, f.perm.begin());
  } else {
    std::iota(f.perm.begin(), f.perm.end(), 0);
  }
  f.iperm.resize(n);
  for (int k = 0; k < n; ++k) f.iperm[f.perm[k]] = k;
  return f;
}

long LdlFactor::Find(int row, int col) const {
  const int* begin = i.data() + p[col];
  const int* end = i.data() + p[col + 1];
  const int* it = std::lower_bound(begin, end, row);
  if (it == end || *it != row) return -1;
  return static_cast<long>(it - i.data());
}

}  // namespace softspot
