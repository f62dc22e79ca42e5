// Reads config.yaml into EvolveConfig: one function per section, each naming
// every key it knows (read, or accepted from OpenEvolve and ignored), so that
// any other key is reported as unknown (config_reader.h).
#include "evolve/config/evolve_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "evolve/config/config_reader.h"

namespace tv::evolve {
namespace {

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

bool IsHttpUrl(const std::string& text) {
  return text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
}

// An endpoint URL; `allow_empty`: "" means "use llm.api_base".
void ReadApiBase(MapReader& r, bool allow_empty, std::string* out) {
  std::string value = *out;
  r.String("api_base", &value, allow_empty);
  if (!value.empty() && !IsHttpUrl(value)) {
    r.Error("api_base", r.Value("api_base"), "an http:// or https:// URL such as https://api.openai.com/v1");
    return;
  }
  *out = value;
}

void ReadModel(const YAML::Node& node, const std::string& path, ConfigIssues* issues, LlmModelConfig* model) {
  MapReader r(node, path, issues);
  r.String("name", &model->name, /*allow_empty=*/false);
  if (node.IsMap() && !r.Has("name")) {
    issues->Error(node.Mark(),
                  path + ".name: missing; expected the model id sent to the endpoint (e.g. gpt-4o-mini)");
  }
  r.Double("weight", Bounds::GreaterThan(0), &model->weight);
  ReadApiBase(r, /*allow_empty=*/true, &model->api_base);
  r.String("api_key", &model->api_key, /*allow_empty=*/true, UnsetEnv::kEmpty);
  r.Double("input_price_per_mtok", Bounds::AtLeast(0), &model->input_price_per_mtok);
  r.Double("output_price_per_mtok", Bounds::AtLeast(0), &model->output_price_per_mtok);
  r.Ignore({"provider", "system_message", "temperature", "top_p", "max_tokens", "timeout", "retries",
            "retry_delay", "random_seed", "reasoning_effort", "manual_mode", "max_budget_usd",
            "max_ai_credits", "allow_all_tools", "init_client"});
  r.Finish();
}

// llm.models, or OpenEvolve's older primary_model / secondary_model (+ weights) when there is no list.
void ReadModels(MapReader& r, ConfigIssues* issues, LlmConfig* llm) {
  std::vector<LlmModelConfig> listed;
  YAML::Node models = r.Value("models");
  if (models.IsDefined() && !models.IsNull()) {
    if (!models.IsSequence()) {
      r.Error("models", models,
              "a list of models, each a map {name, weight, api_base, api_key, input_price_per_mtok, "
              "output_price_per_mtok}");
    } else {
      for (size_t i = 0; i < models.size(); ++i) {
        listed.emplace_back();
        ReadModel(models[i], "llm.models[" + std::to_string(i) + "]", issues, &listed.back());
      }
    }
  }

  std::string primary, secondary;
  double primary_weight = 1.0;    // OpenEvolve's defaults
  double secondary_weight = 0.2;  // 0 drops the secondary model
  r.String("primary_model", &primary);
  r.Double("primary_model_weight", Bounds::GreaterThan(0), &primary_weight);
  r.String("secondary_model", &secondary);
  r.Double("secondary_model_weight", Bounds::AtLeast(0), &secondary_weight);
  for (const char* role : {"primary", "secondary"}) {
    const std::string model_key = std::string(role) + "_model";
    const std::string weight_key = model_key + "_weight";
    if (r.Has(weight_key) && !r.Has(model_key)) {
      issues->Error(r.Mark(weight_key), r.KeyPath(weight_key) + " is set but " + r.KeyPath(model_key) +
                                            " is not; expected " + r.KeyPath(model_key) +
                                            " naming the model (or an llm.models list)");
    }
  }
  // OpenEvolve users write llm.model by mistake; alone it would leave the run without its LLM.
  if (YAML::Node model = r.Peek("model"); model.IsDefined() && !model.IsNull()) {
    r.Error("model", model,
            "llm.primary_model: NAME or an llm.models list (llm.model is not a key; without a model the run "
            "would not use the LLM)");
  }

  if (!listed.empty()) {
    llm->models = std::move(listed);
    for (const char* key : {"primary_model", "secondary_model"}) {
      if (r.Has(key)) {
        issues->Warning(r.Mark(key),
                        r.KeyPath(key) + " is ignored because llm.models is set; list every model there");
      }
    }
    return;
  }
  llm->models.clear();
  if (!primary.empty()) llm->models.push_back({.name = primary, .weight = primary_weight});
  if (!secondary.empty() && secondary_weight > 0)
    llm->models.push_back({.name = secondary, .weight = secondary_weight});
}

void ReadLlm(const YAML::Node& node, ConfigIssues* issues, LlmConfig* llm) {
  MapReader r(node, "llm", issues);
  ReadModels(r, issues, llm);
  ReadApiBase(r, /*allow_empty=*/false, &llm->api_base);
  r.String("api_key", &llm->api_key, /*allow_empty=*/true, UnsetEnv::kEmpty);
  r.Double("temperature", Bounds::Closed(0, 2), &llm->temperature);
  r.Double("top_p", Bounds::OpenClosed(0, 1), &llm->top_p);
  r.Int("max_tokens", Bounds::AtLeast(1), &llm->max_tokens);
  r.Double("timeout", Bounds::GreaterThan(0), &llm->timeout_s);
  r.Int("retries", Bounds::AtLeast(0), &llm->retries);
  r.Double("retry_delay", Bounds::AtLeast(0), &llm->retry_delay_s);
  r.Double("max_cost", Bounds::AtLeast(0), &llm->max_cost);
  r.Ignore({"evaluator_models", "system_message", "provider", "reasoning_effort", "random_seed",
            "manual_mode", "max_budget_usd", "max_ai_credits", "allow_all_tools", "init_client"});
  if (llm->max_cost > 0 && llm->enabled() &&
      std::all_of(llm->models.begin(), llm->models.end(), [](const LlmModelConfig& m) {
        return m.input_price_per_mtok == 0 && m.output_price_per_mtok == 0;
      })) {
    issues->Warning(r.Mark("max_cost"),
                    "llm.max_cost is set but no model in llm.models has input_price_per_mtok or "
                    "output_price_per_mtok, so the spend stays 0 and the budget never stops the run");
  }
  r.Finish();
}

void ReadPrompt(const YAML::Node& node, ConfigIssues* issues, PromptConfig* prompt) {
  MapReader r(node, "prompt", issues);
  r.String("system_message", &prompt->system_message);
  r.String("template_dir", &prompt->template_dir);
  r.Int("num_top_programs", Bounds::AtLeast(0), &prompt->num_top_programs);
  r.Int("num_diverse_programs", Bounds::AtLeast(0), &prompt->num_diverse_programs);
  r.Bool("use_template_stochasticity", &prompt->use_template_stochasticity);
  r.Bool("include_artifacts", &prompt->include_artifacts);
  r.Int("max_artifact_bytes", Bounds::AtLeast(0), &prompt->max_artifact_bytes);
  r.Ignore({"evaluator_system_message", "template_variations", "artifact_security_filter",
            "suggest_simplification_after_chars", "include_changes_under_chars",
            "concise_implementation_max_lines", "comprehensive_implementation_min_lines",
            "diff_summary_max_line_len", "diff_summary_max_lines", "use_meta_prompting", "meta_prompt_weight",
            "island_system_messages", "programs_as_changes_description", "system_message_changes_description",
            "initial_changes_description", "code_length_threshold"});
  r.Finish();
}

// Names for the MAP-Elites grid: built-ins or train metrics, never held-out ones.
void CheckFeatureDimensions(MapReader& r, const std::vector<std::string>& dims) {
  YAML::Node list = r.Value("feature_dimensions");
  if (list.IsSequence() && list.size() == 0) {
    r.Error("feature_dimensions", list,
            "one or more dimension names (complexity, diversity, or metrics the evaluator reports)");
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < dims.size(); ++i) {
    const std::string key = "feature_dimensions[" + std::to_string(i) + "]";
    const YAML::Node item = list.IsSequence() ? list[i] : YAML::Node();
    std::string lower = dims[i];
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (dims[i].empty()) {
      r.Error(key, item, "a dimension name");
    } else if (lower.find("heldout") != std::string::npos || lower.find("held_out") != std::string::npos) {
      r.Error(key, item,
              "complexity, diversity or a train-shape metric (held-out figures are reported, never used for "
              "selection: DESIGN.md rule 5)");
    } else if (!seen.insert(dims[i]).second) {
      r.Error(key, item, "each dimension once");
    }
  }
}

// feature_bins: {dimension: bins} (or feature_bins_per_dimension).
void ReadBinsMap(const YAML::Node& node, const std::string& path, const std::vector<std::string>& dims,
                 ConfigIssues* issues, std::map<std::string, int>* out) {
  MapReader r(node, path, issues);
  std::map<std::string, int> bins_by_dimension;
  for (const std::string& dim : r.Keys()) {
    int bins = 0;
    r.Int(dim, Bounds::AtLeast(1), &bins);
    if (bins == 0) continue;  // null, or an error already reported
    bins_by_dimension[dim] = bins;
    if (std::find(dims.begin(), dims.end(), dim) == dims.end()) {
      issues->Warning(r.Mark(dim), r.KeyPath(dim) + ": " + dim +
                                       " is not one of database.feature_dimensions, so it has no effect");
    }
  }
  r.Finish();
  *out = std::move(bins_by_dimension);
}

void ReadFeatureBins(MapReader& r, ConfigIssues* issues, DatabaseConfig* db) {
  YAML::Node bins = r.Value("feature_bins");
  if (bins.IsMap()) {
    ReadBinsMap(bins, "database.feature_bins", db->feature_dimensions, issues,
                &db->feature_bins_per_dimension);
  } else if (bins.IsSequence()) {
    r.Error("feature_bins", bins, "an integer >= 1, or a map {dimension: bins}");
  } else {
    r.Int("feature_bins", Bounds::AtLeast(1), &db->feature_bins);
  }
  YAML::Node per_dimension = r.Value("feature_bins_per_dimension");
  if (!per_dimension.IsDefined() || per_dimension.IsNull()) return;
  if (bins.IsMap()) {
    issues->Error(r.Mark("feature_bins_per_dimension"),
                  "database.feature_bins_per_dimension: a map is not allowed together with a map in "
                  "database.feature_bins; expected the per-dimension bins in one of them");
  } else if (!per_dimension.IsMap()) {
    r.Error("feature_bins_per_dimension", per_dimension, "a map {dimension: bins}");
  } else {
    ReadBinsMap(per_dimension, "database.feature_bins_per_dimension", db->feature_dimensions, issues,
                &db->feature_bins_per_dimension);
  }
}

void ReadDatabase(const YAML::Node& node, ConfigIssues* issues, DatabaseConfig* db) {
  const size_t errors_before = issues->error_count();
  MapReader r(node, "database", issues);
  r.Int("population_size", Bounds::AtLeast(1), &db->population_size);
  r.Int("archive_size", Bounds::AtLeast(1), &db->archive_size);
  r.Int("num_islands", Bounds::AtLeast(1), &db->num_islands);
  r.Int("migration_interval", Bounds::AtLeast(1), &db->migration_interval);
  r.Double("migration_rate", Bounds::Closed(0, 1), &db->migration_rate);
  r.Double("elite_selection_ratio", Bounds::Closed(0, 1), &db->elite_selection_ratio);
  r.Double("exploration_ratio", Bounds::Closed(0, 1), &db->exploration_ratio);
  r.Double("exploitation_ratio", Bounds::Closed(0, 1), &db->exploitation_ratio);
  r.StringList("feature_dimensions", &db->feature_dimensions);
  CheckFeatureDimensions(r, db->feature_dimensions);
  ReadFeatureBins(r, issues, db);
  r.Int("diversity_reference_size", Bounds::AtLeast(1), &db->diversity_reference_size);
  r.Ignore({"db_path", "in_memory", "log_prompts", "diversity_metric", "random_seed", "artifacts_base_path",
            "artifact_size_threshold", "cleanup_old_artifacts", "artifact_retention_days",
            "max_snapshot_artifacts", "novelty_llm", "embedding_model", "embedding_api_base",
            "similarity_threshold"});

  if (issues->error_count() == errors_before) {  // rules between keys, once each key is valid
    if (db->population_size < db->num_islands) {
      issues->Error(r.Mark("population_size"),
                    "database.population_size: " + std::to_string(db->population_size) +
                        " is not allowed; expected an integer >= database.num_islands (" +
                        std::to_string(db->num_islands) + "), at least one program per island");
    }
    if (db->exploration_ratio + db->exploitation_ratio > 1 + 1e-12) {
      issues->Error(
          r.Mark("exploration_ratio").line >= 0 ? r.Mark("exploration_ratio") : r.Mark("exploitation_ratio"),
          "database.exploration_ratio + database.exploitation_ratio: " + FormatNumber(db->exploration_ratio) +
              " + " + FormatNumber(db->exploitation_ratio) +
              " is not allowed; expected a sum <= 1 (the rest of the parents are drawn at random)");
    }
  }
  r.Finish();
}

std::string FormatList(const std::vector<double>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i > 0 ? ", " : "") + FormatNumber(values[i]);
  return out + "]";
}

void ReadEvaluator(const YAML::Node& node, ConfigIssues* issues, EvaluatorConfig* evaluator) {
  MapReader r(node, "evaluator", issues);
  r.Double("timeout", Bounds::GreaterThan(0), &evaluator->timeout_s);
  r.Bool("cascade_evaluation", &evaluator->cascade_evaluation);
  std::vector<double> thresholds = evaluator->cascade_thresholds;
  r.DoubleList("cascade_thresholds", Bounds::Closed(0, 1), &thresholds);
  if (!std::is_sorted(thresholds.begin(), thresholds.end())) {
    issues->Error(
        r.Value("cascade_thresholds").Mark(),
        "evaluator.cascade_thresholds: " + FormatList(thresholds) +
            " is not allowed; expected non-decreasing thresholds (each stage at least as strict as the "
            "one before)");
  } else {
    evaluator->cascade_thresholds = thresholds;
  }
  r.Int("parallel_evaluations", Bounds::AtLeast(1), &evaluator->parallel_evaluations);
  r.Bool("measurement_cache", &evaluator->measurement_cache);
  r.Ignore({"max_retries", "memory_limit_mb", "cpu_limit", "distributed", "use_llm_feedback",
            "llm_feedback_weight", "enable_artifacts", "max_artifact_storage", "evaluator_args"});
  r.Finish();
}

void ReadMutator(const YAML::Node& node, ConfigIssues* issues, bool llm_enabled, MutatorConfig* mutator) {
  MapReader r(node, "mutator", issues);
  r.Choice("kind", {"offline", "llm", "auto"}, &mutator->kind);
  if (mutator->kind == "llm" && !llm_enabled) {
    r.Error("kind", r.Value("kind"),
            "offline or auto when no model is configured (kind llm needs llm.models or llm.primary_model)");
  }
  r.Int("max_literal_changes", Bounds::AtLeast(1), &mutator->max_literal_changes);
  r.Double("crossover_rate", Bounds::Closed(0, 1), &mutator->crossover_rate);
  r.Double("operator_flip_rate", Bounds::Closed(0, 1), &mutator->operator_flip_rate);
  r.StringList("statements", &mutator->statements);
  for (size_t i = 0; i < mutator->statements.size(); ++i) {
    const std::string& statement = mutator->statements[i];
    if (statement.find_first_not_of(" \t") == std::string::npos ||
        statement.find('\n') != std::string::npos) {
      r.Error("statements", r.Value("statements"),
              "one non-empty line per statement (entry " + std::to_string(i) + " is \"" + statement + "\")");
    }
  }
  r.String("insert_before", &mutator->insert_before, /*allow_empty=*/false);
  r.Double("statement_rate", Bounds::Closed(0, 1), &mutator->statement_rate);
  r.Double("shape_rule_rate", Bounds::Closed(0, 1), &mutator->shape_rule_rate);
  r.Int("max_shape_rules", Bounds::AtLeast(1), &mutator->max_shape_rules);
  r.Finish();
}

void ReadLogLevel(MapReader& r, ConfigIssues* issues, std::string* log_level) {
  std::string level = *log_level;
  r.String("log_level", &level);
  level = Upper(level);
  if (level == "CRITICAL") {  // OpenEvolve's level above ERROR
    issues->Warning(r.Mark("log_level"), "log_level: CRITICAL is read as ERROR");
    level = "ERROR";
  }
  for (const char* allowed : {"DEBUG", "INFO", "WARNING", "ERROR"}) {
    if (level == allowed) {
      *log_level = level;
      return;
    }
  }
  r.Error("log_level", r.Value("log_level"), "one of DEBUG, INFO, WARNING, ERROR (any case)");
}

void ReadConfig(const YAML::Node& root, ConfigIssues* issues, EvolveConfig* config) {
  MapReader r(root, "", issues);
  r.Int("max_iterations", Bounds::AtLeast(0), &config->max_iterations);
  r.Int("checkpoint_interval", Bounds::AtLeast(1), &config->checkpoint_interval);
  ReadLogLevel(r, issues, &config->log_level);
  r.Uint64("random_seed", &config->random_seed);
  r.Double("target_score", Bounds::AtLeast(0), &config->target_score);
  r.Int("early_stopping_patience", Bounds::AtLeast(0), &config->early_stopping_patience);
  r.Double("convergence_threshold", Bounds::AtLeast(0), &config->convergence_threshold);
  r.Bool("diff_based_evolution", &config->diff_based_evolution);
  r.Bool("allow_full_rewrites", &config->allow_full_rewrites);
  r.Int("max_code_length", Bounds::AtLeast(100), &config->max_code_length);

  ReadLlm(r.Value("llm"), issues, &config->llm);
  ReadPrompt(r.Value("prompt"), issues, &config->prompt);
  ReadDatabase(r.Value("database"), issues, &config->database);
  ReadEvaluator(r.Value("evaluator"), issues, &config->evaluator);
  ReadMutator(r.Value("mutator"), issues, config->llm.enabled(), &config->mutator);

  r.String("suite", &config->suite, /*allow_empty=*/false);
  r.Choice("backend", {"cpu", "cuda"}, &config->backend);
  r.Int("threads", Bounds::AtLeast(0), &config->threads);
  r.Choice("device_combination", {"geomean", "mean", "min"}, &config->device_combination);
  r.Ignore({"log_dir", "language", "file_suffix", "enforce_evolve_blocks", "diff_pattern",
            "early_stopping_metric", "max_tasks_per_child", "evolution_trace"});
  r.Finish();
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i > 0 ? "\n" : "") + lines[i];
  return out;
}

}  // namespace

