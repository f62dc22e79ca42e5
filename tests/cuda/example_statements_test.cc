// The CUDA example's offline statements (examples/gemm_tiling_cuda/config.yaml)
// are meant to carry the branches of DefaultTiles on Hopper, so that evolution
// can reach the engine's default from Generation 0 and then improve on it. If
// DefaultTiles changes and the statements do not, this test says so. No GPU:
// the program is asked for tiles in the sandboxed host, with an H100's device
// info, and both answers are legalized on the host.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/suite.h"
#include "evolve/config/evolve_config.h"
#include "evolve/program_tiles.h"
#include "gemm/cuda/legalize.h"
#include "h100_device_info.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

using tv::cuda_test::H100Like;

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(TV_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The initial program with `statements` inserted before its `return tiles;`, in order.
std::string WithStatements(std::string program, const std::string& insert_before,
                           const std::vector<std::string>& statements) {
  const size_t at = program.find(insert_before);
  if (at == std::string::npos) return "";
  std::string inserted;
  for (const std::string& s : statements) inserted += s + "\n  ";
  program.insert(at, inserted);
  return program;
}

TEST(CudaExampleStatements, InsertedInAnyOrderTheyChooseWhatDefaultTilesChooses) {
  if (std::system("c++ --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no c++ compiler in PATH";
  Result<LoadedConfig> loaded =
      LoadEvolveConfig(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling_cuda/config.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const MutatorConfig& mutator = loaded->config.mutator;
  // The statements that pick a kernel family are DefaultTiles' branches.
  std::vector<std::string> branches;
  for (const std::string& s : mutator.statements) {
    if (s.find("tiles.gpu_kernel =") != std::string::npos) branches.push_back(s);
  }
  ASSERT_GE(branches.size(), 2u);
  std::vector<std::string> reversed(branches.rbegin(), branches.rend());

  Result<bench::Suite> suite = bench::LoadSuite(std::string(TV_SOURCE_DIR) + "/suites/gpu-evolve.yaml");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  std::vector<ProbeShape> shapes;
  for (const bench::SuiteShape& s : suite->shapes) {
    // wgmma and the stream kernels need n and k multiples of 8; elsewhere the
    // statements ask for a family that cannot run and legalize falls back.
    if (s.n % 8 == 0 && s.k % 8 == 0) {
      shapes.push_back({static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k)});
    }
  }
  ASSERT_GE(shapes.size(), 20u);

  const fs::path dir =
      fs::path(::testing::TempDir()) / ("tv_cuda_example_branches_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string initial = ReadSource("examples/gemm_tiling_cuda/initial_program.cpp");
  const tv_device_info device = H100Like();
  ProcessSandboxRunner runner;
  ProbeOptions probe;
  probe.host_path = TV_HEURISTIC_HOST_PATH;
  CompileOptions compile;
  compile.cache_dir = (dir / "cache").string();
  for (const auto& [name, order] : {std::pair{"forward", branches}, std::pair{"reversed", reversed}}) {
    const std::string program = WithStatements(initial, mutator.insert_before, order);
    ASSERT_FALSE(program.empty()) << "no '" << mutator.insert_before << "' in the initial program";
    const fs::path path = dir / (std::string(name) + ".cpp");
    std::ofstream(path) << program;
    Result<std::vector<tv_tile_config>> answers =
        AskProgramForTiles(path.string(), shapes, device, runner, compile, probe);
    ASSERT_TRUE(answers.ok()) << name << ": " << answers.status().message();
    ASSERT_EQ(answers->size(), shapes.size());
    for (size_t i = 0; i < shapes.size(); ++i) {
      const gemm::cuda::CudaProblem problem{shapes[i].m, shapes[i].n, shapes[i].k, gemm::cuda::DType::kBf16,
                                            8};
      Result<gemm::cuda::LegalConfig> asked = gemm::cuda::Legalize((*answers)[i], problem, device);
      Result<gemm::cuda::LegalConfig> fallback = gemm::cuda::Legalize(tv_tile_config{}, problem, device);
      ASSERT_TRUE(asked.ok() && fallback.ok());
      EXPECT_EQ(gemm::cuda::ConfigName(*asked), gemm::cuda::ConfigName(*fallback))
          << name << ", " << shapes[i].m << "x" << shapes[i].n << "x" << shapes[i].k
          << ": the example's statements no longer say what DefaultTiles says (src/gemm/cuda/legalize.cc)";
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tv::evolve
