#include "metis_signals.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <mutex>

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define SOFTSPOT_METIS_SIGNALS_ELF 1
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

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

#ifdef SOFTSPOT_METIS_SIGNALS_ELF

// Libraries that may contain GKlib: METIS itself, and CHOLMOD where SuiteSparse (7 and
// later) builds its copy of METIS into it. Only their imports of the functions below
// are redirected; a library of that name that imports neither is left as it is.
bool CarriesMetis(const char* path) {
  if (path == nullptr) return false;
  const char* base = std::strrchr(path, '/');
  base = base != nullptr ? base + 1 : path;
  return std::strncmp(base, "libmetis", 8) == 0 || std::strncmp(base, "libcholmod", 10) == 0;
}

// glibc's signal() is __sysv_signal under strict ISO C (Debian's METIS), signal or
// bsd_signal otherwise.
bool IsSignalFunction(const char* name) {
  return std::strcmp(name, "signal") == 0 || std::strcmp(name, "__sysv_signal") == 0 ||
         std::strcmp(name, "sysv_signal") == 0 || std::strcmp(name, "bsd_signal") == 0;
}

#if defined(__x86_64__)
constexpr uint32_t kJumpSlot = R_X86_64_JUMP_SLOT, kGlobDat = R_X86_64_GLOB_DAT;
#else
constexpr uint32_t kJumpSlot = R_AARCH64_JUMP_SLOT, kGlobDat = R_AARCH64_GLOB_DAT;
#endif

struct Walk {
  MetisSignalsReport* report;
  uintptr_t page_size;
};

// The dynamic loader of glibc stores relocated addresses in the dynamic section, musl's
// leaves the file's offsets: either way, an address below the load base is an offset.
uintptr_t Address(const ElfW(Dyn)& d, uintptr_t base) {
  const uintptr_t p = static_cast<uintptr_t>(d.d_un.d_ptr);
  return p < base ? p + base : p;
}

// Points one GOT entry at `target`. Entries inside the RELRO range the loader made
// read-only ([start, end) rounded down to pages, as ld.so protects it) are unprotected
// for the store and protected again.
bool Store(uintptr_t slot, uintptr_t target, uintptr_t relro_begin, uintptr_t relro_end,
           uintptr_t page_size) {
  auto* entry = reinterpret_cast<uintptr_t*>(slot);
  if (__atomic_load_n(entry, __ATOMIC_ACQUIRE) == target) return true;
  const bool read_only = slot >= relro_begin && slot < relro_end;
  void* page = reinterpret_cast<void*>(slot & ~(page_size - 1));
  if (read_only && mprotect(page, page_size, PROT_READ | PROT_WRITE) != 0) return false;
  __atomic_store_n(entry, target, __ATOMIC_RELEASE);
  if (read_only) mprotect(page, page_size, PROT_READ);
  return true;
}

