// `tilevolve eval`, `tilevolve oracle` and `tilevolve bench --program` run the
// way a user does, on the smoke suite, with the caches in a fresh temp dir.
// No timing is asserted anywhere.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

class CliEval : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tv-cli-eval-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Run(const std::string& args) {
    const std::string cmd =
        "TILEVOLVE_CACHE_DIR=" + dir_ + " " + std::string(TV_CLI_PATH) + " " + args + " 2>&1";
    Outcome out;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return out;
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.output.append(buf.data(), n);
    const int status = pclose(pipe);
    out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return out;
  }

  std::string Example(const std::string& name) {
    return std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/" + name;
  }

  std::string dir_;
  const std::string quick_ = " --suite smoke --threads 1 --min-time 0.002";
};

TEST_F(CliEval, InitialProgramScoresOneAndWritesMetrics) {
  const std::string json_path = dir_ + "/metrics.json";
  Outcome o = Run("eval " + Example("initial_program.cpp") + quick_ + " --json " + json_path);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("combined_score (geomean speedup over train shapes vs baseline): 1.0000"),
            std::string::npos)
      << o.output;
  std::ifstream in(json_path);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["combined_score"], 1.0);
  EXPECT_EQ(j["outcome"], "ok");
  EXPECT_EQ(j["shapes"].size(), 5u);
  EXPECT_TRUE(j["oracle_fraction"].is_null());
  EXPECT_TRUE(fs::exists(dir_ + "/measurements.sqlite"));
  EXPECT_TRUE(fs::exists(dir_ + "/programs"));
}

TEST_F(CliEval, ABrokenProgramFailsWithTheCompilerMessage) {
  const fs::path program = fs::path(dir_) / "broken.cpp";
  std::ofstream(program) << "#include \"tilevolve/heuristic.h\"\nint choose_tile_size( {\n";
  Outcome o = Run("eval " + program.string() + quick_);
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("compile_failed"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("broken.cpp:2"), std::string::npos) << o.output;
}

TEST_F(CliEval, AMissingProgramIsNamed) {
  Outcome o = Run("eval " + dir_ + "/no_such_program.cpp" + quick_);
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.output.find("no_such_program.cpp"), std::string::npos) << o.output;
}

TEST_F(CliEval, OracleFillsTheCacheAndEvalThenReportsTheOracleFraction) {
  Outcome oracle =
      Run("oracle --suite smoke --threads 1 --budget 4 --tag train --json " + dir_ + "/best.json");
  ASSERT_EQ(oracle.exit_code, 0) << oracle.output;
  EXPECT_NE(oracle.output.find("oracle best"), std::string::npos) << oracle.output;
  Outcome eval = Run("eval " + Example("hand_written_program.cpp") + quick_ + " --json " + dir_ + "/m.json");
  ASSERT_EQ(eval.exit_code, 0) << eval.output;
  std::ifstream in(dir_ + "/m.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["oracle_shapes"], 4);  // the smoke suite's train shapes
  EXPECT_TRUE(j["oracle_fraction"].is_number()) << eval.output;
  EXPECT_GT(j["oracle_fraction"].get<double>(), 0);
}

TEST_F(CliEval, BenchRunsAProgramsTiles) {
  Outcome o = Run("bench --program " + Example("hand_written_program.cpp") +
                  " --suite smoke --threads 1 --min-time 0.002 --only prefill.100x130x70");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("program "), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("prefill.100x130x70"), std::string::npos) << o.output;
}

}  // namespace
