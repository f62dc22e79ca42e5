// enable_optimizations / disable_optimizations / optimization_info through
// libtilevolve.so: programs are really compiled and probed in the sandbox.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "naive_blas.h"
#include "tilevolve/tilevolve.h"

namespace {

using tv::test::MaxRelativeError;
using tv::test::NaiveSgemm;
using tv::test::RandomFloats;

std::string Program(const std::string& name) { return std::string(TV_TEST_PROGRAMS_DIR) + "/" + name; }

// One row-major GEMM through tv::sgemm, checked against the reference.
void MultiplyAndCheck(int64_t m, int64_t n, int64_t k, uint32_t seed) {
  const std::vector<float> a = RandomFloats(m * k, seed), b = RandomFloats(k * n, seed + 1);
  std::vector<float> c(m * n, 0.0f), want(m * n, 0.0f);
  ASSERT_EQ(tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, m, n, k, 1.0f, a.data(),
                      k, b.data(), n, 0.0f, c.data(), n),
            0);
  NaiveSgemm(101, 111, 111, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, want.data(), n);
  ASSERT_LT(MaxRelativeError(c, want), 1e-5) << m << "x" << n << "x" << k;
}

class EnableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("TILEVOLVE_PROGRAM");
    tv::disable_optimizations();
  }
  void TearDown() override { tv::disable_optimizations(); }
};

TEST_F(EnableTest, MissingProgramIsRefusedWithTheReasonAndTheDefaultPathWorks) {
  EXPECT_FALSE(tv::enable_optimizations("/nonexistent/best_program.cpp"));
  const tv::OptimizationInfo info = tv::optimization_info();
  EXPECT_FALSE(info.enabled);
  EXPECT_NE(info.refusal.find("/nonexistent/best_program.cpp"), std::string::npos) << info.refusal;
  const uint64_t before = info.counts.default_tiles;
  MultiplyAndCheck(40, 50, 60, 1);
  EXPECT_EQ(tv::optimization_info().counts.default_tiles, before + 1);
}

TEST_F(EnableTest, TilevolveProgramThatDoesNotExistIsAnError) {
  setenv("TILEVOLVE_PROGRAM", "/nonexistent/evolved.cpp", 1);
  EXPECT_FALSE(tv::enable_optimizations());
  EXPECT_NE(tv::optimization_info().refusal.find("TILEVOLVE_PROGRAM"), std::string::npos);
}

TEST_F(EnableTest, ProgramThatDoesNotCompileIsRefused) {
  EXPECT_FALSE(tv::enable_optimizations(Program("syntax_error.cpp")));
  const std::string refusal = tv::optimization_info().refusal;
  EXPECT_NE(refusal.find("does not compile"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("tiles_missing_here"), std::string::npos) << refusal;
  MultiplyAndCheck(33, 17, 65, 2);
}

TEST_F(EnableTest, ProgramThatMakesForbiddenCallsIsRefusedInTheSandbox) {
  EXPECT_FALSE(tv::enable_optimizations(Program("opens_file.cpp")));
  const std::string refusal = tv::optimization_info().refusal;
  EXPECT_NE(refusal.find("forbidden_syscall"), std::string::npos) << refusal;
  EXPECT_FALSE(tv::optimization_info().enabled);
}

TEST_F(EnableTest, GoodProgramIsUsedAndItsHitsAreCounted) {
  ASSERT_TRUE(tv::enable_optimizations(Program("fixed_tiles.cpp"))) << tv::optimization_info().refusal;
  tv::OptimizationInfo info = tv::optimization_info();
  EXPECT_TRUE(info.enabled);
  EXPECT_EQ(info.program_path, Program("fixed_tiles.cpp"));
  EXPECT_EQ(info.program_hash.size(), 32u);
  EXPECT_TRUE(info.refusal.empty());
  const tv::OptimizationCounts before = info.counts;
  MultiplyAndCheck(130, 200, 96, 3);  // evolved
  MultiplyAndCheck(4, 4, 4, 4);       // small problem: falls back
  info = tv::optimization_info();
  EXPECT_EQ(info.counts.evolved, before.evolved + 1);
  EXPECT_EQ(info.counts.small, before.small + 1);
  EXPECT_NE(tv::format_optimization_info(info).find("evolved tiles"), std::string::npos);

  tv::disable_optimizations();
  EXPECT_FALSE(tv::optimization_info().enabled);
  MultiplyAndCheck(130, 200, 96, 5);
  EXPECT_EQ(tv::optimization_info().counts.evolved, before.evolved + 1);
}

TEST_F(EnableTest, RefusedProgramKeepsTheEnabledOne) {
  ASSERT_TRUE(tv::enable_optimizations(Program("fixed_tiles.cpp")));
  EXPECT_FALSE(tv::enable_optimizations(Program("syntax_error.cpp")));
  const tv::OptimizationInfo info = tv::optimization_info();
  EXPECT_TRUE(info.enabled);
  EXPECT_EQ(info.program_path, Program("fixed_tiles.cpp"));
  EXPECT_FALSE(info.refusal.empty());
}

TEST_F(EnableTest, SearchOrderFindsBestProgramInTheWorkingDirectory) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tv_enable_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "tilevolve_output" / "best");
  std::filesystem::copy_file(Program("fixed_tiles.cpp"),
                             dir / "tilevolve_output" / "best" / "best_program.cpp");
  const std::filesystem::path old = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  const bool enabled = tv::enable_optimizations();
  std::filesystem::current_path(old);
  EXPECT_TRUE(enabled) << tv::optimization_info().refusal;
  EXPECT_NE(tv::optimization_info().program_path.find("tilevolve_output/best/best_program.cpp"),
            std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(EnableTest, OutOfRangeAnswerFallsBackAsInvalidTiles) {
  ASSERT_TRUE(tv::enable_optimizations(Program("invalid_on_one_shape.cpp")))
      << tv::optimization_info().refusal;
  const uint64_t before = tv::optimization_info().counts.invalid_tiles;
  MultiplyAndCheck(123, 457, 789, 6);
  EXPECT_EQ(tv::optimization_info().counts.invalid_tiles, before + 1);
}

TEST_F(EnableTest, SizeAboveIntMaxFallsBackAsUnsupported) {
  ASSERT_TRUE(tv::enable_optimizations(Program("fixed_tiles.cpp")));
  const uint64_t before = tv::optimization_info().counts.unsupported;
  // m = 3e9 rows and n = 0 columns: nothing to compute, but the heuristic's int cannot hold m.
  EXPECT_EQ(tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, 3000000000LL, 0, 0, 1.0f,
                      nullptr, 1, nullptr, 1, 0.0f, nullptr, 1),
            0);
  EXPECT_EQ(tv::optimization_info().counts.unsupported, before + 1);
}

