// The GPU tiles as text and JSON (evolve/cuda/gpu_tiles_text.h): what --tiles
// accepts with --backend cuda and what the oracle's JSON carries.
#include "evolve/cuda/gpu_tiles_text.h"

#include <gtest/gtest.h>

namespace tv::evolve::cuda {
namespace {

TEST(ParseGpuTilesTest, ReadsTheCtaTile) {
  Result<tv_tile_config> t = ParseGpuTiles("128,256,64");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->mc, 128);
  EXPECT_EQ(t->nc, 256);
  EXPECT_EQ(t->kc, 64);
  EXPECT_EQ(t->gpu_kernel, TV_GPU_KERNEL_AUTO);
  EXPECT_EQ(t->split_k, 0);
}

TEST(ParseGpuTilesTest, ReadsEveryKey) {
  Result<tv_tile_config> t =
      ParseGpuTiles("bm=64, bn=128,bk=64,warp_m=64,warp_n=128,stages=6,split_k=4,swizzle=3,kernel=wgmma");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->mc, 64);
  EXPECT_EQ(t->nc, 128);
  EXPECT_EQ(t->kc, 64);
  EXPECT_EQ(t->warp_m, 64);
  EXPECT_EQ(t->warp_n, 128);
  EXPECT_EQ(t->stages, 6);
  EXPECT_EQ(t->split_k, 4);
  EXPECT_EQ(t->swizzle, 3);
  EXPECT_EQ(t->gpu_kernel, TV_GPU_KERNEL_WGMMA);
  Result<tv_tile_config> u = ParseGpuTiles("mc=16,kernel=mma,stages=auto");
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->mc, 16);
  EXPECT_EQ(u->stages, 0);
  EXPECT_EQ(u->gpu_kernel, TV_GPU_KERNEL_MMA_SYNC);
  Result<tv_tile_config> s = ParseGpuTiles("bm=1,bn=32,kernel=stream");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->gpu_kernel, TV_GPU_KERNEL_STREAM);
  tv_tile_config stream{};
  stream.gpu_kernel = TV_GPU_KERNEL_STREAM;
  EXPECT_EQ(GpuTilesToJson(stream)["kernel"], "stream");
  Result<tv_tile_config> a = ParseGpuTiles("bm=128,aligned_copies=on");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->pack_b, TV_PACK_ON);
  a = ParseGpuTiles("pack_b=off");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->pack_b, TV_PACK_OFF);
}

TEST(ParseGpuTilesTest, RejectsBadTextNamingTheProblem) {
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& c :
       {Case{"", "empty"}, Case{"128,256", "not three numbers"}, Case{"128,x,64", "'x'"},
        Case{"128,-1,64", "'-1'"}, Case{"bm=128,threads=4", "unknown key 'threads'"},
        Case{"kernel=tensor", "kernel 'tensor'"}, Case{"bm=128,bn", "not key=value"},
        Case{"stages=many", "stages = 'many'"}, Case{"aligned_copies=yes", "aligned_copies 'yes'"}}) {
    Result<tv_tile_config> t = ParseGpuTiles(c.text);
    ASSERT_FALSE(t.ok()) << c.text;
    EXPECT_NE(t.status().message().find(c.expected), std::string::npos) << t.status().message();
    EXPECT_NE(t.status().message().find("accepted forms"), std::string::npos) << t.status().message();
  }
}

TEST(GpuTilesJsonTest, RoundTripsEveryCudaField) {
  tv_tile_config t{};
  t.mc = 128;
  t.nc = 256;
  t.kc = 64;
  t.warp_m = 64;
  t.warp_n = 256;
  t.stages = 4;
  t.split_k = 2;
  t.swizzle = 3;
  t.gpu_kernel = TV_GPU_KERNEL_WGMMA;
  t.pack_b = TV_PACK_ON;
  const nlohmann::json j = GpuTilesToJson(t);
  EXPECT_EQ(j["aligned_copies"], "on");
  EXPECT_EQ(j["kernel"], "wgmma");
  EXPECT_EQ(j["bm"], 128);
  Result<tv_tile_config> back = GpuTilesFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->mc, 128);
  EXPECT_EQ(back->nc, 256);
  EXPECT_EQ(back->kc, 64);
  EXPECT_EQ(back->warp_m, 64);
  EXPECT_EQ(back->warp_n, 256);
  EXPECT_EQ(back->stages, 4);
  EXPECT_EQ(back->split_k, 2);
  EXPECT_EQ(back->swizzle, 3);
  EXPECT_EQ(back->gpu_kernel, TV_GPU_KERNEL_WGMMA);
  EXPECT_EQ(back->pack_b, TV_PACK_ON);
  EXPECT_EQ(CompactGpuTiles(t), "wgmma 128x256x64 w64x256 s4 k2 g3 aligned");
  EXPECT_FALSE(GpuTilesFromJson({{"aligned_copies", true}}).ok());
}

TEST(GpuTilesJsonTest, RejectsUnknownKeysAndBadValues) {
  EXPECT_FALSE(GpuTilesFromJson(nlohmann::json::array()).ok());
  EXPECT_NE(GpuTilesFromJson({{"mr", 4}}).status().message().find("unknown key \"mr\""), std::string::npos);
  EXPECT_NE(GpuTilesFromJson({{"bm", -4}}).status().message().find("non-negative"), std::string::npos);
  EXPECT_NE(GpuTilesFromJson({{"bm", "big"}}).status().message().find("non-negative"), std::string::npos);
  EXPECT_NE(GpuTilesFromJson({{"kernel", "tpu"}}).status().message().find("kernel"), std::string::npos);
}

}  // namespace
}  // namespace tv::evolve::cuda
