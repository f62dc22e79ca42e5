// The CUDA GEMM on a real GPU: every menu instance against the float64
// reference, the runner's argument checks, heuristic answers legalized before
// launch, cuBLAS, and the timing protocol. Skips where there is no GPU.
#include "gemm/cuda/cuda_gemm.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "device/cuda/cuda_device_info.h"
#include "gemm/cuda/cublas_gemm.h"
#include "gemm/cuda/device_buffer.h"
#include "gemm/cuda/gpu_reference.h"
#include "gemm/cuda/kernel_menu.h"
#include "gemm/cuda/menu_check.h"
#include "gemm/cuda/suite_timing.h"

namespace tv::gemm::cuda {
namespace {

class CudaGemmTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<CudaGemm>> gemm = CudaGemm::Create();
    if (!gemm.ok()) GTEST_SKIP() << "no CUDA GPU, GPU test skipped: " << gemm.status().message();
    gemm_ = std::move(*gemm);
  }
  std::unique_ptr<CudaGemm> gemm_;
};

void ExpectAllPass(const Result<CheckSummary>& summary) {
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  for (const CheckFailure& f : summary->failures) {
    ADD_FAILURE() << f.config << " on " << f.check_case << ": " << f.message;
  }
  EXPECT_GT(summary->runs, 0);
}

TEST_F(CudaGemmTest, EveryBf16InstanceMatchesTheReference) {
  CheckOptions options;
  options.dtype = DType::kBf16;
  Result<CheckSummary> summary = CheckMenu(*gemm_, StandardCheckCases(), options);
  ExpectAllPass(summary);
  size_t bf16_instances = 0;
  for (const KernelInstance& i : Menu()) bf16_instances += i.dtype == DType::kBf16 ? 1 : 0;
  EXPECT_EQ(summary->instances_run.size(), bf16_instances) << "some instance never ran";
}

TEST_F(CudaGemmTest, EveryFp16InstanceMatchesTheReference) {
  bool has_fp16 = false;
  for (const KernelInstance& i : Menu()) has_fp16 |= i.dtype == DType::kFp16;
  if (!has_fp16) GTEST_SKIP() << "built with TV_CUDA_FP16=OFF";
  CheckOptions options;
  options.dtype = DType::kFp16;
  ExpectAllPass(CheckMenu(*gemm_, StandardCheckCases(), options));
}

TEST_F(CudaGemmTest, DeepSplitKMatchesTheReference) {
  CheckOptions options;
  options.splits = {2, 7, 32};
  options.filter = [](const std::string& name) { return name.find("_v8") != std::string::npos; };
  ExpectAllPass(CheckMenu(*gemm_, {{1, 4096, 4096}, {16, 512, 3000}, {64, 256, 8192}}, options));
}

// Every case whose operands do not allow 16-byte copies (odd n or k, padded
// or misaligned rows, beta != 0), run by every 16-byte instance on aligned copies.
TEST_F(CudaGemmTest, AlignedCopiesMatchTheReference) {
  CheckOptions options;
  options.pack_b = TV_PACK_ON;
  options.filter = [](const std::string& name) { return name.find("_v8") != std::string::npos; };
  std::vector<CheckCase> cases;
  for (const CheckCase& c : StandardCheckCases()) {
    if (c.n % 8 != 0 || c.k % 8 != 0 || c.pad % 8 != 0 || c.offset % 8 != 0) cases.push_back(c);
  }
  ASSERT_GE(cases.size(), 8u);
  ExpectAllPass(CheckMenu(*gemm_, cases, options));
}

TEST_F(CudaGemmTest, BadArgumentsAreRejectedBeforeLaunch) {
  CudaGemmArgs args;
  args.m = 4;
  args.n = 4;
  args.k = 4;
  args.lda = 2;  // < k
  args.ldb = 4;
  args.ldc = 4;
  Status status = gemm_->Run(args, tv_tile_config{});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("lda"), std::string::npos) << status.message();
  args.lda = 4;
  status = gemm_->Run(args, tv_tile_config{});  // null pointers
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  args.m = 0;  // nothing to do: fine even with null pointers
  EXPECT_TRUE(gemm_->Run(args, tv_tile_config{}).ok());
}

