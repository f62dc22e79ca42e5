#include "heuristic/analytic.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/heuristic.h"

namespace tv::heuristic {
namespace {

tv_device_info Device(int64_t l1d, int64_t l2, int64_t l3, int cores, int vector_bits) {
  tv_device_info d{};
  d.version = TV_DEVICE_INFO_VERSION;
  d.l1d_bytes = l1d;
  d.l2_bytes = l2;
  d.l3_bytes = l3;
  d.cache_line_bytes = 64;
  d.physical_cores = cores;
  d.logical_cpus = cores;
  d.vector_bits = vector_bits;
  return d;
}

// The development machine (tilevolve info): Zen 5, L1d 48 KiB, L2 1 MiB, L3 32 MiB, 2 cores, AVX-512.
tv_device_info DevMachine() { return Device(48 << 10, 1 << 20, 32 << 20, 2, 512); }

// By hand, S = 4, kernel 6 x 32 (AVX-512 default):
//   L1: 12 ways (48 KiB / 4 KiB) of 4096 B. Splits C_Br + C_Ar = 11:
//     C_Br 9: B 9*4096/(32*4) = 288, A 2*4096/(6*4) = 341 -> 288 (the largest; C_Br 10: min(320, 170),
//     C_Br 8: min(256, 512)). kc = 288 (the paper's closed form, C_Ar = floor(11/(1+32/6)) = 1, gives 170).
//   L2: 16 ways of 65536 B. B sliver 288*32*4 = 36864 B -> 1 way; C_Ac = 16-1-1 = 14;
//     mc = 14*65536/(288*4) = 796.4 -> 796 -> multiple of 6: 792.
//   L3: 16 ways of 2 MiB. A blocks of 2 cores: 2*792*288*4 = 1824768 B -> 1 way; C_Bc = 14;
//     nc = 14*2097152/(288*4) = 25486.2 -> multiple of 32: 25472.
TEST(AnalyticTilesTest, DevMachineMatchesTheHandDerivation) {
  const tv_device_info device = DevMachine();
  const tv_tile_config c = ChooseAnalyticTiles(4096, 32768, 4096, &device);
  EXPECT_EQ(c.kc, 288);
  EXPECT_EQ(c.mc, 792);
  EXPECT_EQ(c.nc, 25472);
  EXPECT_EQ(c.mr, 6);
  EXPECT_EQ(c.nr, 32);
  EXPECT_EQ(c.threads, 0);
  EXPECT_EQ(c.parallel, TV_PARALLEL_AUTO);
  EXPECT_EQ(c.pack_a, TV_PACK_AUTO);
  EXPECT_EQ(c.pack_b, TV_PACK_AUTO);
  EXPECT_EQ(c.path, TV_PATH_AUTO);
}

// Clamped to the problem: mc <= round_up(512, 6) = 516, nc <= 4096, kc <= K.
TEST(AnalyticTilesTest, DevMachineClampsToTheProblem) {
  const tv_device_info device = DevMachine();
  tv_tile_config c = ChooseAnalyticTiles(512, 4096, 4096, &device);
  EXPECT_EQ(c.kc, 288);
  EXPECT_EQ(c.mc, 516);
  EXPECT_EQ(c.nc, 4096);

  // kc = K = 64: the L2 and L3 rules then use kc 64 (mc = 14*65536/256 = 3584; clamped to 1002).
  c = ChooseAnalyticTiles(1000, 100, 64, &device);
  EXPECT_EQ(c.kc, 64);
  EXPECT_EQ(c.mc, 1002);
  EXPECT_EQ(c.nc, 128);

  c = ChooseAnalyticTiles(1, 1, 1, &device);
  EXPECT_EQ(c.kc, 1);
  EXPECT_EQ(c.mc, 6);
  EXPECT_EQ(c.nc, 32);
}

// AVX2 client core: L1d 32 KiB (8 ways), L2 256 KiB, L3 8 MiB, 4 cores; kernel 6 x 16.
//   L1: splits C_Br + C_Ar = 7: C_Br 5: min(5*4096/64 = 320, 2*4096/24 = 341) = 320 (C_Br 6: min(384, 170),
//     C_Br 4: min(256, 512)). kc = 320.
//   L2: 16 ways of 16384 B. B sliver 320*16*4 = 20480 B -> 2 ways; C_Ac = 13;
//     mc = 13*16384/1280 = 166.4 -> multiple of 6: 162.
//   L3: 16 ways of 524288 B. 4*162*320*4 = 829440 B -> 2 ways; C_Bc = 13;
//     nc = 13*524288/1280 = 5324.8 -> multiple of 16: 5312.
TEST(AnalyticTilesTest, Avx2ClientCoreMatchesTheHandDerivation) {
  const tv_device_info device = Device(32 << 10, 256 << 10, 8 << 20, 4, 256);
  const tv_tile_config c = ChooseAnalyticTiles(8192, 8192, 8192, &device);
  EXPECT_EQ(c.kc, 320);
  EXPECT_EQ(c.mc, 162);
  EXPECT_EQ(c.nc, 5312);
  EXPECT_EQ(c.mr, 6);
  EXPECT_EQ(c.nr, 16);
}

// Everything unknown: L1 32 KiB (8 ways), L2 1 MiB, L3 32 MiB, 1 core, line 64, the 4 x 16 kernel.
//   L1: C_Br 5: min(320, 2*4096/16 = 512) = 320 (C_Br 6: min(384, 256) = 256). kc = 320.
//   L2: B sliver 20480 B -> 1 way; mc = 14*65536/1280 = 716.8 -> multiple of 4: 716.
//   L3: 716*320*4 = 916480 B -> 1 way; nc = 14*2097152/1280 = 22937.6 -> multiple of 16: 22928.
TEST(AnalyticTilesTest, UnknownCachesUseTypicalValues) {
  const tv_device_info unknown{};
  const tv_tile_config c = ChooseAnalyticTiles(16384, 65536, 16384, &unknown);
  EXPECT_EQ(c.kc, 320);
  EXPECT_EQ(c.mc, 716);
  EXPECT_EQ(c.nc, 22928);
  EXPECT_EQ(c.mr, 4);
  EXPECT_EQ(c.nr, 16);
}

TEST(AnalyticTilesTest, NullDeviceCountsAsUnknown) {
  const tv_device_info unknown{};
  const tv_tile_config expected = ChooseAnalyticTiles(300, 5000, 700, &unknown);
  const tv_tile_config c = ChooseAnalyticTiles(300, 5000, 700, nullptr);
  EXPECT_EQ(c.mc, expected.mc);
  EXPECT_EQ(c.nc, expected.nc);
  EXPECT_EQ(c.kc, expected.kc);
  EXPECT_EQ(c.mr, expected.mr);
  EXPECT_EQ(c.nr, expected.nr);
}

// Known L1 and L2 but no L3: the B panel shares L2 with this core's A block.
//   A block 792*288*4 = 912384 B -> 14 of 16 ways; C_Bc = 16-1-14 = 1; nc = 65536/1152 = 56 -> 32.
TEST(AnalyticTilesTest, WithoutL3TheBPanelSharesL2) {
  const tv_device_info device = Device(48 << 10, 1 << 20, 0, 2, 512);
  const tv_tile_config c = ChooseAnalyticTiles(4096, 4096, 4096, &device);
  EXPECT_EQ(c.kc, 288);
  EXPECT_EQ(c.mc, 792);
  EXPECT_EQ(c.nc, 32);
}

// Every answer over a grid of shapes and machines is a valid heuristic answer.
TEST(AnalyticTilesTest, EveryAnswerIsValidOverAGridOfShapes) {
  const std::vector<int> sizes = {0,   1,   2,   3,   5,   7,   8,   9,    16,   17,   63,   64,   65,   100,
                                  127, 128, 255, 256, 511, 512, 576, 1000, 1024, 1536, 4096, 8960, 16384};
  const std::vector<tv_device_info> devices = {
      DevMachine(),
      Device(32 << 10, 256 << 10, 8 << 20, 4, 256),
      Device(32 << 10, 2 << 20, 105 << 20, 56, 512),
      Device(48 << 10, 1 << 20, 0, 2, 512),
      Device(64 << 10, 0, 0, 0, 128),
      Device(4 << 10, 16 << 10, 0, 1, 128),  // tiny caches: the model's floors
      tv_device_info{},
  };
  for (const tv_device_info& device : devices) {
    for (int m : sizes) {
      for (int n : sizes) {
        for (int k : sizes) {
          const tv_tile_config c = ChooseAnalyticTiles(m, n, k, &device);
          SCOPED_TRACE(::testing::Message() << m << "x" << n << "x" << k << " l1d " << device.l1d_bytes
                                            << " l2 " << device.l2_bytes << " l3 " << device.l3_bytes);
          ASSERT_GE(c.mc, 1);
          ASSERT_GE(c.nc, 1);
          ASSERT_GE(c.kc, 1);
          ASSERT_LE(c.mc, TV_HEURISTIC_MAX_TILE);
          ASSERT_LE(c.nc, TV_HEURISTIC_MAX_TILE);
          ASSERT_LE(c.kc, TV_HEURISTIC_MAX_TILE);
          ASSERT_GT(c.mr, 0);
          ASSERT_GT(c.nr, 0);
          ASSERT_EQ(c.mc % c.mr, 0);
          ASSERT_EQ(c.nc % c.nr, 0);
          ASSERT_LE(c.kc, std::max(k, 1));
          ASSERT_LE(c.mc, (std::max(m, 1) + c.mr - 1) / c.mr * c.mr);
          ASSERT_LE(c.nc, (std::max(n, 1) + c.nr - 1) / c.nr * c.nr);
        }
      }
    }
  }
}

TEST(AnalyticTilesTest, TheLargestProblemStaysWithinTheMaxTile) {
  const tv_device_info device = Device(int64_t{1} << 30, int64_t{1} << 34, int64_t{1} << 36, 1, 512);
  const tv_tile_config c = ChooseAnalyticTiles(2147483647, 2147483647, 2147483647, &device);
  EXPECT_LE(c.mc, TV_HEURISTIC_MAX_TILE);
  EXPECT_LE(c.nc, TV_HEURISTIC_MAX_TILE);
  EXPECT_LE(c.kc, TV_HEURISTIC_MAX_TILE);
  EXPECT_EQ(c.mc % c.mr, 0);
  EXPECT_EQ(c.nc % c.nr, 0);
}

// On the blocked path (m above TV_SMALL_M_MAX_ROWS, where an auto request may
// not take the small-M path: gemm/cpu/legalize.h) the engine runs the model's
// blocking as is: Legalize keeps mc, nc, kc, mr and nr.
TEST(AnalyticTilesTest, TheEngineRunsTheModelsBlockingAsIs) {
  const gemm::CpuGemm engine(1);
  const int vector_bits = engine.isa() == gemm::Isa::kAvx512 ? 512
                          : engine.isa() == gemm::Isa::kAvx2 ? 256
                                                             : 128;
  tv_device_info device = DevMachine();
  device.vector_bits = vector_bits;
  for (int m : {TV_SMALL_M_MAX_ROWS + 1, 48, 64, 100, 512, 2048}) {
    for (int n : {1, 33, 576, 4096}) {
      for (int k : {1, 100, 1536, 8960}) {
        const tv_tile_config c = ChooseAnalyticTiles(m, n, k, &device);
        const tv_tile_config legal = engine.Legalize(c, gemm::GemmShape{m, n, k});
        SCOPED_TRACE(::testing::Message() << m << "x" << n << "x" << k << ": " << gemm::FormatTiles(legal));
        EXPECT_EQ(legal.mc, c.mc);
        EXPECT_EQ(legal.nc, c.nc);
        EXPECT_EQ(legal.kc, c.kc);
        EXPECT_EQ(legal.mr, c.mr);
        EXPECT_EQ(legal.nr, c.nr);
      }
    }
  }
}

}  // namespace
}  // namespace tv::heuristic
