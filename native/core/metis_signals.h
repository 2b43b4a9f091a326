// ConfineMetisSignals: keeps METIS's error recovery on the thread that runs METIS, so that
// METIS never changes how the process handles SIGTERM and SIGABRT.
//
// Why. METIS 5.1 (its GKlib) recovers from errors with signals: around every ordering
// (METIS_NodeND, METIS_ComputeVertexSeparator, which CHOLMOD calls for 'metis', 'nesdis'
// and 'best') gk_sigtrap() installs gk_sigthrow for SIGTERM and SIGABRT with signal(),
// which sets the handler of the whole process, and gk_siguntrap() puts the previous one
// back; on an error (a failed malloc) gk_errexit() raise()s the signal and gk_sigthrow
// longjmp()s to the thread's own setjmp point. So while any thread orders, a SIGTERM sent
// to the process runs gk_sigthrow on whichever thread the kernel picks: on a thread that
// is not in METIS (the Node main thread) it longjmps through an unset jump buffer (SIGSEGV,
// exit 139); on the ordering thread it is swallowed as a METIS error, or deadlocks when it
// interrupts malloc. Two threads ordering at once also save each other's handler, so
// gk_sigthrow can stay installed for the rest of the process.
//
// What. Each GKlib-carrying library (libmetis, and libcholmod where SuiteSparse builds
// METIS into it) reaches signal() and raise() through its own GOT. Those entries are
// pointed, once per process (RedirectMetisImports, metis_imports.h), at two replacements:
//   signal(sig, h)  records h in a table of the calling thread and returns the previous
//                   entry (initially SIG_DFL); the process's dispositions are not touched;
//   raise(sig)      if the calling thread recorded a handler for sig, resets the entry to
//                   SIG_DFL (signal()'s System V one-shot semantics) and calls the handler
//                   directly on this thread, which is what the kernel would have done for
//                   a raise() (a signal sent to the calling thread itself); otherwise the
//                   real raise().
// METIS's synchronous error recovery is thus unchanged, and an asynchronous SIGTERM or
// SIGINT always meets Node's (or the default) handler: the process ends with 143 / 130.
// Nothing else in the process is affected: only those libraries' GOT entries change.
//
// Cost. One walk over the loaded objects' relocation tables at the first call (tens of
// microseconds); afterwards every call returns the cached report. Thread-safe, idempotent
// (the addon calls it from every Node environment, i.e. every worker thread).
//
// How it fails. It never throws. Where it cannot apply, it changes nothing and says why in
// the report (metis_imports.h lists the cases: macOS and Windows, REL relocations, no METIS
// loaded, a GOT page that cannot be made writable); on macOS METIS behaves the same, so the
// fault stays there. A METIS linked statically into another object with its symbols hidden
// would also be missed; the report then lists no object and the test suite's check of the
// report fails on Linux x86-64 / arm64.
#pragma once

#include "metis_imports.h"

namespace softspot {

// confined: a signal() and a raise() import of a METIS-carrying library now point at the
// thread-local replacements.
using MetisSignalsReport = MetisConfinementReport;

// Applies the confinement on the first call (process-wide), returns the report.
const MetisSignalsReport& ConfineMetisSignals();

}  // namespace softspot
