// A heuristic program the library trusts: compiled (cached), validated in the
// sandbox on LibraryProbeShapes(), then loaded into this process.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "evolve/sandbox.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::integrate {

using ChooseTileSizeFn = tv_tile_config (*)(int m, int n, int k, const tv_device_info* device);

class LoadedProgram {
 public:
  LoadedProgram(std::string path, std::string hash, std::string object_path, void* handle,
                ChooseTileSizeFn choose);
  ~LoadedProgram();  // dlcloses the object
  LoadedProgram(const LoadedProgram&) = delete;
  LoadedProgram& operator=(const LoadedProgram&) = delete;

  const std::string& path() const { return path_; }
  const std::string& hash() const { return hash_; }
  const std::string& object_path() const { return object_path_; }
  tv_tile_config Choose(int m, int n, int k, const tv_device_info& device) const {
    return choose_(m, n, k, &device);
  }

 private:
  std::string path_;
  std::string hash_;
  std::string object_path_;
  void* handle_;
  ChooseTileSizeFn choose_;
};

struct LoadOptions {
  std::string compile_cache_dir;  // empty: the default program cache (~/.cache/tilevolve/programs)
  std::string host_path;          // empty: LibraryHostPath()
};

// `path` is a program source (compiled through evolve::CompileProgram) or, when
// `prebuilt`, a shared object. Any failure (does not compile, misbehaves in the
// probe, cannot be loaded) is an InvalidArgument saying which step refused it
// and why; the object is never loaded into this process unless the probe passed.
Result<std::unique_ptr<LoadedProgram>> LoadProgram(const std::string& path, bool prebuilt,
                                                   const tv_device_info& device, const LoadOptions& options,
                                                   evolve::SandboxRunner& runner);

}  // namespace tv::integrate
