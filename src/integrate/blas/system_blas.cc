#include "integrate/blas/system_blas.h"

#include <dlfcn.h>
#include <link.h>

#include <string>
#include <vector>

namespace tv::integrate {
namespace {

// The load address of the object this code is in (libtilevolve_blas).
const void* OwnBase() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&OwnBase), &info) == 0) return nullptr;
  return info.dli_fbase;
}

bool IsOurs(void* fn) {
  Dl_info info{};
  return dladdr(fn, &info) != 0 && info.dli_fbase == OwnBase();
}

std::vector<std::string> LoadedObjectNames() {
  std::vector<std::string> names;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) {
        if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0') {
          static_cast<std::vector<std::string>*>(out)->push_back(info->dlpi_name);
        }
        return 0;
      },
      &names);
  return names;
}

// RTLD_NEXT first: it finds the system BLAS where it shares our scope (linked
// in, or libblas.so.3 is us through update-alternatives). Under LD_PRELOAD a
// program that dlopened its BLAS with RTLD_LOCAL (python's extension modules)
// keeps it out of that scope, so then every loaded object is asked in load
// order (dlopen with RTLD_NOLOAD only takes a reference) for a definition that
// is not ours.
template <typename Fn>
Fn Next(const char* name) {
  if (void* fn = dlsym(RTLD_NEXT, name); fn != nullptr && !IsOurs(fn)) return reinterpret_cast<Fn>(fn);
  for (const std::string& object : LoadedObjectNames()) {
    void* handle = dlopen(object.c_str(), RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) continue;
    void* fn = dlsym(handle, name);
    dlclose(handle);
    if (fn != nullptr && !IsOurs(fn)) return reinterpret_cast<Fn>(fn);
  }
  return nullptr;
}

}  // namespace

const SystemBlas& NextBlas() {
  static const SystemBlas blas = [] {
    SystemBlas b;
    b.cblas_sgemm = Next<CblasSgemmFn>("cblas_sgemm");
    b.sgemm = Next<FortranSgemmFn>("sgemm_");
    b.cblas_sgemv = Next<CblasSgemvFn>("cblas_sgemv");
    b.sgemv = Next<FortranSgemvFn>("sgemv_");
    return b;
  }();
  return blas;
}

}  // namespace tv::integrate
