// Expected tiles worked out by hand from the seed's Generation 0
// choose_tile_size (see src/heuristic/baseline.cc for the rules).
#include "heuristic/baseline.h"

#include <gtest/gtest.h>

namespace tv::heuristic {
namespace {

constexpr int64_t kGiB = int64_t{1} << 30;

tv_device_info WithMemory(int64_t bytes) {
  tv_device_info device{};
  device.memory_bytes = bytes;
  return device;
}

struct Tiles {
  int mc, nc, kc;
};

Tiles Choose(int m, int n, int k, int64_t memory_bytes) {
  const tv_device_info device = WithMemory(memory_bytes);
  const tv_tile_config c = ChooseBaselineTiles(m, n, k, &device);
  return {c.mc, c.nc, c.kc};
}

#define EXPECT_TILES(tiles, m, n, k) \
  do {                               \
    const Tiles t = (tiles);         \
    EXPECT_EQ(t.mc, m);              \
    EXPECT_EQ(t.nc, n);              \
    EXPECT_EQ(t.kc, k);              \
  } while (0)

TEST(BaselineTest, SmallMatricesUse32OrDoubledTo64) {
  // all <= 128 -> 32; 24 GiB >= 16 -> 64; aligned 64; clamp to 100.
  EXPECT_TILES(Choose(100, 100, 100, 24 * kGiB), 64, 64, 64);
  EXPECT_TILES(Choose(100, 100, 100, 8 * kGiB), 32, 32, 32);
}

TEST(BaselineTest, MediumMatricesUse64OrDoubledTo128) {
  // BERT attention 512x768x768 from the seed's own test cases.
  EXPECT_TILES(Choose(512, 768, 768, 24 * kGiB), 128, 128, 128);
  EXPECT_TILES(Choose(512, 768, 768, 8 * kGiB), 64, 64, 64);
}

TEST(BaselineTest, LargeMatricesUse128OrDoubledTo256) {
  EXPECT_TILES(Choose(1024, 1024, 1024, 24 * kGiB), 256, 256, 256);
  EXPECT_TILES(Choose(512, 768, 3072, 24 * kGiB), 256, 256, 256);  // K >= 1024 makes it "large"
  EXPECT_TILES(Choose(512, 768, 3072, 8 * kGiB), 128, 128, 128);
}

TEST(BaselineTest, TilesNeverExceedTheDimension) {
  // Decode: M = 1. tile_M = min(128, 1) = 1 -> min(2, 1) = 1 -> aligned 8 -> clamped back to 1.
  EXPECT_TILES(Choose(1, 4096, 4096, 24 * kGiB), 1, 256, 256);
  // 20 -> 40 clamped to 20 -> aligned 24 -> clamped 20; 30 -> 30 -> 32 -> 30; 32 -> 64.
  EXPECT_TILES(Choose(20, 30, 100, 24 * kGiB), 20, 30, 64);
  // Medium with a tiny K: 3 -> aligned 8 -> clamped 3.
  EXPECT_TILES(Choose(500, 700, 3, 8 * kGiB), 64, 64, 3);
}

TEST(BaselineTest, AlignmentRoundsUpToMultiplesOf8) {
  // Medium (200 > 128), no doubling: min(64, 61) = 61 -> aligned 64 -> clamp 61.
  // The alignment is visible only when clamping to the dimension does not undo it,
  // which with the seed's order (align, then clamp) never happens for tiles <= dim.
  EXPECT_TILES(Choose(61, 200, 130, 8 * kGiB), 61, 64, 64);
}

TEST(BaselineTest, ZeroAndNegativeSizesGiveZeroTiles) {
  EXPECT_TILES(Choose(0, 512, 512, 24 * kGiB), 0, 128, 128);
  EXPECT_TILES(Choose(-5, 512, 512, 24 * kGiB), 0, 128, 128);
}

TEST(BaselineTest, MemoryThresholdIs16GbRoundedToOneDecimal) {
  EXPECT_EQ(Choose(100, 100, 100, 16 * kGiB).mc, 64);
  EXPECT_EQ(Choose(100, 100, 100, static_cast<int64_t>(15.96 * kGiB)).mc, 64);  // round(15.96, 1) = 16.0
  EXPECT_EQ(Choose(100, 100, 100, static_cast<int64_t>(15.9 * kGiB)).mc, 32);
}

TEST(BaselineTest, UnknownMemoryMeansNoScaling) {
  // The seed falls back to memory_gb = 8.0 when it cannot read the machine.
  EXPECT_EQ(Choose(100, 100, 100, 0).mc, 32);
  EXPECT_EQ(ChooseBaselineTiles(100, 100, 100, nullptr).mc, 32);
}

TEST(BaselineTest, EveryOtherFieldIsAuto) {
  const tv_device_info device = WithMemory(24 * kGiB);
  const tv_tile_config c = ChooseBaselineTiles(512, 4096, 4096, &device);
  EXPECT_EQ(c.mr, 0);
  EXPECT_EQ(c.nr, 0);
  EXPECT_EQ(c.threads, 0);
  EXPECT_EQ(c.parallel, TV_PARALLEL_AUTO);
  EXPECT_EQ(c.pack_a, TV_PACK_AUTO);
  EXPECT_EQ(c.pack_b, TV_PACK_AUTO);
  EXPECT_EQ(c.path, TV_PATH_AUTO);
}

}  // namespace
}  // namespace tv::heuristic
