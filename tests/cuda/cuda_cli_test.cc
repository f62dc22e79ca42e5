// `tilevolve bench|oracle|eval --backend cuda` through the real binary: usage
// errors are caught before any GPU work (exit 2 with a message naming the
// problem), and without a GPU every command says so and exits 2 (never a
// crash). With a GPU, a one-shape bench with cuBLAS writes its JSON.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;
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

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Example() {
  return std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling_cuda/initial_program.cpp";
}

// True when `tilevolve info --json` reports a CUDA device.
bool HasGpu() {
  static const bool has = [] {
    const nlohmann::json j = nlohmann::json::parse(RunCli("info --json").output, nullptr, false);
    return !j.is_discarded() && j.is_object() && j.value("gpu_count", 0) > 0;
  }();
  return has;
}

TEST(CudaCliTest, UsageErrorsComeFirstAndNameTheProblem) {
  struct Case {
    std::string args;
    std::string expected;
  };
  const Case cases[] = {
      {"bench --backend cuda --vs openblas",
       "--vs openblas is not a GPU peer; with --backend cuda the peer is cublas"},
      {"bench --backend cuda --tiles 128,x,64", "accepted forms"},
      {"bench --backend cuda --tiles bm=128,mr=4", "unknown key 'mr'"},
      {"bench --backend cuda --suite no-such-suite", "no-such-suite"},
      {"bench --backend cuda --only decode.1x4096x4096,nonsense", "nonsense"},
      {"oracle --backend cuda --tag sometimes", "--tag sometimes is unknown"},
      {"oracle --backend cuda --suite no-such-suite", "no-such-suite"},
      {"eval " + Example() + " --backend cuda --fallback-table", "--fallback-table is for the CPU"},
      {"eval " + Example() + " --backend cuda --suite no-such-suite", "no-such-suite"},
  };
  for (const Case& c : cases) {
    const Outcome o = RunCli(c.args);
    EXPECT_EQ(o.exit_code, 2) << c.args << "\n" << o.output;
    EXPECT_TRUE(Contains(o.output, c.expected)) << c.args << "\n" << o.output;
  }
}

TEST(CudaCliTest, WithoutAGpuEveryCommandSaysSoAndExits2) {
  if (HasGpu()) GTEST_SKIP() << "a CUDA GPU is present: the no-GPU message cannot be seen here";
  for (const std::string& args :
       {std::string("bench --backend cuda --vs cublas"), std::string("bench --backend cuda --threads 4"),
        std::string("oracle --backend cuda --only decode.1x4096x4096"),
        std::string("eval ") + Example() + " --backend cuda"}) {
    const Outcome o = RunCli(args);
    EXPECT_EQ(o.exit_code, 2) << args << "\n" << o.output;
    EXPECT_TRUE(Contains(o.output, "GPU")) << args << "\n" << o.output;
    EXPECT_TRUE(Contains(o.output, "--backend cpu") || Contains(o.output, "cpu backend")) << args << "\n"
                                                                                          << o.output;
  }
}

TEST(CudaCliTest, BenchesOneShapeAgainstCublasOnTheGpu) {
  if (!HasGpu()) GTEST_SKIP() << "no CUDA GPU, GPU test skipped";
  const std::string json =
      (std::filesystem::temp_directory_path() / ("tv_cuda_cli_test." + std::to_string(getpid()) + ".json"))
          .string();
  const Outcome o = RunCli("bench --backend cuda --vs cublas --only odd.1000x1000x1000 --json " + json);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_TRUE(Contains(o.output, "vs cuBLAS")) << o.output;
  std::ifstream in(json);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  std::filesystem::remove(json);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["backend"], "cuda");
  ASSERT_EQ(j["records"].size(), 1u);
  EXPECT_EQ(j["records"][0]["m"], 1000);
  EXPECT_GT(j["records"][0]["us"].get<double>(), 0);
  EXPECT_GT(j["records"][0]["peers"]["cublas"]["ratio"].get<double>(), 0);
  EXPECT_TRUE(j["geomeans"].contains("all"));
}

}  // namespace
