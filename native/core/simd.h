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