TEST_F(CudaGemmTest, AnyHeuristicAnswerRunsCorrectlyAfterLegalization) {
  const std::vector<CheckCase> cases = {{37, 1000, 333}, {1, 14336, 256}};
  for (const CheckCase& check : cases) {
    const int64_t m = check.m;
    const int64_t n = check.n;
    const int64_t k = check.k;
    Result<DeviceBuffer> a = DeviceBuffer::Allocate(m * k * 2);
    Result<DeviceBuffer> b = DeviceBuffer::Allocate(k * n * 2);
    Result<DeviceBuffer> c = DeviceBuffer::Allocate(m * n * 2);
    Result<DeviceBuffer> ref = DeviceBuffer::Allocate(m * n * 4);
    ASSERT_TRUE(a.ok() && b.ok() && c.ok() && ref.ok());
    CudaGemmArgs args{DType::kBf16, m, n, k, 1.0f, a->get(), k, b->get(), n, 0.0f, c->get(), n};
    ASSERT_TRUE(FillRandom(a->get(), m * k, DType::kBf16, 11, gemm_->stream()).ok());
    ASSERT_TRUE(FillRandom(b->get(), k * n, DType::kBf16, 12, gemm_->stream()).ok());
    ASSERT_TRUE(ReferenceGemm(args, static_cast<float*>(ref->get()), gemm_->stream()).ok());
    const tv_tile_config answers[] = {
        {7, 100000, 3},                                          // absurd sizes
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 13, 9, 1, 1000, 77, 5},   // absurd warp/stages/split/swizzle
        {16, 64, 128, 0, 0, 0, 0, 0, 0, 0, 16, 16, 4, 8, 0, 1},  // a sensible decode answer
    };
    for (const tv_tile_config& tiles : answers) {
      ASSERT_TRUE(FillNaN(c->get(), m, n, n, DType::kBf16, gemm_->stream()).ok());
      ASSERT_TRUE(gemm_->Run(args, tiles).ok());
      ASSERT_TRUE(gemm_->Synchronize().ok());
      Result<ErrorReport> error = RelativeError(args, static_cast<const float*>(ref->get()), gemm_->stream());
      ASSERT_TRUE(error.ok());
      EXPECT_EQ(error->non_finite, 0);
      EXPECT_LT(error->relative_error, 2e-2) << check.Text();
    }
  }
}

TEST_F(CudaGemmTest, CublasAndTheTimingProtocolAgree) {
  Result<std::unique_ptr<CublasGemm>> cublas = CublasGemm::Create(gemm_->stream());
  ASSERT_TRUE(cublas.ok()) << cublas.status().message();
  SuiteOptions options;
  options.measure.reps = 3;
  options.measure.min_rep_ms = 0.2;
  const CudaSuiteShape shapes[] = {{"odd", 100, 200, 300}, {"decode", 1, 4096, 4096}};
  TileChooser chooser = [](int64_t m, int64_t n, int64_t k, const tv_device_info& device) {
    return DefaultTiles({m, n, k, DType::kBf16, MaxVectorDense(n, k)}, device);
  };
  Result<std::vector<SuiteShapeResult>> results = TimeSuite(*gemm_, cublas->get(), shapes, chooser, options);
  ASSERT_TRUE(results.ok()) << results.status().message();
  ASSERT_EQ(results->size(), 2u);
  for (const SuiteShapeResult& r : *results) {
    EXPECT_TRUE(r.ours.status.ok()) << r.shape.name << ": " << r.ours.status.message();
    EXPECT_TRUE(r.cublas.status.ok()) << r.shape.name << ": " << r.cublas.status.message();
    EXPECT_GT(r.ours.median_us, 0.0);
    EXPECT_GT(r.cublas.median_us, 0.0);
    EXPECT_GT(r.speedup_vs_cublas, 0.0);
    EXPECT_LT(r.cublas.relative_error, 2e-2);
    EXPECT_FALSE(r.config.empty());
  }
}

TEST_F(CudaGemmTest, OracleCandidatesAllRun) {
  SuiteOptions options;
  options.measure.reps = 2;
  options.measure.min_rep_ms = 0.1;
  const CudaSuiteShape shapes[] = {{"small", 16, 1024, 1024}};
  Result<std::vector<OracleShapeResult>> results = OracleSuite(*gemm_, nullptr, shapes, options);
  ASSERT_TRUE(results.ok()) << results.status().message();
  const OracleShapeResult& r = results->front();
  EXPECT_GT(r.configs.size(), 10u);
  for (const GpuTiming& t : r.configs) EXPECT_TRUE(t.status.ok()) << t.name << ": " << t.status.message();
  EXPECT_GE(r.best, 0);
}

}  // namespace
}  // namespace tv::gemm::cuda
