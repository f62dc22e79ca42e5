// Compiling a heuristic program (one C++ file implementing
// include/tilevolve/heuristic.h) to a shared object, cached by content.
//
// The compiler itself runs in the sandbox (a program can make a compiler hang
// or eat memory: `#include "/dev/zero"`, template bombs), with fixed flags:
//   c++ -std=c++20 -O2 -fPIC -shared -I<cache>/include -include tilevolve/heuristic.h
//       PROGRAM abi_check.cc -Wl,--no-undefined -o <hash>.so
// abi_check.cc takes choose_tile_size's address with the ABI's exact signature,
// so a program that lacks the function, or defines it with another signature,
// fails to link with a message naming it.
//
// The cache key is a hash of everything that can change the object: the
// program text, the public headers (written into <cache>/include from copies
// compiled into tilevolve, so no source tree is needed), the flags and the
// compiler's identity (`c++ --version`). The same source never compiles twice:
// a successful compile leaves <hash>.so, a failed one <hash>.failed holding the
// compiler's message, and both are reused. Objects are written to a temporary
// name and renamed, so concurrent compiles of the same program are safe and a
// killed compile leaves nothing half-written under the final name.
//
// Compiling never loads the object: untrusted code is only ever loaded inside
// a sandboxed child (evolve/heuristic_probe.h).
#pragma once

#include <string>

#include "core/status.h"
#include "evolve/sandbox.h"

namespace tv::evolve {

struct CompileOptions {
  std::string cache_dir;         // empty: DefaultProgramCacheDir()
  std::string compiler = "c++";  // a path or a name looked up in PATH
  SandboxLimits limits;          // defaults set by the constructor: 60 s wall, 4 GiB address space
  CompileOptions();
};

struct CompiledProgram {
  bool ok = false;          // false: the program did not compile (message says why)
  std::string hash;         // 32 hex digits: the cache key
  std::string object_path;  // <cache>/<hash>.so when ok
  std::string message;      // when !ok: the compiler's diagnostics (capped), or why it could not run
  std::string outcome;      // "ok", "compile_failed", or the sandbox outcome name of a compiler that
                            // timed out / hit a limit ("timed_out", "memory_limit", ...)
  bool cached = false;      // served from the cache without running the compiler
  double seconds = 0;       // wall time of this call
};

// <cache root>/programs (core/cache_dir.h).
std::string DefaultProgramCacheDir();

// Compiles `program_path`. Returns a non-ok Status only when compiling could not
// even be attempted (the program file cannot be read, the cache dir cannot be
// created); a program that does not compile is an ok Result with ok == false.
Result<CompiledProgram> CompileProgram(const std::string& program_path, const CompileOptions& options,
                                       SandboxRunner& runner);

}  // namespace tv::evolve
