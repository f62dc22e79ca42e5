// The configuration of an evolution run: OpenEvolve's config.yaml keys (so an
// OpenEvolve user's file loads as is) plus tilevolve's own sections, parsed
// once into typed structs. Every default lives in this header, next to its
// field: this is the one place they are documented.
//
//   Result<LoadedConfig> loaded = LoadEvolveConfig("examples/gemm_tiling/config.yaml");
//   for (const std::string& w : loaded->warnings) log(w);   // unknown keys, ignored keys
//   const EvolveConfig& config = loaded->config;
//
// Rules: an unknown key is a warning naming it (with its path, e.g.
// "database.islands" and the nearest known key when one is close); a bad value
// is an error naming the key, the value and what is allowed ("database.
// num_islands: -2 is not allowed; expected an integer >= 1"). `${NAME}` in a
// string value is replaced by the environment variable NAME (an unset variable
// is an error naming it, except in llm.api_key where it leaves the key empty
// and the LLM mutator says so when it is used).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace tv::evolve {

struct LlmModelConfig {
  std::string name;                  // model id sent to the endpoint, e.g. "gpt-4o-mini"
  double weight = 1.0;               // sampling weight in the ensemble (> 0)
  std::string api_base;              // empty: llm.api_base
  std::string api_key;               // empty: llm.api_key
  double input_price_per_mtok = 0;   // USD per million prompt tokens (for llm.max_cost)
  double output_price_per_mtok = 0;  // USD per million completion tokens
};

struct LlmConfig {
  std::vector<LlmModelConfig> models;  // from `models:`; or from primary_model/secondary_model (+ weights)
  std::string api_base = "https://api.openai.com/v1";
  std::string api_key;  // "${OPENAI_API_KEY}" style expands from the environment
  double temperature = 0.7;
  double top_p = 0.95;
  int max_tokens = 4096;
  double timeout_s = 60;
  int retries = 3;
  double retry_delay_s = 5;  // first backoff; doubles per retry (429 / 5xx / timeouts)
  double max_cost = 0;       // USD; 0 = no budget
  bool enabled() const { return !models.empty(); }
};

struct PromptConfig {
  std::string system_message;  // empty: the built-in system message (templates/system_message.txt)
  std::string template_dir;    // empty: the built-in templates
  int num_top_programs = 3;
  int num_diverse_programs = 2;
  bool use_template_stochasticity = true;
  bool include_artifacts = true;
  int max_artifact_bytes = 8192;
};

struct DatabaseConfig {
  int population_size = 1000;  // programs kept per run (the best is never evicted)
  int archive_size = 100;      // elite archive
  int num_islands = 5;
  int migration_interval = 50;  // generations (per island) between migrations
  double migration_rate = 0.1;  // fraction of an island's top programs copied to the next island
  double elite_selection_ratio = 0.1;
  double exploration_ratio = 0.2;
  double exploitation_ratio = 0.7;
  std::vector<std::string> feature_dimensions = {"complexity", "diversity"};  // or evaluator metric names
  int feature_bins = 10;  // per dimension (feature_bins: {dim: n} also accepted)
  std::map<std::string, int> feature_bins_per_dimension;  // overrides feature_bins where set
  int diversity_reference_size = 20;
};

struct EvaluatorConfig {
  double timeout_s = 300;  // wall-clock limit of one evaluation (external evaluators: the whole process)
  // Cascade (built-in evaluator): a child's train shapes that must be timed are
  // timed in thresholds.size() + 1 stages; after stage i its projected score
  // (untimed shapes at the parent's figures) must reach thresholds[i] x the
  // parent's score or it stops as "cascade_stopped" (evolve/evaluator.h).
  // External evaluators run whole and ignore these.
  bool cascade_evaluation = true;
  std::vector<double> cascade_thresholds = {0.98, 0.995};
  // Evaluations at once. Timings on one device never overlap, so one evaluator
  // process measures one candidate at a time: more than the run's evaluator
  // processes (1, or the evaluator ranks under --distributed mpi) is a warning.
  int parallel_evaluations = 1;
  // Built-in evaluator: a child's pairs whose figures the measurement cache holds
  // (same tiles, same device) take them from it. false: every pair is timed now
  // and nothing is read from or written to the cache (each evaluation costs what
  // a cache-missing one does; bench/distributed/throughput.py measures that).
  bool measurement_cache = true;
};

struct MutatorConfig {
  std::string kind = "auto";         // "offline", "llm", or "auto" (llm when llm.models is set, else offline)
  int max_literal_changes = 3;       // literals changed per offline mutation (1..this)
  double crossover_rate = 0.2;       // probability of a crossover instead of a mutation
  double operator_flip_rate = 0.15;  // probability of flipping a comparison instead of a literal
  // Statements the offline mutator may insert into an EVOLVE-BLOCK (one line
  // each, e.g. "if (M <= 16) tiles.kc = 64;"), right before the block's last
  // line that starts with insert_before; it may also remove a line it inserted
  // (any block line equal to a statement up to its numbers). Their numbers are
  // then tuned like any other literal. Empty: literals and comparisons only.
  std::vector<std::string> statements;
  std::string insert_before = "return";
  double statement_rate = 0.3;  // probability of inserting or removing a statement (when any is listed)
  // Probability of inserting or removing a shape rule (evolve/mutation/shape_rules.h):
  // every tile decision for a size class around one train shape, carried over
  // from the program that ran that shape fastest or drawn from the engine's
  // menu. The built-in CPU evaluator only, and one machine type (several
  // types' metrics carry no per-shape figures); 0: never.
  double shape_rule_rate = 0;
  int max_shape_rules = 12;  // shape rules one program may hold
};

struct EvolveConfig {
  int max_iterations = 100;
  int checkpoint_interval = 10;
  std::string log_level = "INFO";  // DEBUG, INFO, WARNING, ERROR
  uint64_t random_seed = 42;
  double target_score = 0;               // 0: none (also --target-score)
  int early_stopping_patience = 0;       // iterations without a new best before stopping; 0: never
  double convergence_threshold = 0.001;  // an improvement below this fraction does not reset patience

  bool diff_based_evolution = true;
  bool allow_full_rewrites = false;
  int max_code_length = 20000;  // characters; longer children are rejected before evaluation

  LlmConfig llm;
  PromptConfig prompt;
  DatabaseConfig database;
  EvaluatorConfig evaluator;
  MutatorConfig mutator;

  // tilevolve's own keys
  std::string suite = "transformer";
  std::string backend = "cpu";
  int threads = 0;  // 0: all physical cores
  // How the scores of several device classes combine (`evolve --distributed
  // mpi`, docs/DISTRIBUTED.md): geomean, mean or min.
  std::string device_combination = "geomean";
};

struct LoadedConfig {
  EvolveConfig config;
  std::vector<std::string> warnings;  // one line each
  std::string source;                 // the file, or "<defaults>"
  std::string text;                   // the YAML as read (snapshotted into the run)
};

// Reads and validates a config file. NotFound names the path; InvalidArgument
// gives "FILE: KEY: VALUE is not allowed; expected ..." (with the line when the
// YAML parser reports one).
Result<LoadedConfig> LoadEvolveConfig(const std::string& path);

// The same from text (tests, and the snapshot stored in a run).
Result<LoadedConfig> ParseEvolveConfig(const std::string& yaml_text, const std::string& source);

// The config as YAML with every key (defaults included): what `best_program_info.json`
// and checkpoints record, and what ParseEvolveConfig reads back to the same values.
std::string EvolveConfigYaml(const EvolveConfig& config);

}  // namespace tv::evolve
