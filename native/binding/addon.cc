// softspot native addon: registration only.
#include <napi.h>

#include "../core/blas_threads.h"
#include "../core/cholmod_openmp.h"
#include "../core/metis_random.h"
#include "../core/metis_signals.h"
#include "addon_data.h"
#include "dense_basis_wrap.h"
#include "diagnostics.h"
#include "errors.h"
#include "iterative_solver_wrap.h"
#include "md_evaluator_wrap.h"
#include "md_loops_wrap.h"
#include "nd_loops_wrap.h"
#include "nd_scaled_forces_wrap.h"
#include "pair_kernel_wrap.h"
#include "sparse_cholesky_wrap.h"

namespace softspot {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Before any factor can order with METIS in this process (idempotent; see the headers).
  ConfineMetisSignals();
  ConfineMetisRandom();
  // Before any factorization starts an OpenMP team (see the header: the source build).
  SerializeCholmodOpenMp();
  // Before any factorization runs BLAS (see the header: a worker thread may load us first).
  LimitBlasThreadsUnlessSet();
  env.SetInstanceData(new AddonData());
  exports.Set("NativeSparseCholesky", SparseCholeskyWrap::Define(env));
  exports.Set("NativeIterativeSolver", IterativeSolverWrap::Define(env));
  exports.Set("NativePairKernel", PairKernelWrap::Define(env));
  exports.Set("NativeScaledForces", ScaledForcesWrap::Define(env));
  exports.Set("mdKickDrift", Napi::Function::New<MdKickDrift>(env, "mdKickDrift"));
  exports.Set("mdKineticAfterKick", Napi::Function::New<MdKineticAfterKick>(env, "mdKineticAfterKick"));
  exports.Set("mdBuildHalfStencil", Napi::Function::New<MdBuildHalfStencil>(env, "mdBuildHalfStencil"));
  exports.Set("ndBuildBinned", Napi::Function::New<NdBuildBinned>(env, "ndBuildBinned"));
  exports.Set("ndBuildAllPairs", Napi::Function::New<NdBuildAllPairs>(env, "ndBuildAllPairs"));
  exports.Set("ndPolyForces", Napi::Function::New<NdPolyForces>(env, "ndPolyForces"));
  exports.Set("mdShiftedCopyWithin", Napi::Function::New<MdShiftedCopyWithin>(env, "mdShiftedCopyWithin"));
  exports.Set("maxAbs", Napi::Function::New<MaxAbsJs>(env, "maxAbs"));
  exports.Set("setErrorClass", Napi::Function::New<SetErrorClass>(env, "setErrorClass"));
  exports.Set("metisSignals", Napi::Function::New<MetisSignals>(env, "metisSignals"));
  exports.Set("metisRandom", Napi::Function::New<MetisRandom>(env, "metisRandom"));
  exports.Set("blasThreads", Napi::Function::New<BlasThreads>(env, "blasThreads"));
  exports.Set("cholmodOpenMp", Napi::Function::New<CholmodOpenMp>(env, "cholmodOpenMp"));
  exports.Set("basisProjectOut", Napi::Function::New<BasisProjectOutJs>(env, "basisProjectOut"));
  exports.Set("basisCombine", Napi::Function::New<BasisCombineJs>(env, "basisCombine"));
  exports.Set("basisProjectOutBlock", Napi::Function::New<BasisProjectOutBlockJs>(env, "basisProjectOutBlock"));
  exports.Set("symmetricEigenLapack", Napi::Function::New<SymmetricEigenJs>(env, "symmetricEigenLapack"));
  return exports;
}

}  // namespace softspot

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return softspot::Init(env, exports);
}

NODE_API_MODULE(softspot, InitAddon)
