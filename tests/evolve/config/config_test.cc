// Reading config.yaml (evolve/config/evolve_config.h): defaults, the shipped
// files, OpenEvolve's model forms, ${ENV} expansion and the YAML round trip.
// Bad values and unknown keys: config_validation_test.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "config_test_util.h"
#include "evolve/config/env_expansion.h"
#include "evolve/config/evolve_config.h"

namespace tv::evolve {
namespace {

using ::testing::ElementsAre;

Result<LoadedConfig> Parse(const std::string& text) { return ParseEvolveConfig(text, "test.yaml"); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EvolveConfig, EmptyTextIsAllDefaults) {
  for (const char* text : {"", "# only a comment\n", "\n\n", "~\n"}) {
    Result<LoadedConfig> loaded = Parse(text);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    ExpectSameConfig(loaded->config, EvolveConfig{});
    EXPECT_TRUE(loaded->warnings.empty());
    EXPECT_EQ(loaded->source, "test.yaml");
    EXPECT_EQ(loaded->text, text);
  }
}

TEST(EvolveConfig, EmptySectionsAndNullValuesKeepDefaults) {
  Result<LoadedConfig> loaded = Parse(
      "llm:\nprompt: null\ndatabase: ~\nevaluator:\n  timeout: null\nearly_stopping_patience: null\n"
      "random_seed: ~\nmutator:\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ExpectSameConfig(loaded->config, EvolveConfig{});
  EXPECT_TRUE(loaded->warnings.empty());
}

TEST(EvolveConfig, SeedConfigLoadsWithOnlyCompatibilityWarnings) {
  Result<LoadedConfig> loaded = LoadEvolveConfig(TV_CONFIG_TEST_DIR "/openevolve_seed_config.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const EvolveConfig& c = loaded->config;
  EXPECT_EQ(c.max_iterations, 200);
  EXPECT_EQ(c.checkpoint_interval, 20);
  EXPECT_EQ(c.log_level, "INFO");
  ASSERT_EQ(c.llm.models.size(), 2u);
  EXPECT_EQ(c.llm.models[0].name, "google/gemini-2.0-flash-001");
  EXPECT_EQ(c.llm.models[0].weight, 0.8);
  EXPECT_EQ(c.llm.models[1].name, "anthropic/claude-sonnet-4");
  EXPECT_EQ(c.llm.models[1].weight, 0.2);
  EXPECT_EQ(c.llm.api_base, "https://openrouter.ai/api/v1");
  EXPECT_EQ(c.llm.temperature, 0.7);
  EXPECT_EQ(c.llm.top_p, 0.95);
  EXPECT_EQ(c.llm.max_tokens, 8192);
  EXPECT_EQ(c.llm.timeout_s, 600);
  EXPECT_NE(c.prompt.system_message.find("choose_tile_size(M, N, K, device_info)"), std::string::npos);
  EXPECT_EQ(c.prompt.system_message.back(), '\n');
  EXPECT_EQ(c.prompt.num_top_programs, 3);
  EXPECT_TRUE(c.prompt.use_template_stochasticity);
  EXPECT_EQ(c.database.population_size, 60);
  EXPECT_EQ(c.database.archive_size, 20);
  EXPECT_EQ(c.database.num_islands, 4);
  EXPECT_EQ(c.database.elite_selection_ratio, 0.3);
  EXPECT_EQ(c.database.exploitation_ratio, 0.75);
  EXPECT_EQ(c.evaluator.timeout_s, 180);
  EXPECT_TRUE(c.evaluator.cascade_evaluation);
  EXPECT_THAT(c.evaluator.cascade_thresholds, ElementsAre(0.7, 0.9));
  EXPECT_EQ(c.evaluator.parallel_evaluations, 2);
  EXPECT_FALSE(c.diff_based_evolution);
  EXPECT_TRUE(c.allow_full_rewrites);
  EXPECT_EQ(c.max_code_length, 12000);

  ASSERT_EQ(loaded->warnings.size(), 2u) << ::testing::PrintToString(loaded->warnings);
  EXPECT_NE(loaded->warnings[0].find("openevolve_seed_config.yaml:46: database.db_path is accepted for "
                                     "OpenEvolve compatibility and ignored"),
            std::string::npos)
      << loaded->warnings[0];
  EXPECT_NE(loaded->warnings[1].find(
                "evaluator.use_llm_feedback is accepted for OpenEvolve compatibility and ignored"),
            std::string::npos)
      << loaded->warnings[1];
}

const char* kExampleConfig = TV_SOURCE_DIR "/examples/gemm_tiling/config.yaml";

TEST(EvolveConfig, ExampleConfigLoadsWithoutWarnings) {
  Result<LoadedConfig> loaded = LoadEvolveConfig(kExampleConfig);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  const EvolveConfig& c = loaded->config;
  EXPECT_EQ(c.mutator.kind, "offline");
  EXPECT_FALSE(c.llm.enabled());
  EXPECT_EQ(c.suite, "transformer");
  EXPECT_EQ(c.max_iterations, 100);
  EXPECT_EQ(c.checkpoint_interval, 10);
  EXPECT_EQ(c.database.num_islands, 3);
  EXPECT_EQ(c.database.population_size, 200);
  EXPECT_THAT(c.database.feature_dimensions, ElementsAre("complexity", "diversity"));
  EXPECT_TRUE(c.evaluator.cascade_evaluation);
  EXPECT_EQ(loaded->source, kExampleConfig);
}

// The commented-out llm section of the example, uncommented, is a working LLM config.
TEST(EvolveConfig, ExampleConfigLlmSectionWorksWhenUncommented) {
  std::istringstream lines(ReadFile(kExampleConfig));
  std::string text, line;
  bool in_llm = false;
  while (std::getline(lines, line)) {
    if (line.rfind("# llm:", 0) == 0) in_llm = true;
    if (in_llm && line.rfind("#", 0) != 0) in_llm = false;
    text += (in_llm ? line.substr(2) : line) + "\n";
  }
  const std::string offline = "mutator:\n  kind: offline";
  ASSERT_NE(text.find(offline), std::string::npos);
  text.replace(text.find(offline), offline.size(), "mutator:\n  kind: llm");
  const char* user_key = getenv("OPENAI_API_KEY");
  const std::string saved_key = user_key != nullptr ? user_key : "";
  ASSERT_EQ(setenv("OPENAI_API_KEY", "sk-test-123", 1), 0);
  Result<LoadedConfig> loaded = Parse(text);
  if (user_key != nullptr) {
    setenv("OPENAI_API_KEY", saved_key.c_str(), 1);
  } else {
    unsetenv("OPENAI_API_KEY");
  }
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  const LlmConfig& llm = loaded->config.llm;
  ASSERT_EQ(llm.models.size(), 2u);
  EXPECT_EQ(llm.models[0].name, "gpt-4o-mini");
  EXPECT_EQ(llm.models[0].weight, 0.8);
  EXPECT_EQ(llm.models[0].input_price_per_mtok, 0.15);
  EXPECT_EQ(llm.models[1].output_price_per_mtok, 10.0);
  EXPECT_EQ(llm.api_key, "sk-test-123");
  EXPECT_EQ(llm.max_cost, 5.0);
  EXPECT_EQ(loaded->config.mutator.kind, "llm");
}

TEST(EvolveConfig, ModelsListWithPerModelEndpointsAndPrices) {
  Result<LoadedConfig> loaded = Parse(R"(
llm:
  models:
    - name: "a"
      weight: 3
      api_base: "http://127.0.0.1:8080/v1"
      api_key: "key-a"
      input_price_per_mtok: 1.5
      output_price_per_mtok: 6
    - name: b
  max_cost: 2.5
)");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  const LlmConfig& llm = loaded->config.llm;
  ASSERT_EQ(llm.models.size(), 2u);
  EXPECT_EQ(llm.models[0].weight, 3);
  EXPECT_EQ(llm.models[0].api_base, "http://127.0.0.1:8080/v1");
  EXPECT_EQ(llm.models[0].api_key, "key-a");
  EXPECT_EQ(llm.models[0].input_price_per_mtok, 1.5);
  EXPECT_EQ(llm.models[0].output_price_per_mtok, 6);
  EXPECT_EQ(llm.models[1].name, "b");
  EXPECT_EQ(llm.models[1].weight, 1.0);
  EXPECT_EQ(llm.models[1].api_base, "");
  EXPECT_EQ(llm.max_cost, 2.5);
}

TEST(EvolveConfig, PrimaryAndSecondaryModelsBecomeTheModelList) {
  Result<LoadedConfig> loaded = Parse("llm:\n  primary_model: p\n  secondary_model: s\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->config.llm.models.size(), 2u);
  EXPECT_EQ(loaded->config.llm.models[0].name, "p");
  EXPECT_EQ(loaded->config.llm.models[0].weight, 1.0);  // OpenEvolve's defaults
  EXPECT_EQ(loaded->config.llm.models[1].name, "s");
  EXPECT_EQ(loaded->config.llm.models[1].weight, 0.2);

  loaded = Parse("llm:\n  primary_model: p\n  secondary_model: s\n  secondary_model_weight: 0\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->config.llm.models.size(), 1u) << "weight 0 drops the secondary model";

  loaded = Parse("llm:\n  secondary_model: s\n  secondary_model_weight: 0.5\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->config.llm.models.size(), 1u);
  EXPECT_EQ(loaded->config.llm.models[0].weight, 0.5);
}

TEST(EvolveConfig, ModelsListWinsOverPrimaryModelWithAWarning) {
  Result<LoadedConfig> loaded = Parse("llm:\n  models:\n    - name: listed\n  primary_model: p\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->config.llm.models.size(), 1u);
  EXPECT_EQ(loaded->config.llm.models[0].name, "listed");
  EXPECT_EQ(OneWarningWith(loaded->warnings, "llm.primary_model"),
            "test.yaml:4: llm.primary_model is ignored because llm.models is set; list every model there");
}

TEST(EvolveConfig, MaxCostWithoutPricesWarns) {
  Result<LoadedConfig> loaded = Parse("llm:\n  primary_model: p\n  max_cost: 3\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  OneWarningWith(loaded->warnings, "llm.max_cost is set but no model");
}

TEST(EvolveConfig, FeatureBinsIntOrMap) {
  Result<LoadedConfig> loaded = Parse("database:\n  feature_bins: 7\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.database.feature_bins, 7);
  EXPECT_TRUE(loaded->config.database.feature_bins_per_dimension.empty());

  loaded = Parse(
      "database:\n  feature_dimensions: [complexity, score]\n  feature_bins: {complexity: 4, score: 12}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  EXPECT_EQ(loaded->config.database.feature_bins, 10);
  EXPECT_EQ(loaded->config.database.feature_bins_per_dimension,
            (std::map<std::string, int>{{"complexity", 4}, {"score", 12}}));

  loaded = Parse("database:\n  feature_bins:\n    complexity: 4\n    speed: 3\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(
      OneWarningWith(loaded->warnings, "speed"),
      "test.yaml:4: database.feature_bins.speed: speed is not one of database.feature_dimensions, so it has "
      "no effect");
}

TEST(EvolveConfig, LogLevelAnyCase) {
  Result<LoadedConfig> loaded = Parse("log_level: debug\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.log_level, "DEBUG");
  loaded = Parse("log_level: Warning\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.log_level, "WARNING");
  loaded = Parse("log_level: CRITICAL\n");  // OpenEvolve's highest level
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.log_level, "ERROR");
  OneWarningWith(loaded->warnings, "CRITICAL is read as ERROR");
}

TEST(EvolveConfig, LenientScalarsAreRead) {
  Result<LoadedConfig> loaded = Parse(
      "max_iterations: \"12\"\ndiff_based_evolution: no\nallow_full_rewrites: Yes\nmutator:\n  kind: "
      "OFFLINE\n"
      "backend: CUDA\nrandom_seed: 18446744073709551615\nllm:\n  temperature: +0.5\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.max_iterations, 12);
  EXPECT_FALSE(loaded->config.diff_based_evolution);
  EXPECT_TRUE(loaded->config.allow_full_rewrites);
  EXPECT_EQ(loaded->config.mutator.kind, "offline");
  EXPECT_EQ(loaded->config.backend, "cuda");
  EXPECT_EQ(loaded->config.random_seed, std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(loaded->config.llm.temperature, 0.5);
}

// ---- ${ENV} expansion ----

class EnvConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(setenv("TV_CONFIG_TEST_SET", "value-1", 1), 0);
    ASSERT_EQ(unsetenv("TV_CONFIG_TEST_UNSET"), 0);
  }
  void TearDown() override { unsetenv("TV_CONFIG_TEST_SET"); }
};

TEST_F(EnvConfig, SetVariablesExpandInStringValues) {
  Result<LoadedConfig> loaded = Parse(R"(
llm:
  api_key: ${TV_CONFIG_TEST_SET}
  api_base: "https://${TV_CONFIG_TEST_SET}.example.com/v1"
  models:
    - name: m
      api_key: "Bearer ${TV_CONFIG_TEST_SET}"
prompt:
  system_message: "a ${TV_CONFIG_TEST_SET} b $${NOT_EXPANDED} c"
suite: ${TV_CONFIG_TEST_SET}
)");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  EXPECT_EQ(loaded->config.llm.api_key, "value-1");
  EXPECT_EQ(loaded->config.llm.api_base, "https://value-1.example.com/v1");
  EXPECT_EQ(loaded->config.llm.models[0].api_key, "Bearer value-1");
  EXPECT_EQ(loaded->config.prompt.system_message, "a value-1 b ${NOT_EXPANDED} c");
  EXPECT_EQ(loaded->config.suite, "value-1");
  EXPECT_NE(loaded->text.find("${TV_CONFIG_TEST_SET}"), std::string::npos) << "text is the file as read";
}

TEST_F(EnvConfig, UnsetVariableInApiKeyLeavesItEmptyWithAWarning) {
  Result<LoadedConfig> loaded = Parse(
      "llm:\n  api_key: ${TV_CONFIG_TEST_UNSET}\n  models:\n    - name: m\n      api_key: "
      "${TV_CONFIG_TEST_UNSET}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.llm.api_key, "");
  EXPECT_EQ(loaded->config.llm.models[0].api_key, "");
  EXPECT_EQ(
      OneWarningWith(loaded->warnings, "llm.api_key"),
      "test.yaml:2: llm.api_key: the environment variable TV_CONFIG_TEST_UNSET is not set; the key is left "
      "empty (set TV_CONFIG_TEST_UNSET before using the LLM)");
  OneWarningWith(loaded->warnings, "llm.models[0].api_key");
}

TEST_F(EnvConfig, UnsetVariableElsewhereIsAnErrorNamingIt) {
  Result<LoadedConfig> loaded = Parse("llm:\n  api_base: \"${TV_CONFIG_TEST_UNSET}/v1\"\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(
      loaded.status().message(),
      "test.yaml:2: llm.api_base: '${TV_CONFIG_TEST_UNSET}/v1' is not allowed while the environment variable "
      "TV_CONFIG_TEST_UNSET is not set; expected TV_CONFIG_TEST_UNSET set, or the value written out");

  loaded = Parse("database:\n  feature_dimensions: [complexity, \"${TV_CONFIG_TEST_UNSET}\"]\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("database.feature_dimensions[1]"), std::string::npos)
      << loaded.status().message();
}

TEST_F(EnvConfig, MalformedReferenceIsAnError) {
  Result<LoadedConfig> loaded = Parse("suite: \"${TV_CONFIG_TEST_SET\"\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("test.yaml:1: suite: '${TV_CONFIG_TEST_SET' is not allowed; '${' "
                                           "without its closing '}'"),
            std::string::npos)
      << loaded.status().message();
  loaded = Parse("suite: \"${1ABC}\"\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("does not name an environment variable"), std::string::npos)
      << loaded.status().message();
}

TEST(EnvExpansion, ReplacesEscapesAndReportsUnset) {
  EnvLookup lookup = [](const std::string& name) -> std::optional<std::string> {
    if (name == "A") return std::string("x");
    if (name == "EMPTY") return std::string();
    return std::nullopt;
  };
  Result<EnvExpansion> e = ExpandEnvReferences("${A}-${EMPTY}-${B}-$${A}-$-${A}${A}", lookup);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->value, "x---${A}-$-xx");
  EXPECT_THAT(e->unset, ElementsAre("B"));
  EXPECT_FALSE(ExpandEnvReferences("${A", lookup).ok());
  EXPECT_FALSE(ExpandEnvReferences("${}", lookup).ok());
  EXPECT_FALSE(ExpandEnvReferences("${A-B}", lookup).ok());
  for (const char* text : {"", "plain", "${A}", "$${A}", "$$${A}", "a$", "${", "$"}) {
    Result<EnvExpansion> back = ExpandEnvReferences(EscapeEnvReferences(text), lookup);
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(back->value, text);
  }
}

// ---- Files ----

TEST(EvolveConfig, MissingFileIsNotFound) {
  Result<LoadedConfig> loaded = LoadEvolveConfig("/nonexistent/dir/config.yaml");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("/nonexistent/dir/config.yaml"), std::string::npos);
}

TEST(EvolveConfig, DirectoryIsAnError) {
  Result<LoadedConfig> loaded = LoadEvolveConfig(TV_CONFIG_TEST_DIR);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(loaded.status().message().find("is a directory"), std::string::npos);
}

TEST(EvolveConfig, RelativeTemplateDirIsRelativeToTheConfigFile) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("tv_config_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "config.yaml") << "prompt:\n  template_dir: templates\n";
  Result<LoadedConfig> loaded = LoadEvolveConfig((dir / "config.yaml").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->config.prompt.template_dir,
            (fs::absolute(dir) / "templates").lexically_normal().string());
  EXPECT_EQ(loaded->text, "prompt:\n  template_dir: templates\n");
  fs::remove_all(dir);
}

// ---- Round trip ----

TEST(EvolveConfigYaml, DefaultsRoundTrip) {
  const std::string yaml = EvolveConfigYaml(EvolveConfig{});
  Result<LoadedConfig> loaded = Parse(yaml);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message() << "\n" << yaml;
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  ExpectSameConfig(loaded->config, EvolveConfig{});
  EXPECT_EQ(EvolveConfigYaml(loaded->config), yaml);
}

EvolveConfig ConfigWithEveryFieldChanged() {
  EvolveConfig c;
  c.max_iterations = 7;
  c.checkpoint_interval = 3;
  c.log_level = "DEBUG";
  c.random_seed = std::numeric_limits<uint64_t>::max();
  c.target_score = 1.2345678901234567;
  c.early_stopping_patience = 9;
  c.convergence_threshold = 0.1 + 0.2;  // not a short decimal
  c.diff_based_evolution = false;
  c.allow_full_rewrites = true;
  c.max_code_length = 100;
  c.llm.models = {{"model \"one\"", 0.75, "http://127.0.0.1:1/v1", "sk-${literal}", 0.15, 0.6},
                  {"two", 1e-3, "", "", 0, 0}};
  c.llm.api_base = "https://example.com/v1";
  c.llm.api_key = "key: with # yaml characters";
  c.llm.temperature = 0;
  c.llm.top_p = 1;
  c.llm.max_tokens = 1;
  c.llm.timeout_s = 0.5;
  c.llm.retries = 0;
  c.llm.retry_delay_s = 0;
  c.llm.max_cost = 12.5;
  c.prompt.system_message =
      "Line one.\n  indented \"quoted\" line\ttab \\ back ü 🔬\n\nlast line without newline";
  c.prompt.template_dir = "/tmp/templates dir";
  c.prompt.num_top_programs = 0;
  c.prompt.num_diverse_programs = 5;
  c.prompt.use_template_stochasticity = false;
  c.prompt.include_artifacts = false;
  c.prompt.max_artifact_bytes = 0;
  c.database.population_size = 3;
  c.database.archive_size = 1;
  c.database.num_islands = 3;
  c.database.migration_interval = 1;
  c.database.migration_rate = 1;
  c.database.elite_selection_ratio = 0;
  c.database.exploration_ratio = 0.4;
  c.database.exploitation_ratio = 0.6;
  c.database.feature_dimensions = {"score", "complexity", "max error"};
  c.database.feature_bins = 3;
  c.database.feature_bins_per_dimension = {{"score", 20}, {"max error", 2}};
  c.database.diversity_reference_size = 1;
  c.evaluator.timeout_s = 1e-3;
  c.evaluator.cascade_evaluation = false;
  c.evaluator.cascade_thresholds = {0.1, 0.1, 1};
  c.evaluator.parallel_evaluations = 4;
  c.evaluator.measurement_cache = false;
  c.mutator.kind = "llm";
  c.mutator.max_literal_changes = 1;
  c.mutator.crossover_rate = 1;
  c.mutator.operator_flip_rate = 0;
  c.suite = "suites/my suite.yaml";
  c.backend = "cuda";
  c.threads = 2;
  c.device_combination = "min";
  return c;
}

TEST(EvolveConfigYaml, NonDefaultsRoundTrip) {
  const EvolveConfig c = ConfigWithEveryFieldChanged();
  const std::string yaml = EvolveConfigYaml(c);
  Result<LoadedConfig> loaded = Parse(yaml);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message() << "\n" << yaml;
  EXPECT_TRUE(loaded->warnings.empty()) << ::testing::PrintToString(loaded->warnings);
  ExpectSameConfig(loaded->config, c);
  EXPECT_EQ(EvolveConfigYaml(loaded->config), yaml);
}

TEST(EvolveConfigYaml, EmptyCascadeAndNoModelsRoundTrip) {
  EvolveConfig c;
  c.evaluator.cascade_thresholds.clear();
  c.prompt.system_message = "ends with two newlines\n\n";
  Result<LoadedConfig> loaded = Parse(EvolveConfigYaml(c));
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ExpectSameConfig(loaded->config, c);
}

TEST(EvolveConfigYaml, WritesEveryKey) {
  const std::string yaml = EvolveConfigYaml(EvolveConfig{});
  for (const char* key : {"max_iterations:",
                          "checkpoint_interval:",
                          "log_level:",
                          "random_seed:",
                          "target_score:",
                          "early_stopping_patience:",
                          "convergence_threshold:",
                          "diff_based_evolution:",
                          "allow_full_rewrites:",
                          "max_code_length:",
                          "llm:",
                          "models:",
                          "api_base:",
                          "api_key:",
                          "temperature:",
                          "top_p:",
                          "max_tokens:",
                          "timeout:",
                          "retries:",
                          "retry_delay:",
                          "max_cost:",
                          "prompt:",
                          "system_message:",
                          "template_dir:",
                          "num_top_programs:",
                          "num_diverse_programs:",
                          "use_template_stochasticity:",
                          "include_artifacts:",
                          "max_artifact_bytes:",
                          "database:",
                          "population_size:",
                          "archive_size:",
                          "num_islands:",
                          "migration_interval:",
                          "migration_rate:",
                          "elite_selection_ratio:",
                          "exploration_ratio:",
                          "exploitation_ratio:",
                          "feature_dimensions:",
                          "feature_bins:",
                          "feature_bins_per_dimension:",
                          "diversity_reference_size:",
                          "evaluator:",
                          "cascade_evaluation:",
                          "cascade_thresholds:",
                          "parallel_evaluations:",
                          "measurement_cache:",
                          "mutator:",
                          "kind:",
                          "max_literal_changes:",
                          "crossover_rate:",
                          "operator_flip_rate:",
                          "suite:",
                          "backend:",
                          "threads:",
                          "device_combination:"}) {
    EXPECT_NE(yaml.find(key), std::string::npos) << key << " missing from\n" << yaml;
  }
}

}  // namespace
}  // namespace tv::evolve
