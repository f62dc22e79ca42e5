// `tilevolve evolve` run the way a user does: a short offline evolution on the
// smoke suite, resume, kill -9 and resume, checkpoints, bad input, and an
// external evaluator in another language. No timing is asserted.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "evolve/database/program_store.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliEvolve : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tv-cli-evolve-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    out_ = dir_ + "/run";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Env() const { return "TILEVOLVE_CACHE_DIR=" + dir_ + "/cache "; }

  Outcome Run(const std::string& args) {
    const std::string cmd = Env() + std::string(TV_CLI_PATH) + " " + args + " 2>&1";
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

  std::string Initial() const {
    return std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp";
  }
  std::string Config(const std::string& name) const {
    return std::string(TV_SOURCE_DIR) + "/tests/app/data/" + name;
  }

  // Every program in the run's database; fails the test when it cannot be read.
  std::vector<tv::evolve::ProgramRecord> Programs(const std::string& output) {
    auto store = tv::evolve::ProgramStore::Open(output + "/tilevolve.db", /*create=*/false);
    EXPECT_TRUE(store.ok()) << store.status().message();
    if (!store.ok()) return {};
    auto all = (*store)->All();
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<tv::evolve::ProgramRecord>{};
  }

  // No program evaluated twice, ids 1..n without gaps.
  void ExpectConsistent(const std::vector<tv::evolve::ProgramRecord>& programs) {
    std::set<std::string> hashes;
    for (size_t i = 0; i < programs.size(); ++i) {
      EXPECT_EQ(programs[i].id, static_cast<int64_t>(i + 1));
      EXPECT_TRUE(hashes.insert(programs[i].code_hash).second)
          << "program " << programs[i].id << " evaluated twice";
    }
  }

  std::string dir_;
  std::string out_;
};

TEST_F(CliEvolve, ShortOfflineRunWritesBestCheckpointsAndLogs) {
  Outcome o = Run("evolve " + Initial() + " --config " + Config("evolve_smoke.yaml") + " --output " + out_);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("best program: " + out_ + "/best/best_program.cpp"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("held-out"), std::string::npos) << o.output;
  EXPECT_TRUE(fs::exists(out_ + "/best/best_program.cpp"));
  EXPECT_TRUE(fs::exists(out_ + "/best/best_program_info.json"));
  EXPECT_TRUE(fs::exists(out_ + "/checkpoints/checkpoint_3/tilevolve.db"));
  EXPECT_TRUE(fs::exists(out_ + "/checkpoints/checkpoint_6/best_program.cpp"));
  // OpenEvolve's layout: one programs/ID.json per program, the initial one first.
  const std::string initial_json = ReadFile(out_ + "/checkpoints/checkpoint_3/programs/1.json");
  EXPECT_NE(initial_json.find("\"iteration_found\": 0"), std::string::npos) << initial_json.substr(0, 400);
  EXPECT_NE(initial_json.find("\"combined_score\""), std::string::npos);
  EXPECT_NE(initial_json.find("choose_tile_size"), std::string::npos) << "the program's code";
  EXPECT_FALSE(fs::is_empty(out_ + "/logs"));
  const auto programs = Programs(out_);
  ASSERT_GE(programs.size(), 2u);
  EXPECT_EQ(programs[0].mutation, "initial");
  ExpectConsistent(programs);
  std::ifstream info(out_ + "/best/best_program_info.json");
  const nlohmann::json j = nlohmann::json::parse(info);
  EXPECT_GE(j["remeasured_score"].get<double>(), 1.0);  // never below the initial program's 1.0

  // A second start into the same directory refuses and changes nothing.
  Outcome again =
      Run("evolve " + Initial() + " --config " + Config("evolve_smoke.yaml") + " --output " + out_);
  EXPECT_EQ(again.exit_code, 2) << again.output;
  EXPECT_NE(again.output.find("--resume"), std::string::npos) << again.output;
  EXPECT_EQ(Programs(out_).size(), programs.size());

  // Resuming continues the same run up to the new total.
  Outcome resumed = Run("evolve " + Initial() + " --config " + Config("evolve_smoke.yaml") + " --output " +
                        out_ + " --resume --iterations 9");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming"), std::string::npos) << resumed.output;
  EXPECT_NE(resumed.output.find("iter 7/9"), std::string::npos) << resumed.output;
  EXPECT_EQ(resumed.output.find("iter 6/9"), std::string::npos) << resumed.output;
  ExpectConsistent(Programs(out_));

  // A run of an earlier build, whose database was OUTPUT/evolution.sqlite, resumes
  // under DESIGN.md's name: moved, nothing lost.
  const size_t before_move = Programs(out_).size();
  fs::rename(out_ + "/tilevolve.db", out_ + "/evolution.sqlite");
  Outcome moved = Run("evolve " + Initial() + " --config " + Config("evolve_smoke.yaml") + " --output " +
                      out_ + " --resume --iterations 10");
  ASSERT_EQ(moved.exit_code, 0) << moved.output;
  EXPECT_NE(moved.output.find("moved the run's evolution.sqlite to tilevolve.db"), std::string::npos)
      << moved.output;
  EXPECT_NE(moved.output.find("iter 10/10"), std::string::npos) << moved.output;
  EXPECT_FALSE(fs::exists(out_ + "/evolution.sqlite"));
  EXPECT_GE(Programs(out_).size(), before_move);
  ExpectConsistent(Programs(out_));

  // --checkpoint resumes from an export into a new directory.
  const std::string other = dir_ + "/from_checkpoint";
  Outcome from_cp = Run("evolve " + Initial() + " --config " + Config("evolve_smoke.yaml") + " --output " +
                        other + " --checkpoint " + out_ + "/checkpoints/checkpoint_3 --iterations 5");
  ASSERT_EQ(from_cp.exit_code, 0) << from_cp.output;
  EXPECT_NE(from_cp.output.find("iter 4/5"), std::string::npos) << from_cp.output;
  ExpectConsistent(Programs(other));
}

