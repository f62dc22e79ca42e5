// Legalization and the menu: pure host logic, runs without a GPU.
#include "gemm/cuda/legalize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "gemm/cuda/kernel_menu.h"
#include "h100_device_info.h"

namespace tv::gemm::cuda {
namespace {

using tv::cuda_test::H100Like;

// False where the build left the fp16 kernels out (TV_CUDA_FP16=OFF).
bool MenuHasFp16() {
  for (const KernelInstance& i : Menu()) {
    if (i.dtype == DType::kFp16) return true;
  }
  return false;
}

bool SameLegal(const LegalConfig& a, const LegalConfig& b) {
  return a.instance == b.instance && a.split_k == b.split_k && a.k_tiles_per_split == b.k_tiles_per_split &&
         a.swizzle == b.swizzle && a.aligned_copies == b.aligned_copies;
}

TEST(CudaMenu, NamesAreUniqueAndDescribeTheInstance) {
  std::set<std::string> names;
  for (const KernelInstance& i : Menu()) {
    EXPECT_TRUE(names.insert(i.name).second) << i.name;
    const std::string expected = std::string("_") + DTypeName(i.dtype) + "_" + std::to_string(i.bm) + "x" +
                                 std::to_string(i.bn) + "x" + std::to_string(i.bk) + "_w" +
                                 std::to_string(i.wm) + "x" + std::to_string(i.wn) + "_s" +
                                 std::to_string(i.stages) + "_v" + std::to_string(i.vector);
    const std::string family = i.name.substr(0, i.name.size() - expected.size());
    EXPECT_TRUE(i.name.ends_with(expected)) << i.name << " does not end with " << expected;
    switch (i.family) {
      case TV_GPU_KERNEL_MMA_SYNC:
        EXPECT_EQ(family, "mma") << i.name;
        EXPECT_EQ(i.threads, (i.bm / i.wm) * (i.bn / i.wn) * 32) << i.name << ": one warp per warp tile";
        break;
      case TV_GPU_KERNEL_WGMMA:
        EXPECT_TRUE(family == "wgmma" || family == "wgmma_tma") << i.name;
        EXPECT_EQ(i.threads, (i.bm / 64 + (family == "wgmma_tma" ? 1 : 0)) * 128)
            << i.name << ": one warpgroup per 64 rows (+ a producer one with TMA)";
        break;
      case TV_GPU_KERNEL_STREAM:
        EXPECT_TRUE(family == "stream" || family == "stream_mma") << i.name;
        EXPECT_EQ(i.wm, i.bm) << i.name
                              << ": each thread (warp, with tensor cores) keeps every row of the tile";
        if (family == "stream") {
          EXPECT_EQ(i.wn, 8) << i.name << ": 8 columns (16 bytes of B) per thread";
          EXPECT_EQ(i.bk, i.threads / (i.bn / 8))
              << i.name << ": a pass is a row per group of bn / 8 threads";
        } else {
          EXPECT_EQ(i.wn, i.bn) << i.name << ": every warp covers all columns of the tile";
          EXPECT_TRUE(i.bm == 8 || i.bm == 16) << i.name;
          EXPECT_EQ(i.bk, 16 * i.threads / 32) << i.name << ": a pass is 16 rows of B per warp";
        }
        EXPECT_EQ(i.vector, 8) << i.name;
        break;
      default:
        ADD_FAILURE() << i.name << " has family " << i.family;
    }
    EXPECT_LE(i.smem_bytes, 227 * 1024) << i.name;
    EXPECT_NE(i.launch, nullptr) << i.name;
    EXPECT_EQ(FindInstance(i.name), &i);
  }
  EXPECT_EQ(FindInstance("mma_bf16_no_such"), nullptr);
}

TEST(CudaMenu, EveryTypeHasAnInstanceForEveryCopyWidth) {
  for (DType dtype : {DType::kBf16, DType::kFp16}) {
    if (dtype == DType::kFp16 && !MenuHasFp16()) continue;
    for (int vector : {8, 4, 2, 1}) {
      bool found = false;
      for (const KernelInstance& i : Menu()) found |= i.dtype == dtype && i.vector == vector;
      EXPECT_TRUE(found) << DTypeName(dtype) << " v" << vector;
    }
  }
}

TEST(CudaLegalize, AllAutoTakesTheDefaultTiles) {
  const tv_device_info device = H100Like();
  const CudaProblem decode{1, 4096, 4096, DType::kBf16, 8};
  Result<LegalConfig> legal = Legalize(tv_tile_config{}, decode, device);
  ASSERT_TRUE(legal.ok()) << legal.status().message();
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_STREAM) << "one row streams B";
  EXPECT_EQ(legal->instance->bm, 1);
  EXPECT_EQ(legal->split_k, 1) << "4096 / 32 = 128 CTAs already cover the SMs";
  const CudaProblem decode16{16, 4096, 4096, DType::kBf16, 8};
  legal = Legalize(tv_tile_config{}, decode16, device);
  ASSERT_TRUE(legal.ok()) << legal.status().message();
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_STREAM) << "16 rows stream B through the tensor cores";
  EXPECT_EQ(legal->instance->bm, 16);
  EXPECT_EQ(legal->instance->wn, legal->instance->bn) << legal->instance->name;
  EXPECT_EQ(legal->split_k, 1) << "4096 / 32 = 128 CTAs already cover the SMs";
  legal = Legalize(tv_tile_config{}, {2, 4096, 4096, DType::kBf16, 8}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->name.rfind("stream_mma_", 0), 0u) << legal->instance->name;
  EXPECT_EQ(legal->instance->bm, 8) << "up to 8 rows: tiles of 8 rows";
  legal = Legalize(tv_tile_config{}, {1, 14336, 4096, DType::kBf16, 8}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_STREAM) << "one row and wide n on Hopper streams B too";
  EXPECT_EQ(legal->instance->bn, 64) << legal->instance->name;
  EXPECT_EQ(legal->split_k, 1) << "14336 / 64 = 224 CTAs cover the SMs";
  legal = Legalize(tv_tile_config{}, {4, 14336, 4096, DType::kBf16, 8}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_WGMMA) << "a few rows and wide n on Hopper: wgmma";
  tv_device_info ampere = device;
  ampere.gpu_cc_major = 8;
  legal = Legalize(tv_tile_config{}, decode16, ampere);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_STREAM) << "mma.sync and movmatrix: any sm_80+ device";
  legal = Legalize(tv_tile_config{}, {16, 4096, 4096, DType::kBf16, 4}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_MMA_SYNC) << "narrow copies: 16-row mma.sync tiles";
  EXPECT_EQ(legal->instance->bm, 16);
  EXPECT_GT(legal->split_k, 1) << "a grid that leaves most of 132 SMs idle: decode splits K";
  legal = Legalize(tv_tile_config{}, {1, 14336, 4096, DType::kBf16, 8}, ampere);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_STREAM);
  EXPECT_EQ(legal->instance->bn, 64) << "wide n: 256-thread CTAs of 64 columns";
  EXPECT_EQ(legal->instance->threads, 256);
  legal = Legalize(tv_tile_config{}, {1, 4096, 4096, DType::kBf16, 4}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_MMA_SYNC) << "the stream kernel needs 16-byte copies";
  const CudaProblem prefill{4096, 4096, 4096, DType::kBf16, 8};
  legal = Legalize(tv_tile_config{}, prefill, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_GE(legal->instance->bm, 128);
  EXPECT_EQ(legal->split_k, 1);
  EXPECT_EQ(ToTileConfig(*legal).gpu_kernel, legal->instance->family);
  // 32 tiles of 128 x 128 for 132 SMs: 128 x 64 tiles (64 CTAs) instead of split-K.
  legal = Legalize(tv_tile_config{}, {4096, 128, 4096, DType::kBf16, 8}, device);
  ASSERT_TRUE(legal.ok());
  if (legal->instance->family == TV_GPU_KERNEL_WGMMA) {
    EXPECT_EQ(legal->instance->bn, 64) << legal->instance->name;
    EXPECT_EQ(legal->split_k, 1);
  }
}

