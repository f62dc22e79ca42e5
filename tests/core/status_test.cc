#include "core/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tv {
namespace {

TEST(StatusTest, DefaultIsOk) {
  const Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_TRUE(s.message().empty());
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, FactoriesCarryCodeAndMessage) {
  const struct {
    Status status;
    StatusCode code;
  } cases[] = {{Status::InvalidArgument("bad m"), StatusCode::kInvalidArgument},
               {Status::NotFound("no suite"), StatusCode::kNotFound},
               {Status::Unavailable("no avx512"), StatusCode::kUnavailable},
               {Status::Internal("compiler died"), StatusCode::kInternal}};
  for (const auto& c : cases) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_EQ(c.status.code(), c.code);
    EXPECT_FALSE(c.status.message().empty());
  }
  EXPECT_EQ(Status::NotFound("no suite").message(), "no suite");
}

TEST(ResultTest, HoldsValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
  *r = 7;
  EXPECT_EQ(r.value(), 7);
}

TEST(ResultTest, HoldsStatus) {
  const Result<std::string> r = Status::NotFound("suite 'x' not found");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "suite 'x' not found");
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(5);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 5);
}

TEST(ResultTest, ArrowReachesMembers) {
  Result<std::string> r = std::string("tiles");
  EXPECT_EQ(r->size(), 5u);
}

Status FailsWhen(bool fail) { return fail ? Status::InvalidArgument("failed") : Status::Ok(); }

Status Chain(bool fail, int* reached) {
  TV_RETURN_IF_ERROR(FailsWhen(fail));
  *reached = 1;
  return Status::Internal("after");
}

TEST(StatusMacroTest, ReturnIfErrorReturnsEarly) {
  int reached = 0;
  const Status s = Chain(/*fail=*/true, &reached);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "failed");
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacroTest, ReturnIfErrorPassesOk) {
  int reached = 0;
  const Status s = Chain(/*fail=*/false, &reached);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(reached, 1);
}

}  // namespace
}  // namespace tv