TEST_F(EnableTest, FallbackTableBesideTheProgramSendsItsShapesToTheBaseline) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tv_table_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string program = (dir / "best_program.cpp").string();
  std::filesystem::copy_file(Program("fixed_tiles.cpp"), program);
  ASSERT_TRUE(tv::enable_optimizations(program));
  const std::string hash = tv::optimization_info().program_hash;
  std::ofstream(dir / "best_program.fallback.json")
      << R"({"format": "tilevolve-fallback-table", "version": 1, "program_hash": ")" << hash
      << R"(", "source": "test", "shapes": [{"name": "slow", "m": 64, "n": 96, "k": 80, "speedup": 0.9}]})";
  ASSERT_TRUE(tv::enable_optimizations(program));
  tv::OptimizationInfo info = tv::optimization_info();
  EXPECT_EQ(info.fallback_shapes, 1u);
  const tv::OptimizationCounts before = info.counts;
  MultiplyAndCheck(64, 96, 80, 7);   // in the table: the baseline's tiles
  MultiplyAndCheck(64, 96, 160, 8);  // not in it: evolved
  info = tv::optimization_info();
  EXPECT_EQ(info.counts.table, before.table + 1);
  EXPECT_EQ(info.counts.evolved, before.evolved + 1);

  // A table measured for another program is ignored, with a note.
  std::ofstream(dir / "best_program.fallback.json")
      << R"({"format": "tilevolve-fallback-table", "version": 1, "program_hash": "0123", "shapes": []})";
  ASSERT_TRUE(tv::enable_optimizations(program));
  EXPECT_EQ(tv::optimization_info().fallback_shapes, 0u);
  EXPECT_NE(tv::optimization_info().fallback_note.find("ignored"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_F(EnableTest, EnablingAndDisablingWhileOtherThreadsMultiplyIsSafe) {
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < 3; ++t) {
    workers.emplace_back([&, t] {
      const int64_t m = 48 + t, n = 72, k = 64;
      const std::vector<float> a = RandomFloats(m * k, 10 + t), b = RandomFloats(k * n, 20 + t);
      std::vector<float> want(m * n, 0.0f);
      NaiveSgemm(101, 111, 111, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, want.data(), n);
      while (!stop.load()) {
        std::vector<float> c(m * n, 0.0f);
        tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, m, n, k, 1.0f, a.data(), k,
                  b.data(), n, 0.0f, c.data(), n);
        if (MaxRelativeError(c, want) > 1e-5) failures.fetch_add(1);
      }
    });
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(tv::enable_optimizations(Program("fixed_tiles.cpp")));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    tv::disable_optimizations();
  }
  stop.store(true);
  for (std::thread& w : workers) w.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_F(EnableTest, ForkedChildMultipliesWithFreshEngines) {
  ASSERT_TRUE(tv::enable_optimizations(Program("fixed_tiles.cpp")));
  // 256 x 256 x 128 (16.8 MFLOP) runs on every thread the engine has.
  MultiplyAndCheck(256, 256, 128, 30);  // the parent's engines exist (and their worker threads)
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The inherited engines' workers do not exist here: a fresh engine must serve this call.
    const int64_t m = 256, n = 256, k = 128;
    const std::vector<float> a = RandomFloats(m * k, 31), b = RandomFloats(k * n, 32);
    std::vector<float> c(m * n, 0.0f), want(m * n, 0.0f);
    tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, m, n, k, 1.0f, a.data(), k,
              b.data(), n, 0.0f, c.data(), n);
    NaiveSgemm(101, 111, 111, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, want.data(), n);
    _exit(MaxRelativeError(c, want) < 1e-5 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

}  // namespace