TEST(CudaLegalize, SnapsToTheNearestInstance) {
  tv_tile_config want{};
  want.mc = 120;  // nearest: 128
  want.nc = 250;  // nearest: 256
  want.kc = 40;   // nearest: 32
  Result<LegalConfig> legal = Legalize(want, {2048, 4096, 4096, DType::kBf16, 8}, H100Like());
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->bm, 128);
  EXPECT_EQ(legal->instance->bn, 256);
  EXPECT_EQ(legal->instance->bk, 32);
  EXPECT_EQ(ConfigName(*legal), legal->instance->name + "_k1_g0");
}

TEST(CudaLegalize, TheOperandsDecideTheCopyWidth) {
  const tv_device_info device = H100Like();
  for (int vector : {8, 4, 2, 1}) {
    Result<LegalConfig> legal = Legalize(tv_tile_config{}, {300, 500, 70, DType::kBf16, vector}, device);
    ASSERT_TRUE(legal.ok());
    EXPECT_EQ(legal->instance->vector, vector) << "the widest copy allowed is taken";
    EXPECT_EQ(legal->instance->dtype, DType::kBf16);
  }
}

TEST(CudaLegalize, AMissingTypeIsRefusedWithAMessage) {
  if (MenuHasFp16()) GTEST_SKIP() << "this build has the fp16 kernels";
  Result<LegalConfig> legal = Legalize(tv_tile_config{}, {64, 64, 64, DType::kFp16, 8}, H100Like());
  EXPECT_EQ(legal.status().code(), StatusCode::kUnavailable);
}

