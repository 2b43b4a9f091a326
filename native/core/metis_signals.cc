#include "metis_signals.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>

#include "metis_imports.h"

namespace softspot {

namespace {

using Handler = void (*)(int);

// The handlers METIS "installed" on this thread (SIG_DFL, i.e. null, until it does).
thread_local Handler recorded[NSIG];

// signal() as seen by METIS: per thread, process dispositions untouched.
Handler ThreadSignal(int sig, Handler handler) {
  if (sig <= 0 || sig >= NSIG || handler == SIG_ERR) {
    errno = EINVAL;
    return SIG_ERR;
  }
  const Handler previous = recorded[sig];
  recorded[sig] = handler;
  return previous;
}

// raise() as seen by METIS: a handler this thread recorded runs here, like a signal the
// thread sent itself; GKlib's gk_sigthrow then longjmps to this thread's setjmp point.
int ThreadRaise(int sig) {
  if (sig > 0 && sig < NSIG) {
    const Handler handler = recorded[sig];
    if (handler == SIG_IGN) return 0;
    if (handler != SIG_DFL) {
      recorded[sig] = SIG_DFL;
      handler(sig);
      return 0;
    }
  }
  return raise(sig);
}

// glibc's signal() is __sysv_signal under strict ISO C (Debian's METIS), signal or
// bsd_signal otherwise.
bool IsSignalFunction(const char* name) {
  return std::strcmp(name, "signal") == 0 || std::strcmp(name, "__sysv_signal") == 0 ||
         std::strcmp(name, "sysv_signal") == 0 || std::strcmp(name, "bsd_signal") == 0;
}

bool IsRaise(const char* name) { return std::strcmp(name, "raise") == 0; }

}  // namespace

const MetisSignalsReport& ConfineMetisSignals() {
  static const MetisSignalsReport report = ConfineMetisImports({
      {IsSignalFunction, reinterpret_cast<uintptr_t>(&ThreadSignal)},
      {IsRaise, reinterpret_cast<uintptr_t>(&ThreadRaise)},
  });
  return report;
}

}  // namespace softspot