int PatchObject(struct dl_phdr_info* info, size_t, void* data) {
  Walk& walk = *static_cast<Walk*>(data);
  if (!CarriesMetis(info->dlpi_name)) return 0;
  const uintptr_t base = info->dlpi_addr;
  const ElfW(Dyn)* dynamic = nullptr;
  uintptr_t relro_begin = 0, relro_end = 0;
  for (int k = 0; k < info->dlpi_phnum; ++k) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[k];
    if (ph.p_type == PT_DYNAMIC) dynamic = reinterpret_cast<const ElfW(Dyn)*>(base + ph.p_vaddr);
    if (ph.p_type == PT_GNU_RELRO) {
      relro_begin = (base + ph.p_vaddr) & ~(walk.page_size - 1);
      relro_end = (base + ph.p_vaddr + ph.p_memsz) & ~(walk.page_size - 1);
    }
  }
  if (dynamic == nullptr) return 0;
  const ElfW(Sym)* symtab = nullptr;
  const char* strtab = nullptr;
  const ElfW(Rela)* tables[2] = {nullptr, nullptr};
  size_t sizes[2] = {0, 0};
  bool plt_is_rela = true;
  for (const ElfW(Dyn)* d = dynamic; d->d_tag != DT_NULL; ++d) {
    switch (d->d_tag) {
      case DT_SYMTAB: symtab = reinterpret_cast<const ElfW(Sym)*>(Address(*d, base)); break;
      case DT_STRTAB: strtab = reinterpret_cast<const char*>(Address(*d, base)); break;
      case DT_JMPREL: tables[0] = reinterpret_cast<const ElfW(Rela)*>(Address(*d, base)); break;
      case DT_PLTRELSZ: sizes[0] = d->d_un.d_val; break;
      case DT_PLTREL: plt_is_rela = d->d_un.d_val == DT_RELA; break;
      case DT_RELA: tables[1] = reinterpret_cast<const ElfW(Rela)*>(Address(*d, base)); break;
      case DT_RELASZ: sizes[1] = d->d_un.d_val; break;
      default: break;
    }
  }
  if (symtab == nullptr || strtab == nullptr) return 0;
  if (!plt_is_rela) {
    walk.report->note += std::string(info->dlpi_name) + ": PLT relocations are REL, not read; ";
    return 0;
  }
  int signal_entries = 0, raise_entries = 0;
  for (int t = 0; t < 2; ++t) {
    if (tables[t] == nullptr) continue;
    const size_t count = sizes[t] / sizeof(ElfW(Rela));
    for (size_t r = 0; r < count; ++r) {
      const ElfW(Rela)& rel = tables[t][r];
      const uint32_t type = ELF64_R_TYPE(rel.r_info);
      const uint32_t sym = ELF64_R_SYM(rel.r_info);
      if ((type != kJumpSlot && type != kGlobDat) || sym == 0) continue;
      const char* name = strtab + symtab[sym].st_name;
      uintptr_t target;
      if (IsSignalFunction(name)) target = reinterpret_cast<uintptr_t>(&ThreadSignal);
      else if (std::strcmp(name, "raise") == 0) target = reinterpret_cast<uintptr_t>(&ThreadRaise);
      else continue;
      if (!Store(base + rel.r_offset, target, relro_begin, relro_end, walk.page_size)) {
        walk.report->note += std::string(info->dlpi_name) + ": cannot make the GOT writable (" +
                             std::strerror(errno) + "); ";
        continue;
      }
      (target == reinterpret_cast<uintptr_t>(&ThreadRaise) ? raise_entries : signal_entries)++;
    }
  }
  if (signal_entries + raise_entries > 0) {
    walk.report->objects.push_back(info->dlpi_name);
    walk.report->entries += signal_entries + raise_entries;
    if (signal_entries > 0 && raise_entries > 0) walk.report->confined = true;
  }
  return 0;
}

void Apply(MetisSignalsReport& report) {
  Walk walk{&report, static_cast<uintptr_t>(sysconf(_SC_PAGESIZE))};
  dl_iterate_phdr(PatchObject, &walk);
  if (report.objects.empty() && report.note.empty()) {
    report.note = "no loaded libmetis* or libcholmod* imports signal() or raise()";
  }
}

#else

void Apply(MetisSignalsReport& report) {
  // Not an ELF platform with dl_iterate_phdr and RELA relocations that this reads (macOS
  // and Windows have no GOT of this form; 32-bit Linux uses REL). METIS's handlers stay
  // process-wide there.
  report.note = "not applied on this platform (only Linux x86-64 and arm64)";
  (void)&ThreadSignal;
  (void)&ThreadRaise;
}

#endif

}  // namespace

const MetisSignalsReport& ConfineMetisSignals() {
  static MetisSignalsReport report;
  static std::once_flag once;
  std::call_once(once, [] { Apply(report); });
  return report;
}

}  // namespace softspot
