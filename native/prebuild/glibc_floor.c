/*
 * Linked only into the self-contained prebuild (binding.gyp, SOFTSPOT_STATIC=1). Holds what
 * the addon needs of glibc to what Node.js 20 itself needs: glibc 2.28 (RHEL/Rocky/Alma 8,
 * Debian 10, Ubuntu 18.10 and newer), although it is built on Debian 12 (glibc 2.36).
 *
 * A program linked against a newer glibc takes the newest version of every symbol it uses.
 * For the few the addon uses whose newest version is later than 2.28, glibc keeps the older
 * version as well, and it is the same code or the same computation:
 *
 *   pthread_create, pthread_join, pthread_setaffinity_np   2.34: moved from libpthread into
 *       libc, same functions (the old versions are aliases of the new ones in glibc >= 2.34);
 *   pthread_getaffinity_np   2.32: an alias of the 2.3.4 version (x86-64);
 *   log, pow   2.29: the same computation without the SVID error-handling wrapper (errno
 *       and the returned value are equal for every argument since glibc 2.27 dropped the
 *       SVID modes), so numbers are bit for bit those of the newest version.
 *
 * The link wraps these names (-Wl,--wrap=NAME in binding.gyp): every reference in the addon
 * and in the static archives (OpenBLAS, CHOLMOD, libstdc++) goes to __wrap_NAME below, which
 * calls the old version through .symver. arc4random (2.36) has no older version: it is
 * reached only from std::random_device, which the addon never uses but the static libstdc++
 * links in (its copy-on-write string instantiations name it), and is answered from
 * getrandom (2.25), as glibc's own does. __libc_single_threaded (2.32), which libstdc++'s
 * headers read to skip atomic operations in a single-threaded process, is answered by a
 * constant "not single-threaded": always atomic, which is correct in any process.
 * scripts/prebuild.sh rejects a prebuild that still needs a version later than 2.28, and
 * test/prebuild.test.ts checks the committed ones.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

#define HIDDEN __attribute__((visibility("hidden")))

#if defined(__x86_64__)
#define GLIBC_BASE "GLIBC_2.2.5"
#define GLIBC_AFFINITY "GLIBC_2.3.4"
#elif defined(__aarch64__)
#define GLIBC_BASE "GLIBC_2.17"
#define GLIBC_AFFINITY "GLIBC_2.17"
#else
#error "glibc_floor.c knows the symbol versions of x86-64 and aarch64 only"
#endif

/* old_NAME refers to NAME@VERSION (an undefined symbol: GNU as binds every reference to it). */
#define OLD_VERSION(name, version) __asm__(".symver softspot_old_" #name "," #name "@" version)

extern int softspot_old_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
extern int softspot_old_pthread_join(pthread_t, void **);
extern int softspot_old_pthread_setaffinity_np(pthread_t, size_t, const cpu_set_t *);
extern int softspot_old_pthread_getaffinity_np(pthread_t, size_t, cpu_set_t *);
extern double softspot_old_log(double);
extern double softspot_old_pow(double, double);
OLD_VERSION(pthread_create, GLIBC_BASE);
OLD_VERSION(pthread_join, GLIBC_BASE);
OLD_VERSION(pthread_setaffinity_np, GLIBC_AFFINITY);
OLD_VERSION(pthread_getaffinity_np, GLIBC_AFFINITY);
OLD_VERSION(log, GLIBC_BASE);
OLD_VERSION(pow, GLIBC_BASE);

HIDDEN int __wrap_pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg) {
  return softspot_old_pthread_create(thread, attr, start, arg);
}
HIDDEN int __wrap_pthread_join(pthread_t thread, void **result) { return softspot_old_pthread_join(thread, result); }
HIDDEN int __wrap_pthread_setaffinity_np(pthread_t thread, size_t size, const cpu_set_t *set) {
  return softspot_old_pthread_setaffinity_np(thread, size, set);
}
HIDDEN int __wrap_pthread_getaffinity_np(pthread_t thread, size_t size, cpu_set_t *set) {
  return softspot_old_pthread_getaffinity_np(thread, size, set);
}
HIDDEN double __wrap_log(double x) { return softspot_old_log(x); }
HIDDEN double __wrap_pow(double x, double y) { return softspot_old_pow(x, y); }

HIDDEN char __wrap___libc_single_threaded = 0;

HIDDEN uint32_t __wrap_arc4random(void) {
  uint32_t value;
  for (;;) {
    ssize_t got = getrandom(&value, sizeof value, 0);
    if (got == (ssize_t)sizeof value) return value;
    if (got < 0 && errno != EINTR) abort(); /* no entropy source at all (Linux < 3.17) */
  }
}
