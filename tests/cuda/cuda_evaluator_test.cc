// The CUDA evaluator (evolve/cuda/cuda_evaluator.h). Without a GPU (CI) it must
// refuse with a message that says why and what to do; with one, the example's
// Generation 0 is evaluated on two shapes and the report is checked.
#include "evolve/cuda/cuda_evaluator.h"

#include <gtest/gtest.h>

#include <string>

#include "gemm/cuda/cuda_gemm.h"

namespace tv::evolve {
namespace {

bool HasGpu(std::string* why) {
  Result<std::unique_ptr<gemm::cuda::CudaGemm>> gemm = gemm::cuda::CudaGemm::Create();
  if (!gemm.ok()) *why = gemm.status().message();
  return gemm.ok();
}

CudaEvalOptions Options() {
  CudaEvalOptions options;
  options.probe.host_path = TV_HEURISTIC_HOST_PATH;
  options.probe_shapes = 4;
  options.gpu.measure.reps = 3;
  return options;
}

TEST(CudaEvaluatorTest, BadSuiteIsAUsageErrorBeforeAnyGpuWork) {
  ProcessSandboxRunner runner;
  CudaEvalOptions options = Options();
  options.suite = "no-such-suite";
  Result<std::unique_ptr<CudaEvaluator>> e = CudaEvaluator::Make(options, runner);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("no-such-suite"), std::string::npos) << e.status().message();
  options.suite = kDefaultCudaSuite;
  options.only = "decode.1x4096x4096,nonsense";
  e = CudaEvaluator::Make(options, runner);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("nonsense"), std::string::npos) << e.status().message();
}

TEST(CudaEvaluatorTest, WithoutAGpuSaysWhyAndWhatToDo) {
  std::string why;
  if (HasGpu(&why)) GTEST_SKIP() << "a CUDA GPU is present: the no-GPU message cannot be seen here";
  ProcessSandboxRunner runner;
  Result<std::unique_ptr<CudaEvaluator>> e = CudaEvaluator::Make(Options(), runner);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(e.status().message().find("needs an NVIDIA GPU"), std::string::npos) << e.status().message();
  EXPECT_NE(e.status().message().find("cpu backend"), std::string::npos) << e.status().message();

  EvolveConfig config;
  config.backend = "cuda";
  config.suite = kDefaultCudaSuite;
  Result<std::unique_ptr<ProgramEvaluator>> program_evaluator = MakeCudaEvaluator(config, runner);
  ASSERT_FALSE(program_evaluator.ok());
  EXPECT_EQ(program_evaluator.status().code(), StatusCode::kUnavailable);
}

TEST(CudaEvaluatorTest, ScoresTheExampleOnTheGpu) {
  std::string why;
  if (!HasGpu(&why)) GTEST_SKIP() << "no CUDA GPU, GPU test skipped: " << why;
  ProcessSandboxRunner runner;
  CudaEvalOptions options = Options();
  options.only = "decode.1x4096x4096,odd.3000x5000x700";  // one train, one held-out shape
  Result<std::unique_ptr<CudaEvaluator>> e = CudaEvaluator::Make(options, runner);
  ASSERT_TRUE(e.ok()) << e.status().message();
  Result<CudaEvalReport> r =
      (*e)->Evaluate(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling_cuda/initial_program.cpp");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->report.outcome, "ok") << r->report.message;
  ASSERT_EQ(r->report.shapes.size(), 2u);
  ASSERT_EQ(r->gpu.size(), 2u);
  EXPECT_GT(r->report.combined_score, 0);
  EXPECT_GT(r->report.heldout_speedup, 0);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_FALSE(r->gpu[i].config.empty());
    EXPECT_GT(r->report.shapes[i].speedup, 0);
    // Generation 0 asks for mma.sync; what ran is its legalized instance.
    EXPECT_EQ(r->report.shapes[i].tiles.gpu_kernel, TV_GPU_KERNEL_MMA_SYNC) << r->gpu[i].config;
  }
  const nlohmann::json j = CudaEvalReportJson(*r, (*e)->device());
  EXPECT_EQ(j["backend"], "cuda");
  EXPECT_EQ(j["shapes"].size(), 2u);
  EXPECT_TRUE(j["shapes"][0].contains("gpu_tiles"));
  EXPECT_TRUE(j["shapes"][0].contains("config"));

  // Evaluated again: every pair that differs from the baseline was timed once and is remembered.
  Result<CudaEvalReport> again =
      (*e)->Evaluate(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling_cuda/initial_program.cpp");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->report.cache_misses, 0);
  EXPECT_EQ(again->report.cache_hits, r->report.cache_misses);
}

}  // namespace
}  // namespace tv::evolve
