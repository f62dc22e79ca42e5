// Which heuristic program enable_optimizations() loads.
//
// An explicit path is used as given: X.cpp (compiled), or X.so (prebuilt); when
// X.cpp does not exist but X.so does, X.so. With no path, the first that exists of
//   $TILEVOLVE_PROGRAM (set but missing is an error, not a silent skip),
//   ./best_program.cpp, ./tilevolve_output/best/best_program.cpp,
// each with its prebuilt .so when the source is absent.
#pragma once

#include <string>

#include "core/status.h"

namespace tv::integrate {

struct FoundProgram {
  std::string path;       // the file to load
  bool prebuilt = false;  // a shared object: validated, not compiled
};

// NotFound with every path tried when nothing exists.
Result<FoundProgram> FindProgram(const std::string& explicit_path);

// X.fallback.json beside X.cpp or X.so.
std::string FallbackTablePathFor(const std::string& program_path);

}  // namespace tv::integrate
