// Runs the real `tilevolve bench` binary on the smoke suite (tiny --min-time) and
// on bad input. Checks what it prints and writes, never how fast anything is.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Outcome RunTilevolve(const std::string& args) {
  const std::string command = std::string("TILEVOLVE_SUITES_DIR=") + TV_SOURCE_SUITES_DIR + " " +
                              TV_TILEVOLVE_BINARY + " " + args + " 2>&1";
  Outcome out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string TempPath(const char* name) { return (std::filesystem::temp_directory_path() / name).string(); }

TEST(BenchCommandTest, SmokeSuiteWithOpenBlasWritesJson) {
  const std::string json_path = TempPath("tv_bench_smoke_test.json");
  const Outcome out =
      RunTilevolve("bench --suite smoke --threads 1 --vs openblas --min-time 0.002 --json " + json_path);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("roofline:"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("prefill.100x130x70"), std::string::npos);
  EXPECT_NE(out.output.find("geomean"), std::string::npos);
  std::ifstream in(json_path);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["suite"], "smoke");
  EXPECT_EQ(j["threads"], 1);
  EXPECT_GT(j["machine"]["roofline"]["fma_gflops"].get<double>(), 0);
  EXPECT_TRUE(j["machine"].contains("device"));
  ASSERT_EQ(j["records"].size(), 5u);
  for (const nlohmann::json& r : j["records"]) {
    for (const char* key : {"name", "m", "n", "k", "tag", "class", "tiles", "gflops", "spread", "peers"}) {
      EXPECT_TRUE(r.contains(key)) << key;
    }
    EXPECT_FALSE(r.contains("error")) << r.dump();
    EXPECT_GT(r["gflops"].get<double>(), 0);
    EXPECT_GT(r["peers"]["openblas"]["ratio"].get<double>(), 0);
    EXPECT_GT(r["tiles"]["mc"].get<int>(), 0);  // legalized: no 'auto' left
    // Memory-bound shapes carry the plain read of their operands timed beside them.
    const bool memory_bound = r["m"].get<int>() <= 16;
    EXPECT_EQ(r.contains("read_gbs"), memory_bound) << r.dump();
    EXPECT_EQ(r.contains("of_read"), memory_bound) << r.dump();
    if (memory_bound) {
      EXPECT_GT(r["read_gbs"].get<double>(), 0);
      EXPECT_GT(r["of_read"].get<double>(), 0);
    }
    // Compute-bound ones the FMA loops timed beside them.
    EXPECT_EQ(r.contains("peak_gflops"), !memory_bound) << r.dump();
    EXPECT_EQ(r.contains("of_peak"), !memory_bound) << r.dump();
    if (!memory_bound) {
      EXPECT_GT(r["peak_gflops"].get<double>(), 0);
      EXPECT_GT(r["of_peak"].get<double>(), 0);
    }
  }
  EXPECT_TRUE(j["geomeans"].contains("heldout"));
  std::filesystem::remove(json_path);
}

TEST(BenchCommandTest, FixedTilesAndOnly) {
  const Outcome out = RunTilevolve(
      "bench --suite smoke --threads 1 --only attention.64x64x32 --tiles 32,64,16 --min-time 0.002");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("attention.64x64x32"), std::string::npos);
  EXPECT_EQ(out.output.find("prefill.100x130x70"), std::string::npos);
}

TEST(BenchCommandTest, UnknownSuiteListsShippedOnes) {
  const Outcome out = RunTilevolve("bench --suite no_such_suite");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("unknown suite 'no_such_suite'"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("transformer"), std::string::npos);
}

TEST(BenchCommandTest, MalformedSuiteFile) {
  const std::string path = TempPath("tv_bench_bad_suite.yaml");
  std::ofstream(path) << "name: bad\nshapes:\n  - {name: a, m: -1, n: 2, k: 3, tag: train}\n";
  const Outcome out = RunTilevolve("bench --suite " + path);
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find(path + ":3"), std::string::npos) << out.output;
  std::filesystem::remove(path);
}

TEST(BenchCommandTest, BadTilesAndUnknownPeer) {
  Outcome out = RunTilevolve("bench --suite smoke --tiles 96,banana,384");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("accepted forms"), std::string::npos) << out.output;
  out = RunTilevolve("bench --suite smoke --vs mkl");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("unknown peer 'mkl'"), std::string::npos) << out.output;
  out = RunTilevolve("bench --suite smoke --only nope");
  EXPECT_EQ(out.exit_code, 2);
  EXPECT_NE(out.output.find("no shape 'nope'"), std::string::npos) << out.output;
}

}  // namespace
