// What the mutation tests share: the text of examples/gemm_tiling/initial_program.cpp
// (the program they mutate; TV_SOURCE_DIR is the source tree, set by CMake),
// running a shell command, and checking that mutated programs compile.
#pragma once

#include <stdio.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace tv::evolve {

// The text of a file of the source tree, e.g. "examples/gemm_tiling/initial_program.cpp".
inline std::string SourceText(const std::string& relative_path) {
  std::ifstream in(std::string(TV_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string InitialProgram() { return SourceText("examples/gemm_tiling/initial_program.cpp"); }

// Runs `command` with /bin/sh; its stdout, and in *status pclose's status (-1
// when it could not start).
inline std::string ShellOutput(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return out;
  }
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  *status = ::pclose(pipe);
  return out;
}

// Checks every DIR/PATTERN file with `c++ -std=c++20 -fsyntax-only FLAGS -I include`
// and returns the compiler's output for those that fail (empty: all compile).
inline std::string SyntaxCheckFailures(const std::string& dir, const std::string& pattern,
                                       const std::string& flags, int* status) {
  return ShellOutput("cd '" + dir + "' && for f in " + pattern + "; do c++ -std=c++20 -fsyntax-only " +
                         flags + " -I '" + std::string(TV_SOURCE_DIR) +
                         "/include' \"$f\" > \"$f.log\" 2>&1 || { echo \"$f:\"; cat \"$f.log\"; }; done",
                     status);
}

}  // namespace tv::evolve
