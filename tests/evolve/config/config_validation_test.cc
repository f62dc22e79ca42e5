// Bad config files (evolve/config/evolve_config.h): every bad value is an
// error naming the key, the value and what is allowed; YAML syntax errors give
// the line and column; unknown keys are warnings with the nearest known key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config_test_util.h"
#include "evolve/config/evolve_config.h"

namespace tv::evolve {
namespace {

using ::testing::HasSubstr;

Result<LoadedConfig> ParseYaml(const std::string& text) { return ParseEvolveConfig(text, "config.yaml"); }

struct BadValue {
  const char* yaml;
  const char* message;  // the whole error message
};

class BadValueTest : public ::testing::TestWithParam<BadValue> {};

TEST_P(BadValueTest, IsAnErrorNamingKeyValueAndWhatIsAllowed) {
  Result<LoadedConfig> loaded = ParseYaml(GetParam().yaml);
  ASSERT_FALSE(loaded.ok()) << GetParam().yaml;
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(loaded.status().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Ranges, BadValueTest,
    ::testing::Values(
        BadValue{"database:\n  num_islands: five\n",
                 "config.yaml:2: database.num_islands: 'five' is not allowed; expected an integer >= 1"},
        BadValue{"database:\n  num_islands: -2\n",
                 "config.yaml:2: database.num_islands: -2 is not allowed; expected an integer >= 1"},
        BadValue{"database:\n  num_islands: 2.5\n",
                 "config.yaml:2: database.num_islands: 2.5 is not allowed; expected an integer >= 1"},
        BadValue{"database:\n  num_islands: [1]\n",
                 "config.yaml:2: database.num_islands: a list is not allowed; expected an integer >= 1"},
        BadValue{"database:\n  num_islands: \"5x\"\n",
                 "config.yaml:2: database.num_islands: '5x' is not allowed; expected an integer >= 1"},
        BadValue{"database:\n  population_size: 3\n  num_islands: 4\n",
                 "config.yaml:2: database.population_size: 3 is not allowed; expected an integer >= "
                 "database.num_islands (4), at least one program per island"},
        BadValue{"database:\n  migration_rate: 1.5\n",
                 "config.yaml:2: database.migration_rate: 1.5 is not allowed; expected a number in [0, 1]"},
        BadValue{"database:\n  elite_selection_ratio: -0.1\n",
                 "config.yaml:2: database.elite_selection_ratio: -0.1 is not allowed; expected a number in "
                 "[0, 1]"},
        BadValue{"database:\n  exploration_ratio: 0.5\n  exploitation_ratio: 0.7\n",
                 "config.yaml:2: database.exploration_ratio + database.exploitation_ratio: 0.5 + 0.7 is not "
                 "allowed; expected a sum <= 1 (the rest of the parents are drawn at random)"},
        BadValue{"database:\n  migration_interval: 0\n",
                 "config.yaml:2: database.migration_interval: 0 is not allowed; expected an integer >= 1"},
        BadValue{"database:\n  feature_bins: 0\n",
                 "config.yaml:2: database.feature_bins: 0 is not allowed; expected an integer >= 1"},
        BadValue{
            "database:\n  feature_bins: [3]\n",
            "config.yaml:2: database.feature_bins: a list is not allowed; expected an integer >= 1, or a map "
            "{dimension: bins}"},
        BadValue{
            "database:\n  feature_bins: {complexity: 0}\n",
            "config.yaml:2: database.feature_bins.complexity: 0 is not allowed; expected an integer >= 1"},
        BadValue{
            "database:\n  feature_bins: {complexity: 2}\n  feature_bins_per_dimension: {diversity: 3}\n",
            "config.yaml:3: database.feature_bins_per_dimension: a map is not allowed together with a map in "
            "database.feature_bins; expected the per-dimension bins in one of them"},
        BadValue{
            "database:\n  feature_dimensions: complexity\n",
            "config.yaml:2: database.feature_dimensions: 'complexity' is not allowed; expected a list of "
            "strings"},
        BadValue{"database:\n  feature_dimensions: []\n",
                 "config.yaml:2: database.feature_dimensions: a list is not allowed; expected one or more "
                 "dimension "
                 "names (complexity, diversity, or metrics the evaluator reports)"},
        BadValue{
            "database:\n  feature_dimensions: [complexity, heldout_speedup]\n",
            "config.yaml:2: database.feature_dimensions[1]: 'heldout_speedup' is not allowed; expected "
            "complexity, diversity or a train-shape metric (held-out figures are reported, never used for "
            "selection: DESIGN.md rule 5)"},
        BadValue{"database:\n  feature_dimensions: [complexity, complexity]\n",
                 "config.yaml:2: database.feature_dimensions[1]: 'complexity' is not allowed; expected each "
                 "dimension once"},
        BadValue{"llm:\n  temperature: 2.5\n",
                 "config.yaml:2: llm.temperature: 2.5 is not allowed; expected a number in [0, 2]"},
        BadValue{"llm:\n  top_p: 0\n",
                 "config.yaml:2: llm.top_p: 0 is not allowed; expected a number in (0, 1]"},
        BadValue{"llm:\n  top_p: 1.01\n",
                 "config.yaml:2: llm.top_p: 1.01 is not allowed; expected a number in (0, 1]"},
        BadValue{"llm:\n  max_tokens: 0\n",
                 "config.yaml:2: llm.max_tokens: 0 is not allowed; expected an integer >= 1"},
        BadValue{"llm:\n  timeout: 0\n",
                 "config.yaml:2: llm.timeout: 0 is not allowed; expected a number > 0"},
        BadValue{"llm:\n  retries: -1\n",
                 "config.yaml:2: llm.retries: -1 is not allowed; expected an integer >= 0"},
        BadValue{"llm:\n  max_cost: -5\n",
                 "config.yaml:2: llm.max_cost: -5 is not allowed; expected a number >= 0"},
        BadValue{"llm:\n  api_base: ftp://example.com\n",
                 "config.yaml:2: llm.api_base: 'ftp://example.com' is not allowed; expected an http:// or "
                 "https:// "
                 "URL such as https://api.openai.com/v1"},
        BadValue{"llm:\n  api_base: \"\"\n",
                 "config.yaml:2: llm.api_base: '' is not allowed; expected a non-empty string"},
        BadValue{"evaluator:\n  timeout: 0\n",
                 "config.yaml:2: evaluator.timeout: 0 is not allowed; expected a number > 0"},
        BadValue{"evaluator:\n  parallel_evaluations: 0\n",
                 "config.yaml:2: evaluator.parallel_evaluations: 0 is not allowed; expected an integer >= 1"},
        BadValue{"evaluator:\n  cascade_thresholds: [0.5, 1.2]\n",
                 "config.yaml:2: evaluator.cascade_thresholds[1]: 1.2 is not allowed; expected a number in "
                 "[0, 1]"},
        BadValue{
            "evaluator:\n  cascade_thresholds: [0.9, 0.7]\n",
            "config.yaml:2: evaluator.cascade_thresholds: [0.9, 0.7] is not allowed; expected non-decreasing "
            "thresholds (each stage at least as strict as the one before)"},
        BadValue{"evaluator:\n  cascade_thresholds: 0.5\n",
                 "config.yaml:2: evaluator.cascade_thresholds: 0.5 is not allowed; expected a list of "
                 "numbers, each "
                 "in [0, 1]"},
        BadValue{
            "evaluator:\n  cascade_evaluation: maybe\n",
            "config.yaml:2: evaluator.cascade_evaluation: 'maybe' is not allowed; expected true or false"},
        BadValue{
            "log_level: verbose\n",
            "config.yaml:1: log_level: 'verbose' is not allowed; expected one of DEBUG, INFO, WARNING, ERROR "
            "(any case)"},
        BadValue{"mutator:\n  kind: genetic\n",
                 "config.yaml:2: mutator.kind: 'genetic' is not allowed; expected one of offline, llm, auto"},
        BadValue{
            "mutator:\n  kind: llm\n",
            "config.yaml:2: mutator.kind: 'llm' is not allowed; expected offline or auto when no model is "
            "configured (kind llm needs llm.models or llm.primary_model)"},
        BadValue{"mutator:\n  crossover_rate: 2\n",
                 "config.yaml:2: mutator.crossover_rate: 2 is not allowed; expected a number in [0, 1]"},
        BadValue{"mutator:\n  max_literal_changes: 0\n",
                 "config.yaml:2: mutator.max_literal_changes: 0 is not allowed; expected an integer >= 1"},
        BadValue{"backend: rocm\n",
                 "config.yaml:1: backend: 'rocm' is not allowed; expected one of cpu, cuda"},
        BadValue{"threads: -1\n", "config.yaml:1: threads: -1 is not allowed; expected an integer >= 0"},
        BadValue{
            "device_combination: max\n",
            "config.yaml:1: device_combination: 'max' is not allowed; expected one of geomean, mean, min"},
        BadValue{"max_code_length: 50\n",
                 "config.yaml:1: max_code_length: 50 is not allowed; expected an integer >= 100"},
        BadValue{"max_iterations: 1.5\n",
                 "config.yaml:1: max_iterations: 1.5 is not allowed; expected an integer >= 0"},
        BadValue{"max_iterations: 99999999999\n",
                 "config.yaml:1: max_iterations: 99999999999 is not allowed; expected an integer >= 0"},
        BadValue{"checkpoint_interval: 0\n",
                 "config.yaml:1: checkpoint_interval: 0 is not allowed; expected an integer >= 1"},
        BadValue{"random_seed: -1\n",
                 "config.yaml:1: random_seed: -1 is not allowed; expected an integer >= 0"},
        BadValue{"early_stopping_patience: -3\n",
                 "config.yaml:1: early_stopping_patience: -3 is not allowed; expected an integer >= 0"},
        BadValue{"convergence_threshold: nan\n",
                 "config.yaml:1: convergence_threshold: 'nan' is not allowed; expected a number >= 0"},
        BadValue{"target_score: -1\n",
                 "config.yaml:1: target_score: -1 is not allowed; expected a number >= 0"},
        BadValue{"diff_based_evolution: 2\n",
                 "config.yaml:1: diff_based_evolution: 2 is not allowed; expected true or false"},
        BadValue{"suite: \"\"\n", "config.yaml:1: suite: '' is not allowed; expected a non-empty string"},
        BadValue{"prompt:\n  num_top_programs: -1\n",
                 "config.yaml:2: prompt.num_top_programs: -1 is not allowed; expected an integer >= 0"},
        BadValue{"prompt:\n  system_message: [a, b]\n",
                 "config.yaml:2: prompt.system_message: a list is not allowed; expected a string"}));

INSTANTIATE_TEST_SUITE_P(
    Models, BadValueTest,
    ::testing::Values(
        BadValue{"llm:\n  models: gpt-4o\n",
                 "config.yaml:2: llm.models: 'gpt-4o' is not allowed; expected a list of models, each a map "
                 "{name, "
                 "weight, api_base, api_key, input_price_per_mtok, output_price_per_mtok}"},
        BadValue{
            "llm:\n  models:\n    - gpt-4o\n",
            "config.yaml:3: llm.models[0]: 'gpt-4o' is not allowed; expected a map of `key: value` settings"},
        BadValue{
            "llm:\n  models:\n    - weight: 1\n",
            "config.yaml:3: llm.models[0].name: missing; expected the model id sent to the endpoint (e.g. "
            "gpt-4o-mini)"},
        BadValue{"llm:\n  models:\n    - name: m\n      weight: 0\n",
                 "config.yaml:4: llm.models[0].weight: 0 is not allowed; expected a number > 0"},
        BadValue{
            "llm:\n  models:\n    - name: m\n      input_price_per_mtok: -1\n",
            "config.yaml:4: llm.models[0].input_price_per_mtok: -1 is not allowed; expected a number >= 0"},
        BadValue{
            "llm:\n  models:\n    - name: m\n      api_base: localhost:8080\n",
            "config.yaml:4: llm.models[0].api_base: 'localhost:8080' is not allowed; expected an http:// or "
            "https:// URL such as https://api.openai.com/v1"},
        BadValue{"llm:\n  primary_model_weight: 0.8\n",
                 "config.yaml:2: llm.primary_model_weight is set but llm.primary_model is not; expected "
                 "llm.primary_model naming the model (or an llm.models list)"},
        BadValue{"llm:\n  primary_model: p\n  primary_model_weight: 0\n",
                 "config.yaml:3: llm.primary_model_weight: 0 is not allowed; expected a number > 0"},
        BadValue{"llm:\n  model: gpt-4o\n",
                 "config.yaml:2: llm.model: 'gpt-4o' is not allowed; expected llm.primary_model: NAME or an "
                 "llm.models list (llm.model is not a key; without a model the run would not use the LLM)"}));

INSTANTIATE_TEST_SUITE_P(
    Structure, BadValueTest,
    ::testing::Values(
        BadValue{"database: 5\n",
                 "config.yaml:1: database: 5 is not allowed; expected a map of `key: value` settings"},
        BadValue{"- a\n- b\n",
                 "config.yaml:1: the file's top level: a list is not allowed; expected a map of `key: value` "
                 "settings"},
        BadValue{
            "just text\n",
            "config.yaml:1: the file's top level: 'just text' is not allowed; expected a map of `key: value` "
            "settings"},
        BadValue{"max_iterations: 5\nmax_iterations: 6\n",
                 "config.yaml:2: max_iterations appears twice (first on line 1); keep one"},
        BadValue{"database:\n  num_islands: 2\n  num_islands: 3\n",
                 "config.yaml:3: database.num_islands appears twice (first on line 2); keep one"}));

TEST(EvolveConfigErrors, EveryBadValueIsReportedAtOnce) {
  Result<LoadedConfig> loaded =
      ParseYaml("max_iterations: x\ndatabase:\n  num_islands: 0\nllm:\n  top_p: 3\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            "config.yaml:1: max_iterations: 'x' is not allowed; expected an integer >= 0\n"
            "config.yaml:3: database.num_islands: 0 is not allowed; expected an integer >= 1\n"
            "config.yaml:5: llm.top_p: 3 is not allowed; expected a number in (0, 1]");
}

TEST(EvolveConfigErrors, YamlSyntaxErrorGivesLineAndColumn) {
  Result<LoadedConfig> loaded =
      ParseYaml("max_iterations: 5\ndatabase:\n  feature_dimensions: [complexity, diversity\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(loaded.status().message(), HasSubstr("config.yaml:4:1: YAML syntax error: "));

  loaded = ParseYaml("max_iterations: 5\ndatabase:\n  num_islands: 3: 4\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("config.yaml:3:"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("YAML syntax error"));

  loaded = ParseYaml("max_iterations: 5\n\tdatabase: 1\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(),
            "config.yaml:2:1: YAML syntax error: illegal tab when looking for indentation");

  loaded = ParseYaml("database:\n  num_islands: 3\n bad_indent: 1\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("config.yaml:3:"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("YAML syntax error"));
}

// ---- Unknown and ignored keys ----

struct UnknownKey {
  const char* yaml;
  const char* warning;
};

class UnknownKeyTest : public ::testing::TestWithParam<UnknownKey> {};

TEST_P(UnknownKeyTest, IsAWarningWithTheNearestKnownKey) {
  Result<LoadedConfig> loaded = ParseYaml(GetParam().yaml);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->warnings.size(), 1u) << ::testing::PrintToString(loaded->warnings);
  EXPECT_EQ(loaded->warnings[0], GetParam().warning);
  ExpectSameConfig(loaded->config, EvolveConfig{});  // the value is not applied anywhere
}

INSTANTIATE_TEST_SUITE_P(
    Keys, UnknownKeyTest,
    ::testing::Values(
        UnknownKey{
            "database:\n  num_island: 4\n",
            "config.yaml:2: database.num_island is not a known key (did you mean database.num_islands?); "
            "ignored"},
        UnknownKey{"database:\n  islands: 4\n",
                   "config.yaml:2: database.islands is not a known key (did you mean database.num_islands?); "
                   "ignored"},
        UnknownKey{
            "Max_Iterations: 4\n",
            "config.yaml:1: Max_Iterations is not a known key (did you mean max_iterations?); ignored"},
        UnknownKey{"max_iteration: 4\n",
                   "config.yaml:1: max_iteration is not a known key (did you mean max_iterations?); ignored"},
        UnknownKey{
            "llm:\n  temprature: 0.1\n",
            "config.yaml:2: llm.temprature is not a known key (did you mean llm.temperature?); ignored"},
        UnknownKey{
            "num_islands: 4\n",
            "config.yaml:1: num_islands is not a known key (did you mean database.num_islands?); ignored"},
        UnknownKey{
            "timeout: 4\n",
            "config.yaml:1: timeout is not a known key (did you mean evaluator.timeout or llm.timeout?); "
            "ignored"},
        UnknownKey{"llm:\n  modle: x\n",
                   "config.yaml:2: llm.modle is not a known key (did you mean llm.models?); ignored"},
        UnknownKey{"something_else_entirely: 1\n",
                   "config.yaml:1: something_else_entirely is not a known key; ignored"},
        UnknownKey{"gpu:\n  arch: sm90\n", "config.yaml:1: gpu is not a known key; ignored"}));

TEST(EvolveConfigWarnings, UnknownKeyInAModel) {
  Result<LoadedConfig> loaded = ParseYaml("llm:\n  models:\n    - name: m\n      wieght: 2\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->warnings.size(), 1u) << ::testing::PrintToString(loaded->warnings);
  EXPECT_EQ(
      loaded->warnings[0],
      "config.yaml:4: llm.models[0].wieght is not a known key (did you mean llm.models[0].weight?); ignored");
  EXPECT_EQ(loaded->config.llm.models[0].weight, 1.0);
}

TEST(EvolveConfigWarnings, WarningsAreInFileOrder) {
  Result<LoadedConfig> loaded =
      ParseYaml("databse: 1\ndatabase:\n  db_path: x\n  num_island: 2\nlog_dir: y\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->warnings.size(), 4u) << ::testing::PrintToString(loaded->warnings);
  EXPECT_THAT(loaded->warnings[0],
              ::testing::StartsWith("config.yaml:1: databse is not a known key (did you mean "
                                    "database?)"));
  EXPECT_THAT(loaded->warnings[1], ::testing::StartsWith("config.yaml:3: database.db_path is accepted"));
  EXPECT_THAT(loaded->warnings[2],
              ::testing::StartsWith("config.yaml:4: database.num_island is not a known key"));
  EXPECT_THAT(loaded->warnings[3], ::testing::StartsWith("config.yaml:5: log_dir is accepted"));
}

TEST(EvolveConfigWarnings, OpenEvolveKeysAreAcceptedAndIgnored) {
  Result<LoadedConfig> loaded = ParseYaml(R"(
log_dir: null
diff_pattern: "x"
language: python
early_stopping_metric: combined_score
evolution_trace:
  enabled: true
llm:
  evaluator_models:
    - name: judge
  primary_model: p
  models:
  reasoning_effort: high
prompt:
  evaluator_system_message: "x"
  template_variations: {a: [b]}
database:
  db_path: ./db
  in_memory: true
  random_seed: 3
evaluator:
  use_llm_feedback: false
  max_retries: 3
)");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  for (const char* key : {"diff_pattern", "language", "early_stopping_metric", "evolution_trace",
                          "llm.evaluator_models", "llm.reasoning_effort", "prompt.evaluator_system_message",
                          "prompt.template_variations", "database.db_path", "database.in_memory",
                          "database.random_seed", "evaluator.use_llm_feedback", "evaluator.max_retries"}) {
    EXPECT_THAT(OneWarningWith(loaded->warnings, std::string(key) + " is accepted"),
                HasSubstr(std::string(key) + " is accepted for OpenEvolve compatibility and ignored"));
  }
  EXPECT_EQ(loaded->warnings.size(), 13u) << "log_dir: null changes nothing, so it is not reported\n"
                                          << ::testing::PrintToString(loaded->warnings);
  ASSERT_EQ(loaded->config.llm.models.size(), 1u) << "a null models: list means no list";
}

TEST(EvolveConfigWarnings, PerModelOpenEvolveKeysAreIgnored) {
  Result<LoadedConfig> loaded = ParseYaml("llm:\n  models:\n    - name: m\n      temperature: 0.2\n");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ASSERT_EQ(loaded->warnings.size(), 1u);
  EXPECT_EQ(loaded->warnings[0],
            "config.yaml:4: llm.models[0].temperature is accepted for OpenEvolve compatibility and ignored");
}

}  // namespace
}  // namespace tv::evolve
