// What the mutation tests share: the text of examples/gemm_tiling/initial_program.cpp
// (the program they mutate; TV_SOURCE_DIR is the source tree, set by CMake) and
// running a shell command to compile and run mutated programs.
#pragma once

#include <stdio.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace tv::evolve {

inline std::string InitialProgram() {
  std::ifstream in(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp",
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

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

}  // namespace tv::evolve