TEST(CudaLegalize, RespectsTheSharedMemoryLimit) {
  tv_device_info small = H100Like();
  small.gpu_smem_per_block = 48 * 1024;
  tv_tile_config want{};
  want.mc = 256;
  want.nc = 128;
  want.kc = 64;
  Result<LegalConfig> legal = Legalize(want, {4096, 4096, 4096, DType::kBf16, 8}, small);
  ASSERT_TRUE(legal.ok());
  EXPECT_LE(legal->instance->smem_bytes, 48 * 1024);
  small.gpu_smem_per_block = 256;  // below every instance's need (the smallest stream one: 512 bytes)
  legal = Legalize(want, {4096, 4096, 4096, DType::kBf16, 8}, small);
  EXPECT_EQ(legal.status().code(), StatusCode::kUnavailable);
}

TEST(CudaLegalize, ClampsSplitKAndSwizzle) {
  const tv_device_info device = H100Like();
  tv_tile_config want{};
  want.mc = 16;
  want.nc = 128;
  want.kc = 64;
  want.split_k = 1000;
  want.swizzle = 99;
  Result<LegalConfig> legal = Legalize(want, {1, 4096, 4096, DType::kBf16, 8}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->split_k, kMaxSplitK);
  EXPECT_EQ(legal->swizzle, kMaxSwizzle);
  // k = 100 is two k tiles of 64: at most two splits, none empty.
  legal = Legalize(want, {1, 4096, 100, DType::kBf16, 4}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_LE(legal->split_k, 2);
  want.split_k = -3;
  want.swizzle = -1;
  legal = Legalize(want, {64, 64, 64, DType::kBf16, 8}, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->split_k, 1);
  EXPECT_EQ(legal->swizzle, 0);
}

TEST(CudaLegalize, CapsTheSplitKWorkspace) {
  tv_tile_config want{};
  want.mc = 128;
  want.nc = 128;
  want.kc = 32;
  want.split_k = 32;
  Result<LegalConfig> legal = Legalize(want, {8192, 8192, 8192, DType::kBf16, 8}, H100Like());
  ASSERT_TRUE(legal.ok());
  EXPECT_LE(int64_t{legal->split_k} * 8192 * 8192 * 4, kMaxSplitKWorkspaceBytes);
}

bool MenuHasWgmma() {
  for (const KernelInstance& i : Menu()) {
    if (i.family == TV_GPU_KERNEL_WGMMA) return true;
  }
  return false;
}

TEST(CudaLegalize, TheFamilyIsHonouredWhereItCanRun) {
  tv_tile_config want{};
  want.gpu_kernel = TV_GPU_KERNEL_WGMMA;
  Result<LegalConfig> legal = Legalize(want, {512, 512, 512, DType::kBf16, 8}, H100Like());
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(ToTileConfig(*legal).gpu_kernel, MenuHasWgmma() ? TV_GPU_KERNEL_WGMMA : TV_GPU_KERNEL_MMA_SYNC);
  // wgmma needs compute capability 9.0 and 16-byte copies; elsewhere mma.sync runs.
  tv_device_info ampere = H100Like();
  ampere.gpu_cc_major = 8;
  legal = Legalize(want, {512, 512, 512, DType::kBf16, 8}, ampere);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_MMA_SYNC);
  legal = Legalize(want, {512, 500, 512, DType::kBf16, 4}, H100Like());
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_MMA_SYNC);
  want.gpu_kernel = TV_GPU_KERNEL_MMA_SYNC;
  legal = Legalize(want, {512, 512, 512, DType::kBf16, 8}, H100Like());
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_MMA_SYNC);
  want.gpu_kernel = TV_GPU_KERNEL_STREAM;
  legal = Legalize(want, {2, 512, 512, DType::kBf16, 8}, ampere);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_STREAM) << "any sm_80+ device, any m";
  legal = Legalize(want, {2, 500, 512, DType::kBf16, 4}, H100Like());
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal->instance->family, TV_GPU_KERNEL_MMA_SYNC) << "4-element copies: mma.sync runs";
  want.gpu_kernel = 77;  // not a family: any
  EXPECT_TRUE(Legalize(want, {512, 512, 512, DType::kBf16, 8}, H100Like()).ok());
}