TEST_F(CliEvolve, KilledAtAnyMomentResumesWithoutLosingOrRepeatingAProgram) {
  for (int round = 0; round < 2; ++round) {
    const std::string cmd = "env " + Env() + std::string(TV_CLI_PATH) + " evolve " + Initial() +
                            " --config " + Config("evolve_smoke.yaml") + " --output " + out_ +
                            " --iterations 40" + (round > 0 ? " --resume" : "") + " > " + dir_ + "/log" +
                            std::to_string(round) + " 2>&1";
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Let it evaluate a few programs, then kill it without warning.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      std::ifstream log(dir_ + "/log" + std::to_string(round));
      std::stringstream text;
      text << log.rdbuf();
      size_t count = 0;
      for (size_t pos = text.str().find("| child "); pos != std::string::npos;
           pos = text.str().find("| child ", pos + 1))
        ++count;
      seen = count;
      if (seen >= 2) break;
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_GE(seen, 2u) << "the run did not get going";
    ExpectConsistent(Programs(out_));
  }
  Outcome finish = Run("evolve " + Initial() + " --config " + Config("evolve_smoke.yaml") + " --output " +
                       out_ + " --resume --iterations 1");
  EXPECT_EQ(finish.exit_code, 0) << finish.output;
  ExpectConsistent(Programs(out_));
  EXPECT_TRUE(fs::exists(out_ + "/best/best_program.cpp"));
}

// evaluator.measurement_cache: false times every pair now: no figure comes from
// or goes to the measurement cache, and the log says so.
TEST_F(CliEvolve, WithoutTheMeasurementCacheEveryPairIsTimed) {
  const std::string config = dir_ + "/no_cache.yaml";
  std::ofstream(config) << ReadFile(Config("evolve_smoke.yaml"))
                        << "evaluator:\n  measurement_cache: false\n";
  Outcome o = Run("evolve " + Initial() + " --config " + config + " --output " + out_ + " --iterations 2");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("no measurement cache"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("iter 2/2"), std::string::npos) << o.output;
  const auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = o.output.find(what); at != std::string::npos; at = o.output.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("| cache 0% |"), 2u) << "each of the 2 progress lines reads cache 0%:\n" << o.output;
  EXPECT_EQ(count("| cache "), 2u) << o.output;
  EXPECT_FALSE(fs::exists(dir_ + "/cache/measurements.sqlite"));
  ExpectConsistent(Programs(out_));
}

TEST_F(CliEvolve, BadInputIsNamed) {
  Outcome missing = Run("evolve " + dir_ + "/nope.cpp --output " + out_);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("nope.cpp"), std::string::npos) << missing.output;

  Outcome no_run = Run("evolve " + Initial() + " --output " + out_ + " --resume");
  EXPECT_EQ(no_run.exit_code, 2);
  EXPECT_NE(no_run.output.find("no run to resume"), std::string::npos) << no_run.output;

  const auto start = std::chrono::steady_clock::now();
  Outcome llm =
      Run("evolve " + Initial() + " --config " + Config("evolve_unreachable_llm.yaml") + " --output " + out_);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(llm.exit_code, 2) << llm.output;
  EXPECT_NE(llm.output.find("127.0.0.1:9"), std::string::npos) << llm.output;
  EXPECT_NE(llm.output.find("offline"), std::string::npos) << llm.output;
  EXPECT_LT(seconds, 60) << "an unreachable LLM must fail fast";  // generous: only a hang fails this
}

TEST_F(CliEvolve, ExternalEvaluatorEvolvesAPythonProgram) {
  if (system("command -v python3 > /dev/null 2>&1") != 0) GTEST_SKIP() << "python3 is not installed";
  const std::string example = std::string(TV_SOURCE_DIR) + "/examples/function_fit/";
  Outcome o = Run("evolve " + example + "initial_program.py " + example + "evaluator.py --config " + example +
                  "config.yaml --iterations 8 --output " + out_);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  const auto programs = Programs(out_);
  ASSERT_GE(programs.size(), 2u);
  ExpectConsistent(programs);
  const nlohmann::json first = nlohmann::json::parse(programs[0].metrics_json);
  EXPECT_NEAR(first["combined_score"].get<double>(), 1.0 / 51.0, 1e-9);
  std::ifstream best(out_ + "/best/best_program.cpp");
  std::stringstream text;
  text << best.rdbuf();
  EXPECT_NE(text.str().find("def approximate"), std::string::npos);
}

}  // namespace
