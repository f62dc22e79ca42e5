#include <gtest/gtest.h>

#include <vector>

#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

TEST(RngStateTest, RestoredMidStreamContinuesTheSameSequence) {
  Rng rng(1234);
  for (int i = 0; i < 1000; ++i) rng();  // mid-stream, not at a 312-word boundary
  const std::string state = RngState(rng);

  Rng restored(99);
  ASSERT_TRUE(RestoreRng(state, &restored).ok());
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(rng(), restored()) << "draw " << i;
}

TEST(RngStateTest, StateIsStableText) {
  const Rng rng(7);
  EXPECT_EQ(RngState(rng), RngState(Rng(7)));
  EXPECT_NE(RngState(rng), RngState(Rng(8)));
}

TEST(RngStateTest, GarbageIsRefusedAndLeavesTheRngAlone) {
  Rng rng(5);
  const Rng before = rng;
  for (const std::string& bad :
       std::vector<std::string>{"", "hello", "1 2 3", RngState(Rng(3)) + " trailing"}) {
    const Status status = RestoreRng(bad, &rng);
    EXPECT_FALSE(status.ok()) << bad.substr(0, 20);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(rng == before);
  }
}

}  // namespace
}  // namespace tv::evolve
