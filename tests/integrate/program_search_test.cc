#include "integrate/program_search.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace tv::integrate {
namespace {

class ProgramSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tv_search_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "tilevolve_output" / "best");
    old_ = std::filesystem::current_path();
    std::filesystem::current_path(dir_);
    unsetenv("TILEVOLVE_PROGRAM");
  }
  void TearDown() override {
    std::filesystem::current_path(old_);
    std::filesystem::remove_all(dir_);
    unsetenv("TILEVOLVE_PROGRAM");
  }
  std::filesystem::path dir_, old_;
};

TEST_F(ProgramSearchTest, FollowsTheDocumentedOrder) {
  EXPECT_EQ(FindProgram("").status().code(), StatusCode::kNotFound);
  std::ofstream("tilevolve_output/best/best_program.so") << "x";
  Result<FoundProgram> found = FindProgram("");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->path, "./tilevolve_output/best/best_program.so");
  EXPECT_TRUE(found->prebuilt);
  std::ofstream("best_program.cpp") << "x";
  EXPECT_EQ(FindProgram("")->path, "./best_program.cpp");
  std::ofstream("mine.cpp") << "x";
  setenv("TILEVOLVE_PROGRAM", "mine.cpp", 1);
  EXPECT_EQ(FindProgram("")->path, "mine.cpp");
  setenv("TILEVOLVE_PROGRAM", "absent.cpp", 1);
  Result<FoundProgram> missing = FindProgram("");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("TILEVOLVE_PROGRAM"), std::string::npos);
}

TEST_F(ProgramSearchTest, ExplicitPathAndItsFallbackTable) {
  EXPECT_FALSE(FindProgram("nothing.cpp").ok());
  std::ofstream("evolved.so") << "x";
  Result<FoundProgram> found = FindProgram("evolved.cpp");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->path, "evolved.so");
  EXPECT_EQ(FallbackTablePathFor("out/best_program.cpp"), "out/best_program.fallback.json");
}

}  // namespace
}  // namespace tv::integrate
