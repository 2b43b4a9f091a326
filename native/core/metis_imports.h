// RedirectMetisImports: points chosen C-library imports of the libraries that carry METIS
// (its GKlib) at replacements of ours, leaving every other object of the process alone.
// RedirectImports does the same for another kind of library (cholmod_openmp.h: CHOLMOD's
// OpenMP runtime imports).
//
// Why. METIS 5.1 keeps two kinds of process-wide state that a multi-threaded Node process
// cannot share: the signal handlers of its error recovery (metis_signals.h) and the random
// generator of its orderings (metis_random.h). Both are reached through libc functions
// (signal/raise, srand/rand) that a library calls through its own GOT, so redirecting those
// entries changes what METIS sees and nothing else.
//
// What. One walk over the loaded objects (dl_iterate_phdr). In each library whose file name
// starts with libmetis or libcholmod (SuiteSparse 7 and later build METIS into CHOLMOD), the
// JUMP_SLOT and GLOB_DAT relocations of the named functions are pointed at the targets;
// entries in the RELRO range are unprotected for the store and protected again.
//
// How it fails. It never throws: where it cannot apply it changes nothing and says why in
// the report (not an ELF platform with dl_iterate_phdr: macOS, Windows; REL instead of RELA
// relocations: 32-bit x86/ARM; a GOT page that cannot be made writable). A METIS linked
// statically into another object with its symbols hidden is not seen: the report then lists
// no object.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace softspot {

struct ImportRedirect {
  // Whether an imported function's name is one to redirect (e.g. "signal", "__sysv_signal").
  bool (*matches)(const char* name);
  // The address the matching GOT entries are given.
  uintptr_t target;
};

struct RedirectedObject {
  std::string path;          // as loaded
  std::vector<int> entries;  // GOT entries redirected, per ImportRedirect
};

struct ImportRedirectReport {
  std::vector<std::string> examined;      // the libraries of the chosen kind loaded (paths)
  std::vector<RedirectedObject> objects;  // those with any redirected entry
  std::string note;                       // why nothing (or not everything) was done
};

// Applies the redirects now, in the libraries loaded at this moment that `library` accepts
// (given the path as loaded; `described` names them in the report's note). Idempotent (an
// entry that already holds its target is left as it is); callers run it once per process.
ImportRedirectReport RedirectImports(bool (*library)(const char* path), const char* described,
                                     const std::vector<ImportRedirect>& redirects);

// Whether the file name of `path` (after its last '/') starts with `prefix`; false for null.
bool FileNameStartsWith(const char* path, const char* prefix);

// RedirectImports in the libraries that may carry METIS: libmetis*, libcholmod*.
ImportRedirectReport RedirectMetisImports(const std::vector<ImportRedirect>& redirects);

// What a confinement of METIS's state to threads did (metis_signals.h, metis_random.h).
struct MetisConfinementReport {
  // True when, in at least one METIS-carrying library, every one of the redirects found an
  // import to redirect: that state is now per thread.
  bool confined = false;
  // The libraries patched (paths as loaded) and how many GOT entries were redirected.
  std::vector<std::string> objects;
  int entries = 0;
  // Why nothing was done, or what was skipped; empty when everything applied.
  std::string note;
};

// RedirectMetisImports, summarized.
MetisConfinementReport ConfineMetisImports(const std::vector<ImportRedirect>& redirects);

}  // namespace softspot
