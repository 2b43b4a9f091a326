#include "metis_imports.h"

#include <cerrno>
#include <cstring>

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define SOFTSPOT_METIS_IMPORTS_ELF 1
#include <elf.h>
#include <link.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace softspot {

namespace {

// Libraries that may contain GKlib: METIS itself, and CHOLMOD where SuiteSparse (7 and
// later) builds its copy of METIS into it. Only their imports of the chosen functions are
// redirected; a library of that name that imports none of them is left as it is.
bool CarriesMetis(const char* path) {
  return FileNameStartsWith(path, "libmetis") || FileNameStartsWith(path, "libcholmod");
}

#ifdef SOFTSPOT_METIS_IMPORTS_ELF

#if defined(__x86_64__)
constexpr uint32_t kJumpSlot = R_X86_64_JUMP_SLOT, kGlobDat = R_X86_64_GLOB_DAT;
#else
constexpr uint32_t kJumpSlot = R_AARCH64_JUMP_SLOT, kGlobDat = R_AARCH64_GLOB_DAT;
#endif

struct Walk {
  bool (*library)(const char* path);
  const std::vector<ImportRedirect>* redirects;
  ImportRedirectReport* report;
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
  if (info->dlpi_name == nullptr || !walk.library(info->dlpi_name)) return 0;
  walk.report->examined.push_back(info->dlpi_name);
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
  const std::vector<ImportRedirect>& redirects = *walk.redirects;
  RedirectedObject object{info->dlpi_name, std::vector<int>(redirects.size(), 0)};
  bool any = false;
  for (int t = 0; t < 2; ++t) {
    if (tables[t] == nullptr) continue;
    const size_t count = sizes[t] / sizeof(ElfW(Rela));
    for (size_t r = 0; r < count; ++r) {
      const ElfW(Rela)& rel = tables[t][r];
      const uint32_t type = ELF64_R_TYPE(rel.r_info);
      const uint32_t sym = ELF64_R_SYM(rel.r_info);
      if ((type != kJumpSlot && type != kGlobDat) || sym == 0) continue;
      const char* name = strtab + symtab[sym].st_name;
      for (size_t k = 0; k < redirects.size(); ++k) {
        if (!redirects[k].matches(name)) continue;
        if (Store(base + rel.r_offset, redirects[k].target, relro_begin, relro_end, walk.page_size)) {
          object.entries[k]++;
          any = true;
        } else {
          walk.report->note += std::string(info->dlpi_name) + ": cannot make the GOT writable (" +
                               std::strerror(errno) + "); ";
        }
        break;
      }
    }
  }
  if (any) walk.report->objects.push_back(std::move(object));
  return 0;
}

#endif

}  // namespace

bool FileNameStartsWith(const char* path, const char* prefix) {
  if (path == nullptr) return false;
  const char* base = std::strrchr(path, '/');
  base = base != nullptr ? base + 1 : path;
  return std::strncmp(base, prefix, std::strlen(prefix)) == 0;
}

#ifdef SOFTSPOT_METIS_IMPORTS_ELF

ImportRedirectReport RedirectImports(bool (*library)(const char* path), const char* described,
                                     const std::vector<ImportRedirect>& redirects) {
  ImportRedirectReport report;
  Walk walk{library, &redirects, &report, static_cast<uintptr_t>(sysconf(_SC_PAGESIZE))};
  dl_iterate_phdr(PatchObject, &walk);
  if (report.objects.empty() && report.note.empty()) {
    report.note = report.examined.empty()
                      ? std::string("no ") + described + " is loaded"
                      : std::string("no loaded ") + described + " imports the functions to redirect";
  }
  return report;
}

#else

ImportRedirectReport RedirectImports(bool (*)(const char*), const char*,
                                     const std::vector<ImportRedirect>&) {
  // Not an ELF platform with dl_iterate_phdr and RELA relocations that this reads (macOS
  // and Windows have no GOT of this form; 32-bit Linux uses REL).
  ImportRedirectReport report;
  report.note = "not applied on this platform (only Linux x86-64 and arm64)";
  return report;
}

#endif

ImportRedirectReport RedirectMetisImports(const std::vector<ImportRedirect>& redirects) {
  return RedirectImports(CarriesMetis, "libmetis* or libcholmod*", redirects);
}

MetisConfinementReport ConfineMetisImports(const std::vector<ImportRedirect>& redirects) {
  const ImportRedirectReport redirected = RedirectMetisImports(redirects);
  MetisConfinementReport report;
  for (const RedirectedObject& object : redirected.objects) {
    int total = 0, applied = 0;
    for (const int entries : object.entries) {
      total += entries;
      applied += entries > 0 ? 1 : 0;
    }
    report.objects.push_back(object.path);
    report.entries += total;
    if (applied == static_cast<int>(redirects.size())) report.confined = true;
  }
  report.note = redirected.note;
  if (!report.confined && report.note.empty()) {
    report.note = "no METIS library imports every function to redirect";
  }
  return report;
}

}  // namespace softspot
