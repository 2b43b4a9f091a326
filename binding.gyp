{
  "variables": {
    "softspot_static%": "<!(node -p \"['1', 'true', 'yes'].includes(String(process.env.SOFTSPOT_STATIC || '').toLowerCase()) ? 1 : 0\")"
  },
  "targets": [
    {
      "target_name": "softspot",
      "sources": [
        "native/core/blas_threads.cc",
        "native/core/cholmod_openmp.cc",
        "native/core/cholmod_workspace.cc",
        "native/core/dense_basis.cc",
        "native/core/iterative_solver.cc",
        "native/core/ldl_factor.cc",
        "native/core/md_displacement_bound.cc",
        "native/core/md_evaluator_loops.cc",
        "native/core/md_integrator.cc",
        "native/core/md_neighbor_build.cc",
        "native/core/metis_imports.cc",
        "native/core/metis_random.cc",
        "native/core/metis_signals.cc",
        "native/core/nd_neighbor_build.cc",
        "native/core/nd_poly_forces.cc",
        "native/core/nd_scaled_forces.cc",
        "native/core/pair_kernel.cc",
        "native/core/pair_kernel_evaluate.cc",
        "native/core/selected_inverse.cc",
        "native/core/sparse_cholesky.cc",
        "native/core/supernodal_structure.cc",
        "native/core/supernodal_factor_tangent.cc",
        "native/core/supernodal_selected_inverse.cc",
        "native/binding/dense_basis_wrap.cc",
        "native/binding/diagnostics.cc",
        "native/binding/errors.cc",
        "native/binding/iterative_solver_wrap.cc",
        "native/binding/md_evaluator_wrap.cc",
        "native/binding/md_loops_wrap.cc",
        "native/binding/nd_loops_wrap.cc",
        "native/binding/nd_scaled_forces_wrap.cc",
        "native/binding/pair_kernel_wrap.cc",
        "native/binding/pair_kernel_evaluate_wrap.cc",
        "native/binding/sparse_cholesky_wrap.cc",
        "native/binding/addon.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node scripts/find-suitesparse.cjs include)",
        "<!(node scripts/find-suitesparse.cjs eigen)"
      ],
      "library_dirs": ["<!(node scripts/find-suitesparse.cjs libdir)"],
      "libraries": ["<!@(node scripts/find-suitesparse.cjs libs)"],
      # A Node-API experimental module: Node then runs the ObjectWraps' finalizers inside
      # the garbage collection, so a dropped factor's native memory is freed during a
      # synchronous loop (a stable module's finalizers wait for a later event-loop turn).
      # Those finalizers make only basic Node-API calls (native/binding/core_owner.h); the
      # addon needs Node >= 20.10 for node_api_post_finalizer (package engines: >= 20.19).
      # NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS: an error that cannot reach JavaScript because
      # the environment is terminating (a worker thread ended by worker.terminate(), as the
      # ensemble pool ends a sample past --sample-timeout) is dropped; node-addon-api's
      # default threw it again from its callback wrapper, and the whole process aborted
      # ("terminate called after throwing an instance of 'Napi::Error'", exit 134).
      "defines": ["NAPI_EXPERIMENTAL", "NAPI_CPP_EXCEPTIONS", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      # -ffp-contract=off: no fused multiply-add where the source has a product and a sum.
      # GCC on arm64 (and clang) would fuse them, x86-64 without -mfma cannot, and
      # JavaScript never does: with it off the pair, list and MD loops equal their
      # TypeScript references bit for bit on arm64 too (test/md-pair-kernel.test.ts,
      # test/nd-md-native.test.ts: 12 of them failed on arm64 without it). It does not make
      # x86-64 and arm64 agree: Node's own Math.exp, Math.pow… round differently there.
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-ffp-contract=off", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3", "-ffp-contract=off"]
      },
      "conditions": [
        # A SuiteSparse outside the loader's own directories (a conda environment, a prefix
        # of your own): an rpath to it, so the addon loads without LD_LIBRARY_PATH.
        ["softspot_static!=1", {
          "ldflags": ["<!@(node scripts/find-suitesparse.cjs rpath)"],
          "xcode_settings": { "OTHER_LDFLAGS": ["<!@(node scripts/find-suitesparse.cjs rpath)"] }
        }],
        ["softspot_static==1", {
          "sources": ["native/prebuild/static_shim.c", "native/prebuild/glibc_floor.c"],
          "defines": ["SOFTSPOT_STATIC_OPENBLAS", "SOFTSPOT_STATIC_CHOLMOD"],
          # -static-libstdc++: the C++ runtime inside the addon (hidden by --exclude-libs),
          # so it loads beside any libstdc++ Node has. --wrap: the glibc symbols whose newest
          # version is later than Node's own floor, glibc 2.28 (native/prebuild/glibc_floor.c).
          "ldflags": [
            "-static-libstdc++",
            "-Wl,--wrap=pthread_create,--wrap=pthread_join,--wrap=pthread_setaffinity_np,--wrap=pthread_getaffinity_np",
            "-Wl,--wrap=log,--wrap=pow,--wrap=arc4random,--wrap=__libc_single_threaded",
            "-Wl,--exclude-libs,ALL",
            "-Wl,-rpath,'$$ORIGIN'",
            "-s"
          ],
          "copies": [{
            "destination": "<(PRODUCT_DIR)",
            "files": ["<!(node scripts/find-suitesparse.cjs bundle)"]
          }]
        }]
      ]
    }
  ]
}
