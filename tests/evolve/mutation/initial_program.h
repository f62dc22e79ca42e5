// The text of examples/gemm_tiling/initial_program.cpp, the program the
// mutation tests mutate (TV_SOURCE_DIR is the source tree, set by CMake).
#pragma once

#include <fstream>
#include <iterator>
#include <string>

namespace tv::evolve {

inline std::string InitialProgram() {
  std::ifstream in(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp",
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace tv::evolve
