// Which vector paths the core compiles. SOFTSPOT_SSE2 is defined on x86-64 (SSE2 is its
// baseline), where the pair loops run two pairs per step and the O(N) loops two particles
// per step (and AVX2 where the CPU has it, chosen at run time). Every vector path does
// the same IEEE operations in the same order as the scalar code other architectures run,
// so both give the same bits.
//
// SOFTSPOT_SCALAR_ONLY compiles the scalar paths on x86-64 too. The addon never sets it;
// test/native/pair_kernel_check.cc and evaluator_loops_check.cc are built both ways, so CI,
// which runs on x86-64 only, checks that arm64's code gives x86-64's bits
// (test/pair-kernel-lanes.test.ts).
#pragma once

#if defined(__SSE2__) && !defined(SOFTSPOT_SCALAR_ONLY)
#define SOFTSPOT_SSE2 1
#endif

// SOFTSPOT_AVX2_DISPATCH: loops with 256-bit vectors (functions with the target attribute
// "avx2", no FMA) are compiled beside the SSE2 ones where the compiler can (GCC and Clang
// on x86), and run where the CPU has AVX2: kCpuHasAvx2.
#if defined(SOFTSPOT_SSE2) && (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define SOFTSPOT_AVX2_DISPATCH 1
namespace softspot {
inline const bool kCpuHasAvx2 = [] {
  __builtin_cpu_init();  // this initializer may run before libgcc's
  return __builtin_cpu_supports("avx2") != 0;
}();
}  // namespace softspot
#endif
