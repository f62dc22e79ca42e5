// Runs the tilevolve binary the way a user does and checks what it prints,
// writes and returns. No timing is asserted anywhere.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

Outcome RunCli(const std::string& args) {
  const std::string cmd = std::string(TV_CLI_PATH) + " " + args + " 2>&1";
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

std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         (name + "." + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "." +
          std::to_string(getpid()));
}

TEST(CliInfo, PrintsTextWithCachesAndIsa) {
  Outcome o = RunCli("info");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("L1d"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("fingerprint"), std::string::npos) << o.output;
}

TEST(CliInfo, JsonHasEveryFieldAHeuristicReads) {
  Outcome o = RunCli("info --json");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  nlohmann::json j = nlohmann::json::parse(o.output);
  for (const char* key : {"cpu_model", "physical_cores", "memory_bytes", "l1d_bytes", "l2_bytes", "l3_bytes",
                          "has_avx2", "has_fma", "has_avx512f", "has_avx512bw", "has_avx512vl",
                          "has_avx512_bf16", "vector_bits", "fingerprint"}) {
    EXPECT_TRUE(j.contains(key)) << "missing " << key << " in " << o.output;
  }
  EXPECT_GE(j["physical_cores"].get<int>(), 1);
  EXPECT_GT(j["l1d_bytes"].get<int64_t>(), 0);
}

TEST(CliInfo, FingerprintIsStableAcrossRuns) {
  nlohmann::json a = nlohmann::json::parse(RunCli("info --json").output);
  nlohmann::json b = nlohmann::json::parse(RunCli("info --json").output);
  EXPECT_EQ(a["fingerprint"], b["fingerprint"]);
  EXPECT_FALSE(a["fingerprint"].get<std::string>().empty());
}

TEST(CliBench, UnknownSuiteNamesTheShippedOnes) {
  Outcome o = RunCli("bench --suite no_such_suite");
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.output.find("no_such_suite"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("transformer"), std::string::npos) << "should list shipped suites: " << o.output;
}

TEST(CliBench, MalformedSuiteFileIsRejectedWithItsPath) {
  const auto path = TempPath("bad_suite") += ".yaml";
  std::ofstream(path) << "name: broken\nshapes:\n  - {name: a, m: 4, n: -3, k: 8, tag: train}\n";
  Outcome o = RunCli("bench --suite " + path.string());
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.output.find(path.string()), std::string::npos) << o.output;
  std::filesystem::remove(path);
}

TEST(CliBench, BadTilesSayWhatIsAccepted) {
  Outcome o = RunCli("bench --suite smoke --tiles 64,abc,256");
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.output.find("MC,NC,KC"), std::string::npos) << o.output;
}

TEST(CliBench, UnknownPeerIsRejected) {
  Outcome o = RunCli("bench --suite smoke --vs mkl");
  EXPECT_NE(o.exit_code, 0);
  EXPECT_NE(o.output.find("mkl"), std::string::npos) << o.output;
}

TEST(CliBench, SmokeSuiteWritesOneRecordPerShapeWithPeerRatios) {
  const auto path = TempPath("bench") += ".json";
  Outcome o = RunCli("bench --suite smoke --threads 1 --vs openblas --min-time 0.01 --json " + path.string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "no JSON written at " << path;
  nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_TRUE(j.contains("records"));
  ASSERT_FALSE(j["records"].empty());
  for (const auto& r : j["records"]) {
    for (const char* key : {"name", "m", "n", "k", "tag", "tiles", "gflops", "spread", "peers"}) {
      EXPECT_TRUE(r.contains(key)) << "record lacks " << key << ": " << r.dump();
    }
    EXPECT_GT(r["gflops"].get<double>(), 0.0);
    ASSERT_TRUE(r["peers"].contains("openblas")) << r.dump();
    EXPECT_GT(r["peers"]["openblas"]["ratio"].get<double>(), 0.0);
  }
  std::filesystem::remove(path);
}

TEST(CliBench, FixedTilesAreLegalizedAndShown) {
  const auto path = TempPath("bench_tiles") += ".json";
  Outcome o =
      RunCli("bench --suite smoke --threads 1 --tiles 7,13,5 --min-time 0.01 --json " + path.string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  nlohmann::json j = nlohmann::json::parse(std::ifstream(path));
  for (const auto& r : j["records"]) {
    const auto& t = r["tiles"];
    // A legal config: blocks are whole multiples of the register block.
    ASSERT_TRUE(t.contains("mc") && t.contains("mr")) << t.dump();
    if (t["path"] == "blocked") {
      EXPECT_EQ(t["mc"].get<int>() % t["mr"].get<int>(), 0) << t.dump();
      EXPECT_EQ(t["nc"].get<int>() % t["nr"].get<int>(), 0) << t.dump();
    }
  }
  std::filesystem::remove(path);
}

}  // namespace