Result<LoadedConfig> ParseEvolveConfig(const std::string& yaml_text, const std::string& source) {
  LoadedConfig loaded;
  loaded.source = source;
  loaded.text = yaml_text;
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ":" +
                                   std::to_string(e.mark.column + 1) + ": YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(source + ": YAML error: " + e.what());
  }
  ConfigIssues issues(source);
  try {
    ReadConfig(root, &issues, &loaded.config);
  } catch (const YAML::Exception& e) {  // not expected: every node is checked before it is read
    return Status::Internal(source + ": reading the config failed: " + e.what());
  }
  issues.ReportUnknownKeys();
  if (!issues.errors().empty()) return Status::InvalidArgument(JoinLines(issues.errors()));
  loaded.warnings = issues.warnings();
  return loaded;
}

Result<LoadedConfig> LoadEvolveConfig(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return Status::NotFound(
        "config file '" + path +
        "' not found; pass --config with a YAML file (examples/gemm_tiling/config.yaml is one)");
  }
  if (fs::is_directory(path, ec)) {
    return Status::InvalidArgument("config '" + path + "' is a directory; expected a YAML file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read config file '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  Result<LoadedConfig> loaded = ParseEvolveConfig(text.str(), path);
  if (!loaded.ok()) return loaded;
  // Like OpenEvolve: a relative prompt.template_dir is relative to the config file.
  std::string& template_dir = loaded->config.prompt.template_dir;
  if (!template_dir.empty() && fs::path(template_dir).is_relative()) {
    template_dir = fs::absolute(fs::path(path).parent_path() / template_dir, ec).lexically_normal().string();
  }
  return loaded;
}

}  // namespace tv::evolve
