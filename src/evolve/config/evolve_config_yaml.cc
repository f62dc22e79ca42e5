// EvolveConfigYaml: every key of EvolveConfig in OpenEvolve's layout, written
// so that ParseEvolveConfig reads back exactly the same values (strings
// double-quoted with `${` escaped, numbers in their shortest exact form).
#include <yaml-cpp/yaml.h>

#include "evolve/config/config_reader.h"
#include "evolve/config/env_expansion.h"
#include "evolve/config/evolve_config.h"

namespace tv::evolve {
namespace {

class Writer {
 public:
  explicit Writer(YAML::Emitter* out) : out_(*out) {}
  void String(const char* key, const std::string& value) {
    out_ << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << EscapeEnvReferences(value);
  }
  void Number(const char* key, double value) {
    out_ << YAML::Key << key << YAML::Value << FormatNumber(value);
  }
  void Integer(const char* key, int64_t value) {
    out_ << YAML::Key << key << YAML::Value << std::to_string(value);
  }
  void Unsigned(const char* key, uint64_t value) {
    out_ << YAML::Key << key << YAML::Value << std::to_string(value);
  }
  void Bool(const char* key, bool value) { out_ << YAML::Key << key << YAML::Value << value; }
  void Numbers(const char* key, const std::vector<double>& values) {
    out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (double v : values) out_ << FormatNumber(v);
    out_ << YAML::EndSeq;
  }
  void Strings(const char* key, const std::vector<std::string>& values) {
    out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const std::string& v : values) out_ << YAML::DoubleQuoted << EscapeEnvReferences(v);
    out_ << YAML::EndSeq;
  }
  void IntMap(const char* key, const std::map<std::string, int>& values) {
    out_ << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginMap;
    for (const auto& [name, v] : values) out_ << YAML::Key << YAML::DoubleQuoted << name << YAML::Value << v;
    out_ << YAML::EndMap;
  }
  void BeginSection(const char* key) { out_ << YAML::Key << key << YAML::Value << YAML::BeginMap; }
  void EndSection() { out_ << YAML::EndMap; }

 private:
  YAML::Emitter& out_;
};

void WriteLlm(YAML::Emitter* out, const LlmConfig& llm) {
  Writer w(out);
  w.BeginSection("llm");
  *out << YAML::Key << "models" << YAML::Value;
  if (llm.models.empty()) {
    *out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    *out << YAML::BeginSeq;
    for (const LlmModelConfig& model : llm.models) {
      *out << YAML::BeginMap;
      w.String("name", model.name);
      w.Number("weight", model.weight);
      w.String("api_base", model.api_base);
      w.String("api_key", model.api_key);
      w.Number("input_price_per_mtok", model.input_price_per_mtok);
      w.Number("output_price_per_mtok", model.output_price_per_mtok);
      *out << YAML::EndMap;
    }
    *out << YAML::EndSeq;
  }
  w.String("api_base", llm.api_base);
  w.String("api_key", llm.api_key);
  w.Number("temperature", llm.temperature);
  w.Number("top_p", llm.top_p);
  w.Integer("max_tokens", llm.max_tokens);
  w.Number("timeout", llm.timeout_s);
  w.Integer("retries", llm.retries);
  w.Number("retry_delay", llm.retry_delay_s);
  w.Number("max_cost", llm.max_cost);
  w.EndSection();
}

void WritePrompt(Writer& w, const PromptConfig& prompt) {
  w.BeginSection("prompt");
  w.String("system_message", prompt.system_message);
  w.String("template_dir", prompt.template_dir);
  w.Integer("num_top_programs", prompt.num_top_programs);
  w.Integer("num_diverse_programs", prompt.num_diverse_programs);
  w.Bool("use_template_stochasticity", prompt.use_template_stochasticity);
  w.Bool("include_artifacts", prompt.include_artifacts);
  w.Integer("max_artifact_bytes", prompt.max_artifact_bytes);
  w.EndSection();
}

void WriteDatabase(Writer& w, const DatabaseConfig& db) {
  w.BeginSection("database");
  w.Integer("population_size", db.population_size);
  w.Integer("archive_size", db.archive_size);
  w.Integer("num_islands", db.num_islands);
  w.Integer("migration_interval", db.migration_interval);
  w.Number("migration_rate", db.migration_rate);
  w.Number("elite_selection_ratio", db.elite_selection_ratio);
  w.Number("exploration_ratio", db.exploration_ratio);
  w.Number("exploitation_ratio", db.exploitation_ratio);
  w.Strings("feature_dimensions", db.feature_dimensions);
  w.Integer("feature_bins", db.feature_bins);
  w.IntMap("feature_bins_per_dimension", db.feature_bins_per_dimension);
  w.Integer("diversity_reference_size", db.diversity_reference_size);
  w.EndSection();
}

void WriteEvaluator(Writer& w, const EvaluatorConfig& evaluator) {
  w.BeginSection("evaluator");
  w.Number("timeout", evaluator.timeout_s);
  w.Bool("cascade_evaluation", evaluator.cascade_evaluation);
  w.Numbers("cascade_thresholds", evaluator.cascade_thresholds);
  w.Integer("parallel_evaluations", evaluator.parallel_evaluations);
  w.Bool("measurement_cache", evaluator.measurement_cache);
  w.EndSection();
}

void WriteMutator(Writer& w, const MutatorConfig& mutator) {
  w.BeginSection("mutator");
  w.String("kind", mutator.kind);
  w.Integer("max_literal_changes", mutator.max_literal_changes);
  w.Number("crossover_rate", mutator.crossover_rate);
  w.Number("operator_flip_rate", mutator.operator_flip_rate);
  w.Strings("statements", mutator.statements);
  w.String("insert_before", mutator.insert_before);
  w.Number("statement_rate", mutator.statement_rate);
  w.Number("shape_rule_rate", mutator.shape_rule_rate);
  w.Integer("max_shape_rules", mutator.max_shape_rules);
  w.EndSection();
}

}  // namespace

std::string EvolveConfigYaml(const EvolveConfig& config) {
  YAML::Emitter out;
  Writer w(&out);
  out << YAML::BeginMap;
  w.Integer("max_iterations", config.max_iterations);
  w.Integer("checkpoint_interval", config.checkpoint_interval);
  w.String("log_level", config.log_level);
  w.Unsigned("random_seed", config.random_seed);
  w.Number("target_score", config.target_score);
  w.Integer("early_stopping_patience", config.early_stopping_patience);
  w.Number("convergence_threshold", config.convergence_threshold);
  w.Bool("diff_based_evolution", config.diff_based_evolution);
  w.Bool("allow_full_rewrites", config.allow_full_rewrites);
  w.Integer("max_code_length", config.max_code_length);
  WriteLlm(&out, config.llm);
  WritePrompt(w, config.prompt);
  WriteDatabase(w, config.database);
  WriteEvaluator(w, config.evaluator);
  WriteMutator(w, config.mutator);
  w.String("suite", config.suite);
  w.String("backend", config.backend);
  w.Integer("threads", config.threads);
  w.String("device_combination", config.device_combination);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tv::evolve