TEST(CudaLegalize, MisalignedOperandsAreCopiedAlignedWherePackBOrTheRuleSays) {
  const tv_device_info device = H100Like();
  const CudaProblem lm_head{512, 50257, 768, DType::kBf16, 1};  // odd n: 2-byte rows
  Result<LegalConfig> legal = Legalize(tv_tile_config{}, lm_head, device);
  ASSERT_TRUE(legal.ok()) << legal.status().message();
  EXPECT_TRUE(legal->aligned_copies) << "39 GFLOP against 360 MB copied: auto copies";
  EXPECT_EQ(legal->instance->vector, 8) << legal->instance->name;
  EXPECT_TRUE(ConfigName(*legal).ends_with("_aligned")) << ConfigName(*legal);
  EXPECT_EQ(ToTileConfig(*legal).pack_b, TV_PACK_ON);
  const tv_tile_config defaults = DefaultTiles(lm_head, device);
  EXPECT_EQ(defaults.pack_b, TV_PACK_ON) << "DefaultTiles asks for the copies it plans its tiles for";
  EXPECT_EQ(defaults.gpu_kernel, TV_GPU_KERNEL_WGMMA) << "the aligned problem runs the Hopper kernels";
  tv_tile_config off{};
  off.pack_b = TV_PACK_OFF;
  legal = Legalize(off, lm_head, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_FALSE(legal->aligned_copies);
  EXPECT_EQ(legal->instance->vector, 1) << legal->instance->name;
  EXPECT_EQ(ToTileConfig(*legal).pack_b, TV_PACK_OFF);

  const CudaProblem odd_k{3000, 5000, 700, DType::kBf16, 4};
  EXPECT_TRUE(AlignedCopiesPay(odd_k)) << "k = 700: A and B copied, 21 GFLOP against 22 MB";
  const CudaProblem decode{1, 50257, 768, DType::kBf16, 1};
  EXPECT_FALSE(AlignedCopiesPay(decode)) << "a read of B gains nothing from copying B first";
  const CudaProblem small{37, 1000, 333, DType::kBf16, 1};
  EXPECT_FALSE(AlignedCopiesPay(small)) << "12 M multiply-adds: not worth the extra copies";
  tv_tile_config on{};
  on.pack_b = TV_PACK_ON;
  legal = Legalize(on, small, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_TRUE(legal->aligned_copies) << "asked for";
  const CudaProblem aligned{512, 4096, 4096, DType::kBf16, 8};
  EXPECT_FALSE(AlignedCopiesPay(aligned));
  legal = Legalize(on, aligned, device);
  ASSERT_TRUE(legal.ok());
  EXPECT_FALSE(legal->aligned_copies) << "16-byte copies already: nothing to copy";
  const CudaProblem padded = KernelProblem(lm_head, true);
  EXPECT_EQ(padded.n, 50264);
  EXPECT_EQ(padded.k, 768);
  EXPECT_EQ(padded.vector, 8);
}

TEST(CudaLegalize, NegativeSizesAreInvalid) {
  EXPECT_EQ(Legalize(tv_tile_config{}, {-1, 4, 4, DType::kBf16, 1}, H100Like()).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(CudaLegalize, IsIdempotentOnRandomRequests) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> tile(-4, 600);
  std::uniform_int_distribution<int> small(-2, 40);
  std::uniform_int_distribution<int64_t> size(0, 20000);
  const int vectors[] = {1, 2, 4, 8};
  tv_device_info device = H100Like();
  // A build without the fp16 half of the menu (-DTV_CUDA_FP16=OFF, as in CI) legalizes bf16 only.
  const bool has_fp16 = std::any_of(Menu().begin(), Menu().end(),
                                    [](const KernelInstance& i) { return i.dtype == DType::kFp16; });
  for (int trial = 0; trial < 2000; ++trial) {
    tv_tile_config want{};
    want.mc = tile(rng);
    want.nc = tile(rng);
    want.kc = tile(rng);
    want.warp_m = small(rng);
    want.warp_n = small(rng);
    want.stages = small(rng) % 8;
    want.split_k = small(rng);
    want.swizzle = small(rng) % 9;
    want.gpu_kernel = trial % 4;
    want.pack_b = trial % 3;  // aligned copies: auto, on, off
    device.gpu_cc_major = trial % 5 == 0 ? 8 : 9;
    device.gpu_smem_per_block = trial % 3 == 0 ? 100 * 1024 : 232448;
    const CudaProblem problem{size(rng) % 5000, size(rng), size(rng),
                              trial % 2 == 0 || !has_fp16 ? DType::kBf16 : DType::kFp16, vectors[trial % 4]};
    Result<LegalConfig> once = Legalize(want, problem, device);
    ASSERT_TRUE(once.ok()) << once.status().message();
    ASSERT_TRUE(CanImplement(*once->instance, KernelProblem(problem, once->aligned_copies), device).ok());
    ASSERT_GE(once->split_k, 1);
    const int64_t k_tiles = std::max<int64_t>(1, (problem.k + once->instance->bk - 1) / once->instance->bk);
    ASSERT_LT(int64_t{once->split_k - 1} * once->k_tiles_per_split, k_tiles) << "an empty split";
    ASSERT_GE(int64_t{once->split_k} * once->k_tiles_per_split, k_tiles) << "k tiles not covered";
    Result<LegalConfig> twice = Legalize(ToTileConfig(*once), problem, device);
    ASSERT_TRUE(twice.ok());
    ASSERT_TRUE(SameLegal(*once, *twice)) << ConfigName(*once) << " became " << ConfigName(*twice);
  }
}

TEST(CudaTypes, MaxVectorFollowsSizesStridesAndAddresses) {
  EXPECT_EQ(MaxVectorDense(4096, 4096), 8);
  EXPECT_EQ(MaxVectorDense(5000, 700), 4);
  EXPECT_EQ(MaxVectorDense(50, 30), 2);
  EXPECT_EQ(MaxVectorDense(33, 64), 1);
  CudaGemmArgs args;
  args.m = 4;
  args.n = 64;
  args.k = 64;
  args.lda = 64;
  args.ldb = 64;
  args.ldc = 64;
  alignas(16) static uint16_t buffer[64];
  args.a = buffer;
  args.b = buffer;
  args.c = buffer;
  EXPECT_EQ(MaxVector(args), 8);
  args.ldb = 68;
  EXPECT_EQ(MaxVector(args), 4);
  args.c = buffer + 1;
  EXPECT_EQ(MaxVector(args), 1);
}

}  // namespace
}  // namespace tv::gemm::cuda
