// Runs the real `tilevolve generate` on a tiny model (config.json and a
// safetensors file the test writes) and on bad input: exit codes and messages,
// never how fast anything is.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/suite.h"
#include "infer/weights.h"
#include "tiny_model.h"

namespace tv::infer {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Outcome RunGenerate(const std::string& args) {
  const std::string command = std::string(TV_TILEVOLVE_BINARY) + " generate " + args + " 2>&1";
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

class GenerateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::TempDir("generate");
    config_ = dir_ + "/config.json";
    testing::WriteFile(config_, testing::TinyConfigJson());
  }
  std::string dir_;
  std::string config_;
};

TEST_F(GenerateCommandTest, TinyModelSideBySideWritesJson) {
  const std::string json_path = dir_ + "/out.json";
  const Outcome out = RunGenerate(
      "--model " + config_ +
      " --baseline --blas openblas --prompt-tokens 6 --new-tokens 3 --threads 1 --json " + json_path);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("tilevolve baseline"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("openblas"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("of read:"), std::string::npos) << out.output;
  EXPECT_NE(out.output.find("of DRAM:"), std::string::npos) << out.output;
  std::ifstream in(json_path);
  const nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_EQ(j["records"].size(), 2u);
  for (const nlohmann::json& r : j["records"]) {
    EXPECT_GT(r["prefill_tokens_per_s"].get<double>(), 0);
    EXPECT_GT(r["decode_tokens_per_s"].get<double>(), 0);
    EXPECT_EQ(r["tokens"].size(), 4u);
    EXPECT_EQ(r["prefill_s_samples"].size(), 3u);
    EXPECT_GT(r["decode_read_fraction"].get<double>(), 0);
  }
  EXPECT_EQ(j["read"]["gbs_samples"].size(), 3u);
  EXPECT_GT(j["read"]["gbs_median"].get<double>(), 0);
}

TEST_F(GenerateCommandTest, ProfileShowsWhereTheTimeGoes) {
  const std::string json_path = dir_ + "/profile.json";
  const Outcome out = RunGenerate("--model " + config_ +
                                  " --baseline --blas openblas --prompt-tokens 6 --new-tokens 3 --threads 1 "
                                  "--profile --json " +
                                  json_path);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  for (const char* s : {"where the time goes", "prefill, per pass", "decode, per token", "gate_up",
                        "attention q k^t", "outside the products"})
    EXPECT_NE(out.output.find(s), std::string::npos) << s << "\n" << out.output;
  std::ifstream in(json_path);
  const nlohmann::json j = nlohmann::json::parse(in);
  Result<ModelConfig> config = LoadModelConfig(config_);
  ASSERT_TRUE(config.ok());
  ASSERT_EQ(j["records"].size(), 2u);
  for (const nlohmann::json& r : j["records"]) {
    EXPECT_EQ(r["profile"]["prefill"]["forwards"], 1);
    EXPECT_EQ(r["profile"]["decode"]["forwards"], 3);
    EXPECT_EQ(r["profile"]["decode"]["products"]["qkv"]["calls"], 3 * config->num_hidden_layers);
  }
}

TEST_F(GenerateCommandTest, WriteSuiteWritesASuiteAndTimesNothing) {
  const std::string suite_path = dir_ + "/suite.yaml";
  const Outcome out =
      RunGenerate("--model " + config_ + " --prompt-tokens 6 --new-tokens 3 --write-suite " + suite_path);
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("wrote " + suite_path), std::string::npos) << out.output;
  EXPECT_EQ(out.output.find("prefill ms"), std::string::npos) << "timed something:\n" << out.output;
  Result<bench::Suite> suite = bench::LoadSuite(suite_path);
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  const auto heldout =
      std::count_if(suite->shapes.begin(), suite->shapes.end(),
                    [](const bench::SuiteShape& s) { return s.tag == bench::ShapeTag::kHeldout; });
  EXPECT_GT(heldout, 0);
  EXPECT_GT(static_cast<int64_t>(suite->shapes.size()) - heldout, 0);

  const Outcome bad = RunGenerate("--model " + config_ + " --prompt-tokens 6 --new-tokens 3 --write-suite " +
                                  dir_ + "/no/such/folder/suite.yaml");
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("--write-suite"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("folder exists"), std::string::npos) << bad.output;
}

TEST_F(GenerateCommandTest, LoadsSafetensorsWeights) {
  Result<ModelConfig> config = LoadModelConfig(config_);
  ASSERT_TRUE(config.ok());
  const std::string weights = dir_ + "/model.safetensors";
  testing::WriteFile(weights, testing::SafetensorsBytes(testing::ModelTensors(
                                  RandomWeights(*config, WeightLayout::kOutByIn, 5), "BF16")));
  const Outcome out = RunGenerate("--model " + config_ + " --weights " + weights +
                                  " --baseline --prompt-tokens 4 --new-tokens 2");
  ASSERT_EQ(out.exit_code, 0) << out.output;
  EXPECT_NE(out.output.find("model.safetensors weights"), std::string::npos) << out.output;
}

TEST_F(GenerateCommandTest, BadInputIsAClearErrorNeverACrash) {
  struct Bad {
    std::string args;
    int exit_code;
    std::string says;
  };
  testing::WriteFile(dir_ + "/broken.json", "{\"hidden_size\": 64,");
  testing::WriteFile(dir_ + "/huge.json", R"({"hidden_size": 65536, "intermediate_size": 262144,
      "num_hidden_layers": 4096, "num_attention_heads": 512, "vocab_size": 1000000, "max_position_embeddings": 4096})");
  testing::WriteFile(dir_ + "/bad.safetensors", std::string("\x10\0\0\0\0\0\0\0{}", 10));
  testing::WriteFile(dir_ + "/bad_program.cpp", "this is not C++");
  for (const Bad& b : {
           Bad{"--model gpt-5", 2, "unknown model"},
           Bad{"--model " + dir_ + "/broken.json", 2, "not valid JSON"},
           Bad{"--model " + dir_ + "/huge.json --baseline", 2, "needs"},
           Bad{"--model " + config_ + " --prompt-tokens 60 --new-tokens 5", 2, "max_position_embeddings"},
           Bad{"--model " + config_ + " --prompt-tokens 0", 2, "--prompt-tokens"},
           Bad{"--model " + config_ + " --new-tokens -1", 2, "--new-tokens"},
           Bad{"--model " + config_ + " --blas mkl --prompt-tokens 4 --new-tokens 2", 2, "mkl"},
           Bad{"--model " + config_ + " --program " + dir_ + "/missing.cpp --prompt-tokens 4 --new-tokens 2",
               2, "no such file"},
           Bad{"--model " + config_ + " --weights " + dir_ +
                   "/bad.safetensors --baseline --prompt-tokens 4 --new-tokens 2",
               2, "header length"},
           Bad{"--model " + config_ + " --weights " + dir_ +
                   "/none.safetensors --baseline --prompt-tokens 4 --new-tokens 2",
               2, "cannot open"},
           Bad{"--model " + config_ + " --program " + dir_ +
                   "/bad_program.cpp --prompt-tokens 2 --new-tokens 1",
               1, "the evolved program failed"},
       }) {
    const Outcome out = RunGenerate(b.args);
    EXPECT_EQ(out.exit_code, b.exit_code) << b.args << "\n" << out.output;
    EXPECT_NE(out.output.find(b.says), std::string::npos) << b.args << "\n" << out.output;
  }
}

}  // namespace
}  // namespace tv::infer
