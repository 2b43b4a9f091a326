/*
 * Linked only into the self-contained prebuild (binding.gyp, SOFTSPOT_STATIC=1; see
 * scripts/find-suitesparse.cjs). Everything here is hidden: nothing leaves the addon.
 *
 * 1. stdio. Debian's static SuiteSparse archives are position-dependent code that reaches
 *    glibc's `stdout` / `stderr` through PC-relative relocations, which a shared object
 *    cannot satisfy. The build links copies of the archives in which those two symbols are
 *    renamed to the pointers below, set from the real streams when the addon is loaded.
 *
 * 2. OpenMP. CHOLMOD's supernodal numeric factorization has one OpenMP loop (copying the
 *    supernode into the factor). libgomp cannot be linked statically into a shared object
 *    (local-exec TLS), and bundling libgomp.so.1 would add a file and a thread pool, so that
 *    loop runs serially through this minimal, conforming one-thread runtime. Any
 *    other OpenMP entry point is left undefined, which scripts/prebuild.sh's symbol check
 *    rejects: it fails the prebuild, never a user's run.
 */
#include <stdio.h>

#define HIDDEN __attribute__((visibility("hidden")))

/* 1. stdio */
HIDDEN FILE *softspot_libc_stdout;
HIDDEN FILE *softspot_libc_stderr;

__attribute__((constructor)) static void softspot_init_stdio(void) {
  softspot_libc_stdout = stdout;
  softspot_libc_stderr = stderr;
}

/* 2. OpenMP with one thread: a parallel region is one call of its body. */
HIDDEN void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
  (void)num_threads;
  (void)flags;
  fn(data);
}
HIDDEN int omp_get_num_threads(void) { return 1; }
HIDDEN int omp_get_thread_num(void) { return 0; }
HIDDEN int omp_get_max_threads(void) { return 1; }
