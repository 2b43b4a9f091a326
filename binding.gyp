{
  "targets": [
    {
      "target_name": "softspot",
      "sources": [
        "native/core/cholmod_workspace.cc",
        "native/core/ldl_factor.cc",
        "native/core/selected_inverse.cc",
        "native/core/sparse_cholesky.cc",
        "native/core/supernodal_structure.cc",
        "native/core/supernodal_factor_tangent.cc",
        "native/core/supernodal_selected_inverse.cc",
        "native/binding/errors.cc",
        "native/binding/sparse_cholesky_wrap.cc",
        "native/binding/addon.cc"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(node scripts/find-suitesparse.cjs include)"
      ],
      "library_dirs": ["<!(node scripts/find-suitesparse.cjs libdir)"],
      "libraries": ["-lcholmod", "-lamd", "-lcolamd", "-lsuitesparseconfig", "-llapack", "-lblas"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3"]
      }
    }
  ]
}
