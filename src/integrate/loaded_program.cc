#include "integrate/loaded_program.h"

#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <utility>

#include "evolve/heuristic_probe.h"
#include "evolve/program_compiler.h"
#include "integrate/host_path.h"
#include "integrate/probe_shapes.h"
#include "tilevolve/heuristic.h"

namespace tv::integrate {
namespace {

// 64-bit FNV-1a of a prebuilt object's bytes, as 16 hex digits: its identity.
Result<std::string> ContentHash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  uint64_t h = 0xcbf29ce484222325ull;
  for (std::istreambuf_iterator<char> it(in), end; it != end; ++it) {
    h = (h ^ static_cast<unsigned char>(*it)) * 0x100000001b3ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string(hex);
}

Status Refuse(const std::string& path, const std::string& why) {
  return Status::InvalidArgument("heuristic program '" + path + "' was refused: " + why);
}

}  // namespace

LoadedProgram::LoadedProgram(std::string path, std::string hash, std::string object_path, void* handle,
                             ChooseTileSizeFn choose)
    : path_(std::move(path)),
      hash_(std::move(hash)),
      object_path_(std::move(object_path)),
      handle_(handle),
      choose_(choose) {}

LoadedProgram::~LoadedProgram() {
  if (handle_ != nullptr) dlclose(handle_);
}

Result<std::unique_ptr<LoadedProgram>> LoadProgram(const std::string& path, bool prebuilt,
                                                   const tv_device_info& device, const LoadOptions& options,
                                                   evolve::SandboxRunner& runner) {
  std::string object = path;
  std::string hash;
  if (prebuilt) {
    Result<std::string> content = ContentHash(path);
    if (!content.ok()) return content.status();
    hash = *content;
  } else {
    evolve::CompileOptions compile;
    compile.cache_dir = options.compile_cache_dir;
    Result<evolve::CompiledProgram> compiled = evolve::CompileProgram(path, compile, runner);
    if (!compiled.ok()) return compiled.status();
    if (!compiled->ok)
      return Refuse(path, "it does not compile (" + compiled->outcome + "):\n" + compiled->message);
    object = compiled->object_path;
    hash = compiled->hash;
  }

  evolve::ProbeOptions probe;
  probe.host_path = options.host_path.empty() ? LibraryHostPath() : options.host_path;
  const evolve::ProbeResult answer =
      evolve::ProbeHeuristic(object, LibraryProbeShapes(), device, probe, runner);
  if (answer.outcome != evolve::ProbeOutcome::kOk) {
    return Refuse(path, std::string("the sandboxed probe failed (") +
                            evolve::ProbeOutcomeName(answer.outcome) + "): " + answer.message);
  }

  void* handle = dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* err = dlerror();
    return Refuse(path, std::string("dlopen failed: ") + (err != nullptr ? err : "unknown error"));
  }
  const auto* abi = static_cast<const int*>(dlsym(handle, "tv_heuristic_abi_version"));
  auto* choose = reinterpret_cast<ChooseTileSizeFn>(dlsym(handle, "choose_tile_size"));
  if (abi == nullptr || *abi != TV_HEURISTIC_ABI_VERSION || choose == nullptr) {
    dlclose(handle);
    return Refuse(path,
                  "its object lacks choose_tile_size or was built for another heuristic ABI version "
                  "(this library speaks version " +
                      std::to_string(TV_HEURISTIC_ABI_VERSION) + "); rebuild it from source");
  }
  return std::make_unique<LoadedProgram>(path, hash, object, handle, choose);
}

}  // namespace tv::integrate
