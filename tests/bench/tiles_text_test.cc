#include "bench/tiles_text.h"

#include <gtest/gtest.h>

namespace tv::bench {
namespace {

TEST(ParseTilesTest, ThreeNumbers) {
  Result<tv_tile_config> t = ParseTiles("96,4096,384");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->mc, 96);
  EXPECT_EQ(t->nc, 4096);
  EXPECT_EQ(t->kc, 384);
  EXPECT_EQ(t->mr, 0);
  EXPECT_EQ(t->path, TV_PATH_AUTO);
}

TEST(ParseTilesTest, KeyValueForm) {
  Result<tv_tile_config> t =
      ParseTiles("mc=96, nc=2048,kc=256,mr=14,nr=32,threads=2,parallel=m,pack_a=off,pack_b=on,path=blocked");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->mc, 96);
  EXPECT_EQ(t->nc, 2048);
  EXPECT_EQ(t->mr, 14);
  EXPECT_EQ(t->nr, 32);
  EXPECT_EQ(t->threads, 2);
  EXPECT_EQ(t->parallel, TV_PARALLEL_M);
  EXPECT_EQ(t->pack_a, TV_PACK_OFF);
  EXPECT_EQ(t->pack_b, TV_PACK_ON);
  EXPECT_EQ(t->path, TV_PATH_BLOCKED);
  EXPECT_EQ(ParseTiles("path=small_m,parallel=k")->path, TV_PATH_SMALL_M);
  EXPECT_EQ(ParseTiles("mc=auto,parallel=auto")->mc, 0);
}

TEST(ParseTilesTest, BadTextSaysWhatAndTheAcceptedForms) {
  for (const char* bad : {"", "96,4096", "96,x,384", "96,-1,384", "mc=96,zz=3", "mc=96,parallel=diagonal",
                          "pack_a=maybe", "mc96", "path=fast"}) {
    Result<tv_tile_config> t = ParseTiles(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(t.status().message().find("accepted forms"), std::string::npos) << t.status().message();
  }
  EXPECT_NE(ParseTiles("mc=96,zz=3").status().message().find("unknown key 'zz'"), std::string::npos);
  EXPECT_NE(ParseTiles("parallel=diagonal").status().message().find("auto|n|m|k"), std::string::npos);
}

TEST(TilesJsonTest, RoundTrip) {
  tv_tile_config t{};
  t.mc = 48;
  t.nc = 1024;
  t.kc = 256;
  t.mr = 6;
  t.nr = 32;
  t.threads = 2;
  t.parallel = TV_PARALLEL_K;
  t.pack_a = TV_PACK_ON;
  t.pack_b = TV_PACK_OFF;
  t.path = TV_PATH_SMALL_M;
  const nlohmann::json j = TilesToJson(t);
  EXPECT_EQ(j["parallel"], "k");
  EXPECT_EQ(j["path"], "small_m");
  Result<tv_tile_config> back = TilesFromJson(j);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->mc, 48);
  EXPECT_EQ(back->parallel, TV_PARALLEL_K);
  EXPECT_EQ(back->pack_b, TV_PACK_OFF);
  EXPECT_EQ(back->path, TV_PATH_SMALL_M);
  EXPECT_FALSE(TilesFromJson(nlohmann::json{{"mc", true}}).ok());
  EXPECT_FALSE(TilesFromJson(nlohmann::json{{"bogus", 1}}).ok());
}

TEST(CompactTilesTest, ShowsEveryDecision) {
  tv_tile_config t{};
  t.mc = 96;
  t.nc = 4096;
  t.kc = 384;
  t.mr = 14;
  t.nr = 32;
  t.threads = 2;
  t.parallel = TV_PARALLEL_N;
  t.pack_a = TV_PACK_ON;
  t.pack_b = TV_PACK_OFF;
  t.path = TV_PATH_BLOCKED;
  EXPECT_EQ(CompactTiles(t), "96,4096,384 14x32 t2 par=n pack=A- blocked");
}

}  // namespace
}  // namespace tv::bench
