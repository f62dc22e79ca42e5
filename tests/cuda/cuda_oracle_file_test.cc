// The GPU oracle's kept file (evolve/cuda/cuda_oracle_file.h): merged by shape,
// read back for the evaluator's oracle_fraction; bad files are refused by name.
#include "evolve/cuda/cuda_oracle_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace tv::evolve::cuda {
namespace {

nlohmann::json Record(int64_t m, const std::string& best, double speedup) {
  return {{"name", best},
          {"m", m},
          {"n", 64},
          {"k", 128},
          {"best_config", best},
          {"best_tiles", {{"bm", 128}, {"bn", 256}, {"bk", 64}, {"kernel", "wgmma"}}},
          {"baseline_config", "base"},
          {"speedup_vs_baseline", speedup}};
}

TEST(CudaOracleFileTest, MergesByShapeAndReadsBack) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tv_cuda_oracle_test." + std::to_string(getpid()));
  const std::string path = (dir / "sub" / "gpu.json").string();
  ASSERT_TRUE(MergeCudaOracle(path, nlohmann::json::array({Record(1, "a", 1.5), Record(2, "b", 1.1)}),
                              {{"gpu_name", "X"}})
                  .ok());
  ASSERT_TRUE(MergeCudaOracle(path, nlohmann::json::array({Record(2, "c", 1.25)}), {{"gpu_name", "X"}}).ok());
  Result<std::map<ShapeKey, CudaOracleEntry>> read = ReadCudaOracle(path);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 2u);
  const CudaOracleEntry& one = read->at(ShapeKey{1, 64, 128});
  EXPECT_EQ(one.best_config, "a");
  EXPECT_DOUBLE_EQ(one.speedup_vs_baseline, 1.5);
  EXPECT_EQ(one.best.gpu_kernel, TV_GPU_KERNEL_WGMMA);
  EXPECT_EQ(one.best.nc, 256);
  EXPECT_EQ(read->at(ShapeKey{2, 64, 128}).best_config, "c");  // replaced, not duplicated
}

TEST(CudaOracleFileTest, MissingAndMalformedFilesSaySo) {
  const std::string missing = "/nonexistent/tv/cuda-oracle.json";
  EXPECT_EQ(ReadCudaOracle(missing).status().code(), StatusCode::kNotFound);
  const std::string bad =
      (std::filesystem::temp_directory_path() / ("tv_cuda_oracle_bad." + std::to_string(getpid()))).string();
  std::ofstream(bad) << "{\"not\": \"an oracle\"}";
  Result<std::map<ShapeKey, CudaOracleEntry>> read = ReadCudaOracle(bad);
  std::filesystem::remove(bad);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("run the oracle again"), std::string::npos)
      << read.status().message();
}

TEST(CudaOracleFileTest, PathIsPerGpuName) {
  tv_device_info d{};
  std::snprintf(d.gpu_name, sizeof d.gpu_name, "%s", "NVIDIA H100 80GB HBM3");
  const std::string path = CudaOraclePath(d);
  EXPECT_NE(path.find("/cuda-oracle/NVIDIA_H100_80GB_HBM3.json"), std::string::npos) << path;
}

}  // namespace
}  // namespace tv::evolve::cuda
